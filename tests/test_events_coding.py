"""The events stage on hand-built articles: triggers, negation, proposals, actors, targets, place and date."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from rasad.events.coding import code_events, quote_of
from rasad.events.lexicon import lexicon
from rasad.events.lookup import actor_terms
from rasad.events.triggers import FoldedText
from rasad.pipeline import Pipeline, article_id, registered_stages
from rasad.records import Doc, Entity, Event, Quote, RawArticle, Span, Speaker, Timex
from rasad.resources import Resources

# Small stand-ins for the linker's answers, so these tests do not move when the gazetteers grow.
DEMONYMS = {"روسی": "Russia", "آمریکایی": "United States", "اوکراینی": "Ukraine", "اروپایی": "Europe"}
COUNTRIES = {"Kyiv": "Ukraine", "Moscow": "Russia", "Madrid": "Spain"}
NAMES = {
    "روسیه": ("LOC", "Russia"),
    "آمریکا": ("LOC", "United States"),
    "اوکراین": ("LOC", "Ukraine"),
    "ایران": ("LOC", "Iran"),
    "فلوریدا": ("LOC", "Florida"),
    "کییف": ("LOC", "Kyiv"),
    "مسکو": ("LOC", "Moscow"),
    "مادرید": ("LOC", "Madrid"),
    "پوتین": ("PER", "Vladimir Putin"),
    "دیمیتریف": ("PER", "Kirill Dmitriev"),
    "ویتکاف": ("PER", "Steve Witkoff"),
    "عمروف": ("PER", "Rustem Umerov"),
}


def _terms():
    return replace(
        actor_terms(),
        demonym_country=lambda word: DEMONYMS.get(word.replace("\u200c", "")),
        entity_country=lambda entity: COUNTRIES.get(entity.name_en or ""),
    )


def _doc(text: str, timexes: tuple[Timex, ...] = (), quotes: tuple[Quote, ...] | None = ()) -> Doc:
    """Normalize and tokenize `text`, then attach every NAMES entity found in it."""
    doc = Doc(raw=RawArticle(text=text, published="2025-12-21"), id=article_id(RawArticle(text=text)))
    resources = Resources()
    for stage_ in Pipeline.build(["normalize", "tokenize"]).stages:
        doc = stage_.fn(doc, resources)
    value = doc.text.value
    folded = FoldedText.of(value)  # the half-space restorer may have split a name (کی‌یف)
    entities = []
    for n, (name, (type_, name_en)) in enumerate(NAMES.items()):
        mentions = []
        for match in re.finditer(re.escape(name), folded.value):
            start, end = folded.span(match.start(), match.end())
            mentions.append(Span(start, end, value[start:end]))
        if mentions:
            entities.append(Entity(f"e{n}", type_, name, name_en, None, tuple(mentions)))  # type: ignore[arg-type]
    return doc.with_layers(entities=tuple(entities), timexes=timexes, quotes=quotes, mentions=())


def _events(doc: Doc) -> tuple[Event, ...]:
    return code_events(doc, lexicon(), _terms())


def _names(participants) -> list[str | None]:
    return [p.name_en for p in participants]


def test_events_consult_subject_and_with_partner_map_demonyms_to_countries() -> None:
    doc = _doc("مذاکره‌کنندگان آمریکایی روز شنبه در فلوریدا با مقامات روسی دیدار کردند.")
    (event,) = _events(doc)
    assert event.type == "CONSULT" and event.trigger.text == "دیدار کردند"
    assert _names(event.actors) == ["United States"] and _names(event.targets) == ["Russia"]
    assert event.where is not None and event.where.name_en == "Florida"
    assert event.sentence == 0


@pytest.mark.parametrize(
    "text",
    [
        "مقامات آمریکایی با مقامات روسی دیدار کردند.",
        "مقامات آمریکایی با مقامات روسی دیدارکردند.",  # glued light verb
        "مقامات آمريكايي با مقامات روسي ديدار كردند.",  # Arabic ي/ك before normalization
    ],
)
def test_events_triggers_match_whatever_the_spacing(text: str) -> None:
    (event,) = _events(_doc(text))
    assert event.type == "CONSULT" and _names(event.targets) == ["Russia"]


@pytest.mark.parametrize("verb", ["پیشنهاد می‌دهد", "پیشنهاد میدهد", "پیشنهاد می دهد"])
def test_events_proposal_words_match_with_and_without_zwnj(verb: str) -> None:
    # The proposal blocks the meeting whatever the half-space: no CONSULT for a nominal "مذاکرات" here.
    doc = _doc(f"آمریکا برای مذاکرات با روسیه یک طرح {verb}.")
    assert [e for e in _events(doc) if e.type == "CONSULT"] == []


def test_events_negated_agree_is_no_agree() -> None:
    # Why: "a negated AGREE is not an AGREE" (issue 7).
    assert _events(_doc("مقامات آمریکایی با مقامات روسی توافق نکردند.")) == ()
    assert _events(_doc("مقامات آمریکایی با مقامات روسی توافق نخواهند کرد.")) == ()
    (agreed,) = _events(_doc("مقامات آمریکایی با مقامات روسی توافق کردند."))
    assert agreed.type == "AGREE"


def test_events_refused_concession_is_reject() -> None:
    (event,) = _events(_doc("کییف می‌گوید زمینی را که نیروهای مسکو نتوانسته‌اند تصرف کنند، واگذار نخواهد کرد."))
    assert event.type == "REJECT" and _names(event.actors) == ["Ukraine"]
    (event,) = _events(_doc("پوتین در مسکو هیچ سازشی ارائه نداد."))
    assert event.type == "REJECT" and _names(event.actors) == ["Vladimir Putin"]
    assert event.where is not None and event.where.name_en == "Moscow"


def test_events_future_support_is_support_with_from_target() -> None:
    (event,) = _events(_doc("اوکراین از پیشنهاد آمریکا حمایت خواهد کرد."))
    assert event.type == "SUPPORT"
    assert _names(event.actors) == ["Ukraine"] and _names(event.targets) == ["United States"]


def test_events_proposal_is_not_a_meeting() -> None:
    # Proposed talks: neither the nominal "مذاکرات" after پیشنهاد nor a meeting "proposed" later counts.
    assert _events(_doc("اوکراین پیشنهاد آمریکا برای مذاکرات با روسیه را بررسی می‌کند.")) == ()
    # An offered meeting is no meeting either, and not yet an agreement (the seed gold leaves it uncoded) ...
    assert _events(_doc("آمریکا دیدار با روسیه را پیشنهاد کرد.")) == ()
    # ... while an offer of anything else is PLOVER's AGREE by whoever offers.
    (offer,) = _events(_doc("آمریکا کمک به روسیه را پیشنهاد کرد."))
    assert offer.type == "AGREE" and _names(offer.actors) == ["United States"]
    # The same nominal meeting, held, is one.
    (held,) = _events(_doc("دیمیتریف پس از دیدار با ویتکاف گفت که مذاکرات سازنده بود."))
    assert held.type == "CONSULT"
    assert _names(held.actors) == ["Kirill Dmitriev"] and _names(held.targets) == ["Steve Witkoff"]


def test_events_nominal_trigger_without_partner_is_nothing() -> None:
    assert _events(_doc("پوتین گفت که مذاکرات ادامه خواهد یافت.")) == ()


def test_events_interview_is_not_a_meeting() -> None:
    assert _events(_doc("پوتین در گفت‌وگو با خبرگزاری روسیه گفت که آماده است.")) == ()


def test_events_passive_subject_is_the_target() -> None:
    (event,) = _events(
        _doc("یک منبع روسی گفت که هرگونه دیدار بین دیمیتریف و مذاکره‌کنندگان اوکراینی رد شده است.")
    )
    assert event.type == "REJECT" and event.actors == ()
    assert _names(event.targets) == ["Kirill Dmitriev", "Ukraine"]


def test_events_passive_arrest_is_done_by_the_state_of_the_place() -> None:
    (event,) = _events(_doc("سه مرد روز پنج‌شنبه در مادرید دستگیر شدند."))
    assert event.type == "COERCE" and _names(event.actors) == ["Spain"]


def test_events_request_word_takes_polarity_from_its_clause() -> None:
    (event,) = _events(_doc("پوتین خواستار خروج اوکراین از چهار منطقه شد."))
    assert event.type == "REQUEST" and _names(event.actors) == ["Vladimir Putin"]
    assert _events(_doc("پوتین خواستار خروج اوکراین از چهار منطقه نشد.")) == ()


def test_events_apposition_is_not_an_actor() -> None:
    text = "دیمیتریف، فرستاده ویژه پوتین، رئیس‌جمهور روسیه، پس از دیدار با ویتکاف به خبرنگاران گفت."
    (event,) = _events(_doc(text))
    assert _names(event.actors) == ["Kirill Dmitriev"] and _names(event.targets) == ["Steve Witkoff"]


def test_events_coordinated_demonyms_are_all_actors() -> None:
    (event,) = _events(_doc("تیم‌های آمریکایی و اروپایی با اوکراین توافق کردند."))
    assert _names(event.actors) == ["United States", "Europe"] and _names(event.targets) == ["Ukraine"]


def test_events_when_is_the_clause_date_else_the_statement_date_else_null() -> None:
    text = "زلنسکی روز شنبه در کییف گفت که اوکراین از آمریکا حمایت خواهد کرد."
    start = text.index("روز شنبه")
    saturday = Timex(start, start + 8, "روز شنبه", "DATE", "2025-12-20")
    assert _events(_doc(text, timexes=(saturday,)))[0].when == "2025-12-20"
    assert _events(_doc(text))[0].when is None


def test_events_inside_a_quote_first_person_is_the_speaker() -> None:
    text = "عمروف نوشت: «ما با شرکای آمریکایی خود توافق کردیم.»"
    doc = _doc(text)
    start, end = doc.text.value.index("«"), doc.text.value.index("»") + 1
    umerov = next(e for e in doc.entities if e.name_en == "Rustem Umerov")
    quote = Quote("direct", start, end, doc.text.value[start:end], "نوشت", Speaker(umerov.id, "عمروف"))
    doc = doc.with_layers(quotes=(quote,))
    (event,) = _events(doc)
    assert event.type == "AGREE"
    assert _names(event.actors) == ["Rustem Umerov"] and _names(event.targets) == ["United States"]
    assert quote_of(event, doc.quotes) == quote


def test_events_same_event_twice_is_kept_once() -> None:
    # A headline repeating the body's event is one event.
    doc = _doc("پوتین هیچ سازشی ارائه نمی‌دهد\nپوتین در کنفرانس مطبوعاتی هیچ سازشی ارائه نداد.")
    assert [e.type for e in _events(doc)] == ["REJECT"]


def test_events_stage_survives_empty_and_missing_layers() -> None:
    stage_ = registered_stages()["events"]
    doc = _doc("مقامات آمریکایی با مقامات روسی دیدار کردند.")
    for layers in (
        {"entities": (), "timexes": (), "quotes": ()},
        {"entities": None, "timexes": None, "quotes": None},
    ):
        result = stage_.fn(doc.with_layers(**layers), Resources())
        assert isinstance(result.events, tuple)
    bare = Doc(raw=RawArticle(text="دیدار کردند"))
    assert stage_.fn(bare, Resources()).events == ()


def test_events_trigger_spans_point_into_the_text() -> None:
    doc = _doc("مقامات آمریکایی با مقامات روسی دیدار کردند و اوکراین از آمریکا حمایت کرد.")
    for event in _events(doc):
        assert doc.text.value[event.trigger.start : event.trigger.end] == event.trigger.text


def test_events_coordinated_subject_with_a_count_meets_as_all_actors() -> None:
    # Why: "X و سه کشور اروپایی، … مذاکره کردند" is a reciprocal meeting; the topic "درباره برنامه" is no plan.
    doc = _doc("مقامات ایران و سه کشور اروپایی، آمریکا و روسیه در مسکو درباره برنامه هسته‌ای ایران مذاکره کردند.")
    (event,) = _events(doc)
    assert event.type == "CONSULT" and event.targets == ()
    assert {"Iran", "United States", "Russia"} <= set(_names(event.actors))


def test_events_negated_agreement_after_a_meeting_is_dropped() -> None:
    doc = _doc("مقامات ایران و روسیه در مسکو مذاکره کردند، اما بر سر جدول زمانی توافق نکردند.")
    assert [e.type for e in _events(doc)] == ["CONSULT"]


def test_events_the_two_sides_are_the_sides_of_the_meeting_before() -> None:
    # Why: PLOVER codes a reciprocal agreement with both sides as actors and no target.
    doc = _doc("مقامات آمریکایی با مقامات روسی دیدار کردند و دو طرف بر ادامه مذاکرات توافق کردند.")
    meeting, agreement = _events(doc)
    assert meeting.type == "CONSULT" and agreement.type == "AGREE"
    assert _names(agreement.actors) == ["United States", "Russia"] and agreement.targets == ()
    # In a later sentence too; and with no meeting before, "the two sides" name nobody.
    doc = _doc("مقامات آمریکایی با مقامات روسی دیدار کردند. دو طرف بر ادامه مذاکرات توافق کردند.")
    assert _names(_events(doc)[-1].actors) == ["United States", "Russia"]
    assert _events(_doc("دو طرف بر ادامه مذاکرات توافق کردند.")) == ()


def test_events_unknown_organisation_stands_for_the_countries_it_names() -> None:
    text = "معاونان وزیران راه ایران و حمل‌ونقل روسیه با یکدیگر دیدار کردند."
    doc = _doc(text)
    value = doc.text.value
    start = value.index("راه")
    end = value.index("روسیه") + len("روسیه")
    org = Entity("o1", "ORG", value[start:end], None, None, (Span(start, end, value[start:end]),))
    doc = doc.with_layers(entities=(org,))
    terms = replace(_terms(), country_name=lambda word: {"ایران": "Iran", "روسیه": "Russia"}.get(word))
    (event,) = code_events(doc, lexicon(), terms)
    assert event.type == "CONSULT" and _names(event.actors) == ["Iran", "Russia"]


def test_events_when_is_a_calendar_date_or_nothing() -> None:
    # SCHEMA: `when` is a resolved date; a vague PAST_REF or a bare clock time is no date.
    from rasad.events.coding import _CALENDAR_VALUE

    assert [v for v in ("2025-12-20", "2025-12", "2025-W03", "2024-08-04T04:00") if _CALENDAR_VALUE.match(v)] == [
        "2025-12-20", "2025-12", "2025-W03", "2024-08-04T04:00",
    ]
    assert not any(_CALENDAR_VALUE.match(v) for v in ("PAST_REF", "FUTURE_REF", "T14:10", "198", "XXXX-WXX-4"))
