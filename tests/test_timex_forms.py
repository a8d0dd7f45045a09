"""Time expressions beyond dates: clock times, joined date and time, range ends, lists, holidays, decades, centuries."""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.stages.normalize import normalize_text
from rasad.stages.tokenize import split_sentences
from rasad.timex import find_timexes

SUNDAY = dt.date(2025, 12, 21)  # 30 Azar 1404, 29 Jumada al-Thani 1447


def found(text: str, anchor: dt.date | None = SUNDAY) -> list[tuple[str, str, str | None]]:
    norm = normalize_text(text).value
    return [(t.text.replace("\u200c", " "), t.type, t.value) for t in find_timexes(norm, split_sentences(norm), anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hours and minutes in words; a longer number is not taken as the hour
        ("ساعت چهارده و ده دقیقه زنگ زد", [("ساعت چهارده و ده دقیقه", "TIME", "T14:10")]),
        ("ساعت بیست و بیست و سه دقیقه رسید", [("ساعت بیست و بیست و سه دقیقه", "TIME", "T20:23")]),
        ("ساعت ۸ و ۵ دقیقه و سی و چهار ثانیه", [("ساعت ۸ و ۵ دقیقه و سی و چهار ثانیه", "TIME", "T08:05:34")]),
        ("ساعت ۵ و نیم رسید", [("ساعت ۵ و نیم", "TIME", "T05:30")]),
        ("۵ و نیم عصر می‌بینمت", [("۵ و نیم عصر", "TIME", "T17:30")]),
        # minutes before or after an hour
        ("یک ربع به هفت عصر بازی کردیم", [("یک ربع به هفت عصر", "TIME", "T18:45")]),
        ("هجده دقیقه به 8 شروع شد", [("هجده دقیقه به 8", "TIME", "T07:42")]),
        ("۵ دقیقه بعد از ساعت ۱۱ حرکت کرد", [("۵ دقیقه بعد از ساعت ۱۱", "TIME", "T11:05")]),
        # seconds, a.m./p.m., and دقیقه after digits
        ("ساعت ۱۲:۳۸:۴۱ ب.ظ ثبت شد", [("ساعت ۱۲:۳۸:۴۱ ب.ظ", "TIME", "T12:38:41")]),
        ("ساعت ۱۲:۰۵ ق.ظ ثبت شد", [("ساعت ۱۲:۰۵ ق.ظ", "TIME", "T00:05")]),
        # a night hour: evening, or the small hours
        ("ساعت ۹ شب رسید", [("ساعت ۹ شب", "TIME", "T21:00")]),
        ("ساعت ۲ شب رسید", [("ساعت ۲ شب", "TIME", "T02:00")]),
        # a date and its time are one expression
        ("۲۸ آبان ۱۳۹۵ ساعت ۲۰:۵۶ منتشر شد", [("۲۸ آبان ۱۳۹۵ ساعت ۲۰:۵۶", "TIME", "2016-11-18T20:56")]),
        ("امشب ساعت ۹ پخش می‌شود", [("امشب ساعت ۹", "TIME", "2025-12-21T21:00")]),
        ("ظهر دیروز حدود ساعت 12 گرم بود", [("ظهر دیروز حدود ساعت 12", "TIME", "2025-12-20T12:00")]),
        ("ساعت ۳ غروب جمعه رسید", [("ساعت ۳ غروب جمعه", "TIME", "2025-12-19T15:00")]),
        # a clock time that lost its part of day to the date keeps its hour and joins it
        ("ساعت ۸ صبح روز پنجشنبه رسید", [("ساعت ۸ صبح روز پنجشنبه", "TIME", "2025-12-18T08:00")]),
        ("او شنبه عصر راس ساعت ۱۷ زنگ زد", [("شنبه عصر راس ساعت ۱۷", "TIME", "2025-12-20T17:00")]),
        # a weekday and its numeric date
        ("روز شنبه 95.9.6 تماس گرفت", [("روز شنبه 95.9.6", "DATE", "2016-11-26")]),
        # range ends stay apart (TimeML); a bare end borrows its month or calendar
        ("همایش ۱۸ – ۲۰ آذر ۹۵ برگزار شد", [("۱۸", "DATE", "2016-12-08"), ("۲۰ آذر ۹۵", "DATE", "2016-12-10")]),
        ("در سال ۱۲۹۵ تا ۱۳۰۰ رخ داد", [("سال ۱۲۹۵", "DATE", "1916"), ("۱۳۰۰", "DATE", "1921")]),
        ("بین 1902 – 1979 میلادی زیست", [("1902", "DATE", "1902"), ("1979 میلادی", "DATE", "1979")]),
        # a list is one expression, dated by its first item
        ("در روزهای ۲۵ و ۲۹ آبان", [("روزهای ۲۵ و ۲۹ آبان", "DATE", "2025-11-16")]),
        ("بین روزهای دهم تا هجدهم نوامبر", [("روزهای دهم", "DATE", "2025-11-10"), ("هجدهم نوامبر", "DATE", "2025-11-18")]),
        # the open end of a range is the present
        ("از سال ۹۲ تا کنون رشد کرد", [("سال ۹۲", "DATE", "2013"), ("کنون", "DATE", "PRESENT_REF")]),
        ("از سال ۹۲ تاکنون رشد کرد", [("سال ۹۲", "DATE", "2013"), ("تاکنون", "DATE", "PRESENT_REF")]),
        ("در سال ۱۳۹۱ و ۱۳۹۲", [("سال ۱۳۹۱ و ۱۳۹۲", "DATE", "2012")]),
        ("در دهه‌های ۶۰ و ۷۰", [("دهه های ۶۰ و ۷۰", "DATE", "198")]),
        ("در دهه ۶۰، ۷۰ و ۸۰", [("دهه ۶۰، ۷۰ و ۸۰", "DATE", "198")]),
        # hundreds in two words: نه صد is نهصد
        ("از سال هزار و نه صد و نود", [("سال هزار و نه صد و نود", "DATE", "1990")]),
        # a weekday range ends after it starts
        ("مدارس از جمعه تا دوشنبه تعطیل است", [("جمعه", "DATE", "2025-12-19"), ("دوشنبه", "DATE", "2025-12-22")]),
        # holidays: the nearest occurrence, or the year given
        ("شب یلدا جشن گرفتند", [("شب یلدا", "TIME", "2025-12-21TNI")]),
        ("نوروز ۱۴۰۳ آغاز شد", [("نوروز ۱۴۰۳", "DATE", "2024-03-20")]),
        ("کریسمس 1998 برف آمد", [("کریسمس 1998", "DATE", "1998-12-25")]),
        # decades, centuries, halves and quarters
        ("در دهه ۶۰ ساخته شد", [("دهه ۶۰", "DATE", "198")]),
        ("در دهه ۱۹۹۰ ساخته شد", [("دهه ۱۹۹۰", "DATE", "199")]),
        ("در دهه نود میلادی ساخته شد", [("دهه نود میلادی", "DATE", "199")]),
        ("در قرن نوزدهم ساخته شد", [("قرن نوزدهم", "DATE", "18")]),
        ("در قرن ششم هجری ساخته شد", [("قرن ششم هجری", "DATE", "11")]),
        ("در نیمه دوم سال رشد کرد", [("نیمه دوم سال", "DATE", "2025-H2")]),
        ("در سه ماهه نخست سال ۲۰۰۵ رشد کرد", [("سه ماهه نخست سال ۲۰۰۵", "DATE", "2005-Q1")]),
        # days counted by ordinals, days of the current month, days glued to the month
        ("بیست و یکمین روز فروردین ۱۴۰۰", [("بیست و یکمین روز فروردین ۱۴۰۰", "DATE", "2021-04-10")]),
        ("پنجم همین ماه برگزار شد", [("پنجم همین ماه", "DATE", "2025-11-26")]),
        ("تیم ملی ۱۴مهر۹۴ پیروز شد", [("۱۴مهر۹۴", "DATE", "2015-10-06")]),
        ("شامگاه دهم مرداد سال 93 رخ داد", [("شامگاه دهم مرداد سال 93", "TIME", "2014-08-01TEV")]),
        ("روز سشنبه دو مرداد برگزار شد", [("روز سشنبه دو مرداد", "DATE", "2025-07-24")]),
        # a year after a cue word
        ("او متولد ۱۳۱۳ است", [("۱۳۱۳", "DATE", "1934")]),
        # vague stretches, repeated times, ages and approximate lengths
        ("در سال‌های اخیر رشد کرد", [("سال های اخیر", "DATE", "PAST_REF")]),
        ("در روزهای آینده اعلام می‌شود", [("روزهای آینده", "DATE", "FUTURE_REF")]),
        ("هر پنجشنبه عصر ورزش می‌کنم", [("هر پنجشنبه عصر", "SET", "XXXX-WXX-4TAF")]),
        ("روزی ۱۲ بار آب می‌خورم", [("روزی ۱۲ بار", "SET", "P1D")]),
        ("در سن 26 سالگی درگذشت", [("26 سالگی", "DURATION", "P26Y")]),
        ("شبیه صدسال پیش است", [("صدسال پیش", "DATE", "1925")]),  # a count typed against its unit
        ("یک ساعت و نیم پیش رفتیم", [("یک ساعت و نیم پیش", "DATE", "2025-12-21")]),
        ("از صبح منتظر بود", [("صبح", "TIME", "TMO")]),
        ("طی دو سه سال گذشته رشد کرد", [("دو سه سال گذشته", "DURATION", "PXY")]),
        # a year in words needs a hundreds or thousands word: یک here is "a", not the year 1
        ("در صبح روز هفتم محرم یک شیپورزن آمد", [("صبح روز هفتم محرم", "TIME", "2025-07-03TMO")]),
    ],
)
def test_timex_forms_span_type_and_value(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "یلدا به خانه آمد.",  # a given name, not the night of Yalda
        "عزاداران عاشورا را گرامی داشتند.",  # the occasion as an object
        "صبح اقتصاد نوشت.",  # a newspaper
        "حسن بامداد گفت.",  # a surname
        "۳ شب و ۴ روز آنجا بودیم.",  # three nights, not three o'clock
        "مدل ۲۰ را خرید.",  # a two-digit number after a four-digit-year cue
        "او ۱۵ ماه گذشته را در زندان بود.",  # fifteen months, not the 15th of last month
        "سپاه عاشورا اعلام کرد.",  # a name: a bare عاشورا needs روز, شب or a year
        "مسافران نوروزی رسیدند.",  # نوروزی is an adjective (and a surname)
        "تا پایان سال تحصیلی ادامه دارد.",  # the school year is not the calendar year
    ],
)
def test_timex_forms_lookalikes_are_not_times_of_day_or_dates(text: str) -> None:
    assert not [item for item in found(text) if item[1] in ("TIME", "DATE") and item[2] != "PAST_REF"]


def test_timex_forms_spaced_meridiem_abbreviation() -> None:
    assert [value for _, _, value in found("ساعت 10:13 ب . ظ ثبت شد")] == ["T22:13"]


def test_timex_forms_holiday_in_the_hijri_year_of_the_anchor() -> None:
    # Ashura 1426 fell on 19 February 2005 (tabular calendar); the article is from the next day.
    assert found("در روز عاشورا برگزار شد", dt.date(2005, 2, 20)) == [("روز عاشورا", "DATE", "2005-02-19")]


def test_timex_forms_no_anchor_leaves_relative_range_end_unresolved() -> None:
    assert found("۱۸ تا ۲۰ آذر برگزار شد", None) == [("۱۸", "DATE", None), ("۲۰ آذر", "DATE", None)]
