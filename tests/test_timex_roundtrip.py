"""Round trip: random dates written in every supported Persian form read back to the same value."""

from __future__ import annotations

import datetime as dt

import jdatetime
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


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59), DIGIT_SETS)
def test_timex_roundtrip_clock_forms(hour: int, minute: int, digits: dict) -> None:
    value = f"T{hour:02d}:{minute:02d}"
    forms = [f"ساعت {hour}:{minute:02d}".translate(digits), f"{hour:02d}:{minute:02d}".translate(digits)]
    if hour and minute:
        forms.append(f"ساعت {words(hour)} و {words(minute)} دقیقه")
    if 0 < hour < 12:
        forms.append(f"ساعت {words(hour)} و {words(minute)} دقیقه بعد از ظهر" if minute else f"ساعت {hour} عصر")
    for form in forms:
        expected = value if "ظهر" not in form and "عصر" not in form else f"T{hour + 12:02d}:{minute:02d}"
        assert values(f"جلسه {form} آغاز شد.", None) == [expected], form


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(0, 23), st.integers(0, 59), DIGIT_SETS, st.data())
def test_timex_roundtrip_date_and_time(date: dt.date, hour: int, minute: int, digits: dict, data: st.DataObject) -> None:
    y, m, d = date_to_jalali(date)
    name = data.draw(st.sampled_from(month_names("jalali")[m]))
    form = f"{d} {name} {y} ساعت {hour}:{minute:02d}".translate(digits)
    assert values(f"این رویداد {form} رخ داد.", None) == [f"{date.isoformat()}T{hour:02d}:{minute:02d}"], form


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(1, 27), DIGIT_SETS, st.sampled_from(["تا", "الی", "–", "-"]))
def test_timex_roundtrip_range_start_borrows_the_month(date: dt.date, back: int, digits: dict, word: str) -> None:
    y, m, d = date_to_jalali(date)
    if d <= back:
        return
    start = date - dt.timedelta(days=back)
    name = month_names("jalali")[m][0]
    form = f"{d - back} {word} {d} {name} {y}".translate(digits)
    assert values(f"نمایشگاه {form} برپا بود.", None) == [start.isoformat(), date.isoformat()], form


@settings(max_examples=60, deadline=None)
@given(st.integers(190, 209), DIGIT_SETS)
def test_timex_roundtrip_decades(decade: int, digits: dict) -> None:
    # The Gregorian 1990s and the Jalali 1370s (which begin in March 1991) are both the TIMEX3 decade 199.
    assert values(f"در دهه {decade * 10} میلادی".translate(digits), None) == [str(decade)]
    jalali = date_to_jalali(dt.date(decade * 10 + 1, 6, 1))[0] // 10 * 10
    if 1310 <= jalali <= 1390:  # two-digit decades (۱۰ … ۹۰) of the century before the anchor (1403 here)
        assert values(f"در دهه {jalali % 100:02d}".translate(digits), dt.date(2024, 6, 1)) == [
            str(date_to_gregorian_year(jalali) // 10)
        ]


def date_to_gregorian_year(jalali_year: int) -> int:
    """The Gregorian year in which a Jalali year begins (1 Farvardin falls on 20 or 21 March)."""
    return jalali_year + 621


# Units of a count and their ISO 8601 designators, for the ranges of counts below.
COUNT_UNITS = {"سال": "P{}Y", "ماه": "P{}M", "هفته": "P{}W", "روز": "P{}D", "ساعت": "PT{}H", "دقیقه": "PT{}M"}
RANGE_WORDS = st.sampled_from(["تا", "الی", "–"])


def ordinal(n: int, suffix: str = "") -> str:
    """An ordinal in Persian words (سوم, بیست و یکم, سی‌امین), independently of the parser under test."""
    parts = words(n).rsplit(" و ", 1)
    last = parts[-1]
    last = "سوم" if last == "سه" else last + "\u200cام" if last.endswith("ی") else last + "م"
    return " و ".join(parts[:-1] + [last]) + suffix


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 59), st.integers(1, 40), st.sampled_from(sorted(COUNT_UNITS)), DIGIT_SETS, st.booleans(), RANGE_WORDS)
def test_timex_roundtrip_count_ranges(low: int, more: int, unit: str, digits: dict, in_words: bool, word: str) -> None:
    high = low + more
    form = f"{words(low)} {word} {words(high)} {unit}" if in_words else f"{low} {word} {high} {unit}".translate(digits)
    expected = [COUNT_UNITS[unit].format(low), COUNT_UNITS[unit].format(high)]
    assert values(f"این کار {form} طول کشید.", dt.date(2024, 6, 1)) == expected, form


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 22), st.integers(0, 59), st.integers(1, 12), st.integers(0, 59), DIGIT_SETS, RANGE_WORDS)
def test_timex_roundtrip_clock_ranges(hour: int, minute: int, later: int, end_minute: int, digits: dict, word: str) -> None:
    end = hour + later
    if end > 23:
        return
    form = f"از ساعت {hour}:{minute:02d} {word} {end}:{end_minute:02d}".translate(digits)
    expected = [f"T{hour:02d}:{minute:02d}", f"T{end:02d}:{end_minute:02d}"]
    assert values(f"فروشگاه {form} باز است.", None) == expected, form


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(1, 12), DIGIT_SETS, st.data())
def test_timex_roundtrip_same_year_takes_the_antecedent(date: dt.date, month: int, digits: dict, data: st.DataObject) -> None:
    y, m, d = date_to_jalali(date)
    first = data.draw(st.sampled_from(month_names("jalali")[m]))
    second = data.draw(st.sampled_from(month_names("jalali")[month]))
    text = f"او {d} {first} {y} آمد و {second} همان سال رفت.".translate(digits)
    middle = jdatetime.date(y, month, 15).togregorian()
    # The article is dated decades later: the anaphor must not be read at the article's year.
    assert values(text, dt.date(2095, 1, 1)) == [date.isoformat(), f"{middle.year:04d}-{middle.month:02d}"], text


