"""Offers, readiness and withdrawals: how the trigger lexicon codes them (PLOVER AGREE and SANCTION withdraw)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rasad.events.coding import code_events
from rasad.events.lexicon import lexicon
from rasad.events.lookup import actor_terms
from rasad.records import Doc, Event

from events_support import doc_with_names


NAMES = {
    "ایران": ("LOC", "Iran"),
    "روسیه": ("LOC", "Russia"),
    "آمریکا": ("LOC", "United States"),
    "نتانیاهو": ("PER", "Benjamin Netanyahu"),
    "اسرائیل": ("LOC", "Israel"),
    "بانک مرکزی": ("ORG", "Central Bank of Iran"),
    "شجاعی": ("PER", "Leila Shojaei"),
}


def _doc(text: str) -> Doc:
    return doc_with_names(text, NAMES)


def _events(text: str) -> tuple[Event, ...]:
    terms = replace(actor_terms(), demonym_country=lambda word: None, entity_country=lambda entity: None)
    return code_events(_doc(text), lexicon(), terms)


def _coded(text: str) -> list[tuple[str, list[str | None], list[str | None]]]:
    return [(e.type, [p.name_en for p in e.actors], [p.name_en for p in e.targets]) for e in _events(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Why: PLOVER codes an offer as AGREE; what is proposed names whom it is for.
        ("شجاعی پیشنهاد داد که بانک مرکزی شش ماه مهلت بدهد.", [("AGREE", ["Leila Shojaei"], ["Central Bank of Iran"])]),
        # Why: an attribution "به گفته X،" opens the sentence; X is the source, not the addressee.
        ("به گفته شجاعی، روسیه پیشنهاد داد که بانک مرکزی مهلت بدهد.", [("AGREE", ["Russia"], ["Central Bank of Iran"])]),
        # Why: a proposed meeting is neither held (no CONSULT) nor an agreement: coders wait until it happens.
        ("آمریکا اکنون یک جلسه سه‌جانبه با ایران و روسیه پیشنهاد می‌دهد.", []),
        ("روسیه پیشنهاد داد که نشست بعدی در تهران برگزار شود.", []),
        # Why: readiness to cooperate is an AGREE ...
        ("روسیه آماده است همکاری با ایران را گسترش دهد.", [("AGREE", ["Russia"], [])]),
        # ... readiness to do harm is none.
        ("نتانیاهو در گفت‌وگو با رسانه‌ها گفت که آماده است اسرائیل را به آتش بکشاند.", []),
    ],
)
def test_events_offers_and_readiness(text: str, expected: list) -> None:
    assert _coded(text) == expected


def test_events_leaving_an_agreement_is_a_sanction_leaving_a_place_a_retreat() -> None:
    # Why: PLOVER SANCTION (withdraw) covers leaving agreements and organisations; RETREAT is for forces and places.
    (left,) = _events("آمریکا از توافق هسته‌ای با ایران خارج شد.")
    assert (left.type, left.mode) == ("SANCTION", "withdraw")
    (withdrew,) = _events("روسیه از خاک اوکراین خارج شد.")
    assert withdrew.type == "RETREAT"


def test_events_request_of_an_unnamed_party_is_still_a_request() -> None:
    # Why: "از آدم‌ربایان می‌خواهم" asks someone the article does not name; a bare "می‌خواهیم" (we want) asks nobody.
    assert _coded("نتانیاهو گفت از آدم‌ربایان می‌خواهد گروگان‌ها را آزاد کنند.")[:1] == [("REQUEST", ["Benjamin Netanyahu"], [])]
    assert [t for t, _a, _t in _coded("روسیه می‌خواهد قیمت نفت بالا برود.")] == []
