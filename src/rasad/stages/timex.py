"""Timex: find time expressions and resolve them to TIMEX3 values anchored at the article date."""

from __future__ import annotations

import datetime as dt

from rasad.pipeline import stage
from rasad.records import Doc
from rasad.resources import Resources
from rasad.timex import find_timexes


def _published(doc: Doc) -> tuple[dt.date | None, str | None]:
    """The article date, or None with the reason it is unusable."""
    raw = doc.raw.published
    if not raw:
        return None, "no publication date"
    try:
        return dt.date.fromisoformat(raw[:10]), None
    except ValueError:
        return None, f"publication date {raw!r} is not an ISO date"


@stage("timex", requires=("text", "sentences", "tokens"), provides=("timexes",))
def timex(doc: Doc, resources: Resources) -> Doc:
    """Attach the time expressions of the normalized text."""
    assert doc.text is not None and doc.sentences is not None
    published, problem = _published(doc)
    timexes = tuple(find_timexes(doc.text.value, doc.sentences, published))
    doc = doc.with_layers(timexes=timexes)
    unresolved = sum(1 for t in timexes if t.value is None)
    if problem and unresolved:
        doc = doc.warn(f"{problem}: {unresolved} relative time expression(s) left unresolved (value null)")
    return doc
