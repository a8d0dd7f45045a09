"""Warm-up at server start: the pages of the most written-about entities aggregated ahead of the first reader.

Why: an entity in a large share of the archive (a country in ~40% of 200,000 articles) takes a second or more
to aggregate; the store remembers each result while the archive is unchanged (rasad.store.reads), so reading
the same queries the pages run, once, in the background, makes those pages fast from their first view.
"""

from __future__ import annotations

import logging
import threading

from rasad.store import open_store

log = logging.getLogger(__name__)
# The arguments the pages and the API use by default (their remembered results are keyed by them).
PAGE_SIZE = 20
ENTITY_GRID = 60


def warm(url: str, entities: int) -> None:
    """Run the entities page's and the top `entities` entity pages' reads on a connection of its own."""
    store = open_store(url)
    try:
        store.entity_list(None, None, limit=ENTITY_GRID, offset=0)
        for summary in store.entity_list(None, None, limit=entities, offset=0):
            ref = summary.ref
            store.entity(ref)
            store.entity_quotes(ref, limit=PAGE_SIZE, offset=0)
            store.entity_events(ref, limit=PAGE_SIZE, offset=0)
            store.network(ref)
        store.event_months()
        store.network(None)
    except Exception:  # noqa: BLE001 - warming is an optimization: a failure must not stop the server
        log.exception("warming the entity pages failed")
    finally:
        store.close()


def start(url: str, entities: int) -> threading.Thread | None:
    """Warm in a daemon thread (the server answers meanwhile); None when there is nothing to warm."""
    if entities <= 0 or url == ":memory:":
        return None
    thread = threading.Thread(target=warm, args=(url, entities), name="rasad-warm", daemon=True)
    thread.start()
    return thread
