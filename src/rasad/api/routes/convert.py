"""Store values → API schemas."""

from __future__ import annotations

from typing import Any

from rasad.api import schemas
from rasad.events.network import Network
from rasad.store.views import EntityDetail, EventView, Facets, ParticipantView


def facets_out(facets: Facets) -> schemas.FacetsOut:
    return schemas.FacetsOut(
        sources=[schemas.Count(value=v, count=c) for v, c in facets.sources],
        years=[schemas.Count(value=v, count=c) for v, c in facets.years],
        entities=[schemas.EntityCount(ref=r, name=n, count=c) for r, n, c in facets.entities],
        event_types=[schemas.Count(value=v, count=c) for v, c in facets.event_types],
    )


def participant_out(p: ParticipantView) -> schemas.ParticipantOut:
    return schemas.ParticipantOut(ref=p.ref, name=p.name, name_en=p.name_en)


def event_out(v: EventView) -> schemas.EventOut:
    return schemas.EventOut(
        article=v.article, title=v.title, source=v.source, published=v.published, n=v.n, type=v.type,
        mode=v.mode, trigger=v.trigger, when=v.when, date=v.date, actors=[participant_out(p) for p in v.actors],
        targets=[participant_out(p) for p in v.targets], where=participant_out(v.where) if v.where else None,
    )  # fmt: skip


def quote_out(q: dict[str, Any]) -> schemas.QuoteOut:
    return schemas.QuoteOut(**q)


def entity_out(e: EntityDetail) -> schemas.EntityOut:
    return schemas.EntityOut(
        ref=e.ref, type=e.type, name=e.name, name_en=e.name_en, kb_id=e.kb_id, articles=e.articles,
        mentions=e.mentions, first_published=e.first_published, last_published=e.last_published,
        names=[schemas.NameCount(name=n, count=c) for n, c in e.names],
        aliases=[schemas.NameCount(name=n, count=c) for n, c in e.aliases],
    )  # fmt: skip


def network_out(network: Network, names: dict[str, str], entity: str | None) -> schemas.NetworkOut:
    return schemas.NetworkOut(
        entity=entity,
        nodes=[schemas.NodeOut(ref=n.name, name=names.get(n.name), events=n.events) for n in network.nodes],
        edges=[
            schemas.EdgeOut(source=e.source, target=e.target, weight=e.weight, types=list(e.types),
                            articles=list(e.articles))
            for e in network.edges
        ],
    )  # fmt: skip
