"""Join a date and its clock time into one expression; read the bare end of a range like its other end."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from rasad.timex.grammar import Candidate
from rasad.timex.lexicon import lexicon, surface_forms, word_key
from rasad.timex.numbers import (
    alternation, ascii_digits, cardinal_pattern, hour_pattern, ordinal_pattern, parse_int, parse_number,
)
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
# Kinds whose count can be shared by a bare number before a range word: «دو تا سه سال», «۳۰ تا ۶۰ دقیقه».
_COUNT_KINDS = frozenset({"duration", "countdir"})
_MONTH_KEYS = {"jm": "JM", "gm": "GM", "hm": "HM"}


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
    number = {
        "day": rf"\d{{1,2}}(?!\d)|{ordinal_pattern()}|{cardinal_pattern()}",
        "year": r"\d{4}",
        "num": rf"\d+(?:[.٫]\d+)?|{cardinal_pattern()}",
        "hh": rf"\d{{1,2}}(?!\d)|{hour_pattern()}",
    }[group]
    # روزهای ۲۵ و ۲۹ آبان, ساعت ۱۰ تا ۱۲ صبح: the head noun belongs to the expression, as in روز ۲۵ آبان.
    # «حدود ۲ تا ۳ ماه»: an approximation before the range belongs to its start, as to any count.
    head = {"day": r"(?:روز(?:[ \u200c]*های?)?[ \u200c]+)?", "hh": r"(?:ساعت[ \u200c]+)?",
            "num": rf"(?:(?:{alternation(surface_forms()['approx'])})[ \u200c]+)?"}.get(group, "")
    return re.compile(rf"(?<![^\W_]|[\d./:٫])(?P<head>{head})(?P<n>{number})[ \u200c]*(?:{_range_word()}|و|یا|(?P<comma>[،,]))[ \u200c]*$")


@cache
def _left_month(key: str) -> re.Pattern[str]:
    """A bare month name of the same calendar and a range word or و before a month: «مهر تا آذر ۱۴۰۴», «مهرماه و آبان»."""
    names = alternation(surface_forms()[_MONTH_KEYS[key]])
    return re.compile(rf"(?<![^\W_])(?P<head>(?:ماه[ \u200c]+)?)(?P<n>{names})(?P<tail>[ \u200c]*ماه)?[ \u200c]*"
                      rf"(?:{_range_word()}|و|یا)[ \u200c]*$")


@cache
def _right_year() -> re.Pattern[str]:
    """A range word and a bare year just after a year, or و and a four-digit one: «سال ۱۲۹۵ تا ۱۳۰۰», «سال ۱۳۹۱ و ۱۳۹۲».

    A comma and a four-digit number continue the list only when the list ends in و and a four-digit number
    («سال‌های ۱۳۹۲، ۱۳۹۳ و ۱۳۹۴»): «سال ۲۰۱۴، ۲۰۰۰ کودک» is a year and a count.
    """
    end = r"(?![\d./:٫]|[^\W_])"
    # Every item of such a list is a year of news (13xx, 14xx, 19xx, 20xx), in Latin or Persian digits.
    year = r"(?:[1۱][349۳۴۹]|[2۲][0۰])\d\d"
    closed = rf"(?=(?:[ \u200c]*[،,][ \u200c]*{year})*[ \u200c]*و[ \u200c]*{year}{end})"
    return re.compile(rf"[ \u200c]*(?:{_range_word()}[ \u200c]*(?P<n>\d{{4}}|\d{{2}})|و[ \u200c]*(?P<n4>\d{{4}})"
                      rf"|[،,][ \u200c]*(?P<n4c>{year}){closed})" + end)


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
                result[-1] = _calendar_after(joined, result[-1], text)
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


@cache
def _calendar_after_pattern() -> re.Pattern[str]:
    return re.compile(rf"[ \u200c]+(?P<cal>{alternation(surface_forms()['calendar'])})(?:(?<=[^\W\d_]\.[^\W\d_])\.)?"
                      r"(?![^\W_]|\u200c[^\W\d_])")


def _calendar_after(joined: Found, first: Found, text: str) -> Found:
    """«۱۳۲۳-۰۳-۲۳ ۱۲:۴۲ قمری»: a calendar marker after the time of a date belongs to the date."""
    c = first.candidate
    match = _calendar_after_pattern().match(text, joined.end)
    if match is None or c is None or "cal" in c.groups or c.rule.rule.kind not in ("numeric", "date") or joined.value is None:
        return joined
    again = resolve(replace(c, groups={**c.groups, "cal": match.group("cal")}), first.context)
    if again is None or again.value is None or not _DAY.match(again.value):
        return joined
    return replace(joined, end=match.end(), value=again.value[:10] + joined.value[10:])


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
            result[-1] = _borrow_year(result[-1], item)
        elif result and _LIST.fullmatch(text[result[-1].end : item.start]):
            result[-1] = _borrow_year(result[-1], item)  # «۵ دی و ۱۰ بهمن ۱۴۰۲»: the list shares its year
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
    kind = c.rule.rule.kind
    group = "day" if kind in _DAY_KINDS else "year" if kind in _YEAR_KINDS else "num" if kind in _COUNT_KINDS else (
        "hh" if kind == "clock" else None)
    if kind == "month":
        group = next((key for key in _MONTH_KEYS if key in c.groups), None)
    if group is None or not c.text.startswith(c.groups.get(group, "\0")):
        return None
    pattern = _left_month(group) if group in _MONTH_KEYS else _left_number(group)
    match = pattern.search(text, max(0, item.start - 40), item.start)
    if match is None or match.groupdict().get("comma"):
        return None
    first, start = match.group("n"), match.start("head")
    if group in ("day", "num", "year") and not match.group("head") and _LIST.fullmatch(text[match.end("n") : item.start]):
        # «۱۳، ۲۳ و ۲۴ دقیقه», «۱۵، ۱۸ و ۲۰ آذر»: earlier items of a rising list, joined by commas, belong to it too.
        while (more := pattern.search(text, max(0, start - 40), start)) is not None and more.group("comma") \
                and _ascending(more.group("n"), first):
            first, start = more.group("n"), more.start("head")
    groups = {**c.groups, group: first}
    if group == "num" and not _ascending(match.group("n"), c.groups["num"]):
        return None  # «۹۹-۹۸ هفته», «30-29 سال»: a range of counts goes up; this is something else
    if group == "hh":
        groups = {k: v for k, v in groups.items() if k not in ("mm", "half", "ss")}
    again = resolve(replace(c, groups=groups), item.context)
    if again is None or (again.value is None and item.value is not None):
        return None
    if group == "hh" and again.value and item.value and again.value > item.value:
        # «۱۱ تا ۱ بعد از ظهر»: the start of a range is not after its end, so it keeps its own half of the day.
        plain = resolve(replace(c, groups={k: v for k, v in groups.items() if k not in ("dp", "dp2", "ampm")}), item.context)
        again = plain if plain is not None and plain.value and plain.value <= item.value else again
    end = match.end("tail") if group in _MONTH_KEYS and match.group("tail") else match.end("n")
    return Found(start, end, again.type, again.value, None, item.context)


def _borrow_year(first: Found, second: Found) -> Found:
    """«۱۰ آذر تا ۵ دی ۱۴۰۴», «اسفند تا فروردین ۱۴۰۴»: a start without a year takes its end's, and is not after it."""
    a, b = first.candidate, second.candidate
    kinds = ("date", "datewords", "month")
    if a is None or b is None or a.rule.rule.kind not in kinds or b.rule.rule.kind not in kinds or "year" not in b.groups:
        return first
    if any(key in a.groups for key in ("year", "yearw", "rel", "same")) or second.value is None:
        return first
    if {k for k in _MONTH_KEYS if k in a.groups} != {k for k in _MONTH_KEYS if k in b.groups}:
        return first  # another calendar: its year is another number
    year = parse_int(b.groups["year"])
    if year is None:
        return first
    borrowed = {"year": b.groups["year"]} | ({"cal": b.groups["cal"]} if "cal" in b.groups else {})
    again = resolve(replace(a, groups={**a.groups, **borrowed}), first.context)
    # A start that does not exist in the end's year (30 Esfand of a common year) or falls after the end is a
    # date of the year before.
    if again is None or again.value is None or again.value[:10] > second.value[:10]:
        digits = ascii_digits(b.groups["year"])
        earlier = str(year - 1).zfill(len(digits)) if digits.isdigit() else str(year - 1)
        again = resolve(replace(a, groups={**a.groups, **borrowed, "year": earlier}), first.context)
    if again is None or again.value is None:
        return first
    return replace(first, value=again.value, type=again.type)


