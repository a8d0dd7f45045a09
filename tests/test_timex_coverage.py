"""Forms added for issue 5: bare parts of day, anaphoric همان, years after event names, count and clock ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.stages.normalize import normalize_text
from rasad.stages.tokenize import split_sentences
from rasad.timex import find_timexes

SUNDAY = dt.date(2025, 12, 21)  # 30 Azar 1404


def found(text: str, anchor: dt.date | None = SUNDAY) -> list[tuple[str, str, str | None]]:
    norm = normalize_text(text).value
    return [(t.text.replace("\u200c", " "), t.type, t.value) for t in find_timexes(norm, split_sentences(norm), anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a part of day with no preposition and no day: the part alone
        ("جلسه صبح برگزار شد", [("صبح", "TIME", "TMO")]),
        ("برای خرید قبل از ظهر زمان مناسبی است", [("قبل از ظهر", "TIME", "TMO")]),
        ("پس از اذان ظهر رسید", [("ظهر", "TIME", "TMI")]),
        # with a weekday it dates the weekday (already a weekday form)
        ("شنبه صبح رسید", [("شنبه صبح", "TIME", "2025-12-20TMO")]),
        # همان: the last calendar date before it, at the granularity it names
        ("در سال ۱۳۹۲ به کوبا رفت و آبان همان سال برگشت.", [("سال ۱۳۹۲", "DATE", "2013"), ("آبان همان سال", "DATE", "2013-11")]),
        ("روز ۵ آبان ۱۳۹۰ رسید و همان روز رفت.", [("روز ۵ آبان ۱۳۹۰", "DATE", "2011-10-27"), ("همان روز", "DATE", "2011-10-27")]),
        ("در سال 2001 آمد و اواخر همان سال رفت.", [("سال 2001", "DATE", "2001"), ("اواخر همان سال", "DATE", "2001")]),
        ("در ۱۰ مهر ۱۳۹۹ آمد و ۲۰ آبان همان سال رفت.",
         [("۱۰ مهر ۱۳۹۹", "DATE", "2020-10-01"), ("۲۰ آبان همان سال", "DATE", "2020-11-10")]),
        # a day anaphor skips an antecedent coarser than a day, and falls back to the article date
        ("سال ۱۳۹۰ گذشت و همان روز رفت.", [("سال ۱۳۹۰", "DATE", "2011"), ("همان روز", "DATE", "2025-12-21")]),
        # a year several words after an event name, ending the name
        ("جام ملت‌های آسیا 2014 در استرالیا برگزار شد", [("2014", "DATE", "2014")]),
        ("رقابت‌های مقدماتی برزیل ۲۰۱۴ آغاز شد", [("۲۰۱۴", "DATE", "2014")]),
        ("لایحه بودجه ۱۴۰۳ تصویب شد", [("۱۴۰۳", "DATE", "2024")]),
        ("فتنه گران ۸۸ محکوم شدند", [("۸۸", "DATE", "2009")]),
        # a range of counts: each end is a duration, the bare start borrows the unit (and keeps an approximation)
        ("دو تا سه سال طول کشید", [("دو", "DURATION", "P2Y"), ("سه سال", "DURATION", "P3Y")]),
        ("به مدت 30 تا 60 دقیقه رها کنید", [("30", "DURATION", "PT30M"), ("60 دقیقه", "DURATION", "PT60M")]),
        ("حدود ۲ تا ۳ ماه", [("حدود ۲", "DURATION", "P2M"), ("۳ ماه", "DURATION", "P3M")]),
        # a range of clock times: a bare end borrows the part of day and does not come before the start
        ("۱۰ تا ۱۲ صبح باز است", [("۱۰", "TIME", "T10:00"), ("۱۲ صبح", "TIME", "T12:00")]),
        ("۱۱ تا ۱ بعد از ظهر باز است", [("۱۱", "TIME", "T11:00"), ("۱ بعد از ظهر", "TIME", "T13:00")]),
        ("از ساعت ۸ تا ۴ باز است", [("ساعت ۸", "TIME", "T08:00"), ("۴", "TIME", "T16:00")]),
        ("ساعت ۸ تا ۱۰ روز کار کرد", [("ساعت ۸", "TIME", "T08:00"), ("۱۰ روز", "DURATION", "P10D")]),
        ("از ساعت ۹:۳۰ تا ۱۱:۴۵ باز است", [("ساعت ۹:۳۰", "TIME", "T09:30"), ("۱۱:۴۵", "TIME", "T11:45")]),
        ("از 9 صبح تا 7 شب باز است", [("9 صبح", "TIME", "T09:00"), ("7 شب", "TIME", "T19:00")]),
        ("از ساعت ۸ تا ۱۰ شب باز است", [("ساعت ۸", "TIME", "T08:00"), ("۱۰ شب", "TIME", "T22:00")]),
        # a calendar marker after the time of a date belongs to the date
        ("در تاریخ ۱۳۲۳-۰۳-۲۳ ۱۲:۴۲ قمری رفت", [("۱۳۲۳-۰۳-۲۳ ۱۲:۴۲ قمری", "TIME", "1905-05-28T12:42")]),
        ("در تاریخ ۱۳۲۳-۰۳-۲۳ ۱۲:۴۲ ه.ش. رفت", [("۱۳۲۳-۰۳-۲۳ ۱۲:۴۲ ه.ش.", "TIME", "1944-06-13T12:42")]),
        # night and dusk after a preposition
        ("از صبح تا شب کار کرد", [("صبح", "TIME", "TMO"), ("شب", "TIME", "TNI")]),
        ("جشن تا غروب ادامه داشت", [("غروب", "TIME", "TEV")]),
        # an hour in the part of day of a weekday, and a clock time in words closed by its part of day
        ("۱۷ غروب جمعه بود", [("۱۷ غروب جمعه", "TIME", "2025-12-19T17:00")]),
        ("۳ شب جمعه رسید", [("شب جمعه", "TIME", "2025-12-19TNI")]),  # ۳ شب may count nights
        ("هفت و بیست و هشت دقیقه بعد از ظهر دیدیم", [("هفت و بیست و هشت دقیقه بعد از ظهر", "TIME", "T19:28")]),
        # the copula written as a clitic ends the expression; another word glued by a ZWNJ does not
        ("چهل دقیقه‌ست که منتظرم", [("چهل دقیقه", "DURATION", "PT40M")]),
        # every morning
        ("هر صبح ورزش می‌کند", [("هر صبح", "SET", "XXXX-XX-XXTMO")]),
        # a range or list start without a year takes its end's year, and is not after its end
        ("از مهر تا آذر ۱۴۰۰ ادامه داشت", [("مهر", "DATE", "2021-10"), ("آذر ۱۴۰۰", "DATE", "2021-12")]),
        ("از ۱۰ آذر تا ۵ دی ۱۴۰۰ برگزار شد", [("۱۰ آذر", "DATE", "2021-12-01"), ("۵ دی ۱۴۰۰", "DATE", "2021-12-26")]),
        ("از ۱۰ اسفند تا ۵ فروردین ۱۴۰۰", [("۱۰ اسفند", "DATE", "2021-02-28"), ("۵ فروردین ۱۴۰۰", "DATE", "2021-03-25")]),
        ("از ۲۵ دسامبر تا ۵ ژانویه 2020", [("۲۵ دسامبر", "DATE", "2019-12-25"), ("۵ ژانویه 2020", "DATE", "2020-01-05")]),
        ("مهرماه و آبان ۱۴۰۲", [("مهرماه", "DATE", "2023-10"), ("آبان ۱۴۰۲", "DATE", "2023-11")]),
        # a start in another calendar keeps its own reading
        ("۱۰ دسامبر تا ۵ دی ۱۴۰۴", [("۱۰ دسامبر", "DATE", "2025-12-10"), ("۵ دی ۱۴۰۴", "DATE", "2025-12-26")]),
        # a bare year opening a range to now
        ("از ۹۲ تا کنون رشد کرد", [("۹۲", "DATE", "2013"), ("کنون", "DATE", "PRESENT_REF")]),
        # a day counted from the first of a year
        ("چهل و هفتمین روز سال", [("چهل و هفتمین روز سال", "DATE", "2025-05-06")]),
        ("در روز پنجم سال ۱۳۵۴ ه.ق. رخ داد", [("روز پنجم سال ۱۳۵۴ ه.ق.", "DATE", "1935-04-09")]),
        # a season with its head noun and no year: the nearest one
        ("در فصل بهار", [("فصل بهار", "DATE", "2026-SP")]),
        ("اوایل فصل پاییز", [("اوایل فصل پاییز", "DATE", "2025-FA")]),
        ("در فصل بهار و تابستان", [("فصل بهار و تابستان", "DATE", "2026-SP")]),  # a list, dated by its first item
        # ezafe after a holiday or a month name
        ("شب یلدای امسال", [("شب یلدای امسال", "TIME", "2025-12-21TNI")]),
        ("در ژانویه‌ی ۲۰۲۰ رخ داد", [("ژانویه ی ۲۰۲۰", "DATE", "2020-01")]),
        ("ایام البیض ماه رجب", [("ایام البیض", "DATE", "2026-01-02"), ("ماه رجب", "DATE", "2026-01")]),
    ],
)
def test_timex_coverage_span_type_and_value(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "روزنامه صبح نوشت.",  # a newspaper
        "صبح صادق نوشت.",  # a weekly
        "صبح‌ها شلوغ است.",  # every morning is a frequency, not a time
        "نماز صبح را خواند.",  # the dawn prayer
        "این هفته‌نامه منتشر شد.",  # a weekly
        "در شب قدر دعا کردند.",  # the Night of Qadr, a named night of Ramadan with no fixed Jalali day
        "ظهر الفساد فی البر و البحر",  # Arabic: "corruption appeared", not noon
        "بودجه ۱۴۰۰ میلیارد تومانی تصویب شد.",  # a count after an event word
        "انتخابات در 1400 شعبه برگزار شد.",  # a count several words after an event word
        "جام ملت‌های آسیا 2014 تیم دارد.",  # a year-like number that does not end the name
        "از ۱۰ تا ۲۰ درصد رشد کرد.",  # a range of percentages
        "از ۱۰۰۰ تا ۲۰۰۰ نفر آمدند.",  # a range of counts
        "روز اول سال تحصیلی بود.",  # the school year is not the calendar year
        "سه نفر آمدند و می رفتند.",  # سه alone is three, می a verb prefix
        "بهار گفت که امروز نمی‌آید.",  # بهار is a given name (امروز is still today)
    ],
)
def test_timex_coverage_lookalikes_are_not_dates_or_times(text: str) -> None:
    assert [item for item in found(text) if item[0] != "امروز"] == []


def test_timex_coverage_anaphor_without_article_date_or_antecedent_is_unresolved() -> None:
    assert found("اواخر همان سال به کوبا رفتم.", None) == [("اواخر همان سال", "DATE", None)]


def test_timex_coverage_anaphor_prefers_the_nearest_antecedent() -> None:
    text = "در سال ۱۳۸۰ آمد. در سال ۱۳۹۲ رفت و مهر همان سال بازگشت."
    assert found(text)[-1] == ("مهر همان سال", "DATE", "2013-10")


def test_timex_coverage_a_falling_pair_is_not_a_range_of_counts() -> None:
    # «۹۹-۹۸» is an academic year, «30-29» a typo: a range of counts goes up, so neither start is read as a count.
    assert not [t for t in found("امتحانات ۹۹-۹۸ هفته سوم و سن 30-29 سال") if t[0] in ("۹۹", "30")]
