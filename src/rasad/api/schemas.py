"""API schemas: the JSON shapes of requests and responses, apart from storage rows and domain records."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="Stable machine-readable kind: bad_request, not_found, unauthorized, …")
    message: str
    details: list[dict[str, object]] | None = None


class ErrorBody(BaseModel):
    """The one shape of every API error."""

    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    articles: int
    schema_version: int
    read_only: bool
    warming: bool = Field(False, description="Still aggregating the most written-about entities' pages ahead.")


# ---- articles ----


class ArticleHit(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    score: float
    snippet: str = Field(description="Original text around the matches; matches wrapped in <mark>…</mark>, "
                                     "everything else is raw text to be escaped by the client.")  # fmt: skip
    cluster: str


class Count(BaseModel):
    value: str
    count: int


class EntityCount(BaseModel):
    ref: str
    name: str
    count: int


class FacetsOut(BaseModel):
    sources: list[Count]
    years: list[Count]
    entities: list[EntityCount]
    event_types: list[Count]


class SearchPage(BaseModel):
    query: str
    limit: int
    offset: int
    total: int | None = Field(description="Number of matches when known (null: more than were ranked).")
    items: list[ArticleHit]
    facets: FacetsOut | None


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class SentenceOut(BaseModel):
    start: int
    end: int


class EntityRecord(BaseModel):
    id: str
    type: str
    name: str
    name_en: str | None
    kb_id: str | None
    mentions: list[SpanOut]


class TimexOut(BaseModel):
    start: int
    end: int
    text: str
    type: str
    value: str | None


class SpeakerOut(BaseModel):
    entity: str | None
    text: str


class QuoteRecord(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    start: int
    end: int
    text: str
    cue: str
    speaker: SpeakerOut
    source: str | None = None  # the outlet the report is attributed to (به گزارش X)


class ParticipantRecord(BaseModel):
    entity: str | None
    name_en: str | None


class EventRecord(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    mode: str | None
    trigger: SpanOut
    actors: list[ParticipantRecord]
    targets: list[ParticipantRecord]
    where: ParticipantRecord | None
    when: str | None
    sentence: int


class ArticleRecord(BaseModel):
    """The article record of SCHEMA.md (fields may be added; these keep their names and meaning)."""

    model_config = ConfigDict(extra="allow")
    id: str
    source: str | None
    author: str | None
    published: str | None
    title: str | None
    language: str
    text: str
    sentences: list[SentenceOut]
    tokens: list[SpanOut] = []
    entities: list[EntityRecord]
    timexes: list[TimexOut]
    quotes: list[QuoteRecord]
    events: list[EventRecord]
    warnings: list[str]
    url: str | None = None


class ArticleIn(BaseModel):
    """An article to analyze (and, for POST /api/articles, to store)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The article body (plain text).")
    source: str | None = Field(None, max_length=500)
    author: str | None = Field(None, max_length=500)
    published: str | None = Field(None, pattern=ISO_DATE, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)


class IngestResult(BaseModel):
    id: str
    status: Literal["added", "updated", "unchanged"]
    record: ArticleRecord


# ---- entities ----


class EntitySummaryOut(BaseModel):
    ref: str = Field(description="The entity's key across articles: English name when known, else Persian name.")
    type: str
    name: str
    name_en: str | None
    kb_id: str | None
    articles: int


class EntityPage(BaseModel):
    limit: int
    offset: int
    items: list[EntitySummaryOut]


class NameCount(BaseModel):
    name: str
    count: int


class EntityOut(BaseModel):
    ref: str
    type: str
    name: str
    name_en: str | None
    kb_id: str | None
    articles: int
    mentions: int
    first_published: str | None
    last_published: str | None
    names: list[NameCount]
    aliases: list[NameCount]


class PeriodOut(BaseModel):
    period: str = Field(description="YYYY-MM of publication; empty for undated articles.")
    articles: int
    mentions: int


# ---- quotes, events, network ----


class QuoteOut(BaseModel):
    article: str
    title: str | None
    published: str | None
    source: str | None
    speaker: str
    speaker_en: str | None
    speaker_ref: str | None = Field(description="Entity ref of the linked speaker; null for unnamed sources.")
    kind: str
    cue: str | None
    text: str
    start: int
    end: int


class QuotePage(BaseModel):
    limit: int
    offset: int
    items: list[QuoteOut]


class ParticipantOut(BaseModel):
    ref: str | None
    name: str | None
    name_en: str | None


class EventOut(BaseModel):
    article: str
    title: str | None
    source: str | None
    published: str | None
    n: int
    type: str
    mode: str | None
    trigger: str
    when: str | None
    date: str | None = Field(description="The event's date when resolved, else its article's publication date.")
    actors: list[ParticipantOut]
    targets: list[ParticipantOut]
    where: ParticipantOut | None


class EventPage(BaseModel):
    limit: int
    offset: int
    items: list[EventOut]


class NodeOut(BaseModel):
    ref: str
    name: str | None
    events: int


class EdgeOut(BaseModel):
    source: str
    target: str
    weight: int
    types: list[str]
    articles: list[str] = Field(description="One article per event type of the edge: the last stored (not every one).")


class NetworkOut(BaseModel):
    entity: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]