@settings(max_examples=100, deadline=None)
@given(DATES, DIGIT_SETS, st.sampled_from(["", "ین"]))
def test_timex_roundtrip_day_of_year(date: dt.date, digits: dict, suffix: str) -> None:
    y, _, _ = date_to_jalali(date)
    n = (date - jdatetime.date(y, 1, 1).togregorian()).days + 1
    form = f"{ordinal(n, suffix)} روز سال {y}".translate(digits) if suffix else f"روز {ordinal(n)} سال {y}".translate(digits)
    assert values(f"این رویداد در {form} رخ داد.", None) == [date.isoformat()], form


@settings(max_examples=60, deadline=None)
@given(st.integers(1900, 2099), DIGIT_SETS, st.sampled_from(["جام ملت‌های آسیا", "رقابت‌های مقدماتی", "جشنواره فیلم", "بودجه"]))
def test_timex_roundtrip_year_after_an_event_name(year: int, digits: dict, name: str) -> None:
    assert values(f"{name} {year} برگزار شد.".translate(digits), None) == [str(year)]


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(0, 6), st.integers(1, 11), st.sampled_from([("صبح", 0), ("عصر", 12), ("بعد از ظهر", 12)]),
       DIGIT_SETS, st.data())
def test_timex_roundtrip_hour_of_a_weekday(date: dt.date, gap: int, hour: int, part: tuple[str, int], digits: dict,
                                           data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(weekday_names()[date.isoweekday()]))
    form = f"{hour} {part[0]} {name}".translate(digits)
    expected = f"{date.isoformat()}T{hour + part[1]:02d}:00"
    assert values(f"آنها {form} دیدار کردند.", date + dt.timedelta(days=gap)) == [expected], form


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(1, 200), DIGIT_SETS, RANGE_WORDS, st.data())
def test_timex_roundtrip_range_start_borrows_the_year(end: dt.date, back: int, digits: dict, word: str,
                                                      data: st.DataObject) -> None:
    start = end - dt.timedelta(days=back)
    (_, m1, d1), (y2, m2, d2) = date_to_jalali(start), date_to_jalali(end)
    if m1 == m2:
        return  # a bare day before its month is the other range form (test above)
    first = data.draw(st.sampled_from(month_names("jalali")[m1]))
    second = data.draw(st.sampled_from(month_names("jalali")[m2]))
    form = f"از {d1} {first} {word} {d2} {second} {y2}".translate(digits)
    # The article is dated decades later: the start's year can only come from the end's.
    assert values(f"نمایشگاه {form} برپا بود.", dt.date(2095, 1, 1)) == [start.isoformat(), end.isoformat()], form
