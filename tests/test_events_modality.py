"""Events under conditions, plans, questions and warnings; nominal triggers with their genitive; pronouns."""

from __future__ import annotations

from dataclasses import replace

from rasad.events.coding import code_events
from rasad.events.lexicon import lexicon
from rasad.events.lookup import actor_terms
from rasad.records import Doc, Event, Quote, Speaker

from events_support import doc_with_names

# Small stand-ins for the linker, so these tests do not move when the gazetteers grow.
NAMES = {
    "روسیه": ("LOC", "Russia"),
    "آمریکا": ("LOC", "United States"),
    "اوکراین": ("LOC", "Ukraine"),
    "ایران": ("LOC", "Iran"),
    "عراق": ("LOC", "Iraq"),
    "بحرین": ("LOC", "Bahrain"),
    "پوتین": ("PER", "Vladimir Putin"),
    "ویتکاف": ("PER", "Steve Witkoff"),
    "نتانیاهو": ("PER", "Benjamin Netanyahu"),
    "الهاشمی": ("PER", "Tariq al-Hashimi"),
    "جنگ عراق": ("EVENT", "Iraq War"),
}


def _doc(text: str) -> Doc:
    return doc_with_names(text, NAMES)


def _events(doc: Doc) -> tuple[Event, ...]:
    terms = replace(actor_terms(), demonym_country=lambda word: None, entity_country=lambda entity: None)
    return code_events(doc, lexicon(), terms)


def _names(participants) -> list[str | None]:
    return [p.name_en for p in participants]


def test_events_conditional_veto_is_a_threat() -> None:
    (event,) = _events(_doc("الهاشمی گفت در صورتی که گروه‌ها به توافق نرسند، آن را وتو خواهد کرد."))
    assert event.type == "THREATEN" and _names(event.actors) == ["Tariq al-Hashimi"]
    (done,) = _events(_doc("الهاشمی قانون را وتو کرد."))
    assert done.type == "REJECT"


def test_events_announced_attack_is_a_threat_and_announced_meeting_an_agree() -> None:
    (attack,) = _events(_doc("آمریکا به ایران حمله خواهد کرد."))
    assert attack.type == "THREATEN" and _names(attack.targets) == ["Iran"]
    (meeting,) = _events(_doc("پوتین با ویتکاف دیدار خواهد کرد."))
    assert meeting.type == "AGREE" and _names(meeting.targets) == ["Steve Witkoff"]


def test_events_question_reports_nothing() -> None:
    assert _events(_doc("آیا پوتین با ویتکاف دیدار کرد؟")) == ()


def test_events_plan_is_not_an_event() -> None:
    assert _events(_doc("روسیه قرار است خواستار خروج اوکراین شود.")) == ()
    (event,) = _events(_doc("روسیه خواستار خروج اوکراین شد."))
    assert event.type == "REQUEST"


def test_events_warning_is_a_threat_only_with_its_consequence() -> None:
    assert _events(_doc("گزارش‌های آمریکا هشدار می‌دهند که پوتین قصد دارد اوکراین را تصرف کند.")) == ()
    (event,) = _events(_doc("ایران به آمریکا درباره پیامدهای هرگونه حمله هشدار داد."))
    assert event.type == "THREATEN" and _names(event.actors) == ["Iran"]


def test_events_summoning_an_envoy_is_an_accusation_calling_on_is_a_request() -> None:
    (summon,) = _events(_doc("ایران سفیر بحرین را فراخواند."))
    assert summon.type == "ACCUSE"
    (call,) = _events(_doc("روسیه اوکراین را به مذاکره فراخواند."))
    assert call.type == "REQUEST" and _names(call.targets) == ["Ukraine"]


def test_events_confirming_is_no_support() -> None:
    assert [e.type for e in _events(_doc("روسیه تأیید کرد که پوتین در مسکو است."))] == []
    (approved,) = _events(_doc("روسیه طرح آمریکا را تأیید کرد."))
    assert approved.type == "SUPPORT" and _names(approved.targets) == ["United States"]


def test_events_nominal_genitive_takes_its_role() -> None:
    (trial,) = _events(_doc("لاپید درباره جلسه محاکمه نتانیاهو سخن گفت."))
    assert trial.type == "COERCE" and trial.actors == () and _names(trial.targets) == ["Benjamin Netanyahu"]
    (fight,) = _events(_doc("درگیری روسیه و اوکراین از دوشنبه آغاز شد."))
    assert fight.type == "FIGHT" and _names(fight.actors) == ["Russia", "Ukraine"]
    (visit,) = _events(_doc("پوتین پس از سفر ویتکاف به روسیه سخن گفت."))
    assert visit.type == "CONSULT" and visit.mode == "visit"
    assert _names(visit.actors) == ["Steve Witkoff"] and _names(visit.targets) == ["Russia"]


def test_events_meeting_with_unnamed_partner_keeps_its_actor() -> None:
    (event,) = _events(_doc("پوتین در دیدار با رهبران گروه‌های مخالف گفت که جنگ پایان می‌یابد."))
    assert event.type == "CONSULT" and _names(event.actors) == ["Vladimir Putin"] and event.targets == ()
    assert _events(_doc("پوتین برای مذاکرات با هدف پایان جنگ آماده نیست.")) == ()


def test_events_an_event_is_no_participant() -> None:
    events = _events(_doc("پوتین پس از ملاقات با مجروحان جنگ عراق سخن گفت."))
    assert all("Iraq War" not in _names(e.actors + e.targets) for e in events)


def test_events_pronoun_is_the_last_subject_not_the_last_name() -> None:
    text = "پوتین در دیدار با ویتکاف سخن گفت. وی خواستار خروج اوکراین شد."
    request = next(e for e in _events(_doc(text)) if e.type == "REQUEST")
    assert _names(request.actors) == ["Vladimir Putin"]


def test_events_event_inside_a_quote_points_to_it() -> None:
    doc = _doc("پوتین گفت: «روسیه با آمریکا توافق کرد.» سپس روسیه به اوکراین حمله کرد.")
    value = doc.text.value
    start, end = value.index("«"), value.index("»") + 1
    putin = next(e for e in doc.entities if e.name_en == "Vladimir Putin")
    quote = Quote("direct", start, end, value[start:end], "گفت", Speaker(putin.id, "پوتین"))
    agree, attack = _events(doc.with_layers(quotes=(quote,)))
    assert agree.type == "AGREE" and agree.quote == 0
    assert attack.type == "ASSAULT" and attack.quote is None
