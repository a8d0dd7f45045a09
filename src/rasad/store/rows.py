"""A record cut into the rows of the store's tables, the same for every backend."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import zstandard
from pydantic import TypeAdapter

from rasad import dedup
from rasad.records import Record
from rasad.store.search import name_key, normalize_for_search

# Worker processes `prepare_records` is meant to be given (the pool is made by the store).
POOL_WORKERS = 2
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
    return prepare_records([record])[0][0]


def prepare_records(records: list[Record], pool: Executor | None = None) -> list[tuple[Rows, dedup.Signature]]:
    """Rows and MinHash signature of each record; the string-heavy half in `pool`'s processes when given.

    Why split: pickling a Record to another process costs more than preparing it (~2.6 ms vs ~0.6 ms), so
    this process walks the record objects (child rows, token offsets) and the workers get plain strings and
    bytes for the costly part (offset check and packing, compression, search form, MinHash)."""
    parts = [_record_parts(record) for record in records]
    jobs = [job for *_, job in parts]
    if pool is None or len(jobs) < 2:
        done = list(map(finish_job, jobs))
    else:
        # A few big chunks per worker: one pickle round trip per chunk, not per record.
        size = max(1, -(-len(jobs) // (4 * POOL_WORKERS)))
        done = [d for chunk in pool.map(finish_jobs, _slices(jobs, size)) for d in chunk]
    out = []
    for record, (meta, children, names, _), (body, text, title, search, values, bands) in zip(records, parts, done):
        if body is None:  # a token's text is not its slice: keep the full JSON (rare)
            body = _compress(_RECORD_JSON.dump_json(record, exclude=_NO_TEXT))
        sig = dedup.Signature(np.frombuffer(values, dtype="<u4"), bands)
        out.append((Rows(meta, body, text, title, search, children, names), sig))
    return out


def _slices(values: list[Any], size: int) -> list[list[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


_Parts = tuple[dict[str, Any], dict[str, list[tuple[Any, ...]]], list[tuple[str, str]], tuple[Any, ...]]


def _record_parts(record: Record) -> _Parts:
    """The parts made from the record objects: metadata, child rows, names, and the job for `finish_job`."""
    entities = {e.id: e for e in record.entities}
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILD_TABLES}
    names: list[tuple[str, str]] = []
    for entity in record.entities:
        children["entities"].append((entity.id, entity.type, entity.name, entity.name_en, entity.kb_id))
        keys = set(entity_keys(entity.name, entity.name_en, entity.kb_id, entity.type))
        for mention in entity.mentions:
            children["mentions"].append((entity.id, mention.start, mention.end, mention.text))
            keys.add(_name_key(mention.text))
        keys.discard("")
        children["entity_keys"].extend((key, entity.id) for key in sorted(keys))
        names.extend((key, entity.name) for key in sorted(keys) if entity.name)
    for n, timex in enumerate(record.timexes):
        children["timexes"].append((n, timex.start, timex.end, timex.text, timex.type, timex.value))
    for n, quote in enumerate(record.quotes):
        linked = entities.get(quote.speaker.entity or "")
        children["quotes"].append((
            n, quote.kind, quote.start, quote.end, quote.text, quote.cue, quote.speaker.entity,
            quote.speaker.text, _name_key(quote.speaker.text),
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
                _name_key(name_en) if name_en else None,
            ))  # fmt: skip
    for table, table_rows in children.items():
        children[table] = [tuple(_text(v) for v in row) for row in table_rows]
    meta = {
        "id": record.id, "source": _text(record.source), "title": _text(record.title),
        "url": _text(record.url), "published": _text(record.published), "author": _text(record.author),
    }  # fmt: skip
    tokens = record.tokens
    # One list per field: comprehensions are ~1.4x faster than np.fromiter over attrgetter maps here.
    texts = [t.text for t in tokens]
    # Offsets as raw int64 bytes and the token texts as one string: pickled to a worker ~10x faster than lists.
    job = (
        _RECORD_JSON.dump_json(record, exclude=_NO_LAYOUT), record.text, record.title or "",
        _int64s([t.start for t in tokens]), _int64s([t.end for t in tokens]), _int64s(list(map(len, texts))),
        "".join(texts), _int64s([v for s in record.sentences for v in (s.start, s.end)]),
    )  # fmt: skip
    return meta, children, [(_text(k), _text(n)) for k, n in names], job


def finish_jobs(jobs: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`finish_job` of each job (one call per chunk sent to a worker process)."""
    return list(map(finish_job, jobs))


