"""Issue 5 follow-up: glued prepositions, bare years with strong evidence, comma lists, topic dates in quotes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.lang import data_rows
from rasad.stages.normalize import normalize_text
from rasad.stages.tokenize import split_sentences
from rasad.timex import find_timexes
from rasad.timex.calendars import date_to_jalali
from rasad.timex.lexicon import lexicon, word_key

SUNDAY = dt.date(2025, 12, 21)  # 30 Azar 1404
GLUED = ("در", "از", "تا", "به")


def found(text: str, anchor: dt.date | None = SUNDAY) -> list[tuple[str, str | None]]:
    norm = normalize_text(text).value
    return [(t.text.replace("\u200c", " "), t.value) for t in find_timexes(norm, split_sentences(norm), anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the preposition is a signal: kept out of the span, as when it is spaced
        ("درژوئن ۱۹۹۱ به آمریکا رفت", [("ژوئن ۱۹۹۱", "1991-06")]),
        ("ازفروردین ۱۴۰۲ آغاز شد", [("فروردین ۱۴۰۲", "2023-04")]),
        ("درآذرماه سال جاری برگزار شد", [("آذرماه سال جاری", "2025-12")]),
        ("تاشنبه گذشته ادامه داشت", [("شنبه گذشته", "2025-12-20")]),
        ("ازجمعه آغاز شد", [("جمعه", "2025-12-19")]),
        ("دررمضان ۱۴۴۵ رخ داد", [("رمضان ۱۴۴۵", "2024-03")]),
    ],
)
def test_timex_gaps_glued_preposition_is_kept_out_of_the_span(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "دردی از مردم دوا نکرد",  # دردی "a pain", not در + دی
        "ازدیاد جمعیت ادامه دارد",  # ازدیاد: دی is not a whole word
        "درمی ۲۰۲۰ رخ داد",  # می is a month only with a day number before it
        "درمه غلیظ ماند",  # مه fog
        "بهمنی آمد",  # بهمن is the month, بهمنی a name; به + من is no month
        "درجمعه‌ای که گذشت",  # a whole word that continues past the name
        "بهترین روز",  # به + ترین
    ],
)
def test_timex_gaps_glued_preposition_lookalikes_find_nothing(text: str) -> None:
    assert found(text) == []


def test_timex_gaps_glued_preposition_matches_spaced_form() -> None:
    for prep in GLUED:
        for text in ("ژوئن ۱۹۹۱", "آبان ۱۴۰۲", "شنبه گذشته", "اسفندماه ۱۳۹۹"):
            assert found(f"او {prep}{text} آمد") == found(f"او {prep} {text} آمد"), (prep, text)


def test_timex_gaps_glued_and_topic_words_are_not_time_words() -> None:
    lex = lexicon()
    assert set(lex.words["glued"]) == {word_key(w) for w in GLUED}
    for key in [*lex.words["glued"], *lex.words["topic"]]:
        assert key not in lex.months and key not in lex.weekdays and key not in lex.units, key


WEDNESDAY = dt.date(2025, 12, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date after a topic phrase dates the topic: امروز/دیروز in the quote stay at the article date
        ("وزیر با اشاره به سخنرانی روز گذشته رئیس‌جمهور گفت: «آنچه دیروز رخ داد اغتشاش بود».",
         [("روز گذشته", "2025-12-23"), ("دیروز", "2025-12-23")]),
        ("وی با اشاره به ۱۷ دی سالروز کشف حجاب، گفت: «امروز دشمنان فعال‌اند».",
         [("۱۷ دی", "2026-01-07"), ("امروز", "2025-12-24")]),
        # the statement's own date still anchors the quote
        ("وزیر روز شنبه با اشاره به سخنرانی رئیس‌جمهور گفت: «امروز توافق شد».",
         [("روز شنبه", "2025-12-20"), ("امروز", "2025-12-20")]),
        ("وزیر درباره این حادثه، روز شنبه گفت: «امروز توافق شد».", [("روز شنبه", "2025-12-20"), ("امروز", "2025-12-20")]),
        # این روز may point back at the topic's own day: the topic date still anchors it
        ("وی با اشاره به راهپیمایی ۲۲ بهمن، افزود: «مردم در این روز آمدند».",
         [("۲۲ بهمن", "2026-02-11"), ("این روز", "2026-02-11")]),
    ],
)
def test_timex_gaps_topic_date_does_not_anchor_deictic_words_in_the_quote(text: str, expected: list) -> None:
    assert found(text, WEDNESDAY) == expected


def _non_strict_names(calendar: str, month: int) -> list[str]:
    return [name for _, (cal, number, name, strict) in data_rows("fa", "timex_months.tsv", 4)
            if cal == calendar and int(number) == month and strict == "0"]


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2090, 12, 31)), st.sampled_from(GLUED), st.data())
def test_timex_gaps_roundtrip_glued_month_year(date: dt.date, prep: str, data: st.DataObject) -> None:
    y, m, _d = date_to_jalali(date)
    jalali = data.draw(st.sampled_from(_non_strict_names("jalali", m)))
    gregorian = _non_strict_names("gregorian", date.month)
    names = [jalali] + gregorian[:1]
    for name, year in zip(names, (y, date.year)):
        glued = [(t.text, t.value) for t in find_timexes(f"این رویداد {prep}{name} {year} رخ داد.", (), None)]
        spaced = [(t.text, t.value) for t in find_timexes(f"این رویداد {prep} {name} {year} رخ داد.", (), None)]
        assert glued == spaced == [(f"{name} {year}", spaced[0][1])] and spaced[0][1], (prep, name, year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year-like number that is compared with other years (بدترین سال) is a year, with no cue word
        ("وی اعلام کرد که 2014 بدترین سال اسرا بوده است", [("2014", "2014")]),
        ("۱۴۰۲ مهم‌ترین سال برای صنعت بود", [("۱۴۰۲", "2023")]),
        # a list of years closed by و: one expression dated by its first item, as «سال ۱۳۹۱ و ۱۳۹۲»
        ("در سال‌های ۱۳۹۲، ۱۳۹۳ و ۱۳۹۴ رشد کرد", [("سال های ۱۳۹۲، ۱۳۹۳ و ۱۳۹۴", "2013")]),
        ("در سال‌های 2012, 2013 و 2014 رشد کرد", [("سال های 2012, 2013 و 2014", "2012")]),
    ],
)
def test_timex_gaps_bare_year_with_strong_evidence(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2500 بدترین سال", []),  # not a year of news
        ("2014 نفر در بدترین سال جان باختند", []),  # a count
        ("که 2014 بدترین ماه بود", []),  # compared with months, not years
        ("در سال ۲۰۱۴، ۲۰۰۰ کودک کشته شدند", [("سال ۲۰۱۴", "2014")]),  # a count after the year
        ("در سال ۲۰۱۴، ۲۰۰۰ و ۳۰۰۰ نفر آمدند", [("سال ۲۰۱۴", "2014")]),  # a list of counts, not of years
        ("در سال ۲۰۱۴، ۱۵۰۰ و ۱۶۰۰ نفر آمدند", [("سال ۲۰۱۴", "2014")]),
    ],
)
def test_timex_gaps_bare_year_lookalikes(text: str, expected: list) -> None:
    assert found(text) == expected


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1900, 2099), min_size=3, max_size=5), st.sampled_from([str.maketrans("", ""),
       str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")]))
def test_timex_gaps_roundtrip_year_list(years: list[int], digits: dict) -> None:
    listed = "، ".join(map(str, years[:-1])) + f" و {years[-1]}"
    text = f"در سال‌های {listed} رشد کرد".translate(digits)
    result = [(t.text, t.value) for t in find_timexes(text, (), SUNDAY)]
    assert result == [(f"سال‌های {listed}".translate(digits), str(years[0]))], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rising list of numbers joined by commas and و before a unit or a month: one expression, its first item's value
        ("گل‌ها در ۱۳، ۲۳ و ۲۴ دقیقه به ثمر رسید", [("۱۳، ۲۳ و ۲۴ دقیقه", "PT13M")]),
        ("فیلم در روزهای ۱۵، ۱۸ و ۲۰ آذر ۱۴۰۲ نمایش داده شد", [("روزهای ۱۵، ۱۸ و ۲۰ آذر ۱۴۰۲", "2023-12-06")]),
        ("طی ۵، ۶ یا ۷ روز", [("۵، ۶ یا ۷ روز", "P5D")]),
        # a number that does not rise into the list is something else (an article number, a count)
        ("طبق ماده ۲۵، ۳ و ۴ روز مهلت دارند", [("۳ و ۴ روز", "P3D")]),
        ("۴۰، ۲۰ و ۳۰ دقیقه", [("۲۰ و ۳۰ دقیقه", "PT20M")]),
        # a comma alone does not make a list or a range
        ("در ماده ۱۲، ۱۵ آذر آمده است", [("۱۵ آذر", "2025-12-06")]),
    ],
)
def test_timex_gaps_comma_list_before_a_unit_or_month(text: str, expected: list) -> None:
    assert found(text) == expected
