"""Templates and the HTML pieces built in Python: highlighted snippets and the annotated article text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from rasad.records import Record
from rasad.store.search import MARK_END, MARK_START
from rasad.web.dates import dual_date, fa_digits, jalali

HERE = Path(__file__).resolve().parent
_MARKS = re.compile(f"({re.escape(MARK_START)}|{re.escape(MARK_END)})")


@cache
def labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "labels.fa.yaml").read_text(encoding="utf-8"))


def snippet_html(snippet: str) -> Markup:
    """A store snippet as HTML: the text escaped, only balanced <mark> tags kept."""
    out: list[str] = []
    open_ = False
    for part in _MARKS.split(snippet):
        if part == MARK_START and not open_:
            out.append("<mark>")
            open_ = True
        elif part == MARK_END and open_:
            out.append("</mark>")
            open_ = False
        elif part not in (MARK_START, MARK_END):
            out.append(str(escape(part)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


def entity_url(ref: str | None) -> str:
    return "/entities/" + quote(ref or "", safe="")


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """The path with the current query parameters, some changed (None removes one)."""
    merged = {**params, **changes}
    pairs = [(k, v) for k, v in merged.items() if v not in (None, "", [])]
    flat: list[tuple[str, Any]] = []
    for k, v in pairs:
        flat.extend((k, x) for x in v) if isinstance(v, (list, tuple)) else flat.append((k, v))
    return path + ("?" + urlencode(flat) if flat else "")


def display_title(title: str | None, lead: str | None, limit: int = 90) -> str:
    """The headline, else the first words of the text."""
    if title:
        return title
    words = " ".join((lead or "").split())
    if len(words) <= limit:
        return words or "بدون عنوان"
    return words[:limit].rsplit(" ", 1)[0] + "…"


def annotated_text(record: Record) -> Markup:
    """The article text with entity mentions, quotes, time expressions and event triggers marked up."""
    text = record.text
    layers: list[tuple[int, int, str, Any]] = []
    for entity in record.entities:
        for m in entity.mentions:
            layers.append((m.start, m.end, "ent", entity))
    for i, quote_ in enumerate(record.quotes):
        layers.append((quote_.start, quote_.end, "quote", i))
    for timex in record.timexes:
        layers.append((timex.start, timex.end, "timex", timex))
    for i, event in enumerate(record.events):
        layers.append((event.trigger.start, event.trigger.end, "event", i))
    layers = [(s, e, k, p) for s, e, k, p in layers if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _, _ in layers), *(e for _, e, _, _ in layers)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = str(escape(text[a:b]))
        active = [(k, p) for s, e, k, p in layers if s <= a and b <= e]
        for kind, payload in sorted(active, key=lambda kp: ("quote", "event", "timex", "ent").index(kp[0])):
            if kind == "ent":
                title = payload.name + (f" — {payload.name_en}" if payload.name_en else "")
                ref = payload.name_en or payload.name
                piece = (f'<a class="ent t-{escape(payload.type)}" href="{escape(entity_url(ref))}" '
                         f'title="{escape(title)}">{piece}</a>')  # fmt: skip
            elif kind == "timex":
                shown = jalali(payload.value) if payload.value else None
                title = f"{payload.value or 'نامعلوم'}" + (f" · {shown}" if shown else "")
                piece = f'<span class="tx" title="{escape(title)}">{piece}</span>'
            elif kind == "event":
                event = record.events[payload]
                name = labels()["event_types"].get(event.type, event.type)
                piece = f'<span class="ev" id="ev{payload}" title="{escape(name)} ({event.type})">{piece}</span>'
            else:
                piece = f'<span class="q" data-quote="{payload}">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters.update(
        fa=fa_digits, date=dual_date, jalali=jalali, snippet=snippet_html, entity_url=entity_url,
        event_label=lambda t: labels()["event_types"].get(t, t),
        entity_label=lambda t: labels()["entity_types"].get(t, t),
        timex_label=lambda t: labels()["timex_types"].get(t, t),
        quote_label=lambda t: labels()["quote_kinds"].get(t, t),
    )  # fmt: skip
    env.globals.update(query_url=query_url, display_title=display_title, labels=labels)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def error_page(status: int, message: str) -> str:
    return render("error.html", status=status, message=message, nav="")
