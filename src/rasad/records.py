"""Typed records: what goes into the pipeline, what stages attach, and the article record of SCHEMA.md."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal, Self

from pydantic import TypeAdapter

from rasad.offsets import OffsetMap

EntityType = Literal["PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
QuoteKind = Literal["direct", "indirect"]
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
    "SANCTION", "COERCE", "ASSAULT", "FIGHT",
]  # fmt: skip


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


class JsonRecord:
    """Exact JSON round trip for a frozen dataclass: `from_json(x.to_json()) == x`."""

    def to_json(self) -> dict[str, Any]:
        """The record as plain JSON data (dicts, lists, strings, numbers, None)."""
        return _adapter(type(self)).dump_python(self, mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Validate JSON data and build the record; raises pydantic.ValidationError on bad data."""
        return _adapter(cls).validate_python(data)

    def dumps(self) -> str:
        """One line of JSON, Persian kept readable."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, line: str | bytes) -> Self:
        """Parse one line written by `dumps`."""
        return _adapter(cls).validate_json(line)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """JSON Schema of the serialized form."""
        return _adapter(cls).json_schema(mode="serialization")


@dataclass(frozen=True, slots=True)
class RawArticle(JsonRecord):
    """An article as read from its source, before any analysis."""

    text: str
    source: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    origin: str = "<memory>"  # where it came from, for messages: "file.jsonl:12"
    warnings: tuple[str, ...] = ()  # problems met while reading it


@dataclass(frozen=True, slots=True)
class Span(JsonRecord):
    """A stretch of the normalized text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence(JsonRecord):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token(JsonRecord):
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention(JsonRecord):
    """A recognized name before linking: its span and type."""

    start: int
    end: int
    text: str
    type: EntityType


@dataclass(frozen=True, slots=True)
class Entity(JsonRecord):
    id: str
    type: EntityType
    name: str
    name_en: str | None
    kb_id: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Timex(JsonRecord):
    start: int
    end: int
    text: str
    type: TimexType
    value: str | None


@dataclass(frozen=True, slots=True)
class Speaker(JsonRecord):
    entity: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Quote(JsonRecord):
    kind: QuoteKind
    start: int
    end: int
    text: str
    cue: str
    speaker: Speaker
    source: str | None = None  # the outlet the report is attributed to: "به گزارش رویترز، …" → "رویترز"


@dataclass(frozen=True, slots=True)
class Participant(JsonRecord):
    """An actor, target or place of an event: an entity id and its English name."""

    entity: str | None
    name_en: str | None


@dataclass(frozen=True, slots=True)
class Event(JsonRecord):
    type: PloverType
    mode: str | None
    trigger: Span
    actors: tuple[Participant, ...]
    targets: tuple[Participant, ...]
    where: Participant | None
    when: str | None
    sentence: int
    quote: int | None = None  # index into the record's quotes when the event is told inside a quote


@dataclass(frozen=True, slots=True)
class Record(JsonRecord):
    """The article record of SCHEMA.md; `tokens` and `url` are additions the schema allows."""

    id: str
    source: str | None
    author: str | None
    published: str | None
    title: str | None
    language: str
    text: str
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """Normalized text and the map from its positions back to the raw article text."""

    value: str
    offsets: OffsetMap = field(default_factory=OffsetMap)


@dataclass(frozen=True, slots=True)
class Doc:
    """The pipeline's working state for one article: each stage fills in the layers it provides."""

    raw: RawArticle
    id: str = ""
    text: Text | None = None
    sentences: tuple[Sentence, ...] | None = None
    tokens: tuple[Token, ...] | None = None
    mentions: tuple[Mention, ...] | None = None
    entities: tuple[Entity, ...] | None = None
    timexes: tuple[Timex, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    events: tuple[Event, ...] | None = None
    warnings: tuple[str, ...] = ()

    def with_layers(self, **layers: Any) -> Doc:
        """A copy with the given layers set."""
        return replace(self, **layers)

    def warn(self, message: str) -> Doc:
        """A copy with one more warning."""
        return replace(self, warnings=self.warnings + (message,))

    def to_record(self) -> Record:
        """The article record; layers no stage provided come out empty."""
        raw = self.raw
        return Record(
            id=self.id,
            source=raw.source,
            author=raw.author,
            published=raw.published,
            title=raw.title,
            language="fa",
            text=self.text.value if self.text else "",
            sentences=self.sentences or (),
            tokens=self.tokens or (),
            entities=self.entities or (),
            timexes=self.timexes or (),
            quotes=self.quotes or (),
            events=self.events or (),
            warnings=raw.warnings + self.warnings,
            url=raw.url,
        )


# Names a stage may require or provide: every layer of Doc (warnings are open to all stages).
LAYERS: frozenset[str] = frozenset(Doc.__dataclass_fields__) - {"warnings"}


@dataclass(frozen=True, slots=True)
class Failure(JsonRecord):
    """An article (or a piece of input) that could not be processed, and why."""

    origin: str
    reason: str
    error: str = "InputError"
