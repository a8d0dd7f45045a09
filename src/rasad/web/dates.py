"""Dates for Persian readers: Jalali in Persian digits beside the Gregorian ISO form."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import jdatetime
from markupsafe import Markup, escape

JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
                 "اسفند")  # fmt: skip
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def fa_digits(value: object) -> str:
    """The value as text with Persian digits (thousands grouped for integers)."""
    text = f"{value:,}".replace(",", "٬") if isinstance(value, int) else str(value)
    return text.translate(_FA_DIGITS)


def _jalali(day: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


def jalali(value: str | None) -> str | None:
    """The Jalali form of an ISO date, month (a span of Jalali months) or year; None for other values."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            j = _jalali(dt.date(int(m[1]), int(m[2]), int(m[3])))
            return fa_digits(f"{j.day} {JALALI_MONTHS[j.month - 1]} {j.year}")
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            first = _jalali(dt.date(year, month, 1))
            last = _jalali(dt.date(year, month, calendar.monthrange(year, month)[1]))
            if first.year == last.year:
                return fa_digits(f"{JALALI_MONTHS[first.month - 1]}–{JALALI_MONTHS[last.month - 1]} {first.year}")
            return fa_digits(f"{JALALI_MONTHS[first.month - 1]} {first.year}–{JALALI_MONTHS[last.month - 1]} {last.year}")
        if m := _YEAR.match(value):
            year = int(m[1])
            return fa_digits(f"{_jalali(dt.date(year, 1, 1)).year}–{_jalali(dt.date(year, 12, 31)).year}")
    except ValueError:
        return None
    return None


def dual_date(value: str | None) -> Markup:
    """Jalali and Gregorian side by side; values that are not calendar dates are shown as they are."""
    if not value:
        return Markup('<span class="date muted">بی‌تاریخ</span>')
    shown = jalali(value)
    gregorian = Markup('<bdi class="greg" dir="ltr">{}</bdi>').format(value)
    if shown is None:
        return Markup('<span class="date">{}</span>').format(gregorian)
    return Markup('<span class="date"><span class="jalali">{}</span> {}</span>').format(shown, gregorian)


__all__ = ["dual_date", "escape", "fa_digits", "jalali"]
