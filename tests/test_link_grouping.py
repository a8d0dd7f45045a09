"""The link stage: grouping mentions within an article and canonical names from the gazetteers."""

from __future__ import annotations

from rasad.pipeline import Pipeline
from rasad.records import Entity, Mention, RawArticle
from rasad.stages.link import country_of, demonym_country, entity_country, link_mentions


def _mentions(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    out, pos = [], 0
    for name, kind in names:
        start = text.index(name, pos)
        out.append(Mention(start, start + len(name), name, kind))
        pos = start + len(name)
    return out


def test_link_groups_surname_with_full_name() -> None:
    text = "دونالد ترامپ گفت. ترامپ افزود."
    entities, romanized = link_mentions(_mentions(text, [("دونالد ترامپ", "PER"), ("ترامپ", "PER")]))
    assert len(entities) == 1
    trump = entities[0]
    assert (trump.id, trump.name_en, trump.kb_id, len(trump.mentions)) == ("e1", "Donald Trump", "Q22686", 2)
    assert romanized == []


def test_link_groups_unknown_person_and_romanizes_flagged() -> None:
    text = "بهرام کاظم‌زاده گفت. کاظم‌زاده افزود. علی رضایی هم آمد."
    names = [("بهرام کاظم‌زاده", "PER"), ("کاظم‌زاده", "PER"), ("علی رضایی", "PER")]
    entities, romanized = link_mentions(_mentions(text, names))
    assert [len(e.mentions) for e in entities] == [2, 1]
    assert entities[0].name == "بهرام کاظم‌زاده" and entities[0].kb_id is None
    assert entities[0].name_en and entities[0].name_en.startswith("Bahram")
    assert romanized == ["e1", "e2"]


def test_link_ambiguous_surname_stays_apart() -> None:
    # Two people share a surname: the bare surname cannot be attached to either.
    text = "علی رضایی و محسن رضایی آمدند. رضایی گفت."
    names = [("علی رضایی", "PER"), ("محسن رضایی", "PER"), ("رضایی", "PER")]
    entities, _ = link_mentions(_mentions(text, names))
    assert len(entities) == 3


def test_link_country_aliases_become_one_entity() -> None:
    text = "آمریکا و ایالات متحده و روسیه"
    entities, _ = link_mentions(_mentions(text, [("آمریکا", "LOC"), ("ایالات متحده", "LOC"), ("روسیه", "LOC")]))
    assert [(e.name_en, len(e.mentions)) for e in entities] == [("United States", 2), ("Russia", 1)]
    assert entities[0].name == "آمریکا"


def test_link_unknown_organization_keeps_persian_name_without_english() -> None:
    text = "شرکت فولاد سپیدان اعلام کرد"
    entities, romanized = link_mentions(_mentions(text, [("شرکت فولاد سپیدان", "ORG")]))
    assert (entities[0].name, entities[0].name_en, romanized) == ("شرکت فولاد سپیدان", None, [])


def test_link_lookup_api_for_events() -> None:
    assert demonym_country("روسی") == "Russia"
    assert country_of("کاخ سفید") == "United States"
    putin = Entity("e1", "PER", "ولادیمیر پوتین", "Vladimir Putin", "Q7747", ())
    moscow = Entity("e2", "LOC", "مسکو", "Moscow", None, ())
    assert (entity_country(putin), entity_country(moscow)) == ("Russia", "Russia")


def test_link_stage_in_pipeline_warns_about_romanized_names(pipeline: Pipeline) -> None:
    record = pipeline.run(RawArticle(text="آقای بهرام کاظم‌زاده با ولادیمیر پوتین در مسکو دیدار کرد."))
    for e in record.entities:
        for m in e.mentions:
            assert record.text[m.start : m.end] == m.text
    by_en = {e.name_en: e for e in record.entities}
    assert "Vladimir Putin" in by_en and "Moscow" in by_en
    if any(e.kb_id is None and e.type == "PER" and e.name_en for e in record.entities):
        assert any("romanized" in w for w in record.warnings)
