"""The scorer: matching rules for entities, time, quotes and events, and unscored gold items."""

from __future__ import annotations

from rasad.evaluate import fold, score_entities, score_events, score_quotes, score_timexes
from rasad.records import Entity, Event, Participant, Quote, Record, Span, Speaker, Timex

GOLD = {
    "entities": [
        {"type": "PER", "fa": "دونالد ترامپ", "en": "Donald Trump", "mentions": ["ترامپ"]},
        {"type": "LOC", "fa": "روسیه", "en": "Russia", "mentions": ["روسیه"]},
        {"type": "ORG", "fa": "فارس", "en": "Fars", "mentions": ["فارس"], "scored": False},
    ],
    "timexes": [{"text": "روز شنبه", "value": "2025-12-20"}, {"text": "امروز", "value": "2025-12-20", "scored": False}],
    "quotes": [
        {"kind": "direct", "speaker": "دونالد ترامپ", "cue": "گفت", "text": "ما با روسیه مذاکره می‌کنیم"},
        {"kind": "indirect", "speaker": "یک مقام کاخ سفید", "cue": "گفت", "text": "مذاکرات تمام شد"},
    ],
    "events": [
        {"type": "CONSULT", "actors": ["Donald Trump"], "targets": ["Russia"], "trigger": "دیدار کرد"},
    ],
}


def record(**layers) -> Record:
    return Record(id="x", source=None, author=None, published=None, title=None, language="fa", text="", **layers)


def entity(id_: str, type_: str, name: str, name_en: str | None) -> Entity:
    return Entity(id_, type_, name, name_en, None, (Span(0, 1, name),))


def test_evaluate_fold_ignores_half_spaces_letters_and_spacing() -> None:
    assert fold("می\u200cگوید") == fold("میگوید") == fold("ميگويد")
    assert fold(" «سلام   دنیا.» ") == "سلام دنیا"


def test_evaluate_entities_by_type_and_english_name() -> None:
    predicted = record(entities=(
        entity("e1", "PER", "ترامپ", "Donald Trump"),  # right
        entity("e2", "PER", "روسیه", "Russia"),  # wrong type
        entity("e3", "ORG", "فارس", None),  # matches an unscored gold item by its Persian name: ignored
    ))  # fmt: skip
    score = score_entities(predicted, GOLD)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_evaluate_timexes_need_text_and_value() -> None:
    predicted = record(timexes=(
        Timex(0, 8, "روز شنبه", "DATE", "2025-12-20"),
        Timex(20, 28, "روز شنبه", "DATE", "2025-12-20"),  # a repeat counts once
        Timex(30, 35, "امروز", "DATE", "2025-12-21"),  # unscored in gold, even with another value: ignored
        Timex(40, 44, "فردا", "DATE", "2025-12-22"),  # not in gold at all: wrong
    ))  # fmt: skip
    score = score_timexes(predicted, GOLD)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_evaluate_quotes_need_speaker_and_overlap() -> None:
    trump = entity("e1", "PER", "دونالد ترامپ", "Donald Trump")
    predicted = record(
        entities=(trump,),
        quotes=(
            Quote("direct", 0, 10, "ما با روسیه مذاکره می‌کنیم و", "گفت", Speaker("e1", "ترامپ")),
            Quote("indirect", 0, 10, "مذاکرات تمام شد", "گفت", Speaker(None, "یک مقام روسی")),  # wrong speaker
        ),
    )
    scores = score_quotes(predicted, GOLD, raw_text="")
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (1, 1, 1)
    assert scores.matched == 2 and scores.speaker_right == 1


def test_evaluate_quote_span_reads_gold_words_from_article() -> None:
    gold = {"quotes": [{"kind": "indirect", "speaker": "او", "cue": "گفت", "span": [4, 15], "text": "…"}]}
    predicted = record(quotes=(Quote("indirect", 0, 1, "سلام دنیا", "گفت", Speaker(None, "او")),))
    assert score_quotes(predicted, gold, raw_text="xxx سلام دنیا yyy").overall.tp == 1


def test_evaluate_events_loose_and_strict() -> None:
    trigger = Span(0, 1, "دیدار کرد")
    loose_only = Event("CONSULT", None, trigger, (Participant("e1", "Donald Trump"),), (), None, None, 0)
    scores = score_events(record(events=(loose_only,)), GOLD)
    assert scores.loose.tp == 1 and scores.strict.tp == 0
    wrong_type = Event("AGREE", None, trigger, (Participant("e1", "Donald Trump"),), (), None, None, 0)
    assert score_events(record(events=(wrong_type,)), GOLD).loose.tp == 0
