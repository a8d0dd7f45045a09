"""Tokenize: sentences (lines, final punctuation, sentences inside «…») and tokens, with offsets."""

from __future__ import annotations

import re
from functools import cache

from rasad.lang import data_text
from rasad.pipeline import stage
from rasad.records import Doc, Sentence, Token
from rasad.resources import Resources

_DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"
_MARK = "\u064b-\u065f\u0670"
_LETTER = rf"(?:[^\W\d_]|[{_MARK}])"
# Most tokens are non-Latin words. The alternatives below try URL, e-mail, number and Latin word before a word;
# at a letter that is not A-Z (nor a digit) with no '@' after its run of e-mail characters none of them can
# match, so the same word is matched first, without trying them.
_PLAIN_WORD = rf"(?=[^\W\d_A-Za-z]|[{_MARK}])(?![\w.+-]*+@)(?:[^\W\d_]|[{_MARK}])++(?:\u200c{_LETTER}+)*"
# The token alternatives, in order: at each position the first that matches wins.
TOKEN_ALTERNATIVES = (
    r"(?:https?://|www\.)[^\s«»\"<>]*[^\s«»\"<>.,،؛:!?؟)\]]",  # URL
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
    rf"[{_DIGIT}]+(?:[.,\u066b\u066c/:][{_DIGIT}]+)*",  # number, with decimal and group marks
    r"[A-Za-z][A-Za-z0-9]*(?:['’\-][A-Za-z0-9]+)*",  # Latin word (F-35, G7, O'Brien)
    rf"{_LETTER}+(?:\u200c{_LETTER}+)*",  # word; ZWNJ-joined parts stay one token
    r"\.{2,}|…",  # ellipsis
    r"\S",  # any other character: punctuation, symbols
)
TOKEN_PATTERN = re.compile("|".join([_PLAIN_WORD, *TOKEN_ALTERNATIVES]))
# Sentence-final punctuation, with any closing quotes or brackets, before a space or the line's end.
_SENTENCE_END = re.compile(r"[.!?؟…]+[»”\"')\]]*(?=\s|$)")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"(\S+)$")


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations whose period does not end a sentence (abbreviations.txt)."""
    lines = data_text("fa", "abbreviations.txt").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentence spans: every line is at least one sentence (headlines have no final stop)."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end_match in _SENTENCE_END.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, start, end_match):
                continue
            _add_sentence(sentences, text, start, end_match.end())
            start = end_match.end()
        _add_sentence(sentences, text, start, line.end())
    return tuple(sentences)


def _is_abbreviation(text: str, sentence_start: int, end_match: re.Match[str]) -> bool:
    if end_match.group(0) != ".":
        return False
    word = _WORD_BEFORE.search(text, sentence_start, end_match.end())
    if word is None:
        return False
    token = word.group(1)
    # A single Latin letter before the period is an initial ("J. Smith").
    return token in abbreviations() or bool(re.fullmatch(r"[A-Z]\.", token))


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start, end))


def tokenize_text(text: str) -> tuple[Token, ...]:
    """Token spans over the whole text."""
    return tuple(Token(m.start(), m.end(), m.group(0)) for m in TOKEN_PATTERN.finditer(text))


@stage("tokenize", requires=("text",), provides=("sentences", "tokens"))
def tokenize(doc: Doc, resources: Resources) -> Doc:
    """Attach sentences and tokens of the normalized text."""
    assert doc.text is not None
    text = doc.text.value
    return doc.with_layers(sentences=split_sentences(text), tokens=tokenize_text(text))
