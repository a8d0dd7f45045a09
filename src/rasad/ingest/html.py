"""HTML pages: the main text extracted with trafilatura; title, date, author and site name from the metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rasad.ingest.fields import article_from_fields
from rasad.errors import InputError
from rasad.records import Failure, RawArticle

# libxml2 drops what lies deeper than this many elements, so trafilatura sees an empty page.
_PARSER_MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def extract_html(html: str, origin: str, url: str | None = None) -> RawArticle | Failure:
    """One article from one HTML page, or a Failure saying why none could be found."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds of parse errors on broken markup
        return Failure(origin, f"{origin}: unreadable HTML ({type(exc).__name__}: {exc})")
    data: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document or {})
    if not (data.get("text") or "").strip():
        depth = _nesting_depth(html)
        if depth >= _PARSER_MAX_DEPTH:
            return Failure(origin, f"{origin}: no article text found: the HTML is nested {depth} elements deep, "
                                   f"beyond the {_PARSER_MAX_DEPTH} levels the HTML parser reads")  # fmt: skip
        return Failure(origin, f"{origin}: no article text found in the HTML page")
    fields = {
        "text": data["text"],
        "title": data.get("title"),
        "published": data.get("date"),
        "author": data.get("author"),
        "source": data.get("sitename") or data.get("hostname"),
        "url": url or data.get("url"),
    }
    try:
        return article_from_fields(fields, origin)
    except InputError as exc:
        return Failure(origin, str(exc))


def _nesting_depth(html: str) -> int:
    """The deepest element nesting in the markup, counted from its tags (void elements excluded)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """An HTML file holds one article."""
    yield extract_html(text, origin)
