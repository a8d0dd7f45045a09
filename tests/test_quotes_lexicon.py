"""The quote-cue lexicon: the data file validates, and cues match across half-spaces, tense and negation."""

from __future__ import annotations

import pytest
import yaml

from rasad.errors import DataError
from rasad.lang import data_text
from rasad.quotes.lexicon import FILE, LIST_KEYS, lexicon, parse_lexicon


def _data() -> dict:
    return yaml.safe_load(data_text("fa", FILE))


def test_quotes_lexicon_data_file_is_valid():
    lex = lexicon()
    assert lex.cue_info  # parse_lexicon validated schema, duplicates and conflicts


def test_quotes_lexicon_lists_have_no_duplicates_or_blank_entries():
    data = _data()
    for key in LIST_KEYS:
        values = data[key]
        assert len(values) == len(set(values)), key
        assert all(v.strip() == v and v for v in values), key


def test_quotes_lexicon_light_verbs_have_stems_and_no_repeats():
    data = _data()
    stems = {item["past"] for item in data["light_stems"]}
    seen = set()
    for item in data["light_verbs"]:
        for light in item["lights"]:
            assert light in stems
            assert (item["preverb"], light) not in seen
            seen.add((item["preverb"], light))


def test_quotes_lexicon_rejects_duplicate_list_entries():
    data = _data()
    data["pronouns_singular"] = ["وی", "وی"]
    with pytest.raises(DataError, match="more than once"):
        parse_lexicon(yaml.safe_dump(data, allow_unicode=True))


def test_quotes_lexicon_rejects_pronoun_in_both_numbers():
    data = _data()
    data["pronouns_plural"] = [*data["pronouns_plural"], "وی"]
    with pytest.raises(DataError, match="both singular and plural"):
        parse_lexicon(yaml.safe_dump(data, allow_unicode=True))


def test_quotes_lexicon_rejects_light_verb_without_stem():
    data = _data()
    data["light_verbs"].append({"preverb": "ادعا", "lights": ["فرمود"]})
    with pytest.raises(DataError, match="no light_stems entry"):
        parse_lexicon(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize(
    ("text", "cue", "negated"),
    [
        ("وی گفت: ما", "گفت", False),
        ("کییف می‌گوید زمین", "می‌گوید", False),  # restored half-space
        ("کییف میگوید زمین", "میگوید", False),  # lost half-space
        ("کییف می گوید زمین", "می گوید", False),  # half-space typed as a space
        ("آنها می‌گویند که", "می‌گویند", False),  # plural present
        ("او نمی‌گوید که", "نمی‌گوید", True),  # negation
        ("روبیو گفته بود که", "گفته بود", False),  # pluperfect
        ("اعلام کرده‌اند که", "اعلام کرده‌اند", False),  # perfect of a light verb
        ("وی اظهارداشت: ما", "اظهارداشت", False),  # light verb written solid
        ("وی خاطر نشان کرد که", "خاطر نشان کرد", False),  # preverb written in two words
        ("منابع گزارش می‌دهند که", "گزارش می‌دهند", False),  # present of a light verb
        ("او خواهد گفت که", "خواهد گفت", False),  # future
        ("وی تأکید کرد که", "تأکید کرد", False),  # hamza spelling
    ],
)
def test_quotes_lexicon_matches_cue_forms(text, cue, negated):
    lex = lexicon()
    match = lex.cues.search(text)
    assert match is not None and match.group(0) == cue
    assert lex.cue_at(match).negated is negated


@pytest.mark.parametrize(
    "text",
    [
        "در گفت‌وگو با خبرنگاران",  # conversation, not a cue
        "در گفت و گو با خبرنگاران",
        "به گفته پلیس",  # "according to": handled as an attribution phrase, not a verb
        "این نوشته را خواندم",  # "writing" as a noun
    ],
)
def test_quotes_lexicon_does_not_match_non_cues(text):
    assert lexicon().cues.search(text) is None