def finish_job(job: tuple[Any, ...]) -> tuple[Any, ...]:
    """(compressed body or None, compressed text, search title, search body, MinHash bytes, band keys)."""
    head, text, title, *layout_parts = job
    layout = _packed_layout(text, *layout_parts)
    body = None if layout is None else _compress(head + _PACKED + layout)
    search_body = _text(normalize_for_search(text))
    sig = dedup.signature_of_search_form(search_body)
    return (
        body, _compress(text.encode()), _text(normalize_for_search(title)), search_body,
        sig.to_bytes(), tuple(sig.bands()),
    )  # fmt: skip


# Entity names and speakers repeat across articles: their lookup keys are computed once per process.
_name_key = lru_cache(maxsize=1 << 16)(name_key)


def _text(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL; the exact record is kept in the compressed body, so drop it here."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def entity_keys(name: str, name_en: str | None, kb_id: str | None, type_: str) -> list[str]:
    """Keys an entity is found by: its Persian name, English name, kb id, and a person's surname."""
    keys = [_name_key(name)]
    if name_en:
        keys.append(_name_key(name_en))
        words = _name_key(name_en).split()
        if type_ == "PER" and len(words) > 1 and len(words[-1]) > 2:
            keys.append(words[-1])  # "Gorbachev" finds Mikhail Gorbachev
    if kb_id:
        keys.append(_name_key(kb_id))
    return keys


def _body(record: Record) -> bytes:
    """The record's JSON without its text, tokens and sentences packed as offsets when that is exact."""
    *_, job = _record_parts(record)
    head, text, _, *layout_parts = job
    layout = _packed_layout(text, *layout_parts)
    return _RECORD_JSON.dump_json(record, exclude=_NO_TEXT) if layout is None else head + _PACKED + layout


def _int64s(values: list[int]) -> bytes | None:
    """Little-endian int64 bytes of the values; None when one does not fit (or is not an integer)."""
    try:
        return np.array(values, dtype="<i8").tobytes()
    except (OverflowError, TypeError, ValueError):
        return None


def _packed_layout(
    text: str, starts_: bytes | None, ends_: bytes | None, lengths_: bytes | None, joined: str, lines_: bytes | None
) -> bytes | None:
    """Token and sentence offsets as delta-coded int64, or None when a token's text is not its slice.

    Why: tokens are most of a record's JSON; a token's text is the slice of the text at its offsets, so
    storing the offsets alone (delta-coded integers) halves the body and the time to serialize and
    compress it."""
    if starts_ is None or ends_ is None or lengths_ is None or lines_ is None:
        return None
    starts, ends = np.frombuffer(starts_, dtype="<i8"), np.frombuffer(ends_, dtype="<i8")
    lines = np.frombuffer(lines_, dtype="<i8")
    lengths = ends - starts
    if len(starts) and not (starts.min() >= 0 and ends.max() <= len(text) and lengths.min() >= 0):
        return None
    # Every token's text is its slice iff the lengths agree and the tokens' texts, concatenated, equal the
    # concatenated slices (compared as code points in one vectorized step, not a slice per token).
    if not np.array_equal(np.frombuffer(lengths_, dtype="<i8"), lengths):
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths  # where each token's characters begin in the concatenation
    positions = np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)
    joined_codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if not np.array_equal(codes[positions], joined_codes):
        return None
    spans = np.stack((starts, ends))
    values = np.concatenate((spans.T.ravel(), lines.ravel()))
    with np.errstate(over="ignore"):  # deltas wrap for extreme offsets; the cumulative sum unwraps them
        deltas = np.diff(values, prepend=np.int64(0))
    return _COUNTS.pack(len(starts), len(lines) // 2) + deltas.astype("<i8").tobytes()


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
