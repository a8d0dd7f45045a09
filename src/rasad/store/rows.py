"""A record cut into the rows of the store's tables, the same for every backend."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

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
    body: bytes  # zlib of the record's JSON without its text
    text: bytes  # zlib of the text (kept apart so search snippets need not parse the record)
    search_title: str
    search_body: str
    children: dict[str, list[tuple[Any, ...]]]
    names: list[tuple[str, str]]  # (lookup key, Persian name) for cross-lingual query expansion


def record_rows(record: Record) -> Rows:
    """The rows of one record."""
    data = record.to_json()
    text = data.pop("text")
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
        body=zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6),
        text=zlib.compress(text.encode(), 6),
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


def load_record(body: bytes, text: bytes) -> Record:
    """The record stored as `body` and `text`."""
    data = json.loads(zlib.decompress(body))
    data["text"] = zlib.decompress(text).decode()
    return Record.from_json(data)


def load_text(text: bytes) -> str:
    return zlib.decompress(text).decode()
