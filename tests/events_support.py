"""Event-coding tests' stand-in for the linker: a normalized, tokenized doc with named entities attached."""

from __future__ import annotations

import re

from rasad.events.triggers import FoldedText
from rasad.pipeline import Pipeline, article_id
from rasad.records import Doc, Entity, RawArticle, Span
from rasad.resources import Resources


def doc_with_names(text: str, names: dict[str, tuple[str, str | None]]) -> Doc:
    """Normalize and tokenize `text`, then attach every (type, English name) of `names` found in it, longest first."""
    doc = Doc(raw=RawArticle(text=text, published="2025-12-21"), id=article_id(RawArticle(text=text)))
    resources = Resources()
    for stage_ in Pipeline.build(["normalize", "tokenize"]).stages:
        doc = stage_.fn(doc, resources)
    value = doc.text.value
    folded = FoldedText.of(value)
    entities, taken = [], []
    for n, (name, (type_, name_en)) in enumerate(sorted(names.items(), key=lambda kv: -len(kv[0]))):
        mentions = []
        for match in re.finditer(re.escape(name), folded.value):
            start, end = folded.span(match.start(), match.end())
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            mentions.append(Span(start, end, value[start:end]))
        if mentions:
            entities.append(Entity(f"e{n}", type_, name, name_en, None, tuple(mentions)))  # type: ignore[arg-type]
    return doc.with_layers(entities=tuple(entities), timexes=(), quotes=(), mentions=())
