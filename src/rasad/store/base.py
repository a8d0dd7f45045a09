"""The Store protocol both backends implement, the values it returns, and `open_store` to pick a backend."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from rasad.records import Record

if TYPE_CHECKING:  # read-query values; imported lazily because rasad.store.reads imports this module
    from rasad.events.network import Network
    from rasad.store.views import EntityDetail, EntitySummary, EventView, Facets, PeriodCount

DEFAULT_DB = "rasad.db"


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on which articles a search, quote or event listing returns (all must hold)."""

    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    source: str | None = None
    entities: tuple[str, ...] = ()  # Persian or English names, aliases or kb ids
    event_type: str | None = None

    def any(self) -> bool:
        return bool(self.date_from or self.date_to or self.source or self.entities or self.event_type)


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    score: float  # higher is better; comparable within one result list only
    snippet: str  # original text around the matches, matches in <mark>…</mark>
    cluster: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "published": self.published, "source": self.source,
            "score": round(self.score, 6), "snippet": self.snippet, "cluster": self.cluster,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class QuoteHit:
    article: str
    published: str | None
    source: str | None
    speaker: str  # the linked entity's name, else the speaker text
    speaker_en: str | None
    kind: str
    cue: str
    text: str

    def to_json(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class EventHit:
    article: str
    published: str | None
    type: str
    trigger: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    where: str | None
    when: str | None

    def to_json(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(slots=True)
class IngestStats:
    """What an ingest did: new records, edited articles replaced, records already stored."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # added or updated records that joined an existing near-duplicate cluster
    statuses: dict[str, str] = field(default_factory=dict)  # record id -> added | updated | unchanged

    def count(self, record_id: str, status: str, clustered: bool = False) -> None:
        setattr(self, status, getattr(self, status) + 1)
        self.duplicates += clustered
        self.statuses[record_id] = status


@runtime_checkable
class Store(Protocol):
    """An archive of article records: idempotent writes, search, quotes, events, clusters, export."""

    url: str

    def add_many(
        self, records: Iterable[Record], batch_size: int = 500, on_batch: Callable[[int], None] | None = None
    ) -> IngestStats: ...

    def add(self, record: Record) -> str: ...

    def has(self, ids: Iterable[str]) -> set[str]: ...

    def get(self, record_id: str) -> Record | None: ...

    def count(self) -> int: ...

    def records(self) -> Iterator[Record]: ...

    def delete(self, record_id: str) -> bool: ...

    def cluster(self, record_id: str) -> list[str]: ...

    def clusters(self, min_size: int = 2) -> list[list[str]]: ...

    def search(
        self, query: str, filters: Filters = Filters(), limit: int = 20, *, snippets: int | None = None
    ) -> list[SearchHit]: ...

    def quotes(self, speaker: str | None = None, filters: Filters = Filters(), limit: int = 50) -> list[QuoteHit]: ...

    def events(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        filters: Filters = Filters(), limit: int = 50,
    ) -> list[EventHit]: ...  # fmt: skip

    def schema_version(self) -> int: ...

    # ---- browsing (API and web UI; implemented once for both backends in rasad.store.reads) ----

    def article_list(self, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[SearchHit]: ...

    def article_count(self, filters: Filters = Filters()) -> int: ...

    def facets(self, article_ids: Iterable[str], top: int = 10) -> Facets: ...

    def article_leads(self, article_ids: Iterable[str]) -> dict[str, str]: ...

    def entity_list(
        self, query: str | None = None, type_: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]: ...

    def entity(self, ref: str) -> EntityDetail | None: ...

    def entity_exists(self, ref: str) -> bool: ...

    def entity_timeline(self, ref: str) -> list[PeriodCount]: ...

    def entity_quotes(self, ref: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]: ...

    def entity_events(self, ref: str, limit: int = 50, offset: int = 0) -> list[EventView]: ...

    def quote_list(
        self, speaker: str | None = None, filters: Filters = Filters(), limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]: ...

    def event_list(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> list[EventView]: ...  # fmt: skip

    def event_months(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
    ) -> list[tuple[str, str, int]]: ...  # fmt: skip

    def network(
        self, ref: str | None = None, date_from: str | None = None, date_to: str | None = None,
        max_events: int = 2000,
    ) -> tuple[Network, dict[str, str]]: ...  # fmt: skip

    def close(self) -> None: ...


def default_db() -> str:
    """The database named by $RASAD_DB, else ./rasad.db."""
    return os.environ.get("RASAD_DB") or DEFAULT_DB


def open_store(url: str | Path | None = None) -> Store:
    """A SQLite store for a path, a PostgreSQL store for a postgresql:// URL; migrated to the current schema."""
    target = str(url or default_db())
    if target.startswith(("postgresql://", "postgres://")):
        from rasad.store.postgres import PostgresStore

        return PostgresStore(target)
    from rasad.store.sqlite import SqliteStore

    return SqliteStore(target.removeprefix("sqlite:///").removeprefix("sqlite://"))
