"""RSS and Atom feeds (feedparser): one article per entry, its HTML content reduced to text."""

from __future__ import annotations

from collections.abc import Iterator

from rasad.errors import InputError
from rasad.ingest.fields import article_from_fields
from rasad.records import Failure, RawArticle


def read_feed(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """Every entry of the feed; an entry without text becomes a Failure naming it."""
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield Failure(origin, f"{origin}: no feed entries found{problem}")
        return
    source = feed.feed.get("title") or None
    for index, entry in enumerate(feed.entries):
        where = f"{origin}[{index}]"
        body = _entry_html(entry)
        fields = {
            "text": _html_text(body) if body else None,
            "title": entry.get("title"),
            "published": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "source": source,
            "url": entry.get("link"),
        }
        if fields["text"] is None:
            title = entry.get("title") or "(untitled)"
            state = "only markup" if body else "missing"
            yield Failure(where, f"{where}: entry {title!r} has no text (content and description {state})")
            continue
        try:
            yield article_from_fields(fields, where)
        except InputError as exc:
            yield Failure(where, str(exc))


def _entry_html(entry: object) -> str | None:
    contents = getattr(entry, "content", None) or []
    for content in contents:
        if content.get("value"):
            return str(content["value"])
    summary = getattr(entry, "summary", None)
    return str(summary) if summary else None


def _html_text(fragment: str) -> str | None:
    """The text of an HTML fragment, paragraphs on their own lines."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip() or None
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError on empty or broken fragments
        return None
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    text = "\n".join(line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in text.split("\n") if line) or None
