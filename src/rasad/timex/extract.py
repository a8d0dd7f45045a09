"""Find the time expressions of a text and resolve them, anchored at the article or statement date."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from rasad.records import Sentence, Timex
from rasad.timex.combine import Found, join_date_time, join_ranges
from rasad.timex.grammar import Candidate, candidates, longest_first, remainder
from rasad.timex.lexicon import surface_forms, word_key, lexicon
from rasad.timex.numbers import alternation
from rasad.timex.resolve import Context, resolve

_QUOTE = re.compile(r"«[^«»]*»?")
# A clause ends at punctuation or at the complementizer که (what follows is another clause).
_CLAUSE_END = re.compile(r"[،,.؛;:!?؟«»\n]|(?<![^\W_])که(?![^\W_])")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Kinds whose value depends on the anchor: only these are re-anchored in reported speech.
_RELATIVE_KINDS = frozenset({"weekday", "deictic", "night", "this", "unitrel", "countdir", "year", "month", "date"})


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
    """A weekday or a bare part of day that is part of a name: نماز جمعه, دوشنبه بازار, روزنامه صبح, صبح صادق."""
    words = lexicon().words
    if ("dpb" in c.groups or "dpa" in c.groups) and c.rule.rule.kind == "daypart":
        block, following = words["daypart_block"], word_key(c.after.strip())
        # ظهر الفساد: an Arabic verb before a word with the article ال, not noon.
        return word_key(_previous_word(text, c.start)) in block or following in block or (
            following.startswith("ال") and len(following) > 3)
    if c.rule.rule.kind != "weekday" or "dayd" in c.groups or c.text.startswith("روز"):
        return False
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
            provisional.append((cand, resolution, ctx))
    chosen = _with_remainders(longest_first([c for c, _, _ in provisional]), provisional, text)
    by_candidate = {id(c): (r, ctx) for c, r, ctx in provisional}
    found = [Found(c.start, c.end, by_candidate[id(c)][0].type, by_candidate[id(c)][0].value, c, by_candidate[id(c)][1])
             for c in chosen]
    if published is not None:
        found = _reanchor(found, text, sentences)
    found = _anaphora(found)
    found = join_ranges(join_date_time(found, text), text)
    result = [Timex(f.start, f.end, text[f.start : f.end], f.type, f.value) for f in found]  # type: ignore[arg-type]
    return result if published is None else _apposition(result, text)


def _with_remainders(chosen: list[Candidate], provisional: list, text: str) -> list[Candidate]:
    """A candidate that lost its first words to a longer one keeps the rest if its rule still matches there."""
    taken = {id(c) for c in chosen}
    added = []
    for cand, _r, ctx in list(provisional):
        if id(cand) in taken:
            continue
        overlapping = [c for c in chosen if c.start < cand.end and cand.start < c.end]
        if len(overlapping) != 1:
            continue
        winner = overlapping[0]
        if winner.start <= cand.start < winner.end < cand.end:
            rest = remainder(cand, winner.end, cand.end, text)
        elif cand.start < winner.start < cand.end <= winner.end:
            rest = remainder(cand, cand.start, winner.start, text)
        else:
            continue
        if rest is None or any(c.start < rest.end and rest.start < c.end for c in chosen + added):
            continue
        resolution = resolve(rest, ctx)
        if resolution is not None:
            provisional.append((rest, resolution, ctx))
            added.append(rest)
    return sorted(chosen + added, key=lambda c: c.start)


def _reanchor(found: list[Found], text: str, sentences: tuple[Sentence, ...]) -> list[Found]:
    """Relative expressions in reported speech are anchored at the statement's own date when it is written."""
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    result = []
    for item in found:
        cand = item.candidate
        assert cand is not None
        sentence = _sentence_of(sentences, cand.start)
        region = _statement_region(text, cand, sentence, quotes, sentences)
        if region is not None and cand.rule.rule.kind in _RELATIVE_KINDS:
            stated = [
                dt.date.fromisoformat(other.value)
                for other in found
                if region[0] <= other.start and other.end <= region[1] and other.value and _DAY_VALUE.match(other.value)
                # امروز is said on the day of speaking; این روز may point back at the topic's day.
                and not (cand.rule.rule.kind == "deictic" and _topical(text, region[0], other.start))
            ]
            anchor = stated[-1] if stated else item.context.anchor
            if anchor != item.context.anchor:
                ctx = Context(anchor, item.context.future)
                again = resolve(cand, ctx)
                if again is not None:
                    item = Found(item.start, item.end, again.type, again.value, cand, ctx)
        result.append(item)
    return result


def _topical(text: str, start: int, position: int) -> bool:
    """Whether a date at `position` follows a topic phrase in its clause (با اشاره به سخنرانی روز گذشته): it dates the topic."""
    cues = list(_word_regex("topic").finditer(text, start, position))
    return bool(cues) and _CLAUSE_END.search(text, cues[-1].end(), position) is None


_CALENDAR_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\dW])")
# The finest calendar value an anaphor needs from its antecedent: همان روز a day, همان ماه a month, همان سال a year.
_NEEDS = {"D": 3, "W": 3, "M": 2}


def _anaphora(found: list[Found]) -> list[Found]:
    """همان سال, آبان همان سال, همان روز: resolved at the last calendar date before them, else at the article date."""
    result: list[Found] = []
    for item in found:
        cand = item.candidate
        if cand is None or "same" not in cand.groups:
            result.append(item)
            continue
        unit = lexicon().units[word_key(cand.groups["unit"])][0] if cand.rule.rule.kind == "this" else "Y"
        anchor = None
        for before in reversed(result):
            match = _CALENDAR_PREFIX.match(before.value or "")
            if match is not None and match.lastindex is not None and match.lastindex >= _NEEDS.get(unit, 1):
                year, month, day = (int(g) if g else None for g in match.groups())
                # A year alone stands for its middle, which lies in the same Jalali and Gregorian year.
                anchor = dt.date(year, month or 7, day or (15 if month else 1))
                break
        again = resolve(cand, Context(anchor, item.context.future)) if anchor is not None else None
        # Without an antecedent the article's own date is the last one the reader was given.
        result.append(item if again is None else Found(item.start, item.end, again.type, again.value, cand, item.context))
    return result


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

