"""Quotes: direct and reported speech, each with its cue and its speaker resolved to an entity."""

from __future__ import annotations

from rasad.pipeline import stage
from rasad.quotes.find import find_candidates, quote_pairs, units
from rasad.quotes.lexicon import lexicon
from rasad.quotes.resolve import resolve_speakers, sentence_subjects
from rasad.quotes.speaker import MentionIndex
from rasad.records import Doc, Quote
from rasad.resources import Resources


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
    return tuple(resolve_speakers(text, candidates, subjects, lex, mentions))


@stage("quotes", requires=("text", "sentences", "tokens", "entities"), provides=("quotes",))
def quotes(doc: Doc, resources: Resources) -> Doc:
    """Attach the article's quotes."""
    return doc.with_layers(quotes=extract_quotes(doc, resources))
