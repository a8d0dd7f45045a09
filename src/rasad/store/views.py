"""Values the store's read queries for browsing return: entities across articles, periods, events, facets.

An entity across articles is identified by its `ref`: its English name when known, else its Persian name
(the same name the who-met-whom network gives its nodes), so one person linked in many articles is one ref.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntitySummary:
    ref: str  # English name when known, else Persian name
    type: str
    name: str  # the most frequent Persian name
    name_en: str | None
    kb_id: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class EntityDetail:
    ref: str
    type: str
    name: str
    name_en: str | None
    kb_id: str | None
    articles: int
    mentions: int
    first_published: str | None
    last_published: str | None
    names: tuple[tuple[str, int], ...]  # Persian canonical names with their article counts
    aliases: tuple[tuple[str, int], ...]  # surface forms in the texts with their mention counts
    timeline: tuple[PeriodCount, ...] = ()  # articles and mentions per month of publication, oldest first


@dataclass(frozen=True, slots=True)
class PeriodCount:
    period: str  # YYYY-MM, or "" for articles without a date
    articles: int
    mentions: int


@dataclass(frozen=True, slots=True)
class ParticipantView:
    ref: str | None  # English name, else Persian name, else None when the participant has neither
    name: str | None
    name_en: str | None


@dataclass(frozen=True, slots=True)
class EventView:
    article: str
    title: str | None
    source: str | None
    published: str | None
    n: int  # index of the event in its article's record
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    when: str | None
    actors: tuple[ParticipantView, ...]
    targets: tuple[ParticipantView, ...]
    where: ParticipantView | None

    @property
    def date(self) -> str | None:
        """The event's own date when it is a calendar value (not a bare time like T10:00), else publication."""
        return self.when if self.when and self.when[:1].isdigit() else self.published


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts over a set of articles: by source, year, most named entities, event types."""

    sources: tuple[tuple[str, int], ...]
    years: tuple[tuple[str, int], ...]
    entities: tuple[tuple[str, str, int], ...]  # (ref, Persian name, articles)
    event_types: tuple[tuple[str, int], ...]
