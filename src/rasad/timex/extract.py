"""Find the time expressions of a text and resolve them, anchored at the article or statement date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from rasad.records import Sentence, Timex
from rasad.timex.grammar import Candidate, candidates, longest_first
from rasad.timex.lexicon import surface_forms, word_key, lexicon
from rasad.timex.numbers import alternation
from rasad.timex.resolve import Context, Resolution, resolve

_QUOTE = re.compile(r"«[^«»]*»?")
# A clause ends at punctuation or at the complementizer که (what follows is another clause).
_CLAUSE_END = re.compile(r"[،,.؛;:!?؟«»\n]|(?<![^\W_])که(?![^\W_])")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Kinds whose value depends on the anchor: only these are re-anchored in reported speech.
_RELATIVE_KINDS = frozenset({"weekday", "deictic", "night", "this", "unitrel", "countdir", "year", "month", "date"})


@dataclass(frozen=True, slots=True)
class Found:
    candidate: Candidate
    resolution: Resolution


@cache
def _word_regex(cls: str) -> re.Pattern[str]:
    # گفت‌وگو / گفت و گو (conversation) is not the speech verb گفت.
    return re.compile(
        rf"(?<![^\W_])(?:{alternation(surface_forms()[cls])})(?![^\W_]|\u200c[^\W\d_]|[ \u200c]*و[ \u200c]*گو)"
    )


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([^\s\u200c]+)[ \u200c]*$", text[max(0, start - 30) : start])
    return match.group(1) if match else ""


def _blocked(c: Candidate, text: str) -> bool:
    """A weekday that is part of a name: نماز جمعه, امام جمعه, دوشنبه بازار."""
    if c.rule.rule.kind != "weekday" or "dayd" in c.groups or c.text.startswith("روز"):
        return False
    words = lexicon().words
    if word_key(_previous_word(text, c.start)) in words["block_before"]:
        return True
    return word_key(c.after.strip()) in words["block_after"]


def _is_future(text: str, c: Candidate, sentence: Sentence) -> bool:
    """Whether the clause around the expression speaks of the future (خواهد, قرار است, آینده)."""
    after_end = sentence.end
    for stop in (_CLAUSE_END.search(text, c.end, sentence.end), _word_regex("speech").search(text, c.end, sentence.end)):
        if stop is not None:
            after_end = min(after_end, stop.start())
    before_start = sentence.start
    for stop in _CLAUSE_END.finditer(text, sentence.start, c.start):
        before_start = stop.end()
    future = _word_regex("future")
    return bool(future.search(text, c.end, after_end) or future.search(text, before_start, c.start))


def _sentence_of(sentences: tuple[Sentence, ...], position: int) -> Sentence:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return Sentence(0, 0)


def _statement_region(text: str, c: Candidate, sentence: Sentence, quotes: list[tuple[int, int]],
                      sentences: tuple[Sentence, ...]) -> tuple[int, int] | None:
    """Where the statement's own date would be written when the expression is reported speech, or None."""
    for start, end in quotes:
        if start < c.start < end:
            return _sentence_of(sentences, start).start, start
    cues = list(_word_regex("speech").finditer(text, sentence.start, c.start))
    if cues:
        return sentence.start, cues[-1].start()
    return None


def find_timexes(text: str, sentences: tuple[Sentence, ...], published: dt.date | None) -> list[Timex]:
    """The time expressions of `text`, each resolved to a TIMEX3 value (None when it needs a missing anchor)."""
    if not sentences:
        sentences = (Sentence(0, len(text)),)
    # Resolve every candidate against the article date first: lookalikes are dropped before overlaps are settled.
    provisional = []
    for cand in candidates(text):
        if _blocked(cand, text):
            continue
        sentence = _sentence_of(sentences, cand.start)
        # Tense only matters for a bare weekday; finding it costs more than matching.
        ctx = Context(published, cand.rule.rule.kind == "weekday" and _is_future(text, cand, sentence))
        resolution = resolve(cand, ctx)
        if resolution is not None:
            provisional.append((cand, resolution))
    by_candidate = {id(c): r for c, r in provisional}
    chosen = longest_first([c for c, _ in provisional])
    found = [Found(c, by_candidate[id(c)]) for c in chosen]
    if published is None:
        return [_timex(item) for item in found]

    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    result = []
    for item in found:
        cand = item.candidate
        sentence = _sentence_of(sentences, cand.start)
        region = _statement_region(text, cand, sentence, quotes, sentences)
        if region is not None and cand.rule.rule.kind in _RELATIVE_KINDS:
            stated = [
                dt.date.fromisoformat(other.resolution.value)
                for other in found
                if region[0] <= other.candidate.start and other.candidate.end <= region[1]
                and other.resolution.value and _DAY_VALUE.match(other.resolution.value)
            ]
            anchor = stated[-1] if stated else published
            if anchor != published:
                future = cand.rule.rule.kind == "weekday" and _is_future(text, cand, sentence)
                again = resolve(cand, Context(anchor, future))
                if again is not None:
                    item = Found(cand, again)
        result.append(_timex(item))
    return _apposition(result, text)


_APPOSITION_GAP = re.compile(r"[ \u200c]*[(،,-]?[ \u200c]*$")


def _apposition(timexes: list[Timex], text: str) -> list[Timex]:
    """A weekday followed by its own date or a deictic word (پنجشنبه (5 می), یکشنبه (دیروز)) takes that date."""
    result = list(timexes)
    for i in range(len(result) - 1):
        day, nxt = result[i], result[i + 1]
        if not (day.value and nxt.value and _DAY_VALUE.match(day.value[:10]) and _DAY_VALUE.match(nxt.value[:10])):
            continue
        if nxt.start - day.end > 4 or not _APPOSITION_GAP.match(text[day.end : nxt.start]):
            continue
        weekday = _weekday_of(day.text)
        if weekday is not None and dt.date.fromisoformat(nxt.value[:10]).isoweekday() == weekday:
            result[i] = Timex(day.start, day.end, day.text, day.type, nxt.value[:10] + day.value[10:])
    return result


def _weekday_of(text: str) -> int | None:
    match = _word_regex("WD").search(text)
    return lexicon().weekdays[word_key(match.group(0))] if match else None


def _timex(item: Found) -> Timex:
    c = item.candidate
    return Timex(c.start, c.end, c.text, item.resolution.type, item.resolution.value)  # type: ignore[arg-type]
