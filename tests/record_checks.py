"""Checks every analyzed record must pass: the SCHEMA.md contract and stand-off offsets that hold."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).parent / "schema" / "record.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def assert_valid_record(record: dict[str, Any]) -> None:
    """Raise AssertionError unless the record matches the schema and every span points at its text."""
    errors = sorted(_validator().iter_errors(record), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    text = record["text"]

    def check(span: dict[str, Any], what: str) -> None:
        assert 0 <= span["start"] <= span["end"] <= len(text), f"{what} {span} out of bounds"
        if "text" in span:
            assert text[span["start"] : span["end"]] == span["text"], f"{what} text differs from the article"

    for sentence in record["sentences"]:
        check(sentence, "sentence")
        assert sentence["start"] < sentence["end"], "empty sentence"
    for token in record.get("tokens", []):
        check(token, "token")
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            check(mention, f"mention of {entity['id']}")
    entity_ids = {e["id"] for e in record["entities"]}
    for timex in record["timexes"]:
        check(timex, "timex")
    for quote in record["quotes"]:
        check(quote, "quote")
        assert quote["speaker"]["entity"] in entity_ids | {None}, "quote speaker names an unknown entity"
    for event in record["events"]:
        check(event["trigger"], "event trigger")
        assert event["sentence"] < len(record["sentences"]), "event sentence index out of range"
        for p in event["actors"] + event["targets"] + ([event["where"]] if event["where"] else []):
            assert p["entity"] in entity_ids | {None}, "event participant names an unknown entity"