def _ascending(low: str, high: str) -> bool:
    first, second = parse_number(low), parse_number(high)
    return first is not None and second is not None and first < second


def _right_end(item: Found, text: str) -> Found | None:
    """«سال ۱۲۹۵ تا ۱۳۰۰», «سال جاری تا ۱۴۰۲», «دهه ۶۰ و ۷۰»: a bare year or decade after one, read the same way."""
    c = item.candidate
    if c is None:
        return None
    kind = c.rule.rule.kind
    if kind == "clock":
        return _right_clock(item, text)
    if kind == "season" and c.rule.rule.name == "season_head":
        return _right_season(item, text)
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
    key = next(name for name, value in match.groupdict().items() if value)
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
def _right_hour() -> re.Pattern[str]:
    """A range word and a bare hour after a clock time: «ساعت ۸ تا ۱۲», «از ۹:۳۰ تا ۱۱:۴۵»."""
    return re.compile(rf"[ \u200c]*{_range_word()}[ \u200c]*(?P<hh>\d{{1,2}})(?:[ \u200c]*:[ \u200c]*(?P<mm>\d{{2}}))?"
                      r"(?![\d./:٫]|[^\W_])(?P<after>[ \u200c]*[^\s\u200c]*)")


def _right_clock(item: Found, text: str) -> Found | None:
    """The bare hour ending a range of clock times is read like its start, and is not before it (۸ تا ۴ is 16:00)."""
    c = item.candidate
    match = _right_hour().match(text, item.end)
    if c is None or match is None or item.value is None or not _CLOCK.match(item.value):
        return None
    following = word_key(match.group("after").strip())
    lex = lexicon()
    # «ساعت ۸ تا ۱۰ روز», «تا ۱۰ نفر»: a number followed by a unit, a counted noun or a month is not an hour.
    if following in lex.units or following in lex.words["count_noun"] or following in lex.months:
        return None
    groups = {k: v for k, v in c.groups.items() if k not in ("mm", "half", "ss", "quarter", "cdir")}
    groups |= {"hh": match.group("hh")} | ({"mm": match.group("mm")} if match.group("mm") else {})
    # «از ۹ صبح تا ۷ شب»: the end's own part of day belongs to it (۷ شب alone could count nights, not here).
    part = _daypart_after().match(text, match.end("mm") if match.group("mm") else match.end("hh"))
    if part is not None:
        groups = {k: v for k, v in groups.items() if k not in ("dp", "dp2", "ampm")} | {"dp2": part.group("dp2"), "ranged": ""}
    end = resolve(replace(c, groups=groups), item.context)
    if end is None or end.value is None or not _CLOCK.match(end.value):
        return None
    value = end.value
    if value < item.value and int(value[1:3]) < 12:
        value = f"T{int(value[1:3]) + 12:02d}{value[3:]}"
    end_at = part.end() if part is not None else match.end("mm") if match.group("mm") else match.end("hh")
    return Found(match.start("hh"), end_at, "TIME", value, c, item.context)


