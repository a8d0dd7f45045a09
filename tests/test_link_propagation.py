"""Linking within an article: known names found once are found everywhere; surnames; titles without a comma."""

from __future__ import annotations

from rasad.entities.gazetteer import gazetteer
from rasad.entities.propagate import propagate_mentions
from rasad.entities.titles import link_titles
from rasad.records import Mention
from rasad.stages.link import link_mentions


def _mentions(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    out, pos = [], 0
    for name, kind in names:
        start = text.index(name, pos)
        out.append(Mention(start, start + len(name), name, kind))
        pos = start + len(name)
    return out


def _texts(entity) -> list[str]:
    return [m.text for m in entity.mentions]


def test_link_propagation_adds_untagged_surname_of_a_known_person() -> None:
    # Why: the tagger found "جورج دبلیو بوش" once and missed a later "بوش": one name, one entity per article.
    text = "جورج دبلیو بوش به منطقه آمد. خطیب جمعه گفت بوش از گروه‌ها حمایت کرده است."
    entities = link_mentions(_mentions(text, [("جورج دبلیو بوش", "PER")]))
    (bush,) = propagate_mentions(text, entities, gazetteer())
    assert bush.name_en == "George W. Bush" and _texts(bush) == ["جورج دبلیو بوش", "بوش"]
    assert text[bush.mentions[1].start : bush.mentions[1].end] == "بوش"


def test_link_propagation_leaves_unknown_names_and_inner_words_alone() -> None:
    # Why: an unknown name may be a common word elsewhere; a name inside a longer word is no mention.
    text = "بهرام کاظم‌زاده گفت. بهرام کاظم‌زاده افزود. ترامپ آمد و ترامپیسم رفت."
    names = [("بهرام کاظم‌زاده", "PER"), ("ترامپ", "PER")]
    entities = propagate_mentions(text, link_mentions(_mentions(text, names)), gazetteer())
    assert [len(e.mentions) for e in entities] == [1, 1]


def test_link_one_word_person_joins_the_full_name_even_when_a_country_has_that_name() -> None:
    # Why: "کامرون" tagged PER next to "دیوید کامرون" is the prime minister, not Cameroon.
    text = "دیوید کامرون گفت. کامرون افزود."
    entities = link_mentions(_mentions(text, [("دیوید کامرون", "PER"), ("کامرون", "PER")]))
    assert [(e.name_en, len(e.mentions)) for e in entities] == [("David Cameron", 2)]


def test_link_title_after_a_quoted_name_without_comma_denotes_the_person() -> None:
    # Why: Persian news writes «X» معاون رئیس‌جمهور عراق with no comma; the later bare title is the same man.
    text = '"طارق الهاشمی" معاون رئیس‌جمهور عراق آمد. معاون رئیس‌جمهور عراق گفت.'
    names = [("طارق الهاشمی", "PER"), ("عراق", "LOC"), ("عراق", "LOC")]
    gaz = gazetteer()
    entities = link_titles(text, link_mentions(_mentions(text, names), gaz), gaz)
    hashimi = next(e for e in entities if e.type == "PER")
    assert hashimi.name_en == "Tariq al-Hashimi"
    assert _texts(hashimi) == ["طارق الهاشمی", "معاون رئیس‌جمهور عراق"]


def test_link_propagation_skips_a_word_that_is_part_of_another_name() -> None:
    # Why: "فارس" the agency, found once, is not the فارس of "خلیج فارس" (a name of its own).
    text = "به گزارش خبرگزاری فارس، فارس افزود که نفتکش در خلیج فارس توقیف شد."
    entities = link_mentions(_mentions(text, [("خبرگزاری فارس", "ORG"), ("فارس", "ORG")]))
    (agency,) = propagate_mentions(text, entities, gazetteer())
    assert _texts(agency) == ["خبرگزاری فارس", "فارس"]
