"""The web UI: search, article, entity, entities and events pages (server-rendered, right to left)."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from rasad.api.deps import StoreDep


from rasad.api.routes.params import ENTITY_TYPES, PLOVER_TYPES
from rasad.api.searching import run_search
from rasad.records import PloverType
from rasad.store import Filters, QueryError
from rasad.web.charts import network_svg, time_bars
from rasad.web.render import annotated_text, render

router = APIRouter(include_in_schema=False)
PAGE = 20
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Forms send every field, empty ones included: dates are checked here rather than by the query schema.
DateFrom = Annotated[str | None, Query(alias="from", max_length=20)]
DateTo = Annotated[str | None, Query(alias="to", max_length=20)]


def _date(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    if not _ISO_DATE.match(value.strip()):
        raise HTTPException(400, f"تاریخ «{value}» باید به شکل YYYY-MM-DD (میلادی) باشد.")
    return value.strip()


def _page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status)


def _pages(offset: int, count: int, total: int | None) -> dict[str, int | None]:
    return {"prev": max(0, offset - PAGE) if offset else None,
            "next": offset + PAGE if (total is None and count == PAGE) or (total and offset + PAGE < total) else None}  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=500)] = "",
    source: Annotated[str | None, Query(max_length=500)] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    event_type: Annotated[PloverType | None, Query()] = None,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    date_from, date_to = _date(date_from), _date(date_to)
    params = {"q": q, "source": source, "from": date_from, "to": date_to, "entity": entity, "event_type": event_type}
    filters = Filters(date_from, date_to, source, (entity,) if entity else (), event_type)
    try:
        result = run_search(store, q, filters, PAGE, offset, facets=True)
    except QueryError as exc:
        return _page("search.html", 400, nav="search", params=params, error=f"این جست‌وجو اجرا نشد: {exc}", hits=[], total=0,
                     facets=None, leads={}, offset=offset, pages={"prev": None, "next": None})  # fmt: skip
    leads = store.article_leads([h.id for h in result.hits if not h.title])
    return _page(
        "search.html", nav="search", params=params, error=None, hits=result.hits, total=result.total,
        facets=result.facets, leads=leads, offset=offset, pages=_pages(offset, len(result.hits), result.total),
        browsing=not q.strip(),
    )  # fmt: skip


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(store: StoreDep, article_id: Annotated[str, Path(max_length=100)]) -> HTMLResponse:
    record = store.get(article_id)
    if record is None:
        raise HTTPException(404, "این خبر در آرشیو نیست.")
    names = {e.id: e for e in record.entities}
    quotes = [(q, names.get(q.speaker.entity or "")) for q in record.quotes]
    events = []
    for i, ev in enumerate(record.events):
        def who(ps: tuple) -> list[tuple[str, str | None]]:  # (label, ref)
            out = []
            for p in ps:
                linked = names.get(p.entity or "")
                label = linked.name if linked else (p.name_en or "؟")
                out.append((label, (linked.name_en or linked.name) if linked else p.name_en))
            return out
        events.append({"i": i, "event": ev, "actors": who(ev.actors), "targets": who(ev.targets),
                       "where": who((ev.where,))[0] if ev.where else None})  # fmt: skip
    entities = sorted(record.entities, key=lambda e: (-len(e.mentions), e.name))
    return _page("article.html", nav="", record=record, body=annotated_text(record), quotes=quotes, events=events,
                 entities=entities, cluster=[c for c in store.cluster(record.id) if c != record.id])  # fmt: skip


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    type_: Annotated[str | None, Query(alias="type", max_length=10)] = None,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    kind = type_ if type_ in ENTITY_TYPES else None
    items = store.entity_list(q or None, kind, limit=60, offset=offset)
    return _page("entities.html", nav="entities", items=items, q=q or "", kind=kind, types=ENTITY_TYPES,
                 offset=offset, more=len(items) == 60)  # fmt: skip


@router.get("/entities/{ref:path}", response_class=HTMLResponse)
def entity_page(store: StoreDep, ref: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
    entity = store.entity(ref)
    if entity is None:
        raise HTTPException(404, "این نام در آرشیو نیست.")
    timeline = entity.timeline
    quotes = store.entity_quotes(ref, limit=PAGE)
    events = store.entity_events(ref, limit=PAGE)
    network, names = store.network(ref)
    nodes = [(n.name, names.get(n.name, n.name), n.events) for n in network.nodes]
    edges = [(e.source, e.target, e.weight) for e in network.edges]
    partners = sorted(((e.target if e.source == ref else e.source, e.weight) for e in network.edges
                       if ref in (e.source, e.target)), key=lambda p: -p[1])  # fmt: skip
    chart = time_bars({p.period: p.mentions for p in timeline if p.period}, label="تعداد اشاره در هر ماه")
    return _page(
        "entity.html", nav="entities", entity=entity, chart=chart, quotes=quotes, events=events,
        network=network_svg(nodes, edges, ref), partners=[(r, names.get(r, r), w) for r, w in partners],
        undated=sum(p.articles for p in timeline if not p.period), quote_ref=quote(ref, safe=""),
    )  # fmt: skip


@router.get("/events", response_class=HTMLResponse)
def events_page(
    store: StoreDep,
    type_: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    target: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    kind = type_ if type_ in PLOVER_TYPES else None
    date_from, date_to = _date(date_from), _date(date_to)
    params = {"type": kind, "actor": actor, "target": target, "place": place, "from": date_from, "to": date_to}
    try:
        events = store.event_list(kind, actor or None, target or None, place or None, date_from, date_to,
                                  limit=50, offset=offset)  # fmt: skip
        months = store.event_months(kind, actor or None, target or None, place or None, date_from, date_to)
        network, names = store.network(None, date_from, date_to)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    counts: dict[str, int] = {}
    for month, _, n in months:
        counts[month] = counts.get(month, 0) + n
    groups: list[tuple[str, list]] = []
    for ev in events:
        month = (ev.date or "")[:7] if (ev.date or "")[:1].isdigit() else ""
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(ev)
    nodes = [(n.name, names.get(n.name, n.name), n.events) for n in network.nodes]
    edges = [(e.source, e.target, e.weight) for e in network.edges]
    return _page(
        "events.html", nav="events", params=params, groups=groups, count=len(events), types=PLOVER_TYPES,
        chart=time_bars(counts, label="تعداد رویداد در هر ماه"), network=network_svg(nodes, edges, None),
        offset=offset, more=len(events) == 50,
    )  # fmt: skip
