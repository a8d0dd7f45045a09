"""Round trip: random dates written in every supported Persian form read back to the same value."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang import data_rows
from rasad.timex import find_timexes
from rasad.timex.calendars import date_to_hijri, date_to_jalali
from rasad.stages.tokenize import split_sentences

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DIGIT_SETS = st.sampled_from([str.maketrans("", ""), PERSIAN, ARABIC_INDIC])
# Joins the parts of a multi-part name as an edited, a ZWNJ-less or a space-separated text would.
JOINERS = st.sampled_from(["\u200c", "", " "])
DATES = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2090, 12, 31))
ONES = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "سیزده",
        "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]  # fmt: skip
TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]


def words(n: int) -> str:
    """A number below 10,000 in Persian words, independently of the parser under test."""
    parts = []
    if n >= 1000:
        parts.append(("" if n // 1000 == 1 else ONES[n // 1000] + " ") + "هزار")
        n %= 1000
    if n >= 100:
        parts.append(HUNDREDS[n // 100])
        n %= 100
    if n >= 20:
        parts.append(TENS[n // 10])
        n %= 10
    if n:
        parts.append(ONES[n])
    return " و ".join(parts)


def month_names(calendar: str) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for _, (cal, number, name, _strict) in data_rows("fa", "timex_months.tsv", 4):
        if cal == calendar:
            names.setdefault(int(number), []).append(name)
    return names


def weekday_names() -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for _, (name, iso) in data_rows("fa", "timex_weekdays.tsv", 2):
        names.setdefault(int(iso), []).append(name)
    return names


def values(text: str, anchor: dt.date | None) -> list[str | None]:
    return [t.value for t in find_timexes(text, split_sentences(text), anchor)]


def render(name: str, joiner: str) -> str:
    return name.replace(" ", joiner)


@settings(max_examples=150, deadline=None)
@given(DATES, DIGIT_SETS, st.data(), JOINERS)
def test_timex_roundtrip_jalali_forms(date: dt.date, digits: dict, data: st.DataObject, joiner: str) -> None:
    y, m, d = date_to_jalali(date)
    name = data.draw(st.sampled_from(month_names("jalali")[m]))
    forms = [
        f"{d} {name} {y}".translate(digits),
        f"{d} {name}ماه {y}".translate(digits),
        f"{d} {name} سال {y} شمسی".translate(digits),
        f"{y}/{m:02d}/{d:02d}".translate(digits),
        f"{d}/{m}/{y}".translate(digits),
        f"{words(d)} {name} {words(y)}",
    ]
    for form in forms:
        assert values(f"این رویداد در {form} رخ داد.", None) == [date.isoformat()], form


@settings(max_examples=150, deadline=None)
@given(DATES, DIGIT_SETS, st.data(), JOINERS)
def test_timex_roundtrip_gregorian_forms(date: dt.date, digits: dict, data: st.DataObject, joiner: str) -> None:
    name = render(data.draw(st.sampled_from(month_names("gregorian")[date.month])), joiner)
    forms = [
        f"{date.day} {name} {date.year}".translate(digits),
        f"{date.day} {name} سال {date.year} میلادی".translate(digits),
        f"{date.day:02d}/{date.month:02d}/{date.year}".translate(digits),
        f"{date.year}-{date.month:02d}-{date.day:02d}".translate(digits),
        f"{words(date.day)} {name} {words(date.year)}",
    ]
    for form in forms:
        assert values(f"این رویداد در {form} رخ داد.", None) == [date.isoformat()], form
    month = f"{name} {date.year}".translate(digits)
    assert values(f"این رویداد در {month} رخ داد.", None) == [f"{date.year:04d}-{date.month:02d}"], month


@settings(max_examples=100, deadline=None)
@given(DATES, DIGIT_SETS, st.data(), JOINERS)
def test_timex_roundtrip_hijri_forms(date: dt.date, digits: dict, data: st.DataObject, joiner: str) -> None:
    y, m, d = date_to_hijri(date)
    name = render(data.draw(st.sampled_from(month_names("hijri")[m])), joiner)
    form = f"{d} {name} {y} قمری".translate(digits)
    assert values(f"این رویداد در {form} رخ داد.", None) == [date.isoformat()], form


@settings(max_examples=150, deadline=None)
@given(DATES, st.integers(0, 6), st.data(), JOINERS)
def test_timex_roundtrip_weekdays(date: dt.date, gap: int, data: st.DataObject, joiner: str) -> None:
    name = render(data.draw(st.sampled_from(weekday_names()[date.isoweekday()])), joiner)
    # Past tense: the article is written `gap` days later; future tense: `gap` days before.
    past = values(f"آنها روز {name} دیدار کردند.", date + dt.timedelta(days=gap))
    future = values(f"آنها روز {name} دیدار خواهند کرد.", date - dt.timedelta(days=gap))
    assert past == [date.isoformat()] and future == [date.isoformat()], name


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(1, 9))
def test_timex_roundtrip_days_ago(date: dt.date, count: int) -> None:
    assert values(f"این اتفاق {words(count)} روز پیش افتاد.", date) == [(date - dt.timedelta(days=count)).isoformat()]
