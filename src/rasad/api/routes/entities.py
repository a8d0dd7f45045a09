"""Entities across articles: list, one entity, its mentions over time, quotes, events and network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from rasad.api import schemas
from rasad.api.deps import PageDep, StoreDep
from rasad.api.routes.convert import entity_out, event_out, network_out, quote_out
from rasad.api.routes.params import DateFrom, DateTo, EntityTypeParam
from rasad.store import Store

router = APIRouter(tags=["entities"])
Ref = Annotated[str, Path(max_length=300, description="Entity ref: English name when known, else Persian name.")]
NOT_FOUND = {404: {"model": schemas.ErrorBody}}


def _known(store: Store, ref: str) -> None:
    if not store.entity_exists(ref):
        raise HTTPException(404, f"no entity with ref {ref!r}")


@router.get("/entities", response_model=schemas.EntityPage)
def entities(
    store: StoreDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Names starting a word with this (any name or alias).")] = None,
    type_: EntityTypeParam = None,
) -> schemas.EntityPage:
    """Entities, most written about first, with their article counts."""
    items = store.entity_list(q, type_, limit=page.limit, offset=page.offset)
    return schemas.EntityPage(
        limit=page.limit, offset=page.offset,
        items=[schemas.EntitySummaryOut(ref=e.ref, type=e.type, name=e.name, name_en=e.name_en, kb_id=e.kb_id,
                                        articles=e.articles) for e in items],
    )  # fmt: skip


@router.get("/entities/{ref:path}/timeline", response_model=list[schemas.PeriodOut], responses=NOT_FOUND)
def entity_timeline(store: StoreDep, ref: Ref) -> list[schemas.PeriodOut]:
    """Articles and mentions of the entity per month of publication."""
    periods = store.entity_timeline(ref)
    if not periods:
        _known(store, ref)
    return [schemas.PeriodOut(period=p.period, articles=p.articles, mentions=p.mentions) for p in periods]


@router.get("/entities/{ref:path}/quotes", response_model=schemas.QuotePage, responses=NOT_FOUND)
def entity_quotes(store: StoreDep, page: PageDep, ref: Ref) -> schemas.QuotePage:
    """What the entity said (quotes whose speaker is linked to it), newest first."""
    items = store.entity_quotes(ref, limit=page.limit, offset=page.offset)
    if not items:
        _known(store, ref)
    return schemas.QuotePage(limit=page.limit, offset=page.offset, items=[quote_out(q) for q in items])


@router.get("/entities/{ref:path}/events", response_model=schemas.EventPage, responses=NOT_FOUND)
def entity_events(store: StoreDep, page: PageDep, ref: Ref) -> schemas.EventPage:
    """Events the entity takes part in, latest first."""
    items = store.entity_events(ref, limit=page.limit, offset=page.offset)
    if not items:
        _known(store, ref)
    return schemas.EventPage(limit=page.limit, offset=page.offset, items=[event_out(e) for e in items])


@router.get("/entities/{ref:path}/network", response_model=schemas.NetworkOut, responses=NOT_FOUND)
def entity_network(store: StoreDep, ref: Ref, date_from: DateFrom = None, date_to: DateTo = None) -> schemas.NetworkOut:
    """Whom the entity met, agreed or cooperated with (weighted by the number of events)."""
    _known(store, ref)
    network, names = store.network(ref, date_from, date_to)
    return network_out(network, names, ref)


@router.get("/entities/{ref:path}", response_model=schemas.EntityOut, responses=NOT_FOUND)
def entity(store: StoreDep, ref: Ref) -> schemas.EntityOut:
    """One entity across articles: names, aliases (surface forms), counts, first and last dates."""
    found = store.entity(ref)
    if found is None:
        raise HTTPException(404, f"no entity with ref {ref!r}")
    return entity_out(found)
