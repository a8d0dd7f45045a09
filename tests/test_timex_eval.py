"""Evaluation: the seed article's scored time expressions, all right and none spurious."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rasad.ingest.text import parse_text_article
from rasad.pipeline import Pipeline


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200c", "")).strip()


@pytest.mark.evaluation
def test_timex_eval_seed_gold_all_right_none_spurious(seed_dir: Path) -> None:
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))["timexes"]
    scored = {(fold(t["text"]), t["value"]) for t in gold if t.get("scored", True)}
    unscored = {fold(t["text"]) for t in gold if not t.get("scored", True)}
    raw = parse_text_article((seed_dir / "article.txt").read_text(encoding="utf-8"), "seed")
    record = Pipeline.build(["normalize", "tokenize", "timex"]).run(raw)
    predicted = {(fold(t.text), t.value) for t in record.timexes if fold(t.text) not in unscored}
    assert predicted == scored
