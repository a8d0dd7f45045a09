"""Who an event's actor is when the sentence does not name it plainly: affiliations, anaphors, organs, clauses."""

from __future__ import annotations

from dataclasses import replace

from rasad.events.coding import code_events
from rasad.events.lexicon import lexicon
from rasad.events.lookup import actor_terms
from rasad.records import Doc, Event

from events_support import doc_with_names

# Small stand-ins for the linker (None: a name the gazetteers do not know), so these tests do not move when the
# gazetteers grow. Countries are their own country; cities lie in one.
NAMES = {
    "ایران": ("LOC", "Iran"),
    "کوبا": ("LOC", "Cuba"),
    "کره شمالی": ("LOC", "North Korea"),
    "کویت": ("LOC", "Kuwait"),
    "افغانستان": ("LOC", "Afghanistan"),
    "هاوانا": ("LOC", "Havana"),
    "قدس": ("LOC", "Jerusalem"),
    "علی چگنی": ("PER", None),
    "گوستاو کوبریرو": ("PER", None),
    "الهاشمی": ("PER", "Tariq al-Hashimi"),
    "پارلمان عراق": ("ORG", None),
    "مجلس شورای اسلامی": ("ORG", "Islamic Consultative Assembly"),
    "غلامرضا شهرکی": ("PER", None),
    "طالبان": ("ORG", "Taliban"),
    "وزارت خارجه آمریکا": ("ORG", "United States Department of State"),
    "سفارت ایران در کویت": ("ORG", None),
    "اندیشکده": ("ORG", None),
}
COUNTRY = {"Iran": "Iran", "Cuba": "Cuba", "North Korea": "North Korea", "Kuwait": "Kuwait",
           "Afghanistan": "Afghanistan", "Havana": "Cuba", "Islamic Consultative Assembly": "Iran"}  # fmt: skip
COUNTRY_NAMES = {"ایران": "Iran", "کویت": "Kuwait", "عراق": "Iraq", "آمریکا": "United States"}


def _doc(text: str) -> Doc:
    return doc_with_names(text, NAMES)


def _events(doc: Doc) -> tuple[Event, ...]:
    terms = replace(
        actor_terms(),
        demonym_country=lambda word: None,
        entity_country=lambda entity: COUNTRY.get(entity.name_en or ""),
        name_country=lambda name: COUNTRY_NAMES.get(name),
        country_name=lambda word: COUNTRY_NAMES.get(word),
    )
    return code_events(doc, lexicon(), terms)


def _names(participants) -> list[str | None]:
    return [p.name_en for p in participants]


def test_events_unknown_person_acts_for_the_state_of_the_apposition() -> None:
    # Why: PLOVER codes a person it cannot name by whom the person serves; a "?" actor helps nobody.
    doc = _doc('«گوستاو کوبریرو»، رئیس دانشگاه هاوانا، با "علی چگنی" سفیر ایران در کوبا دیدار کرد.')
    (event,) = _events(doc)
    assert event.type == "CONSULT"
    assert _names(event.actors) == ["Cuba"] and _names(event.targets) == ["Iran"]


def test_events_unknown_person_stands_for_the_body_before_the_place() -> None:
    # Why: "نماینده زابل در مجلس" serves the parliament, not the town; and the comma closing the apposition does
    # not make the object after it a co-actor.
    doc = _doc("غلامرضا شهرکی، نماینده هاوانا در مجلس شورای اسلامی، دولت طالبان را به «ساخت سدهای غیرمجاز» متهم کرد.")
    (event,) = _events(doc)
    assert event.type == "ACCUSE"
    assert _names(event.actors) == ["Islamic Consultative Assembly"] and _names(event.targets) == ["Taliban"]


def test_events_known_person_is_not_replaced_by_an_affiliation() -> None:
    doc = _doc("الهاشمی، رئیس پارلمان عراق، با علی چگنی دیدار کرد.")
    (event,) = _events(doc)
    assert _names(event.actors) == ["Tariq al-Hashimi"]


def test_events_this_country_is_the_country_named_last() -> None:
    # Why: "این کشور" is how Persian news refers back to a country; the target must not be lost or guessed.
    doc = _doc("اندیشکده‌ای گزارشی درباره کره شمالی منتشر کرد. اندیشکده این کشور را به مخفی‌کاری متهم کرده است.")
    events = [e for e in _events(doc) if e.type == "ACCUSE"]
    assert events and _names(events[0].targets) == ["North Korea"]


def test_events_this_country_without_a_country_before_is_nobody() -> None:
    doc = _doc("اندیشکده این کشور را به مخفی‌کاری متهم کرده است.")
    assert all(not e.targets for e in _events(doc))


def test_events_embassy_in_a_country_belongs_to_its_sender() -> None:
    # Why: "سفارت ایران در کویت" is Iran's embassy; the country after در is only where it sits.
    doc = _doc("سفارت ایران در کویت این گزارش را رد کرد.")
    (event,) = _events(doc)
    assert event.type == "REJECT" and _names(event.actors) == ["Iran"]


def test_events_named_state_organ_keeps_its_name_unnamed_one_is_its_state() -> None:
    named = _events(_doc("وزارت خارجه آمریکا این طرح را رد کرد."))
    unnamed = _events(_doc("پارلمان عراق این طرح را رد کرد."))
    assert _names(named[0].actors) == ["United States Department of State"]
    assert _names(unnamed[0].actors) == ["Iraq"]


