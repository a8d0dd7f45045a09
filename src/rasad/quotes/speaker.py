"""Speaker phrases: find the subject before a cue, classify it, and link it to an entity."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Literal

from rasad.quotes.lexicon import Lexicon
from rasad.records import Entity

PhraseKind = Literal["named", "description", "unnamed", "joint", "pronoun", "anaphor", "zero"]

_WORD = re.compile(r"[^\s،,؛:.!?؟«»\"“”()]+")
_QUOTED_NAME = re.compile(r"[«\"“]([^«»\"“”\n]{2,60})[»\"”]")
_COMMA = re.compile(r"[،,؛]")
# "… ابراز نارضایتی کردند و شیخ خالد … اعلام کرد": a finite verb and "و" start a new clause.
_CLAUSE = re.compile(r"(?:ند|کرد|شد|بود|است|داد|نمود|داشت)[ \u200c]+و[ \u200c]+")
_MAX_SUBJECT_WORDS = 9
_MAX_ATTRIBUTION_WORDS = 16


@dataclass(frozen=True, slots=True)
class Phrase:
    """The subject phrase of a cue: where it is, what kind of speaker it names, its entity if any."""

    start: int
    end: int
    text: str
    kind: PhraseKind
    entity: Entity | None = None
    plural: bool = False
    new_speaker: bool = False  # "نیز" / "هم" after the subject: someone else is speaking now
    context: str = ""  # the phrase and what follows it up to the cue: appositions name roles


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Entity mentions sorted by start, for overlap look-ups."""

    starts: tuple[int, ...]
    items: tuple[tuple[int, int, Entity], ...]

    @classmethod
    def build(cls, entities: tuple[Entity, ...] | None) -> MentionIndex:
        items = sorted(
            ((m.start, m.end, e) for e in entities or () for m in e.mentions), key=lambda item: item[:2]
        )
        return cls(tuple(i[0] for i in items), tuple(items))

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions overlapping [start, end)."""
        found = []
        # Mentions are short: look back a little for one starting before `start` and reaching in.
        i = max(0, bisect_left(self.starts, start) - 8)
        while i < len(self.items) and self.items[i][0] < end:
            m_start, m_end, _ = self.items[i]
            if m_end > start:
                found.append(self.items[i])
            i += 1
        return found


def words(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Word matches of text[start:end] (punctuation and quote marks are not words)."""
    return list(_WORD.finditer(text, start, end))


