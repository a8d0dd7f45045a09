"""One search for the API and the web pages: ranked hits paged by offset, facets over the ranked set."""

from __future__ import annotations

from dataclasses import dataclass

from rasad.store import Filters, SearchHit, Store
from rasad.store.views import Facets

# Facets are counted over at most this many best hits (a search's ranked set, not the whole archive).
FACET_HITS = 100


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int | None  # None when more matched than were ranked
    facets: Facets | None


def run_search(store: Store, query: str, filters: Filters, limit: int, offset: int, facets: bool) -> SearchResult:
    """Hits `offset`…`offset + limit` of a search, or of the newest articles when there is no query."""
    if not query.strip():
        hits = store.article_list(filters, limit=limit, offset=offset)
        total = store.article_count(filters)
        ranked = store.article_list(filters, limit=FACET_HITS) if facets else []
        return SearchResult(hits, total, store.facets([h.id for h in ranked]) if facets else None)
    wanted = max(offset + limit, FACET_HITS if facets else 0)
    ranked = store.search(query, filters, limit=wanted + 1, snippets=offset + limit)
    total = len(ranked) if len(ranked) <= wanted else None
    ranked = ranked[:wanted]
    return SearchResult(
        ranked[offset : offset + limit], total, store.facets([h.id for h in ranked]) if facets else None
    )
