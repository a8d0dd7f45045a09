"""Time expressions: detection and TIMEX3 values for the forms Persian news uses."""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.pipeline import Pipeline
from rasad.records import RawArticle
from rasad.stages.normalize import normalize_text
from rasad.stages.tokenize import split_sentences
from rasad.timex import find_timexes

SUNDAY = dt.date(2025, 12, 21)  # 30 Azar 1404


def found(text: str, anchor: dt.date | None = SUNDAY) -> list[tuple[str, str, str | None]]:
    norm = normalize_text(text).value
    return [(t.text, t.type, t.value) for t in find_timexes(norm, split_sentences(norm), anchor)]


def values(text: str, anchor: dt.date | None = SUNDAY) -> list[str | None]:
    return [value for _, _, value in found(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past-tense weekday: the most recent such day on or before the article date
        ("مذاکره‌کنندگان روز شنبه در فلوریدا دیدار کردند.", "2025-12-20"),
        # future tense: the next such day (the article date itself counts)
        ("مذاکرات روز یکشنبه ادامه خواهد یافت.", "2025-12-21"),
        ("نشست روز سه‌شنبه برگزار خواهد شد.", "2025-12-23"),
        # "گفت که … خواهد" belongs to the reported clause, the weekday to the speaking
        ("زلنسکی روز شنبه در کییف گفت که اوکراین حمایت خواهد کرد.", "2025-12-20"),
        # explicit last / next
        ("او دوشنبه گذشته آمد.", "2025-12-15"),
        ("او دوشنبه آینده می‌آید.", "2025-12-22"),
        # ZWNJ restored, lost, or written as a space: all are Tuesday
        ("جلسه سه‌شنبه تشکیل شد.", "2025-12-16"),
        ("جلسه سهشنبه تشکیل شد.", "2025-12-16"),
        ("جلسه سه شنبه تشکیل شد.", "2025-12-16"),
        # "دو شنبه" is Monday, not Saturday (dateparser's error)
        ("جلسه دو شنبه تشکیل شد.", "2025-12-15"),
        # Gregorian months in Persian, with three digit sets
        ("تهاجم در فوریه ۲۰۲۲ آغاز شد.", "2022-02"),
        ("از ژوئن 2024 تغییر نکرده است.", "2024-06"),
        ("از ژوئن ٢٠٢٤ تغییر نکرده است.", "2024-06"),
        # Jalali dates, numeric and named, with the 30-day Esfand of a leap year
        ("این قانون در ۳۰ آذر ۱۴۰۴ تصویب شد.", "2025-12-21"),
        ("این قانون در ۱۴۰۴/۰۹/۳۰ تصویب شد.", "2025-12-21"),
        ("این قانون در ۳۰ اسفند ۱۴۰۳ تصویب شد.", "2025-03-20"),
        ("در آذرماه سال جاری", "2025-12"),
        # a year in words
        ("در می دو هزار و بیست و یک قرار گذاشتیم.", "2021-05"),
        ("سوم اسفند 1362 شهید شد", "1984-02-22"),
        # Hijri (tabular calendar)
        ("۱ رمضان ۱۴۴۶ آغاز شد", "2025-03-01"),
        # relative phrases
        ("اوایل این هفته گزارش کردند", "2025-W51"),
        ("هفته گذشته گزارش کردند", "2025-W50"),
        ("دو روز پیش گفت", "2025-12-19"),
        ("سال آینده برگزار می‌شود", "2026"),
        ("دیروز گفت", "2025-12-20"),
        ("بامداد امروز گفت", "2025-12-21TMO"),
        ("دیشب گفت", "2025-12-20TNI"),
        # durations and times
        ("در نزدیک به چهار سال جنگ", "P4Y"),
        ("این کار سه سال و نیم طول کشید", "P3.5Y"),
        ("طی چهار دهه گذشته", "P40Y"),
        ("ساعت ۱۰ صبح آغاز شد", "T10:00"),
        ("ساعت ۷ عصر آغاز شد", "T19:00"),
        ("ساعت ۲۲:۳۰ آغاز شد", "T22:30"),
        ("هر دوشنبه برگزار می‌شود", "XXXX-WXX-1"),
    ],
)
def test_timex_resolve_values(text: str, expected: str) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "او می گوید که می آید.",  # می is a verb prefix, not May
        "مه غلیظ شهر را فرا گرفت.",  # مه is fog
        "۵ می رسد به خانه",  # a day number before می is still not enough
        "جنگ جهانی دوم پایان یافت.",  # دوم is an ordinal
        "سه نفر کشته شدند.",  # سه alone is three
        "نماز جمعه برگزار شد.",  # Friday prayer is a name
        "خبرگزاری مهر گزارش داد.",  # a news agency, not the month
        "این هفته‌نامه نوشت.",  # a weekly magazine, not this week
        "او امروزه کار می‌کند.",  # nowadays is not today
        "گزارش سالانه منتشر شد.",  # annual is not a year
    ],
)
def test_timex_resolve_lookalikes_are_ignored(text: str) -> None:
    assert found(text) == []


def test_timex_resolve_reported_speech_takes_the_stated_date() -> None:
    # "امروز" said on Saturday is Saturday, though the article is from Sunday.
    text = "دیمیتریف روز شنبه گفت: «مذاکرات امروز ادامه دارد.»"
    assert ("امروز", "DATE", "2025-12-20") in found(text)


def test_timex_resolve_quote_without_stated_date_uses_article_date() -> None:
    assert ("امروز", "DATE", "2025-12-21") in found("او گفت: «مذاکرات امروز ادامه دارد.»")


def test_timex_resolve_weekday_takes_its_apposed_date() -> None:
    # "Thursday (5 May)" is that Thursday, whatever the tense.
    text = "از برگزاری نشست در پنجشنبه (5 می) خبر داد."
    assert ("پنجشنبه", "DATE", "2011-05-05") in found(text, dt.date(2011, 5, 4))


def test_timex_resolve_offsets_point_into_the_text() -> None:
    text = normalize_text("مذاکرات روز شنبه و در فوریه ۲۰۲۲ انجام شد.").value
    for t in find_timexes(text, split_sentences(text), SUNDAY):
        assert text[t.start : t.end] == t.text


def test_timex_resolve_without_date_keeps_expression_with_null_value() -> None:
    items = found("مذاکرات روز شنبه و در فوریه ۲۰۲۲ انجام شد.", None)
    assert ("روز شنبه", "DATE", None) in items
    assert ("فوریه ۲۰۲۲", "DATE", "2022-02") in items  # absolute dates need no anchor


def test_timex_stage_warns_when_the_article_has_no_date() -> None:
    pipeline = Pipeline.build(["normalize", "tokenize", "timex"])
    record = pipeline.run(RawArticle(text="مذاکرات روز شنبه انجام شد."))
    assert [(t.text, t.value) for t in record.timexes] == [("روز شنبه", None)]
    assert any("no publication date" in w for w in record.warnings)


def test_timex_stage_has_no_warning_with_a_date() -> None:
    pipeline = Pipeline.build(["normalize", "tokenize", "timex"])
    record = pipeline.run(RawArticle(text="مذاکرات روز شنبه انجام شد.", published="2025-12-21"))
    assert [(t.text, t.value) for t in record.timexes] == [("روز شنبه", "2025-12-20")]
    assert record.warnings == ()