def strip_preamble(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Skip news-source attributions ("به گزارش رویترز،") and connectors ("از سوی دیگر،") at `start`."""
    while True:
        pos = start
        while pos < end and text[pos] in " \u200c،,»”\"":
            pos += 1
        attribution = lex.source_attribution.match(text, pos, end) or lex.according_to.match(text, pos, end)
        if attribution:
            comma = _COMMA.search(text, attribution.end(), end)
            if comma and len(words(text, attribution.end(), comma.start())) <= _MAX_ATTRIBUTION_WORDS:
                start = comma.end()
                continue
        connector = lex.connector.match(text, pos, end)
        if connector and connector.end() > pos:
            start = connector.end()
            continue
        return pos


def subject_phrase(
    text: str, start: int, end: int, lex: Lexicon, mentions: MentionIndex, *, plural_cue: bool = False
) -> Phrase:
    """The speaker phrase in text[start:end], the stretch of the clause before its cue."""
    pos = strip_preamble(text, start, end, lex)
    clauses = list(_CLAUSE.finditer(text, pos, end))
    found = None
    if clauses and _opens_subject(text, clauses[-1].end(), end, lex, mentions):
        found = _subject_span(text, clauses[-1].end(), end, lex, mentions)
    if found is None:
        found = _subject_span(text, pos, end, lex, mentions)
    if found is None:
        return Phrase(end, end, "", "zero", plural=plural_cue)
    np_start, np_end, new_speaker = found
    phrase = _classify(text, np_start, np_end, lex, mentions, plural_cue, new_speaker)
    return replace(phrase, context=text[np_start:_apposition_end(text, np_end, end, lex)])


def _subject_span(
    text: str, start: int, end: int, lex: Lexicon, mentions: MentionIndex
) -> tuple[int, int, bool] | None:
    """The first comma-delimited chunk that opens with a noun phrase, else a subject inside the clause."""
    chunk_start = start
    while chunk_start < end:
        comma = _COMMA.search(text, chunk_start, end)
        found = _noun_phrase(text, chunk_start, comma.start() if comma else end, lex)
        if found is not None:
            return found
        if comma is None:
            break
        chunk_start = comma.end()
    return _inner_subject(text, start, end, lex, mentions)


def _opens_subject(text: str, start: int, end: int, lex: Lexicon, mentions: MentionIndex) -> bool:
    """Whether text[start:end] opens with a word that names a speaker (pronoun, source, title, name)."""
    tokens = words(text, start, end)
    if not tokens:
        return False
    word = tokens[0].group(0)
    quoted = tokens[0].start() > 0 and text[tokens[0].start() - 1] in "«\"“"
    people = {m[0] for m in mentions.within(start, end) if m[2].type == "PER"}
    return (
        quoted or tokens[0].start() in people or word in lex.pronouns_singular or word in lex.pronouns_plural
        or word in lex.unnamed_heads or word in lex.role_heads or word in lex.honorifics
    )  # fmt: skip


def _apposition_end(text: str, np_end: int, end: int, lex: Lexicon) -> int:
    """End of "X، سخنگوی وزارت دفاع": the noun phrase after a comma that follows the subject."""
    comma = _COMMA.match(text, np_end) or _COMMA.match(text, np_end + 1)
    if comma is None:
        return np_end
    following = _COMMA.search(text, comma.end(), end)
    found = _noun_phrase(text, comma.end(), following.start() if following else end, lex)
    return found[1] if found else np_end


def _inner_subject(
    text: str, start: int, end: int, lex: Lexicon, mentions: MentionIndex
) -> tuple[int, int, bool] | None:
    """A subject after an adverbial opening ("در واپسین ساعات روز پنج‌شنبه یک منبع …"): the first
    pronoun, source or role word, person or quoted name that no preposition governs."""
    tokens = words(text, start, end)
    people = {m[0] for m in mentions.within(start, end) if m[2].type == "PER"}
    for previous, token in zip([None, *tokens], tokens):
        if previous is not None and previous.group(0) in lex.prepositions:
            continue
        word = token.group(0)
        quoted = token.start() > 0 and text[token.start() - 1] in "«\"“"
        if (
            word in lex.pronouns_singular or word in lex.pronouns_plural or word in lex.unnamed_heads
            or word in lex.role_heads or token.start() in people or quoted
        ):  # fmt: skip
            comma = _COMMA.search(text, token.start(), end)
            return _noun_phrase(text, token.start(), comma.start() if comma else end, lex, opening=False)
    return None


def _noun_phrase(
    text: str, start: int, end: int, lex: Lexicon, *, opening: bool = True
) -> tuple[int, int, bool] | None:
    """(start, end, new-speaker mark) of the noun phrase opening text[start:end], or None."""
    tokens = words(text, start, end)
    if not tokens:
        return None
    first = tokens[0].group(0)
    if opening and first in lex.subject_boundaries and first not in lex.pronouns_singular:
        return None
    taken = [tokens[0]]
    new_speaker = False
    for previous, token in zip(tokens, tokens[1:]):
        word = token.group(0)
        if word in lex.subject_boundaries and previous.group(0) not in lex.subject_keeps:
            new_speaker = word in lex.new_speaker_markers
            break
        if len(taken) >= _MAX_SUBJECT_WORDS:
            break
        taken.append(token)
    np_start, np_end = taken[0].start(), taken[-1].end()
    # A name in quote marks ends where its closing mark is.
    if np_start > start and text[np_start - 1] in "«\"“":
        np_start -= 1
    if np_end < end and text[np_end] in "»\"”":
        np_end += 1
    return np_start, np_end, new_speaker


def _classify(
    text: str, start: int, end: int, lex: Lexicon, mentions: MentionIndex, plural_cue: bool, new_speaker: bool
) -> Phrase:
    phrase_words = [w.group(0) for w in words(text, start, end)]
    first = phrase_words[0]
    span_text = text[start:end]
    plural = plural_cue or _looks_plural(phrase_words, lex)
    if first in lex.pronouns_singular or first in lex.pronouns_plural:
        return Phrase(start, end, span_text, "pronoun", plural=plural or first in lex.pronouns_plural)
    if first in lex.demonstratives and len(phrase_words) > 1:
        return Phrase(start, end, span_text, "anaphor", plural=plural)
    found = mentions.within(start, end)
    people = [m for m in found if m[2].type == "PER"]
    distinct = {m[2].id for m in found}
    if len(distinct) > 1 and "و" in phrase_words and not people:
        return Phrase(start, end, _clean(span_text), "joint", plural=True, new_speaker=new_speaker)
    if people:
        m_start, m_end, entity = people[0]
        return Phrase(m_start, m_end, text[m_start:m_end], "named", entity, plural, new_speaker)
    if first in lex.unnamed_heads:
        return Phrase(start, end, _clean(span_text), "unnamed", plural=plural, new_speaker=new_speaker)
    if first in lex.role_heads:
        return Phrase(start, end, _clean(span_text), "description", plural=plural, new_speaker=new_speaker)
    if found:
        m_start, m_end, entity = found[0]
        return Phrase(m_start, m_end, text[m_start:m_end], "named", entity, plural, new_speaker)
    quoted = _QUOTED_NAME.search(text, start, end)
    if quoted:
        return Phrase(quoted.start(1), quoted.end(1), quoted.group(1).strip(), "named", None, plural, new_speaker)
    return Phrase(start, end, _clean(span_text), "named", plural=plural, new_speaker=new_speaker)


def _looks_plural(phrase_words: list[str], lex: Lexicon) -> bool:
    head = phrase_words[1] if phrase_words[0] in lex.demonstratives and len(phrase_words) > 1 else phrase_words[0]
    # "-ان"/"-ات" also end singular names (ایران, تهران): trust them only on source heads (منابع, مقامات).
    return head.endswith(("ها", "های")) or (head in lex.unnamed_heads and head.endswith(("ان", "ات", "ین", "ابع")))


def _clean(span: str) -> str:
    """A phrase without stray quote marks: the part before an unpaired mark when there is one."""
    marks = [i for i, ch in enumerate(span) if ch in "«»\"“”"]
    if len(marks) == 1 and marks[0] > 0:
        span = span[: marks[0]]
    return span.strip(" «»\"“”\u200c")
