"""plover_cues.yaml and event_actor_terms.tsv: the shipped files load, and bad data is refused by name."""

from __future__ import annotations

import pytest

from rasad.errors import DataError
from rasad.events.lexicon import PLOVER_TYPES, fold, lexicon, parse_lexicon
from rasad.events.lookup import actor_terms, parse_terms
from rasad.lang import data_text

_MINIMAL = """
verbs:
  کردن: {past: کرد, present: کن}
cues:
  - type: AGREE
    nouns: [توافق]
    verbs: [کردن]
"""


def test_events_data_shipped_lexicon_loads_with_known_types() -> None:
    lex = lexicon()
    assert lex.cues and {c.type for c in lex.cues} <= PLOVER_TYPES
    assert all(c.negated is None or c.negated in PLOVER_TYPES for c in lex.cues)
    # The triggers the issue names are all covered.
    for text, type_ in [
        ("دیدار کردند", "CONSULT"), ("مذاکره کرد", "CONSULT"), ("توافق کردند", "AGREE"),
        ("رد کرد", "REJECT"), ("حمایت خواهد کرد", "SUPPORT"), ("خواستار", "REQUEST"),
        ("محکوم کرد", "ACCUSE"), ("تهدید کرد", "THREATEN"), ("حمله کرد", "ASSAULT"),
        ("تحریم کرد", "SANCTION"), ("آزاد کرد", "RETREAT"),
        # and the families named when the lexicon was broadened
        ("ملاقات کرد", "CONSULT"), ("رایزنی کردند", "CONSULT"), ("تماس تلفنی", "CONSULT"),
        ("امضا کردند", "SUPPORT"), ("انتقاد کرد", "ACCUSE"), ("درخواست کرد", "REQUEST"),
        ("فراخواند", "REQUEST"), ("بازداشت شدند", "COERCE"), ("دستگیر کرد", "COERCE"),
        ("محاکمه شد", "COERCE"), ("تظاهرات کردند", "PROTEST"), ("تجمع کردند", "PROTEST"),
        ("امتناع کرد", "REJECT"), ("به رسمیت شناخت", "SUPPORT"),
    ]:  # fmt: skip
        assert any(c.type == type_ and c.pattern.fullmatch(fold(text)) for c in lex.cues), text


def test_events_data_minimal_lexicon_parses() -> None:
    lex = parse_lexicon(_MINIMAL)
    assert [c.type for c in lex.cues] == ["AGREE"]
    assert lex.cues[0].pattern.search("توافق نخواهند کرد")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # Why each: a typo in a type, an undefined verb, an alias listed twice, one trigger with two types.
        (_MINIMAL.replace("AGREE", "AGRE"), "not a PLOVER type"),
        (_MINIMAL.replace("verbs: [کردن]", "verbs: [نمودن]"), "not listed under 'verbs'"),
        (_MINIMAL.replace("nouns: [توافق]", "nouns: [توافق, توافق]"), "twice"),
        (_MINIMAL + "  - type: REJECT\n    nouns: [توافق]\n    verbs: [کردن]\n", "cued as both"),
        (_MINIMAL + "    negated: MAYBE\n", "negated must be"),
        (_MINIMAL + "    colour: red\n", "unknown keys"),
        ("cues: nothing", "needs a 'cues' list"),
        # Why: the new keys (retype maps, nominal roles) are checked as strictly as the old ones.
        (_MINIMAL + "retype:\n  future: {ASSAULT: THREAT}\n", "unknown types"),
        (_MINIMAL + "retype: [ASSAULT]\n", "'retype' must map"),
        (_MINIMAL + "    genitive: target\n", "genitive and alone are for nominal cues"),
        (_MINIMAL + "  - type: COERCE\n    nominal: [محاکمه]\n    genitive: judge\n", "genitive must be"),
        ("verbs: [unclosed", "not valid YAML"),
    ],
)
def test_events_data_bad_lexicon_is_refused(bad: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_lexicon(bad)


def test_events_data_shipped_lexicon_has_no_duplicate_or_conflicting_cues() -> None:
    # parse_lexicon checks both; this pins that the shipped file passes those checks.
    parse_lexicon(data_text("fa", "plover_cues.yaml"))


def test_events_data_actor_terms_load() -> None:
    terms = actor_terms()
    assert "مقامات" in terms.roles and "وزیر" in terms.titles and "وی" in terms.pronouns
    assert "سه" in terms.counts and not (terms.counts & terms.roles)
    assert not (terms.roles & terms.titles)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(1, ["مقامات", "role", ""]), (2, ["مقامات", "title", ""])], "already listed"),
        ([(1, ["مقامات", "boss", ""])], "kind"),
        ([(1, [" ", "role", ""])], "empty term"),
    ],
)
def test_events_data_bad_actor_terms_are_refused(rows, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_terms(rows)


def test_events_data_anaphors_are_two_word_phrases_and_meeting_references_load() -> None:
    # Why: anaphors are matched as two tokens; a one-word entry could never match, a longer one never fully.
    terms = actor_terms()
    assert terms.anaphors and all(len(a.split()) == 2 for a in terms.anaphors)
    assert ("این", "دیدار") in lexicon().meeting_references


def test_events_data_light_verbs_with_an_intensifier_and_round_four_cues_match() -> None:
    # Why: "حمایت کامل می‌کند", "انتقاد شدید کرد" put an adjective between noun and light verb; offers,
    # readiness and leaving an agreement were added in round 4.
    lex = lexicon()
    for text, type_ in [
        ("حمایت کامل می‌کند", "SUPPORT"), ("انتقاد شدید کرد", "ACCUSE"), ("پیشنهاد داد", "AGREE"),
        ("آماده است", "AGREE"), ("خارج شد", "SANCTION"), ("تحت بازجویی پلیس قرار دارند", "INVESTIGATE"),
    ]:  # fmt: skip
        assert any(c.type == type_ and c.pattern.fullmatch(fold(text)) for c in lex.cues), text
