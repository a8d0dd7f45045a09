"""The ner stage: IOB decoding, mention offsets into the normalized text, and names it must find."""

from __future__ import annotations

import pytest

from rasad.pipeline import Pipeline
from rasad.records import RawArticle
from rasad.stages.ner import spans_from_labels


@pytest.fixture(scope="module")
def ner_pipeline() -> Pipeline:
    return Pipeline.build(("normalize", "tokenize", "ner"))


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-PER", "I-PER", "O"], [(0, 2, "PER")]),
        (["O", "I-LOC", "I-LOC"], [(1, 3, "LOC")]),  # a stray I- still opens a phrase
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),  # adjacent names stay apart
        (["B-ORG", "I-LOC"], [(0, 1, "ORG"), (1, 2, "LOC")]),  # a type change closes the phrase
        ([], []),
    ],
)
def test_ner_spans_from_labels(labels: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert spans_from_labels(labels) == spans


def test_ner_mentions_point_into_normalized_text(ner_pipeline: Pipeline) -> None:
    raw = RawArticle(text="ولادیمیر پوتين، رئیس‌جمهور روسیه، روز شنبه در مسکو با خبرنگاران گفتگو کرد.")
    doc = _run(ner_pipeline, raw)
    assert doc.mentions
    for m in doc.mentions:
        assert doc.text.value[m.start : m.end] == m.text
    found = {(m.text, m.type) for m in doc.mentions}
    assert ("ولادیمیر پوتین", "PER") in found  # Arabic yeh folded by normalize, still found
    assert ("مسکو", "LOC") in found


def test_ner_ignores_plain_sentence(ner_pipeline: Pipeline) -> None:
    doc = _run(ner_pipeline, RawArticle(text="قیمت نان در هفته گذشته افزایش یافت و مردم نگران هستند."))
    assert doc.mentions == ()


def test_ner_finds_unknown_person_after_title(ner_pipeline: Pipeline) -> None:
    # A name absent from every gazetteer, cued only by the title before it.
    doc = _run(ner_pipeline, RawArticle(text="آقای بهرام کاظم‌زاده دیروز در جلسه شورای شهر سخنرانی کرد."))
    assert any(m.type == "PER" and "کاظم" in m.text for m in doc.mentions)


def _run(pipeline: Pipeline, raw: RawArticle):
    from rasad.records import Doc

    doc = Doc(raw=raw)
    for stage_ in pipeline.stages:
        doc = stage_.fn(doc, pipeline.resources)
    return doc


@pytest.mark.parametrize(
    ("text", "found", "repaired"),
    [
        ("وزیر خارجه آمریکا گفت", [(1, 3, "ORG")], [(2, 3, "LOC")]),  # a title's short tail: the country is the name
        ("رئیس اتاق بازرگانی و صنایع و معادن ایران گفت", [(1, 8, "ORG")], [(1, 8, "ORG")]),  # a real organization
        ("دولت اوباما گفت", [(0, 2, "ORG")], [(1, 2, "PER")]),  # a government named after its leader
        ("شرکت بوش آلمان گفت", [(0, 3, "ORG")], [(0, 3, "ORG")]),  # a company that holds a surname stays one
        ("رئیس حشد الشعبی عراق گفت", [(1, 4, "ORG")], [(1, 4, "ORG")]),  # a title's tail that holds a known org
    ],
)
def test_ner_repair_rules(text: str, found: list, repaired: list) -> None:
    from rasad.entities.gazetteer import gazetteer
    from rasad.stages.ner import _repair

    assert sorted(_repair(text.split(), found, gazetteer())) == repaired


@pytest.mark.parametrize(
    ("text", "found", "fixed"),
    [
        # a name never ends in "and": it goes on into the organization after it, or stops before the "and"
        ("کمیته فنی و سازمان تیم های ملی گفت", [(0, 3, "ORG"), (3, 7, "ORG")], [(0, 7, "ORG")]),
        ("کمیته فنی و دبیر آن گفت", [(0, 3, "ORG")], [(0, 2, "ORG")]),
        ("دانشگاه بین المللی چابهار گفت", [(0, 4, "LOC")], [(0, 4, "ORG")]),  # headed by an organization word
        ("مردم شهر کرمان گفتند", [(0, 3, "LOC")], [(0, 3, "LOC")]),  # no organization word: the type stays
        ("خبرگزاری فارس شورای نگهبان گفت", [(0, 4, "ORG")], [(0, 2, "ORG"), (2, 4, "ORG")]),  # two organizations
        ("شورای عالی امنیت ملی گفت", [(0, 4, "ORG")], [(0, 4, "ORG")]),  # one organization stays whole
    ],
)
def test_ner_organization_repairs(text: str, found: list, fixed: list) -> None:
    from rasad.entities.gazetteer import gazetteer
    from rasad.stages.ner import _organizations

    assert sorted(_organizations(text.split(), found, gazetteer())) == fixed


def test_ner_surnames_come_from_full_person_names_only() -> None:
    from rasad.entities.gazetteer import gazetteer
    from rasad.records import Token
    from rasad.stages.ner import _surnames

    words = "سعید نوروزی و کاظمی و رئیس دولت".split()
    tokens = [Token(i * 10, i * 10 + len(w), w) for i, w in enumerate(words)]
    found = [(0, 2, "PER"), (3, 4, "PER"), (5, 7, "ORG")]  # a full name, a lone surname, an organization
    assert _surnames([tokens], [found], gazetteer()) == frozenset({"نوروزی"})


def test_ner_lone_surname_after_full_name_is_a_person(ner_pipeline: Pipeline) -> None:
    raw = RawArticle(text="نوروزی: «تحریم‌ها اثری ندارد»\n\nسعید نوروزی، مدیرکل اقتصادی وزارت خارجه، امروز سخن گفت.")
    doc = _run(ner_pipeline, raw)
    people = [m.text for m in doc.mentions if m.type == "PER"]
    assert "سعید نوروزی" in people
    assert "نوروزی" in people  # the headline's surname, before the full name


@pytest.mark.parametrize(
    ("text", "found", "balanced"),
    [
        ("شرکت « اپل » گفت", [(0, 3, "ORG")], [(0, 4, "ORG")]),  # an opened quote is closed
        ("منطقه زبیدات با رمز « یا علی »", [(0, 5, "LOC")], [(0, 4, "LOC")]),  # no name ends in an opening quote
        ("به گزارش « نسیم آنلاین » ، گفت", [(3, 5, "ORG")], [(3, 5, "ORG")]),  # a name inside quotes stays as it is
        ('کارگروه " مجمع جهانی ، گفت', [(0, 4, "ORG")], [(0, 4, "ORG")]),  # no closing quote before the comma
    ],
)
def test_ner_quote_balancing(text: str, found: list, balanced: list) -> None:
    from rasad.stages.ner import _balance_quotes

    assert _balance_quotes(text.split(), found) == balanced


def test_ner_quote_balancing_drops_a_closing_quote_the_name_did_not_open() -> None:
    from rasad.stages.ner import _balance_quotes

    words = "مسکو آن را « بخش کلیدی کریدور شمال - جنوب » می‌داند".split()
    assert _balance_quotes(words, [(6, 11, "LOC")]) == [(6, 10, "LOC")]
    assert _balance_quotes(words, [(3, 11, "LOC")]) == [(3, 11, "LOC")]  # it opened this one
    pair = "شرکت « اپل سامسونگ » گفت".split()
    assert _balance_quotes(pair, [(0, 3, "ORG"), (3, 4, "ORG")]) == [(0, 3, "ORG"), (3, 4, "ORG")]  # not into a name