def test_events_pronoun_before_ra_leaves_the_name_as_subject() -> None:
    # Why: in "الهاشمی آن را وتو کرد" را marks آن; the name before it is who vetoed.
    doc = _doc("پارلمان عراق قانون را تصویب کرد ولی الهاشمی آن را وتو کرد.")
    (event,) = [e for e in _events(doc) if e.type == "REJECT"]
    assert _names(event.actors) == ["Tariq al-Hashimi"] and not event.targets


def test_events_one_could_attack_is_no_attack() -> None:
    # Why: a possibility (می‌توان … حمله کرد) reports no act, like a plan.
    assert _events(_doc("به نوشته این هفته‌نامه، می‌توان به ایران حمله کرد.")) == ()


def test_events_agreement_in_this_meeting_is_between_the_meeting_sides() -> None:
    # Why: "در این دیدار توافق شد" names no side; the sides are those of the meeting just reported.
    doc = _doc("علی چگنی سفیر ایران با «گوستاو کوبریرو» رئیس دانشگاه هاوانا دیدار کرد. در این دیدار توافق شد همکاری‌ها افزایش یابد.")
    agree = [e for e in _events(doc) if e.type == "AGREE"]
    assert agree and set(_names(agree[0].actors)) == {"Iran", "Cuba"} and not agree[0].targets


def test_events_passive_in_the_present_keeps_its_subject_as_target() -> None:
    # Why: "تحت بازجویی قرار دارند" is as passive as "قرار گرفتند": the subject is questioned, the state questions.
    doc = _doc("این سه ایرانی در کویت تحت بازجویی پلیس قرار دارند.")
    (event,) = _events(doc)
    assert event.type == "INVESTIGATE" and _names(event.actors) == ["Kuwait"]


def test_events_passive_in_a_city_of_no_known_state_has_no_actor() -> None:
    # Why: a disputed or unknown city says where, not who; "Jerusalem arrested" is no actor.
    assert _events(_doc("بیش از ۱۵۰۰ کودک در قدس بازداشت شده‌اند.")) == ()


def test_events_his_country_is_the_country_of_the_person_spoken_about() -> None:
    # Why: "کشورش آماده است …" names no country; it is the country the speaker serves (here, by apposition).
    doc = _doc("علی چگنی، سفیر ایران، گفت که کشورش آماده است همکاری با کوبا را گسترش دهد.")
    (event,) = _events(doc)
    assert event.type == "AGREE" and _names(event.actors) == ["Iran"]


def test_events_trial_mentioned_in_a_quote_is_not_the_speakers_and_is_coded_once() -> None:
    # Why: the speaker of «محاکمه الهاشمی …» does not try him; a doer-less repeat of a coded act adds nothing.
    doc = _doc("پارلمان عراق الهاشمی را محاکمه کرد. علی چگنی گفت: «محاکمه الهاشمی آغاز شد.»")
    coerce = [e for e in _events(doc) if e.type == "COERCE"]
    assert [(_names(e.actors), _names(e.targets)) for e in coerce] == [(["Iraq"], ["Tariq al-Hashimi"])]


def test_events_ra_after_two_names_marks_only_the_second() -> None:
    # Why: in "پارلمان عراق الهاشمی را محاکمه کرد" را marks الهاشمی; the name before it is the subject.
    (event,) = _events(_doc("پارلمان عراق الهاشمی را محاکمه کرد."))
    assert _names(event.actors) == ["Iraq"] and _names(event.targets) == ["Tariq al-Hashimi"]


def test_events_reported_clause_after_said_has_its_own_subject() -> None:
    # Why: "X گفت Y … بازداشت شد": the speaker is not what was arrested; the reported clause starts after گفت.
    doc = _doc("علی چگنی، سفیر ایران، گفت الهاشمی در کویت بازداشت شد.")
    (event,) = _events(doc)
    assert event.type == "COERCE" and _names(event.targets) == ["Tariq al-Hashimi"] and _names(event.actors) == ["Kuwait"]


def test_events_subject_is_not_taken_from_a_relative_clause() -> None:
    # Why: in "ایران طرحی را که کویت …، رد کرد" the relative clause's کویت did not reject anything.
    (event,) = [e for e in _events(_doc("طرحی را که کویت نوشته بود، الهاشمی رد کرد.")) if e.type == "REJECT"]
    assert _names(event.actors) == ["Tariq al-Hashimi"]


def test_events_a_quoted_phrase_is_not_the_subject_of_the_next_clause() -> None:
    # Why: in "X … «…Y…» می‌داند و از آن حمایت می‌کند" the second clause's subject is X; Y is what X said.
    doc = _doc("هاوانا این طرح را «الگوی موفق و پایدار همکاری کره شمالی» می‌داند و از تکمیل آن حمایت کامل می‌کند.")
    events = [e for e in _events(doc) if e.type == "SUPPORT"]
    assert events and _names(events[0].actors) == ["Cuba"]


def test_events_a_clause_inside_the_same_quotation_keeps_its_subject() -> None:
    doc = _doc("وزیر گفت: «کوبا این طرح را بررسی کرد و از تکمیل آن حمایت کامل می‌کند.»")
    events = [e for e in _events(doc) if e.type == "SUPPORT"]
    assert events and _names(events[0].actors) == ["Cuba"]
