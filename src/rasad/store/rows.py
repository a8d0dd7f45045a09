"""A record cut into the rows of the store's tables, the same for every backend."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np
import zstandard
from pydantic import TypeAdapter

from rasad.records import Record
from rasad.store.search import name_key, normalize_for_search

# Row layouts, in column order; `article` (the article's integer key) is prepended at insert time.
ENTITY_COLUMNS = ("eid", "type", "name", "name_en", "kb_id")
KEY_COLUMNS = ("key", "eid")
MENTION_COLUMNS = ("eid", "start", "stop", "text")
TIMEX_COLUMNS = ("n", "start", "stop", "text", "type", "value")
QUOTE_COLUMNS = (
    "n", "kind", "start", "stop", "text", "cue", "speaker_entity", "speaker_text", "speaker_key",
    "speaker_name", "speaker_en",
)  # fmt: skip
EVENT_COLUMNS = ("n", "type", "mode", "trigger_text", "trigger_start", "trigger_stop", "when_date", "sentence")
PARTICIPANT_COLUMNS = ("event", "role", "entity", "name", "name_en", "en_key")

# Serializes a record straight to JSON bytes in pydantic's Rust core (4x faster than to_json + json.dumps).
_RECORD_JSON = TypeAdapter(Record)
_NO_TEXT = frozenset({"text"})
_NO_LAYOUT = frozenset({"text", "tokens", "sentences"})
# The JSON never holds a raw NUL byte: in a body, one separates the JSON from the packed token/sentence offsets.
_PACKED = b"\x00"
_COUNTS = struct.Struct("<II")
_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")
# zstd level 1: 2-3x faster than zlib level 1 at a similar ratio, and 3x faster to decompress (snippets).
# Stores written before it hold zlib streams; a zstd frame is told apart by its magic number.
_ZSTD_LEVEL = 1
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# zstd (de)compressor objects are not thread-safe: one pair per thread (ingest prepares rows in a helper thread).
_CODECS = threading.local()

CHILD_TABLES: dict[str, tuple[str, ...]] = {
    "entities": ENTITY_COLUMNS,
    "entity_keys": KEY_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "timexes": TIMEX_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "events": EVENT_COLUMNS,
    "event_participants": PARTICIPANT_COLUMNS,
}


@dataclass(frozen=True, slots=True)
class Rows:
    """Everything stored for one record except its integer key."""

    meta: dict[str, Any]  # id, source, title, url, published, author
    body: bytes  # zstd of the record's JSON without its text
    text: bytes  # zstd of the text (kept apart so search snippets need not parse the record)
    search_title: str
    search_body: str
    children: dict[str, list[tuple[Any, ...]]]
    names: list[tuple[str, str]]  # (lookup key, Persian name) for cross-lingual query expansion


def record_rows(record: Record) -> Rows:
    """The rows of one record."""
    text = record.text
    entities = {e.id: e for e in record.entities}
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILD_TABLES}
    names: list[tuple[str, str]] = []
    for entity in record.entities:
        children["entities"].append((entity.id, entity.type, entity.name, entity.name_en, entity.kb_id))
        keys = set(entity_keys(entity.name, entity.name_en, entity.kb_id, entity.type))
        for mention in entity.mentions:
            children["mentions"].append((entity.id, mention.start, mention.end, mention.text))
            keys.add(name_key(mention.text))
        keys.discard("")
        children["entity_keys"].extend((key, entity.id) for key in sorted(keys))
        names.extend((key, entity.name) for key in sorted(keys) if entity.name)
    for n, timex in enumerate(record.timexes):
        children["timexes"].append((n, timex.start, timex.end, timex.text, timex.type, timex.value))
    for n, quote in enumerate(record.quotes):
        linked = entities.get(quote.speaker.entity or "")
        children["quotes"].append((
            n, quote.kind, quote.start, quote.end, quote.text, quote.cue, quote.speaker.entity,
            quote.speaker.text, name_key(quote.speaker.text),
            linked.name if linked else quote.speaker.text, linked.name_en if linked else None,
        ))  # fmt: skip
    for n, event in enumerate(record.events):
        children["events"].append((
            n, event.type, event.mode, event.trigger.text, event.trigger.start, event.trigger.end,
            event.when, event.sentence,
        ))  # fmt: skip
        roles = [("actor", p) for p in event.actors] + [("target", p) for p in event.targets]
        if event.where is not None:
            roles.append(("where", event.where))
        for role, participant in roles:
            linked = entities.get(participant.entity or "")
            name_en = participant.name_en or (linked.name_en if linked else None)
            children["event_participants"].append((
                n, role, participant.entity, linked.name if linked else None, name_en,
                name_key(name_en) if name_en else None,
            ))  # fmt: skip
    for table, table_rows in children.items():
        children[table] = [tuple(_text(v) for v in row) for row in table_rows]
    return Rows(
        meta={
            "id": record.id, "source": _text(record.source), "title": _text(record.title),
            "url": _text(record.url), "published": _text(record.published), "author": _text(record.author),
        },  # fmt: skip
        body=_compress(_body(record)),
        text=_compress(text.encode()),
        search_title=_text(normalize_for_search(record.title or "")),
        search_body=_text(normalize_for_search(text)),
        children=children,
        names=[(_text(k), _text(n)) for k, n in names],
    )


def _text(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL; the exact record is kept in the compressed body, so drop it here."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def entity_keys(name: str, name_en: str | None, kb_id: str | None, type_: str) -> list[str]:
    """Keys an entity is found by: its Persian name, English name, kb id, and a person's surname."""
    keys = [name_key(name)]
    if name_en:
        keys.append(name_key(name_en))
        words = name_key(name_en).split()
        if type_ == "PER" and len(words) > 1 and len(words[-1]) > 2:
            keys.append(words[-1])  # "Gorbachev" finds Mikhail Gorbachev
    if kb_id:
        keys.append(name_key(kb_id))
    return keys


