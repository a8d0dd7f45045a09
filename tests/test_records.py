"""Records round-trip exactly through JSON, and their serialized form matches SCHEMA.md."""

from __future__ import annotations

import json
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rasad.records import (
    Entity,
    EntityType,
    Event,
    Participant,
    PloverType,
    Quote,
    Record,
    Sentence,
    Span,
    Speaker,
    Timex,
    TimexType,
    Token,
)

offsets = st.integers(min_value=0, max_value=10**6)
texts = st.text(max_size=20)
maybe_text = st.none() | texts
spans = st.builds(Span, start=offsets, end=offsets, text=texts)
participants = st.builds(Participant, entity=maybe_text, name_en=maybe_text)
records = st.builds(
    Record,
    id=texts,
    source=maybe_text,
    author=maybe_text,
    published=maybe_text,
    title=maybe_text,
    language=st.just("fa"),
    text=texts,
    sentences=st.lists(st.builds(Sentence, start=offsets, end=offsets), max_size=3).map(tuple),
    tokens=st.lists(st.builds(Token, start=offsets, end=offsets, text=texts), max_size=3).map(tuple),
    entities=st.lists(
        st.builds(
            Entity,
            id=texts,
            type=st.sampled_from(typing.get_args(EntityType)),
            name=texts,
            name_en=maybe_text,
            kb_id=maybe_text,
            mentions=st.lists(spans, max_size=3).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    timexes=st.lists(
        st.builds(
            Timex, start=offsets, end=offsets, text=texts,
            type=st.sampled_from(typing.get_args(TimexType)), value=maybe_text,
        ),
        max_size=3,
    ).map(tuple),
    quotes=st.lists(
        st.builds(
            Quote, kind=st.sampled_from(["direct", "indirect"]), start=offsets, end=offsets, text=texts,
            cue=texts, speaker=st.builds(Speaker, entity=maybe_text, text=texts),
        ),
        max_size=3,
    ).map(tuple),
    events=st.lists(
        st.builds(
            Event, type=st.sampled_from(typing.get_args(PloverType)), mode=maybe_text, trigger=spans,
            actors=st.lists(participants, max_size=2).map(tuple),
            targets=st.lists(participants, max_size=2).map(tuple),
            where=st.none() | participants, when=maybe_text, sentence=offsets,
        ),
        max_size=3,
    ).map(tuple),
    warnings=st.lists(texts, max_size=2).map(tuple),
    url=maybe_text,
)  # fmt: skip


@settings(max_examples=150)
@given(records)
def test_records_round_trip_exactly(record: Record) -> None:
    data = record.to_json()
    assert Record.from_json(data) == record
    assert Record.from_json(json.loads(json.dumps(data))).to_json() == data
    assert Record.loads(record.dumps()) == record


def test_records_serialize_schema_field_names() -> None:
    record = Record(id="x", source=None, author=None, published=None, title=None, language="fa", text="")
    assert list(record.to_json())[:14] == [
        "id", "source", "author", "published", "title", "language", "text", "sentences", "tokens",
        "entities", "timexes", "quotes", "events", "warnings",
    ]  # fmt: skip


def test_records_reject_unknown_entity_type() -> None:
    data = {"id": "e1", "type": "PERSON", "name": "x", "name_en": None, "kb_id": None, "mentions": []}
    with pytest.raises(ValidationError):
        Entity.from_json(data)


def test_records_are_immutable() -> None:
    span = Span(0, 1, "x")
    with pytest.raises(AttributeError):
        span.start = 2  # type: ignore[misc]
