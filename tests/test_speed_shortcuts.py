"""Speed shortcuts give exactly what the plain computation gives: shared gazetteer matches, grouped cue regex."""

from __future__ import annotations

import re

import numpy as np

from rasad.entities.features import sentence_features
from rasad.entities.gazetteer import gazetteer
from rasad.events.triggers import FoldedText
from rasad.ner.neural import gaz_tags
from rasad.quotes.lexicon import LEFT, RIGHT, dispatched_alternation, lexicon
from rasad.stages.ner import load_tagger

# Built from the gazetteer and cue lists at run time: names, cue verbs and filler, none from any article.
_FILLER = ("در", "دیروز", "گفت", "که", "نشست", "و", "با", "می‌گوید", "خبرنگار", "اظهار", "کرد",
           ":", "«", "»", "،")  # fmt: skip


def _sentences(count: int = 12) -> list[list[str]]:
    rng = np.random.default_rng(7)
    names = sorted(gazetteer().entries)[:: max(1, len(gazetteer().entries) // 400)]
    vocab = list(_FILLER) + [n for n in names if n]
    sizes = rng.integers(1, 30, size=count)
    return [[vocab[i] for i in rng.integers(0, len(vocab), size=int(n))] for n in sizes]


def test_speed_features_with_known_matches_equal_plain() -> None:
    gaz = gazetteer()
    for words in _sentences():
        assert sentence_features(words, gaz.match_tokens(words)) == sentence_features(words)


def test_speed_neural_with_known_matches_equal_plain() -> None:
    gaz = gazetteer()
    sentences = _sentences()
    for words in sentences:
        assert gaz_tags(words, gaz.match_tokens(words)) == gaz_tags(words)
    neural = load_tagger().neural
    if neural is None:
        return
    plain = neural.log_probs(sentences)
    shared = neural.log_probs(sentences, [gaz.match_tokens(w) for w in sentences])
    assert all(np.array_equal(a, b) for a, b in zip(plain, shared, strict=True))


def test_speed_grouped_cue_alternation_matches_like_flat() -> None:
    forms = [("a0", "گفت(?:ند)?"), ("a1", "نگفت"), ("a2", "گفته[\u200c ]?است"), ("a3", "می[\u200c ]?گوید"),
             ("a4", "نوشت"), ("a5", "گفتگو")]  # fmt: skip
    tail = RIGHT + r"(?!\s*و\s*گو)"
    grouped = re.compile(LEFT + "(?:" + dispatched_alternation(forms) + ")" + tail)
    flat = re.compile(LEFT + "(?:" + "|".join(f"(?P<{n}>{f})" for n, f in forms) + ")" + tail)
    text = "او گفت و گو کرد. گفتند که نگفت؛ گفته است و می‌گوید نوشت گفتگو گفتنی نوشته"
    assert [(m.span(), m.lastgroup) for m in grouped.finditer(text)] == [
        (m.span(), m.lastgroup) for m in flat.finditer(text)
    ]
    assert any(True for _ in grouped.finditer(text))


def test_speed_cue_lexicon_names_every_form_group() -> None:
    lex = lexicon()
    assert set(lex.cues.groupindex) == set(lex.cue_info)
    m = lex.cues.search("او گفت: «سلام»")
    assert m is not None and lex.cue_at(m).lemma == "گفت"


def test_speed_folded_text_fast_path_equals_slow_path() -> None:
    plain = FoldedText.of("سخن گفت و رفت")
    assert plain.origin == tuple(range(len("سخن گفت و رفت") + 1))
    marked = FoldedText.of("می\u200cگوید که")
    assert marked.value == "میگوید که" and marked.origin == (0, 1, 3, 4, 5, 6, 7, 8, 9, 10)


def test_speed_grouped_cue_alternation_stays_flat_for_optional_first_letters() -> None:
    forms = [("a0", "ن?گفت"), ("a1", "گفتند")]
    assert dispatched_alternation(forms) == "(?P<a0>ن?گفت)|(?P<a1>گفتند)"
