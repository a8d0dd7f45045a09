"""Turn a matched time expression into a TIMEX3 type and value, relative to an anchor date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from rasad.timex.calendars import (
    add_months,
    day_value,
    expand_two_digit_year,
    from_date,
    month_value,
    nearest_year,
    to_date,
    week_value,
    year_value,
)
from rasad.timex.grammar import Candidate
from rasad.timex.lexicon import lexicon, word_key
from rasad.timex.numbers import ascii_digits, parse_int, parse_number

_DURATION_UNITS = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "TH", "MIN": "TM", "S": "TS"}
_SET_UNITS = {"Y": "P1Y", "M": "P1M", "W": "P1W", "D": "P1D", "DE": "P10Y", "CE": "P100Y", "H": "PT1H", "MIN": "PT1M"}


@dataclass(frozen=True, slots=True)
class Resolution:
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Context:
    """What the sentence says about the expression: the anchor date and whether it speaks of the future."""

    anchor: dt.date | None
    future: bool = False


class Reject(Exception):
    """The match is a lookalike, not a time expression."""


def _word(cls: str, text: str):
    return lexicon().words[cls][word_key(text)]


def _month(groups: dict[str, str]) -> tuple[str, int] | None:
    """(calendar, month number) of the month the match names, if any."""
    for key in ("jm", "gm", "hm", "sm"):
        if key in groups:
            month = lexicon().months[word_key(groups[key])]
            return month.calendar, month.number
    return None


def _calendar_marker(groups: dict[str, str]) -> str | None:
    return _word("calendar", groups["cal"]) if "cal" in groups else None


def _year(groups: dict[str, str], calendar: str | None, anchor: dt.date | None) -> tuple[str, int] | None:
    """(calendar, year) of an explicit year, deciding the calendar from markers, the month or the number."""
    raw = groups["year"]
    digits = ascii_digits(raw)
    number = parse_int(raw)
    if number is None:
        raise Reject
    marker = _calendar_marker(groups)
    if marker == "bc":
        return "bc", number
    cal = marker or calendar
    if cal is None:
        # As for numeric dates: 1200-1499 is a Jalali year in Persian text unless marked (۱۲۹۵ is 1916).
        cal = "jalali" if 1200 <= number < 1500 or (digits.isdigit() and len(digits) == 2) else "gregorian"
    if digits.isdigit() and len(digits) == 2:
        number = expand_two_digit_year(cal, number, anchor)
    return cal, number


def _relative_year(groups: dict[str, str], calendar: str, anchor: dt.date | None) -> int | None:
    """The year meant by امسال / سال گذشته / جاری after a month name, in the month's calendar."""
    if anchor is None:
        return None
    # همان سال is the year of the anchor it is given: the last explicit date before it (extract.py).
    offset = 0 if "same" in groups else _word("year", groups["yearw"]) if "yearw" in groups else _word("relafter", groups["rel"])
    return from_date(calendar, anchor)[0] + offset


def _with_daypart(value: str | None, groups: dict[str, str]) -> Resolution:
    part = groups.get("dp") or groups.get("dp2")
    if part is None:
        return Resolution("DATE", value)
    code = _word("daypart", part)
    return Resolution("TIME", None if value is None else f"{value}T{code}")


def resolve_numeric(c: Candidate, ctx: Context) -> Resolution:
    a, b, day = (int(ascii_digits(c.groups[k])) for k in ("a", "b", "c"))
    month = b
    year_text = ascii_digits(c.groups["a"])
    if month > 12 and day <= 12:  # month-first (11.19.2016)
        month, day = day, month
    marker = _calendar_marker(c.groups)
    if len(year_text) == 2:
        calendar = marker or "jalali"
        year = expand_two_digit_year(calendar, a, ctx.anchor)
    else:
        calendar = marker or ("jalali" if 1200 <= a < 1500 else "gregorian")
        year = a
    if calendar == "bc" or not 1 <= month <= 12:
        raise Reject
    date = to_date(calendar, year, month, day)
    if date is None:
        raise Reject
    return Resolution("DATE", day_value(date))