@cache
def _season_after() -> re.Pattern[str]:
    return re.compile(rf"[ \u200c]*(?:و|،|,)[ \u200c]*(?P<season>{alternation(surface_forms()['season'])})(?![^\W_]|\u200c[^\W\d_])")


def _right_season(item: Found, text: str) -> Found | None:
    """«فصل بهار و تابستان»: a second season after one with its head noun is read the same way (a list item)."""
    c = item.candidate
    match = _season_after().match(text, item.end)
    if c is None or match is None:
        return None
    end = resolve(replace(c, groups={**c.groups, "season": match.group("season")}), item.context)
    if end is None or end.value is None:
        return None
    return Found(match.start("season"), match.end(), "DATE", end.value, c, item.context)


@cache
def _daypart_after() -> re.Pattern[str]:
    return re.compile(rf"[ \u200c]+(?P<dp2>{alternation(surface_forms()['daypart'])})(?![^\W_]|\u200c[^\W\d_])")


@cache
def _right_decade() -> re.Pattern[str]:
    """A range word, و or a comma and a bare decade after a decade: «دهه ۶۰ تا ۸۰», «دهه ۶۰، ۷۰ و ۸۰»."""
    return re.compile(rf"[ \u200c]*(?:{_range_word()}|و|،|,)[ \u200c]*(?P<n>\d{{2}}|\d{{4}})(?P<n4>)?(?![\d./:٫]|[^\W_])")


def _plausible_year(digits: str) -> bool:
    """Whether a bare number after a year can be a year of news (1300s Jalali, 1800-2099, or two digits)."""
    value = int(ascii_digits(digits))
    return len(digits) == 2 or 1300 <= value < 1500 or 1800 <= value < 2100
