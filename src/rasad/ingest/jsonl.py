"""JSON Lines (one article object a line) and JSON files (one object or a list of them)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rasad.errors import InputError
from rasad.ingest.fields import article_from_fields
from rasad.records import Failure, RawArticle

# json.loads recurses once per nesting level; an article never needs Python's ~1000 levels.
_TOO_DEEP = "{where}: JSON nested too deeply to read (arrays or objects inside each other beyond Python's limit)"


def read_jsonl(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """One article per non-blank line; a broken line becomes a Failure naming it."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Failure(where, _TOO_DEEP.format(where=where))
            continue
        yield _article(item, where)


def read_json(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """A JSON document holding one article object or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Many ".json" files are JSON Lines in disguise.
        if "\n" in text.strip():
            yield from read_jsonl(text, origin)
            return
        yield Failure(origin, f"{origin}: invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield Failure(origin, _TOO_DEEP.format(where=origin))
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        yield _article(item, f"{origin}[{index}]" if isinstance(data, list) else origin)


def _article(item: object, where: str) -> RawArticle | Failure:
    if not isinstance(item, dict):
        return Failure(where, f"{where}: expected a JSON object, got {type(item).__name__}")
    try:
        return article_from_fields(item, where)
    except InputError as exc:
        return Failure(where, str(exc))
