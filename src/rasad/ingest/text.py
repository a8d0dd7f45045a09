"""Plain-text articles, in the seed's form: ` date YYYY-MM-DD <source>؛ <author> - <body…>`."""

from __future__ import annotations

import re

from rasad.ingest.fields import read_date
from rasad.records import RawArticle

# The header line: "date", the date, then "source؛ author - " (author optional), then the body.
_HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s+(?P<meta>.*?)\s+-\s+(?P<body>.*)$", re.DOTALL)
_HEADLINE_MAX_CHARS = 200
_FINAL_PUNCTUATION = ".!?؟…:»\""


def parse_text_article(text: str, origin: str) -> RawArticle:
    """A RawArticle from a plain-text file; without a header line the whole text is the body."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    match = _HEADER.match(text) if re.match(r"^\s*date\s", first_line) else None
    if match is None:
        return _headerless(text, origin, has_date_keyword=bool(re.match(r"^\s*date\s", first_line)))
    published, warnings = read_date(match["date"], f"{origin}:1")
    source, author = _split_meta(match["meta"])
    return RawArticle(
        text=match["body"],
        source=source,
        author=author,
        published=published,
        origin=origin,
        warnings=tuple(warnings),
    )


def _split_meta(meta: str) -> tuple[str | None, str | None]:
    parts = re.split(r"\s*[؛;]\s*", meta.strip(), maxsplit=1)
    source = parts[0].strip() or None
    author = parts[1].strip() or None if len(parts) > 1 else None
    return source, author


def _headerless(text: str, origin: str, *, has_date_keyword: bool) -> RawArticle:
    if has_date_keyword:
        warning = f"{origin}:1: malformed date line (expected ' date YYYY-MM-DD <source>؛ <author> - <body>')"
    else:
        warning = f"{origin}: no date line; relative time expressions stay unresolved"
    return RawArticle(text=text, title=_headline(text), origin=origin, warnings=(warning,))


def _headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, no final punctuation, more text after it."""
    lines = text.strip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return None
    first = lines[0].strip()
    if 0 < len(first) <= _HEADLINE_MAX_CHARS and not first.endswith(tuple(_FINAL_PUNCTUATION)):
        return first
    return None
