"""Search, article records, analyze without storing, ingest (token-protected)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from rasad.api import schemas
from rasad.api.deps import PageDep, PipelineDep, SettingsDep, StoreDep, WriteAccess
from rasad.api.routes.convert import facets_out
from rasad.api.routes.params import DateFrom, DateTo, Source
from rasad.api.searching import run_search
from rasad.errors import InputError
from rasad.pipeline import Pipeline
from rasad.records import PloverType, RawArticle, Record
from rasad.store import Filters

router = APIRouter(tags=["articles"])


@router.get("/search", response_model=schemas.SearchPage)
def search(
    store: StoreDep,
    page: PageDep,
    q: Annotated[str, Query(max_length=500, description='Words (all required), "exact phrases", word* prefixes; '
                            "English names find Persian mentions. Empty: newest articles.")] = "",
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Annotated[list[str] | None, Query(max_length=5, description="Only articles naming this entity; repeatable.")] = None,
    event_type: Annotated[PloverType | None, Query(description="Only articles with an event of this PLOVER type.")] = None,
    facets: Annotated[bool, Query(description="Also count sources, years, entities and event types.")] = True,
) -> schemas.SearchPage:
    """Search articles: ranked hits with highlighted snippets, paged, with facets over the best hits."""
    names = tuple(e for e in (entity or []) if e.strip())
    if any(len(e) > 200 for e in names):
        raise HTTPException(400, "an entity name is longer than 200 characters")
    filters = Filters(date_from, date_to, source, names, event_type)
    result = run_search(store, q, filters, page.limit, page.offset, facets)
    return schemas.SearchPage(
        query=q, limit=page.limit, offset=page.offset, total=result.total,
        items=[schemas.ArticleHit(**h.to_json()) for h in result.hits],
        facets=facets_out(result.facets) if result.facets else None,
    )  # fmt: skip


@router.get("/articles/{article_id}", response_model=schemas.ArticleRecord, responses={404: {"model": schemas.ErrorBody}})
def article(store: StoreDep, article_id: Annotated[str, Path(max_length=100)]) -> dict:
    """The article record (SCHEMA.md) as stored."""
    record = store.get(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return record.to_json()


def _analyze(pipeline: Pipeline, body: schemas.ArticleIn, max_chars: int) -> Record:
    if len(body.text) > max_chars:
        raise HTTPException(413, f"the article has {len(body.text):,} characters; the limit is {max_chars:,}")
    raw = RawArticle(text=body.text, source=body.source, author=body.author, published=body.published,
                     title=body.title, url=body.url, origin="request")  # fmt: skip
    try:
        return pipeline.run(raw)
    except InputError as exc:
        raise HTTPException(422, str(exc).removeprefix("request: ")) from exc


@router.post("/analyze", response_model=schemas.ArticleRecord, responses={413: {"model": schemas.ErrorBody}})
def analyze(body: schemas.ArticleIn, pipeline: PipelineDep, settings: SettingsDep) -> dict:
    """Analyze one article and return its record; nothing is stored."""
    return _analyze(pipeline, body, settings.max_analyze_chars).to_json()


@router.post(
    "/articles", response_model=schemas.IngestResult, dependencies=[WriteAccess],
    responses={401: {"model": schemas.ErrorBody}, 403: {"model": schemas.ErrorBody}},
)  # fmt: skip
def ingest(body: schemas.ArticleIn, pipeline: PipelineDep, store: StoreDep, settings: SettingsDep) -> dict:
    """Analyze one article and store it (needs the server's write token); re-posting is safe."""
    record = _analyze(pipeline, body, settings.max_analyze_chars)
    status = store.add(record)
    return {"id": record.id, "status": status, "record": record.to_json()}
