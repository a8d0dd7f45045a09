"""Quotes: direct and reported speech, each with its cue and its speaker resolved to an entity."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from rasad.pipeline import stage
from rasad.quotes.find import find_candidates, quote_pairs, units
from rasad.quotes.lexicon import lexicon
from rasad.quotes.resolve import resolve_speakers, sentence_subjects
from rasad.quotes.lexicon import Lexicon
from rasad.quotes.speaker import MentionIndex
from rasad.records import Doc, Quote, Sentence
from rasad.resources import Resources

_ATTRIBUTED_NAME = re.compile(r"[ \u200c]*([^،,؛\n]{1,80}?)[ \u200c]*[،,]")


def extract_quotes(doc: Doc, resources: Resources) -> tuple[Quote, ...]:
    """The quotes of a tokenized document; entities may be empty (speakers then keep their text only)."""
    assert doc.text is not None and doc.sentences is not None
    lex = resources.load("quotes.lexicon", lexicon)
    text = doc.text.value
    mentions = MentionIndex.build(doc.entities)
    candidates = find_candidates(text, doc.sentences, lex, mentions)
    sentence_units = units(text, doc.sentences, quote_pairs(text))
    taken = {
        i for i, (start, end) in enumerate(sentence_units) for c in candidates if start <= c.cue_start < end
    }
    subjects = sentence_subjects(text, sentence_units, taken, lex, mentions)
    found = resolve_speakers(text, candidates, subjects, lex, mentions)
    return tuple(with_attributed_source(q, text, doc.sentences, lex) for q in found)


def with_attributed_source(quote: Quote, text: str, sentences: tuple[Sentence, ...], lex: Lexicon) -> Quote:
    """The quote with the outlet its sentence is attributed to ("به گزارش رویترز، …"), kept apart from the speaker."""
    index = bisect_right([s.start for s in sentences], quote.start) - 1
    if index < 0:
        return quote
    start = sentences[index].start
    attribution = lex.source_attribution.match(text, start)
    name = _ATTRIBUTED_NAME.match(text, attribution.end(), sentences[index].end) if attribution else None
    if name is None or name.end() > quote.start:
        return quote
    return replace(quote, source=name.group(1))


@stage("quotes", requires=("text", "sentences", "tokens", "entities"), provides=("quotes",))
def quotes(doc: Doc, resources: Resources) -> Doc:
    """Attach the article's quotes."""
    return doc.with_layers(quotes=extract_quotes(doc, resources))