def resolve_date(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    calendar, month = _month(g) or ("gregorian", 0)
    day = parse_int(g["day"])
    if day is None or not 1 <= day <= 31:
        raise Reject
    if "sm" in g and not ("year" in g or "yearw" in g or "rel" in g or _strict_follow_ok(c)):
        raise Reject
    year: int | None
    if "year" in g:
        calendar, year = _year(g, calendar, ctx.anchor)
        if calendar == "bc":
            raise Reject
    elif "yearw" in g or "same" in g or ("rel" in g and "سال" in c.text):
        year = _relative_year(g, calendar, ctx.anchor)
    elif "rel" in g:  # ۱۱ می آتی: the next (or last) such month
        year = _month_year_by_rel(calendar, month, _word("relafter", g["rel"]), ctx.anchor)
    else:
        year = nearest_year(calendar, month, day, ctx.anchor) if ctx.anchor else None
    if year is None:
        if to_date(calendar, 1404 if calendar == "jalali" else 2024, month, day) is None:
            raise Reject
        return _with_daypart(None, g)
    date = to_date(calendar, year, month, day)
    if date is None:
        raise Reject
    return _with_daypart(day_value(date), g)


def resolve_datethis(c: Candidate, ctx: Context) -> Resolution:
    """پنجم همین ماه, ۱۵ ماه جاری: a day of the anchor's Jalali month (۱۵ ماه گذشته is fifteen months)."""
    g = c.groups
    day = parse_int(g["day"])
    if day is None or not 1 <= day <= 31:
        raise Reject
    if ctx.anchor is None:
        return _with_daypart(None, g)
    year, month, _ = from_date("jalali", ctx.anchor)
    date = to_date("jalali", year, month, day)
    if date is None:
        raise Reject
    return _with_daypart(day_value(date), g)


def resolve_datewords(c: Candidate, ctx: Context) -> Resolution:
    """A day in cardinal words (بیست و دو مهر) needs ماه, a year or a weekday: "سه تیر" is more often three bullets."""
    if "year" not in c.groups and "wd" not in c.groups and not c.text.endswith("ماه"):
        raise Reject
    return resolve_date(c, ctx)


def _strict_follow_ok(c: Candidate) -> bool:
    """A strict month name (می, مه) with only a day before it needs punctuation or a harmless word after it."""
    following = c.after.strip()
    if not following or not following[0].isalnum():
        return True
    word = following.rstrip("،,.؛:!?؟»)")
    return word_key(word) in lexicon().words["strict_follow"]


def resolve_month(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    found = _month(g)
    if found is None:
        raise Reject
    calendar, month = found
    if "year" in g:
        if "sm" in g and len(ascii_digits(g["year"])) == 2:
            raise Reject  # "مه ۱۰" is more likely fog than May '10
        calendar, year = _year(g, calendar, ctx.anchor)
        if calendar == "bc":
            raise Reject
        return Resolution("DATE", month_value(calendar, year, month))
    if ctx.anchor is None:
        return Resolution("DATE", None)
    if "yearw" in g or "same" in g or ("rel" in g and "سال" in c.text):
        year = _relative_year(g, calendar, ctx.anchor)
        assert year is not None
        return Resolution("DATE", month_value(calendar, year, month))
    if "rel" in g:  # مارس گذشته: the last (or next) such month
        year = _month_year_by_rel(calendar, month, _word("relafter", g["rel"]), ctx.anchor)
        return Resolution("DATE", None if year is None else month_value(calendar, year, month))
    year = nearest_year(calendar, month, 15, ctx.anchor)
    return Resolution("DATE", None if year is None else month_value(calendar, year, month))


def _month_year_by_rel(calendar: str, month: int, offset: int, anchor: dt.date | None) -> int | None:
    """The year of the last (offset < 0), current (0) or next (offset > 0) occurrence of a month."""
    if anchor is None:
        return None
    year, current = from_date(calendar, anchor)[:2]
    if offset < 0 and month >= current:
        year -= 1
    elif offset > 0 and month < current:
        year += 1
    return year


def resolve_weekday(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    weekday = lexicon().weekdays[word_key(g["wd"])]
    anchor = ctx.anchor
    if anchor is None:
        return _with_daypart(None, g)
    if "dayd" in g:  # امروز دوشنبه: the deictic word decides
        date = anchor + dt.timedelta(days=_word("day", g["dayd"]))
    elif "wrel" in g:  # چهارشنبه هفته بعد: that day of the previous/next Persian week (Saturday first)
        week_start = anchor - dt.timedelta(days=(anchor.isoweekday() - 6) % 7)
        offset = _word("relafter", g["wrel"])
        date = week_start + dt.timedelta(days=7 * offset + (weekday - 6) % 7)
    elif "rel" in g and _word("relafter", g["rel"]) != 0:
        if _word("relafter", g["rel"]) < 0:
            date = anchor - dt.timedelta(days=(anchor.isoweekday() - weekday) % 7 or 7)
        else:
            date = anchor + dt.timedelta(days=(weekday - anchor.isoweekday()) % 7 or 7)
    elif ctx.future:
        date = anchor + dt.timedelta(days=(weekday - anchor.isoweekday()) % 7)
    else:
        date = anchor - dt.timedelta(days=(anchor.isoweekday() - weekday) % 7)
    if "hh" in g:  # ۱۷ غروب جمعه, ۵ عصر شنبه: an hour in the weekday's part of day
        try:
            return Resolution("TIME", day_value(date) + str(_clock_value(int(ascii_digits(g["hh"])), 0, None, g).value))
        except Reject:
            pass  # ۳۰ صبح جمعه: no such hour; the weekday and its part of day still stand
    return _with_daypart(day_value(date), g)


def resolve_deictic(c: Candidate, ctx: Context) -> Resolution:
    if ctx.anchor is None:
        return _with_daypart(None, c.groups)
    date = ctx.anchor + dt.timedelta(days=_word("day", c.groups["dayd"]))
    return _with_daypart(day_value(date), c.groups)


def resolve_night(c: Candidate, ctx: Context) -> Resolution:
    if ctx.anchor is None:
        return Resolution("TIME", None)
    date = ctx.anchor + dt.timedelta(days=_word("night", c.groups["night"]))
    return Resolution("TIME", f"{day_value(date)}TNI")


def resolve_year(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    if "ycue" in g:
        digits = ascii_digits(g["year"])
        # After a cue a four-digit number is a year only in the ranges news years fall in.
        if len(digits) < _word("year_cue", g["ycue"]) or (len(digits) == 4 and not (
                1300 <= int(digits) < 1500 or 1800 <= int(digits) < 2100)):
            raise Reject
        following = word_key(c.after.strip().rstrip("،,.؛:!?؟»)"))
        if following in lexicon().words["count_noun"]:
            raise Reject  # بودجه ۱۴۰۰ میلیارد: a count after the cue, not a year
        # A year several words after its cue (جام ملت های آسیا ۲۰۱۴) ends the name: only a function word may follow.
        if "ygap" in g and following[:1].isalpha() and following not in lexicon().words["year_follow"]:
            raise Reject
    if "yearw" in g:
        if ctx.anchor is None:
            return Resolution("DATE", None)
        return Resolution("DATE", f"{ctx.anchor.year + _word('year', g['yearw']):04d}")
    digits = ascii_digits(g["year"])
    if c.rule.rule.name == "year_since" and len(digits) == 4 and not (1300 <= int(digits) < 1500 or 1800 <= int(digits) < 2100):
        raise Reject  # از ۱۰۰۰ تا ۲۰۰۰: counts, not years
    if c.rule.rule.name == "year_superlative" and not (1300 <= int(digits) <= 1450 or 1900 <= int(digits) <= 2100):
        raise Reject  # with no cue word only a number in the years of news is taken for a year
    calendar, year = _year(g, None, ctx.anchor)
    if calendar == "bc":
        return Resolution("DATE", f"BC{year:04d}")
    return Resolution("DATE", year_value(calendar, year))


def _unit(text: str) -> str:
    return lexicon().units[word_key(text)][0]


def _shift(unit: str, anchor: dt.date, offset: int) -> str:
    """The calendar period `offset` units away from the anchor's, at that unit's granularity."""
    if unit == "D":
        return day_value(anchor + dt.timedelta(days=offset))
    if unit == "W":
        return week_value(anchor + dt.timedelta(weeks=offset))
    if unit == "M":
        year, month = add_months(anchor.year, anchor.month, offset)
        return f"{year:04d}-{month:02d}"
    if unit == "Y":
        return f"{anchor.year + offset:04d}"
    if unit == "DE":
        return f"{(anchor.year + 10 * offset) // 10:03d}"
    if unit == "CE":
        return f"{(anchor.year + 100 * offset) // 100:02d}"
    return day_value(anchor)  # hours ago: the day is all the anchor can tell


def _other_period(c: Candidate) -> bool:
    """سال تحصیلی, پایان سال ۶۶۸ پرونده, آغاز هفته دهم: the unit is not the anchor's calendar period."""
    following = c.after.strip()
    if word_key(following) in lexicon().words["period_after"]:
        return True
    return c.rule.rule.name == "part_unit" and bool(following) and (following[0].isdigit() or parse_int(following) is not None)


def resolve_this(c: Candidate, ctx: Context) -> Resolution:
    if _other_period(c):
        raise Reject
    if ctx.anchor is None:
        return Resolution("DATE", None)
    return Resolution("DATE", _shift(_unit(c.groups["unit"]), ctx.anchor, 0))


def resolve_pluralrel(c: Candidate, ctx: Context) -> Resolution:
    """سال‌های اخیر, روزهای آینده: an unbounded stretch before or after the anchor."""
    offset = _word("relafter", c.groups["rel"])
    if offset == 0:
        raise Reject
    return Resolution("DATE", "PAST_REF" if offset < 0 else "FUTURE_REF")


def resolve_unitrel(c: Candidate, ctx: Context) -> Resolution:
    unit = _unit(c.groups["unit"])
    if _other_period(c):
        raise Reject
    # روز بعد / روز قبل are "the next / previous day" of the story, not of the article (روز گذشته is a word).
    if unit not in ("W", "M", "Y", "DE", "CE"):
        raise Reject
    if ctx.anchor is None:
        return Resolution("DATE", None)
    return Resolution("DATE", _shift(unit, ctx.anchor, _word("relafter", c.groups["rel"])))


def _duration_value(count: float | None, unit: str) -> str:
    if count is None:
        return "PX" + {"DE": "DE", "CE": "CE"}.get(unit, _DURATION_UNITS.get(unit, unit).lstrip("T"))
    if unit in ("DE", "CE"):
        count, unit = count * (10 if unit == "DE" else 100), "Y"
    number = f"{count:g}"
    designator = _DURATION_UNITS[unit]
    return f"PT{number}{designator[1:]}" if designator.startswith("T") else f"P{number}{designator}"


def _count(c: Candidate) -> float | None:
    """The count of a duration; None for vague ones (چند, چندین, دو سه)."""
    text = c.groups["num"]
    if parse_number(text) == 1 and _unit(c.groups["unit"]) == "D" and c.text == c.groups["num"] + " " + c.groups["unit"]:
        raise Reject  # یک روز, یه روزی: as often "one day, some day" as a length of time
    if word_key(text) in ("چند", "چندین"):
        return None
    value = parse_number(text)
    if value is None and all(parse_int(word) for word in text.split()):
        return None  # دو سه سال: two or three years, a vague count
    if value is None or value <= 0:
        raise Reject
    return value


def resolve_duration(c: Candidate, ctx: Context) -> Resolution:
    count = _count(c)
    text = c.text
    if count is not None and text.rstrip().endswith("نیم") and count == int(count):
        count += 0.5  # "سه سال و نیم": the half follows the unit
    return Resolution("DURATION", _duration_value(count, _unit(c.groups["unit"])))


def resolve_countdir(c: Candidate, ctx: Context) -> Resolution:
    direction = _word("countdir", c.groups["dir"])
    unit = _unit(c.groups["unit"])
    if direction != "span" and word_key(c.after.strip()) == "از":
        raise Reject  # سه روز پیش از انتخابات: anchored at an event; the duration rule keeps "سه روز"
    count = _count(c)
    if count is not None and "half" in c.groups:
        count += 0.5  # یک ساعت و نیم پیش
    if direction == "span":
        return Resolution("DURATION", _duration_value(count, unit))
    if count is None:
        return Resolution("DATE", "PAST_REF" if direction == "ago" else "FUTURE_REF")
    if ctx.anchor is None:
        return Resolution("DATE", None)
    if unit in ("H", "MIN", "S"):
        return Resolution("DATE", day_value(ctx.anchor))  # hours ago: the day is all the anchor can tell
    if count != int(count):
        return Resolution("DATE", "PAST_REF" if direction == "ago" else "FUTURE_REF")
    offset = int(count) * (-1 if direction == "ago" else 1)
    try:
        return Resolution("DATE", _shift(unit, ctx.anchor, offset))
    except (OverflowError, ValueError):
        return Resolution("DATE", "PAST_REF" if direction == "ago" else "FUTURE_REF")


def _clock_value(hour: int, minute: int, second: int | None, groups: dict[str, str]) -> Resolution:
    """THH:MM(:SS), moved to the afternoon by a part of day or p.m. after it."""
    if not (0 <= hour <= 24 and 0 <= minute <= 59 and (second is None or 0 <= second <= 59)):
        raise Reject
    part = groups.get("dp") or groups.get("dp2")
    code = _word("daypart", part) if part else None
    meridiem = _word("meridiem", groups["ampm"]) if "ampm" in groups else None
    # ساعت ۹ شب is 21:00 but ساعت ۲ شب is 02:00: the small hours of a night are the next morning's.
    if (code in ("AF", "EV") or (code == "NI" and hour >= 5) or meridiem == "PM") and hour < 12:
        hour += 12
    if (code == "NI" and hour == 24) or (meridiem == "AM" and hour == 12):
        hour = 0
    seconds = "" if second is None else f":{second:02d}"
    return Resolution("TIME", f"T{hour % 24:02d}:{minute:02d}{seconds}")


def resolve_clock(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    if c.rule.rule.name == "clock_daypart" and word_key(g.get("dp2", "")) == "شب" and "ranged" not in g:
        raise Reject  # "۳ شب و ۴ روز" counts nights; a night hour is written with ساعت
    hour = parse_int(g["hh"])
    minute = 30 if "half" in g else parse_int(g["mm"]) if "mm" in g else 0
    second = parse_int(g["ss"]) if "ss" in g else None
    if hour is None or minute is None or ("ss" in g and second is None):
        raise Reject
    return _clock_value(hour, minute, second, g)


def resolve_clockoffset(c: Candidate, ctx: Context) -> Resolution:
    """Minutes before or after an hour: یک ربع به هفت (06:45), ۵ دقیقه بعد از ساعت ۱۱ (11:05)."""
    g = c.groups
    hour = parse_int(g["hh"])
    minutes = 15 if "quarter" in g else parse_int(g["mm"])
    if hour is None or minutes is None or not 0 < minutes < 60 or not 0 <= hour <= 24:
        raise Reject
    total = hour * 60 + minutes * _word("clockdir", g["cdir"])
    return _clock_value(total // 60 % 24, total % 60, None, g)


def resolve_decade(c: Candidate, ctx: Context) -> Resolution:
    """دهه ۶۰ (the Jalali 1360s), دهه ۱۹۹۰, دهه نود میلادی: TIMEX3 decade YYY of the decade's first year."""
    g = c.groups
    number = parse_int(g["decade"])
    if number is None or number % 10 or not (10 <= number < 100 or 1000 <= number < 2100):
        raise Reject
    marker = _calendar_marker(g)
    if marker == "bc":
        raise Reject
    if number < 100:
        # A two-digit decade is one that has begun: دهه ۹۰ in 1404 is the 1390s, دهه ۱۰ the 1310s.
        calendar = marker or "jalali"
        reference = from_date(calendar, ctx.anchor)[0] if ctx.anchor else {"jalali": 1400}.get(calendar, 2020)
        number += reference // 100 * 100
        if number > reference:
            number -= 100
    else:
        calendar = marker or ("jalali" if 1300 <= number < 1500 else "gregorian")
    date = to_date(calendar, number, 1, 1) if calendar != "gregorian" else dt.date(number, 1, 1)
    if date is None:
        raise Reject
    return Resolution("DATE", f"{date.year // 10:03d}")


def resolve_century(c: Candidate, ctx: Context) -> Resolution:
    """قرن نوزدهم (18), قرن ششم هجری (the Gregorian century of its middle year); unmarked centuries are Gregorian."""
    g = c.groups
    number = parse_int(g["cent"])
    if number is None or not 1 <= number <= 21:
        raise Reject
    calendar = _calendar_marker(g) or "gregorian"
    if calendar == "bc":
        return Resolution("DATE", f"BC{number - 1:02d}")
    if calendar == "gregorian":
        return Resolution("DATE", f"{number - 1:02d}")
    date = to_date(calendar, (number - 1) * 100 + 50, 1, 1)
    if date is None:
        raise Reject
    return Resolution("DATE", f"{date.year // 100:02d}")


def resolve_segment(c: Candidate, ctx: Context) -> Resolution:
    """نیمه دوم سال (YYYY-H2), سه ماهه نخست امسال (YYYY-Q1): halves and quarters of a year."""
    g = c.groups
    code = _word("segment", g["seg"])
    number = parse_int(g["ord"])
    if number is None or not 1 <= number <= (2 if code == "H" else 4):
        raise Reject
    gregorian = _year_of_part(g, ctx)
    return Resolution("DATE", None if gregorian is None else f"{gregorian}-{code}{number}")


def resolve_holiday(c: Candidate, ctx: Context) -> Resolution:
    """A fixed-day holiday: in the year given, else the occurrence nearest the anchor."""
    g = c.groups
    if word_key(c.after.strip()) == "را":
        raise Reject  # عاشورا را گرامی بدارند: the occasion as an object, not a time
    holiday = lexicon().holidays[word_key(g["hol"])]
    calendar = holiday.calendar
    if "year" in g:
        calendar, year = _year(g, calendar, ctx.anchor)
        if calendar == "bc":
            raise Reject
    elif "yearw" in g or "rel" in g:
        year = _relative_year(g, calendar, ctx.anchor)
    else:
        year = nearest_year(calendar, holiday.month, holiday.day, ctx.anchor) if ctx.anchor else None
    if year is None:
        return _with_daypart(None, g)
    date = to_date(calendar, year, holiday.month, holiday.day)
    if date is None:
        raise Reject
    return _with_daypart(day_value(date), g)


def resolve_season(c: Candidate, ctx: Context) -> Resolution:
    g = c.groups
    code = _word("season", g["season"])
    if not ("year" in g or "yearw" in g or "rel" in g):
        return Resolution("DATE", _nearest_season(code, ctx.anchor))
    gregorian = _year_of_part(g, ctx)
    return Resolution("DATE", None if gregorian is None else f"{gregorian}-{code}")


# The middle Jalali month of each season (spring is Farvardin to Khordad).
_SEASON_MIDDLE = {"SP": 2, "SU": 5, "FA": 8, "WI": 11}


def _nearest_season(code: str, anchor: dt.date | None) -> str | None:
    """فصل بهار with no year: the season of the Jalali year whose middle is nearest the anchor (as for a bare month)."""
    if anchor is None:
        return None
    year = nearest_year("jalali", _SEASON_MIDDLE[code], 15, anchor)
    return None if year is None else f"{year_value('jalali', year)}-{code}"


def resolve_dayofyear(c: Candidate, ctx: Context) -> Resolution:
    """روز پنجم سال ۱۳۵۴ ه.ق., چهل و هفتمین روز امسال: a day counted from the first of a year (Jalali unless marked)."""
    g = c.groups
    number = parse_int(g["ord"])
    if number is None or not 1 <= number <= 366 or word_key(c.after.strip()) in lexicon().words["period_after"]:
        raise Reject
    if "year" in g:
        calendar, year = _year(g, None, ctx.anchor)
        if calendar == "bc":
            raise Reject
    elif ctx.anchor is None:
        return Resolution("DATE", None)
    else:
        calendar = "jalali"
        offset = _word("year", g["yearw"]) if "yearw" in g else _word("relafter", g["rel"]) if "rel" in g else 0
        year = from_date(calendar, ctx.anchor)[0] + offset
    first, last = to_date(calendar, year, 1, 1), to_date(calendar, year + 1, 1, 1)
    if first is None or last is None or number > (last - first).days:
        raise Reject
    return Resolution("DATE", day_value(first + dt.timedelta(days=number - 1)))


def _year_of_part(g: dict[str, str], ctx: Context) -> str | None:
    """The Gregorian year of a season, half or quarter: the year written, else the anchor's Jalali year ± offset."""
    if "year" in g:
        calendar, year = _year(g, None, ctx.anchor)
        if calendar == "bc":
            raise Reject
        return year_value(calendar, year)
    if ctx.anchor is None:
        return None
    # A bare سال is the current year; Persian news counts seasons, halves and quarters of the Jalali year.
    offset = _word("year", g["yearw"]) if "yearw" in g else _word("relafter", g["rel"]) if "rel" in g else 0
    return year_value("jalali", from_date("jalali", ctx.anchor)[0] + offset)


def resolve_daypart(c: Candidate, ctx: Context) -> Resolution:
    """A part of day on its own (صبح, بعد از ظهر): which day is not said, so the value is the part alone."""
    if "dpb" in c.groups:
        return Resolution("TIME", f"T{_word('daypart_bare', c.groups['dpb'])}")
    return Resolution("TIME", f"T{_word('daypart_alone', c.groups['dpa'])}")


def resolve_every(c: Candidate, ctx: Context) -> Resolution:
    if "wd" in c.groups:
        part = f"T{_word('daypart', c.groups['dp2'])}" if "dp2" in c.groups else ""
        return Resolution("SET", f"XXXX-WXX-{lexicon().weekdays[word_key(c.groups['wd'])]}{part}")
    if "dpb" in c.groups:  # هر صبح: every morning
        return Resolution("SET", f"XXXX-XX-XXT{_word('daypart_bare', c.groups['dpb'])}")
    return Resolution("SET", _SET_UNITS[_unit(c.groups.get("unit") or c.groups["unit2"])])


RESOLVERS: dict[str, Callable[[Candidate, Context], Resolution]] = {
    "numeric": resolve_numeric,
    "date": resolve_date,
    "datewords": resolve_datewords,
    "datethis": resolve_datethis,
    "month": resolve_month,
    "weekday": resolve_weekday,
    "deictic": resolve_deictic,
    "night": resolve_night,
    "year": resolve_year,
    "this": resolve_this,
    "unitrel": resolve_unitrel,
    "pluralrel": resolve_pluralrel,
    "countdir": resolve_countdir,
    "duration": resolve_duration,
    "clock": resolve_clock,
    "clockoffset": resolve_clockoffset,
    "decade": resolve_decade,
    "century": resolve_century,
    "segment": resolve_segment,
    "holiday": resolve_holiday,
    "season": resolve_season,
    "every": resolve_every,
    "daypart": resolve_daypart,
    "dayofyear": resolve_dayofyear,
}


def resolve(c: Candidate, ctx: Context) -> Resolution | None:
    """The TIMEX3 type and value of a candidate, or None when it is a lookalike."""
    try:
        return RESOLVERS[c.rule.rule.kind](c, ctx)
    except Reject:
        return None
    except (OverflowError, ValueError):
        # Calendar arithmetic ran off the calendar (an anchor near year 1 or 9999): keep the expression unresolved.
        return Resolution(c.rule.rule.type, None)
