"""Calendar arithmetic: Jalali (via jdatetime), tabular Hijri, and TIMEX3 value formatting."""

from __future__ import annotations

import datetime as dt

import jdatetime

# Julian day number of 1 Muharram AH 1 in the civil (Friday) epoch of the tabular Islamic calendar.
_HIJRI_EPOCH = 1948440
_JDN_OF_ORDINAL_1 = 1721426  # date(1, 1, 1).toordinal() == 1 is JDN 1721426


def jalali_to_date(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Jalali date, or None if there is no such day (31 Mehr, 30 Esfand 1403)."""
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def date_to_jalali(date: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=date)
    return j.year, j.month, j.day


def jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def hijri_to_date(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Hijri date in the tabular calendar (observed dates may differ by a day or two)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        return None
    if day == 30 and _hijri_month_length(year, month) < 30:
        return None
    jdn = day + -(-(59 * (month - 1)) // 2) + (year - 1) * 354 + (3 + 11 * year) // 30 + _HIJRI_EPOCH - 1
    return dt.date.fromordinal(jdn - _JDN_OF_ORDINAL_1 + 1)


def _hijri_month_length(year: int, month: int) -> int:
    if month % 2 == 1:
        return 30
    if month == 12 and (14 + 11 * year) % 30 < 11:
        return 30
    return 29


def date_to_hijri(date: dt.date) -> tuple[int, int, int]:
    """The tabular Hijri date of a Gregorian date."""
    jdn = date.toordinal() - 1 + _JDN_OF_ORDINAL_1
    year = (30 * (jdn - _HIJRI_EPOCH) + 10646) // 10631
    month = 1
    while month < 12:
        start = hijri_to_date(year, month + 1, 1)
        if start is None or start > date:
            break
        month += 1
    first = hijri_to_date(year, month, 1)
    assert first is not None
    return year, month, (date - first).days + 1


def to_date(calendar: str, year: int, month: int, day: int) -> dt.date | None:
    """A date of any supported calendar as a Gregorian date, or None if it does not exist."""
    if calendar == "jalali":
        return jalali_to_date(year, month, day)
    if calendar == "hijri":
        return hijri_to_date(year, month, day)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def from_date(calendar: str, date: dt.date) -> tuple[int, int, int]:
    """A Gregorian date in the given calendar."""
    if calendar == "jalali":
        return date_to_jalali(date)
    if calendar == "hijri":
        return date_to_hijri(date)
    return date.year, date.month, date.day


def month_value(calendar: str, year: int, month: int) -> str | None:
    """A month as a TIMEX3 YYYY-MM: a Jalali or Hijri month is named by the Gregorian month of its 15th day."""
    date = to_date(calendar, year, month, 1 if calendar == "gregorian" else 15)
    return None if date is None else f"{date.year:04d}-{date.month:02d}"


def year_value(calendar: str, year: int) -> str | None:
    """A year as a TIMEX3 YYYY: a Jalali or Hijri year is named by the Gregorian year of its middle."""
    if calendar == "gregorian":
        return f"{year:04d}" if 0 < year < 10000 else None
    date = to_date(calendar, year, 7 if calendar == "jalali" else 6, 1)
    return None if date is None else f"{date.year:04d}"


def day_value(date: dt.date) -> str:
    return date.isoformat()


def week_value(date: dt.date) -> str:
    """The ISO week of a date, TIMEX3 style: 2025-W51."""
    iso = date.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def nearest_year(calendar: str, month: int, day: int, anchor: dt.date) -> int | None:
    """The year that puts (month, day) of `calendar` closest to the anchor (news dates without a year)."""
    anchor_year = from_date(calendar, anchor)[0]
    # A leap day (30 Esfand, 29 February) exists only in some years: look further out for the nearest one.
    for reach in (1, 4):
        best: tuple[int, int] | None = None
        for year in range(anchor_year - reach, anchor_year + reach + 1):
            date = to_date(calendar, year, month, day)
            if date is None:
                continue
            distance = abs((date - anchor).days)
            if best is None or distance < best[0]:
                best = (distance, year)
        if best is not None:
            return best[1]
    return None


def expand_two_digit_year(calendar: str, short: int, anchor: dt.date | None) -> int:
    """A two-digit year (۹۲, 95) in the century that puts it nearest the anchor's year."""
    reference = from_date(calendar, anchor)[0] if anchor else {"jalali": 1400, "hijri": 1445}.get(calendar, 2020)
    century = reference // 100 * 100
    candidates = [century - 100 + short, century + short, century + 100 + short]
    return min(candidates, key=lambda year: abs(year - reference))
