"""A RawArticle from named fields (JSONL objects, CSV rows): the one place field names are read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasad.errors import InputError
from rasad.ingest.dates import DateError, parse_published, plausibility
from rasad.records import RawArticle

# Accepted names for each field, the documented one first.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "published": ("published", "date", "pubDate", "published_at"),
    "source": ("source",),
    "title": ("title",),
    "url": ("url", "link"),
    "author": ("author",),
}


def article_from_fields(item: Mapping[str, Any], origin: str) -> RawArticle:
    """Build a RawArticle; InputError when there is no usable text."""
    values = {name: _first(item, aliases) for name, aliases in FIELD_NAMES.items()}
    text = values["text"]
    if text is None:
        present = ", ".join(str(key) for key, value in item.items() if value is not None) or "none"
        raise InputError(f"{origin}: no 'text' field (fields with a value: {present})")
    if not isinstance(text, str):
        raise InputError(f"{origin}: 'text' is a {type(text).__name__}, not a string")
    published, warnings = read_date(values["published"], origin)
    return RawArticle(
        text=text,
        source=_string(values["source"]),
        author=_string(values["author"]),
        published=published,
        title=_string(values["title"]),
        url=_string(values["url"]),
        origin=origin,
        warnings=tuple(warnings),
    )


def read_date(value: Any, origin: str) -> tuple[str | None, list[str]]:
    """ISO date and warnings; a missing or unreadable date is a warning, not a failure."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, [f"{origin}: no publication date; relative time expressions stay unresolved"]
    try:
        iso, notes = parse_published(str(value))
    except DateError as exc:
        return None, [f"{origin}: {exc}; publication date left empty"]
    warning, keep = plausibility(iso)
    notes = [f"{origin}: {note}" for note in notes]
    if not keep:
        return None, [*notes, f"{origin}: {warning} (read from {value!r}); publication date left empty"]
    return iso, notes + ([f"{origin}: {warning}"] if warning else [])


def _first(item: Mapping[str, Any], aliases: tuple[str, ...]) -> Any:
    for alias in aliases:
        if item.get(alias) is not None:
            return item[alias]
    return None


def _string(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
