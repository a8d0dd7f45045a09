"""Events with filters, the who-met-whom network of a period, quotes with filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rasad.api import schemas
from rasad.api.deps import PageDep, StoreDep
from rasad.api.routes.convert import event_out, network_out, quote_out
from rasad.api.routes.params import DateFrom, DateTo, EventTypeParam, Name, Source
from rasad.store import Filters

router = APIRouter(tags=["events and quotes"])


@router.get("/events", response_model=schemas.EventPage)
def events(
    store: StoreDep,
    page: PageDep,
    type_: EventTypeParam = None,
    actor: Name = None,
    target: Name = None,
    place: Name = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> schemas.EventPage:
    """PLOVER events, latest first; dates are the event's own when resolved, else its article's."""
    items = store.event_list(type_, actor, target, place, date_from, date_to, limit=page.limit, offset=page.offset)
    return schemas.EventPage(limit=page.limit, offset=page.offset, items=[event_out(e) for e in items])


@router.get("/network", response_model=schemas.NetworkOut)
def network(
    store: StoreDep,
    entity: Name = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    max_events: Annotated[int, Query(ge=1, le=5000, description="Use at most this many latest events.")] = 2000,
) -> schemas.NetworkOut:
    """Who met whom: nodes and weighted edges from CONSULT, AGREE and COOPERATE events."""
    found, names = store.network(entity or None, date_from, date_to, max_events=max_events)
    return network_out(found, names, entity or None)


@router.get("/quotes", response_model=schemas.QuotePage)
def quotes(
    store: StoreDep,
    page: PageDep,
    speaker: Name = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Annotated[list[str] | None, Query(max_length=5, description="Only articles naming this entity.")] = None,
) -> schemas.QuotePage:
    """Quotes, newest first, by speaker (Persian or English name) and article filters."""
    names = tuple(e for e in (entity or []) if e.strip() and len(e) <= 200)
    items = store.quote_list(speaker or None, Filters(date_from, date_to, source, names), page.limit, page.offset)
    return schemas.QuotePage(limit=page.limit, offset=page.offset, items=[quote_out(q) for q in items])
