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
    entities = link_mentions(_mentions(text, [("دونالد ترامپ", "PER"), ("ترامپ", "PER")]))
    assert len(entities) == 1
    trump = entities[0]
    assert (trump.id, trump.name_en, trump.kb_id, len(trump.mentions)) == ("e1", "Donald Trump", "Q22686", 2)


def test_link_groups_unknown_person_without_english_name() -> None:
    # SCHEMA: name_en is null when the canonical English name is unknown; no letter-by-letter guess.
    text = "بهرام کاظم‌زاده گفت. کاظم‌زاده افزود. علی رضایی هم آمد."
    names = [("بهرام کاظم‌زاده", "PER"), ("کاظم‌زاده", "PER"), ("علی رضایی", "PER")]
    entities = link_mentions(_mentions(text, names))
    assert [len(e.mentions) for e in entities] == [2, 1]
    assert entities[0].name == "بهرام کاظم‌زاده" and entities[0].kb_id is None
    assert [e.name_en for e in entities] == [None, None]


def test_link_ambiguous_surname_stays_apart() -> None:
    # Two people share a surname: the bare surname cannot be attached to either.
    text = "علی رضایی و محسن رضایی آمدند. رضایی گفت."
    names = [("علی رضایی", "PER"), ("محسن رضایی", "PER"), ("رضایی", "PER")]
    entities = link_mentions(_mentions(text, names))
    assert len(entities) == 3


def test_link_country_aliases_become_one_entity() -> None:
    text = "آمریکا و ایالات متحده و روسیه"
    entities = link_mentions(_mentions(text, [("آمریکا", "LOC"), ("ایالات متحده", "LOC"), ("روسیه", "LOC")]))
    assert [(e.name_en, len(e.mentions)) for e in entities] == [("United States", 2), ("Russia", 1)]
    assert entities[0].name == "آمریکا"


def test_link_unknown_organization_keeps_persian_name_without_english() -> None:
    text = "شرکت فولاد سپیدان اعلام کرد"
    entities = link_mentions(_mentions(text, [("شرکت فولاد سپیدان", "ORG")]))
    assert (entities[0].name, entities[0].name_en) == ("شرکت فولاد سپیدان", None)


def test_link_lookup_api_for_events() -> None:
    assert demonym_country("روسی") == "Russia"
    assert country_of("کاخ سفید") == "United States"
    putin = Entity("e1", "PER", "ولادیمیر پوتین", "Vladimir Putin", "Q7747", ())
    moscow = Entity("e2", "LOC", "مسکو", "Moscow", None, ())
    assert (entity_country(putin), entity_country(moscow)) == ("Russia", "Russia")


def test_link_stage_in_pipeline_names_only_known_entities_in_english(pipeline: Pipeline) -> None:
    record = pipeline.run(RawArticle(text="آقای بهرام کاظم‌زاده با ولادیمیر پوتین در مسکو دیدار کرد."))
    for e in record.entities:
        for m in e.mentions:
            assert record.text[m.start : m.end] == m.text
    by_en = {e.name_en: e for e in record.entities}
    assert "Vladimir Putin" in by_en and "Moscow" in by_en
    unknown = [e for e in record.entities if "کاظم" in e.name]
    assert unknown and all(e.name_en is None for e in unknown)
    assert not any("romanized" in w for w in record.warnings)


def test_link_name_core_drops_heads_quotes_and_honorifics() -> None:
    text = "در شهر «سنفورد» و جنوب استان سیستان و بلوچستان، روزنامه کویتی «الوطن» و سید عبدالملک الحوثی"
    names = [("شهر «سنفورد", "LOC"), ("جنوب استان سیستان و بلوچستان", "LOC"), ("روزنامه کویتی «الوطن»", "PRODUCT"),
             ("سید عبدالملک الحوثی", "PER")]  # fmt: skip
    entities = link_mentions(_mentions(text, names))
    assert [(e.type, e.name) for e in entities[:3]] == [("LOC", "سنفورد"), ("LOC", "سیستان و بلوچستان"), ("ORG", "الوطن")]
    assert entities[1].name_en == "Sistan and Baluchestan Province"
    assert entities[3].name_en == "Abdul-Malik al-Houthi"
    # The mention spans stay what the text says; only the canonical name is the core.
    assert entities[0].mentions[0].text == "شهر «سنفورد"


def test_link_short_agency_name_and_gazetteer_type_fix() -> None:
    text = "به گزارش فارس از زاهدان"
    entities = link_mentions(_mentions(text, [("فارس", "ORG"), ("زاهدان", "PER")]))
    assert [(e.type, e.name_en) for e in entities] == [("ORG", "Fars News Agency"), ("LOC", "Zahedan")]


def test_link_title_phrase_joins_the_person_it_is_tied_to(pipeline: Pipeline) -> None:
    text = ("ولادیمیر پوتین، رئیس‌جمهور روسیه، روز شنبه در مسکو سخن گفت. رئیس‌جمهور روسیه افزود که نشست ادامه دارد. "
            "وزیر خارجه فرانسه و وزیر خارجه فرانسه هم آمدند.")  # fmt: skip
    record = pipeline.run(RawArticle(text=text))
    putin = next(e for e in record.entities if e.name_en == "Vladimir Putin")
    assert [m.text for m in putin.mentions] == ["ولادیمیر پوتین", "رئیس‌جمهور روسیه"]
    # A title no sentence ties to a named person stays unlinked.
    assert not any("وزیر خارجه فرانسه" in m.text for e in record.entities for m in e.mentions)


def test_link_government_media_and_leading_words() -> None:
    text = "دولت بحرین و روزنامه اماراتی الخلیج و عضو شورای همکاری خلیج فارس و سید حسن حسینی"
    names = [("دولت بحرین", "ORG"), ("روزنامه اماراتی الخلیج", "ORG"), ("عضو شورای همکاری خلیج فارس", "ORG"),
             ("سید حسن حسینی", "PER")]  # fmt: skip
    entities = link_mentions(_mentions(text, names))
    assert [(e.type, e.name) for e in entities] == [
        ("LOC", "بحرین"), ("ORG", "الخلیج"), ("ORG", "شورای همکاری خلیج فارس"), ("PER", "سید حسن حسینی")]  # fmt: skip
    assert entities[0].name_en == "Bahrain" and entities[2].name_en == "Gulf Cooperation Council"


def test_link_surname_prefers_the_full_name_in_the_article() -> None:
    # The gazetteer's best-known Khatami is Mohammad; this article names Ahmad (known) or Ali (unknown).
    text = "سید احمد خاتمی گفت. خاتمی افزود."
    entities = link_mentions(_mentions(text, [("سید احمد خاتمی", "PER"), ("خاتمی", "PER")]))
    assert [(e.name, e.name_en, len(e.mentions)) for e in entities] == [("سید احمد خاتمی", "Ahmad Khatami", 2)]
    text = "سید علی خاتمی گفت. خاتمی افزود."
    entities = link_mentions(_mentions(text, [("سید علی خاتمی", "PER"), ("خاتمی", "PER")]))
    assert [(e.name, e.name_en, len(e.mentions)) for e in entities] == [("سید علی خاتمی", None, 2)]
    alone = link_mentions(_mentions("خاتمی افزود.", [("خاتمی", "PER")]))
    assert alone[0].name_en == "Mohammad Khatami"
