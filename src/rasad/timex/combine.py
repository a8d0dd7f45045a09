"""Join a date and its clock time into one expression; read the bare end of a range like its other end."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from rasad.timex.grammar import Candidate
from rasad.timex.lexicon import surface_forms
from rasad.timex.numbers import alternation, ascii_digits, cardinal_pattern, ordinal_pattern
from rasad.timex.resolve import Context, Reject, resolve, resolve_decade, resolve_year

_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T[A-Z]{2})?$")
_CLOCK = re.compile(r"^T\d{2}:\d{2}(?::\d{2})?$")
# «از سال ۹۲ تا کنون»: the open end of a range is the present.
_UNTIL_NOW = re.compile(r"[ \u200c]*(?:(?P<now2>تاکنون)|تا[ \u200c]+(?P<now>کنون|به[ \u200c]*حال|حالا|اکنون))(?![^\W_])")
_LIST = re.compile(r"[ \u200c]*(?:و|یا|،|,)[ \u200c]*")
_DATE_TIME_GAP = re.compile(r"[ \u200c]{1,3}|[ \u200c]*[،,][ \u200c]*")
# Kinds whose number before a range word can stand for the same expression with another day (۱۸ تا ۲۰ آذر).
_DAY_KINDS = frozenset({"date", "datewords", "datethis"})
_YEAR_KINDS = frozenset({"year"})


@dataclass(frozen=True, slots=True)
class Found:
    """A resolved expression; candidate and context are kept so a range end can be read the same way."""

    start: int
    end: int
    type: str
    value: str | None
    candidate: Candidate | None
    context: Context


@cache
def _range_word() -> str:
    return rf"(?:{alternation(surface_forms()['range'])}|[-–—])"


@cache
def _left_number(group: str) -> re.Pattern[str]:
    """A bare day (or year) and a range word or و just before an expression: «۱۸ –», «سوم تا», «۲۵ و», «۱۹۰۲ –»."""
    number = rf"\d{{1,2}}(?!\d)|{ordinal_pattern()}|{cardinal_pattern()}" if group == "day" else r"\d{4}"
    # روزهای ۲۵ و ۲۹ آبان: the head noun روز belongs to the expression, as in روز ۲۵ آبان.
    head = r"(?:روز(?:[ \u200c]*های?)?[ \u200c]+)?" if group == "day" else ""
    return re.compile(rf"(?<![^\W_]|[\d./:٫])(?P<head>{head})(?P<n>{number})[ \u200c]*(?:{_range_word()}|و|یا)[ \u200c]*$")


@cache
def _right_year() -> re.Pattern[str]:
    """A range word and a bare year just after a year, or و and a four-digit one: «سال ۱۲۹۵ تا ۱۳۰۰», «سال ۱۳۹۱ و ۱۳۹۲»."""
    return re.compile(rf"[ \u200c]*(?:{_range_word()}[ \u200c]*(?P<n>\d{{4}}|\d{{2}})|و[ \u200c]*(?P<n4>\d{{4}}))"
                      r"(?![\d./:٫]|[^\W_])")


@cache
def _between() -> re.Pattern[str]:
    return re.compile(rf"[ \u200c]*{_range_word()}[ \u200c]*")


def join_date_time(items: list[Found], text: str) -> list[Found]:
    """A day next to a clock time (۲۸ آبان ۱۳۹۵ ۲۰:۵۶, ساعت ۴:۴۵ روز ۲۲ آذر) is one TIME: 2016-11-18T20:56."""
    result: list[Found] = []
    for item in items:
        if result and _DATE_TIME_GAP.fullmatch(text[result[-1].end : item.start]):
            joined = _date_time(result[-1], item)
            if joined is not None:
                result[-1] = joined
                continue
        result.append(item)
    return result


def _date_time(first: Found, second: Found) -> Found | None:
    if first.candidate is not None and first.candidate.rule.rule.kind == "weekday" and second.value \
            and first.value and _DAY.match(second.value) and second.value[10:] == "":
        # روز شنبه ۹۵.۹.۶, یکشنبه‌شب ۹۵.۹.۷: a weekday and its date are one expression, dated by the date.
        return Found(first.start, second.end, first.type, second.value + first.value[10:], None, first.context)
    for day, clock in ((first, second), (second, first)):
        if clock.value is None or not _CLOCK.match(clock.value) or day.type not in ("DATE", "TIME"):
            continue
        if day.value is not None and _DAY.match(day.value):
            value: str | None = _DAY.match(day.value).group(1) + _in_part(clock.value, day.value[11:])  # type: ignore[union-attr]
        elif day.value is None and day.candidate is not None and day.candidate.rule.rule.kind in _DAY_KINDS:
            value = None
        else:
            continue
        return Found(first.start, second.end, "TIME", value, None, first.context)
    return None


def _in_part(clock: str, part: str) -> str:
    """A clock time read in the part of day of its date: امشب ساعت ۹ is 21:00."""
    hour = int(clock[1:3])
    if (part in ("AF", "EV") or (part == "NI" and hour >= 5)) and hour < 12:
        return f"T{hour + 12:02d}{clock[3:]}"
    return clock


def join_ranges(items: list[Found], text: str) -> list[Found]:
    """The ends of a range stay two expressions (TimeML), but a bare end borrows the other's month or calendar.

    «۱۸ – ۲۰ آذر ۹۵» gives ۱۸ (2016-12-08) and ۲۰ آذر ۹۵; «سال ۱۲۹۵ تا ۱۳۰۰» gives سال ۱۲۹۵ and ۱۳۰۰.
    """
    result: list[Found] = []
    read_off: set[int] = set()  # ids of the bare ends read after an expression: they yield to a real one there
    for item in items:
        if result and result[-1].end > item.start:
            if id(result[-1]) not in read_off:
                continue
            result.pop()
        left = _left_end(item, text)
        if left is not None and not (result and result[-1].end > left.start):
            if _LIST.fullmatch(text[left.end : item.start]):
                # «۱۰ و ۱۱ می», «۱۳ یا ۱۵ اردیبهشت»: a list is one expression, dated by its first item.
                result.append(replace(left, end=item.end))
                continue
            result.append(left)
        if result and _between().fullmatch(text[result[-1].end : item.start]):
            item = _after(result[-1], item)
        result.append(item)
        now = _UNTIL_NOW.match(text, item.end) if item.type == "DATE" and item.value != "PRESENT_REF" else None
        if now is not None:
            key = "now" if now.group("now") else "now2"
            result.append(Found(now.start(key), now.end(), "DATE", "PRESENT_REF", None, item.context))
            continue
        right = _right_end(item, text)
        while right is not None and _LIST.fullmatch(text[result[-1].end : right.start]):
            # سال ۱۳۹۱ و ۱۳۹۲, دهه ۶۰، ۷۰ و ۸۰: one expression, dated by its first item
            result[-1] = replace(result[-1], end=right.end)
            right = _right_end(result[-1], text)
        if right is not None:
            read_off.add(id(right))
            result.append(right)
    return result


def _after(first: Found, second: Found) -> Found:
    """A past-tense weekday ending a range (شنبه تا دوشنبه) falls after its start: the next such day."""
    c = second.candidate
    if c is None or c.rule.rule.kind != "weekday" or first.value is None or second.value is None:
        return second
    if not (_DAY.match(first.value) and _DAY.match(second.value)) or second.value[:10] >= first.value[:10]:
        return second
    later = (dt.date.fromisoformat(second.value[:10]) + dt.timedelta(days=7)).isoformat() + second.value[10:]
    return replace(second, value=later)


def _left_end(item: Found, text: str) -> Found | None:
    """«۱۸ – ۲۰ آذر ۹۵», «۱۹۰۲ – ۱۹۷۹ میلادی»: the bare number before is the same expression with its own day or year."""
    c = item.candidate
    if c is None:
        return None
    group = "day" if c.rule.rule.kind in _DAY_KINDS else "year" if c.rule.rule.kind in _YEAR_KINDS else None
    if group is None or not c.text.startswith(c.groups.get(group, "\0")):
        return None
    match = _left_number(group).search(text, max(0, item.start - 40), item.start)
    if match is None:
        return None
    again = resolve(replace(c, groups={**c.groups, group: match.group("n")}), item.context)
    if again is None or (again.value is None and item.value is not None):
        return None
    return Found(match.start("head"), match.end("n"), again.type, again.value, None, item.context)


def _right_end(item: Found, text: str) -> Found | None:
    """«سال ۱۲۹۵ تا ۱۳۰۰», «سال جاری تا ۱۴۰۲», «دهه ۶۰ و ۷۰»: a bare year or decade after one, read the same way."""
    c = item.candidate
    if c is None:
        return None
    kind = c.rule.rule.kind
    if kind == "decade":
        match = _right_decade().match(text, item.end)
        group = "decade"
    elif kind in _YEAR_KINDS or (kind == "unitrel" and "سال" in c.text):
        match = _right_year().match(text, item.end)
        group = "year"
    else:
        return None
    if match is None:
        return None
    key = "n" if match.group("n") else "n4"
    number = match.group(key)
    if group == "year" and not _plausible_year(number):
        return None
    groups = {k: v for k, v in c.groups.items() if k not in ("yearw", "rel", "ycue", "unit", group)} | {group: number}
    try:
        end = (resolve_year if group == "year" else resolve_decade)(replace(c, groups=groups), item.context)
    except Reject:
        return None
    if end.value is None:
        return None
    return Found(match.start(key), match.end(), "DATE", end.value, c, item.context)


@cache
def _right_decade() -> re.Pattern[str]:
    """A range word, و or a comma and a bare decade after a decade: «دهه ۶۰ تا ۸۰», «دهه ۶۰، ۷۰ و ۸۰»."""
    return re.compile(rf"[ \u200c]*(?:{_range_word()}|و|،|,)[ \u200c]*(?P<n>\d{{2}}|\d{{4}})(?P<n4>)?(?![\d./:٫]|[^\W_])")


def _plausible_year(digits: str) -> bool:
    """Whether a bare number after a year can be a year of news (1300s Jalali, 1800-2099, or two digits)."""
    value = int(ascii_digits(digits))
    return len(digits) == 2 or 1300 <= value < 1500 or 1800 <= value < 2100