def _body(record: Record) -> bytes:
    """The record's JSON without its text; tokens and sentences packed as offsets when that is exact.

    Why: tokens are most of a record's JSON; a token's text is the slice of the text at its offsets, so
    storing the offsets alone (delta-coded integers) halves the body and the time to serialize and
    compress it."""
    layout = _packed_layout(record)
    if layout is None:
        return _RECORD_JSON.dump_json(record, exclude=_NO_TEXT)
    return _RECORD_JSON.dump_json(record, exclude=_NO_LAYOUT) + _PACKED + layout


def _packed_layout(record: Record) -> bytes | None:
    """Token and sentence offsets as delta-coded int64, or None when a token's text is not its slice."""
    text, tokens, sentences = record.text, record.tokens, record.sentences
    try:
        spans = np.array([list(map(_START, tokens)), list(map(_END, tokens))], dtype=np.int64).reshape(2, -1)
        lines = np.array([[s.start, s.end] for s in sentences], dtype=np.int64).reshape(-1, 2)
    except OverflowError:
        return None
    starts, ends = spans
    lengths = ends - starts
    if len(tokens) and not (starts.min() >= 0 and ends.max() <= len(text) and lengths.min() >= 0):
        return None
    # Every token's text is its slice iff the lengths agree and the tokens' texts, concatenated, equal the
    # concatenated slices (compared as code points in one vectorized step, not a slice per token).
    texts = list(map(_TEXT, tokens))
    if not np.array_equal(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), lengths):
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths  # where each token's characters begin in the concatenation
    positions = np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)
    joined = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if not np.array_equal(codes[positions], joined):
        return None
    values = np.concatenate((spans.T.ravel(), lines.ravel()))
    with np.errstate(over="ignore"):  # deltas wrap for extreme offsets; the cumulative sum unwraps them
        deltas = np.diff(values, prepend=np.int64(0))
    return _COUNTS.pack(len(tokens), len(sentences)) + deltas.astype("<i8").tobytes()


def _compress(data: bytes) -> bytes:
    codec = getattr(_CODECS, "compressor", None)
    if codec is None:
        codec = _CODECS.compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
    return codec.compress(data)


def _decompress(data: bytes) -> bytes:
    """zstd frames, and the zlib streams of stores written before."""
    if not data.startswith(_ZSTD_MAGIC):
        return zlib.decompress(data)
    codec = getattr(_CODECS, "decompressor", None)
    if codec is None:
        codec = _CODECS.decompressor = zstandard.ZstdDecompressor()
    return codec.decompress(data)


def load_record(body: bytes, text: bytes) -> Record:
    """The record stored as `body` and `text`."""
    raw = _decompress(body)
    value = _decompress(text).decode()
    head, packed, layout = raw.partition(_PACKED)
    data = json.loads(head)
    data["text"] = value
    if packed:
        n_tokens, n_sentences = _COUNTS.unpack_from(layout)
        offsets = np.cumsum(np.frombuffer(layout, dtype="<i8", offset=_COUNTS.size)).tolist()
        pairs = list(zip(offsets[0::2], offsets[1::2]))
        data["tokens"] = [{"start": a, "end": b, "text": value[a:b]} for a, b in pairs[:n_tokens]]
        data["sentences"] = [{"start": a, "end": b} for a, b in pairs[n_tokens : n_tokens + n_sentences]]
    return Record.from_json(data)


def load_text(text: bytes) -> str:
    return _decompress(text).decode()
