"""Article records in a database: SQLite (embedded default) or PostgreSQL, with Persian-aware search."""

from rasad.store.base import EventHit, Filters, IngestStats, QuoteHit, SearchHit, Store, default_db, open_store
from rasad.store.search import QueryError, normalize_for_search

__all__ = [
    "EventHit", "Filters", "IngestStats", "QueryError", "QuoteHit", "SearchHit", "Store",
    "default_db", "normalize_for_search", "open_store",
]  # fmt: skip
