"""Publication dates as ISO YYYY-MM-DD, from ISO, RFC 2822 or Jalali input, in any digits."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

import jdatetime

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
# Years below this are read as Jalali (the Jalali year 1404 is 2025/26).
_JALALI_YEAR_LIMIT = 1700
_EARLIEST_YEAR = 1900
_LATEST_AHEAD = dt.timedelta(days=366)
# Time zones and clock skew put fresh articles a day or two ahead.
_FUTURE_GRACE = dt.timedelta(days=2)


class DateError(ValueError):
    """A date that cannot be read; the message says what was expected."""


def parse_published(value: str) -> tuple[str, list[str]]:
    """ISO date of a publication date string, and notes on how it was read."""
    text = value.strip().translate(_DIGITS)
    match = _YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if year < _JALALI_YEAR_LIMIT:
            return _from_jalali(year, month, day, value), [f"Jalali date {value!r} converted to Gregorian"]
        return _gregorian(year, month, day, value), []
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat(), []
    raise DateError(f"unreadable date {value!r}; expected YYYY-MM-DD (Gregorian or Jalali) or an RFC 2822 date")


def _gregorian(year: int, month: int, day: int, original: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise DateError(f"impossible date {original!r}: {exc}") from exc


def _from_jalali(year: int, month: int, day: int, original: str) -> str:
    try:
        return jdatetime.date(year, month, day).togregorian().isoformat()
    except ValueError as exc:
        raise DateError(f"impossible Jalali date {original!r}: {exc}") from exc


def plausibility(iso: str, today: dt.date | None = None) -> tuple[str | None, bool]:
    """A warning about an odd publication date (or None), and whether to keep the date."""
    date = dt.date.fromisoformat(iso)
    today = today or dt.date.today()
    # Placeholders (0001-01-01, 9999-12-31) and typos would anchor relative time expressions centuries
    # away and sort the article first or last forever: such a date is dropped, not kept.
    if date.year < _EARLIEST_YEAR:
        return f"publication date {iso} is before {_EARLIEST_YEAR}, not a news date", False
    if date > today + _LATEST_AHEAD:
        return f"publication date {iso} is more than a year in the future, not a news date", False
    if date > today + _FUTURE_GRACE:
        return f"publication date {iso} is in the future", True
    return None, True
