"""The eval gate: accuracy on each gold set stays at or above the floors pinned in tests/eval/baseline.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import accuracy  # noqa: E402  (bench/accuracy.py: the gold sets and how they are scored)

BASELINE = json.loads((REPO / "tests" / "eval" / "baseline.json").read_text(encoding="utf-8"))


@pytest.mark.evaluation
@pytest.mark.parametrize("name", sorted(accuracy.GOLD_SETS))
def test_eval_gate_floors_hold(name: str, pipeline) -> None:
    folder = accuracy.available_sets().get(name)
    if folder is None:
        pytest.skip(f"gold set {name!r} is not available here (needs ../shared)")
    pinned = BASELINE["sets"].get(name)
    assert pinned is not None, f"gold set {name!r} has no floors; run python bench/accuracy.py --pin"
    assert accuracy.corpus_hash(folder) == pinned["corpus_sha1"], (
        f"gold set {name!r} changed since its floors were pinned; re-pin with python bench/accuracy.py --pin"
    )
    scores = accuracy.measure(folder, pipeline)
    below = {
        key: (accuracy.figure(scores, key), floor)
        for key, floor in pinned["floors"].items()
        if (accuracy.figure(scores, key) or 0.0) < floor
    }
    assert not below, f"{name}: below the pinned floor (measured, floor): {below}"


def test_eval_gate_covers_every_gated_figure() -> None:
    for name, entry in BASELINE["sets"].items():
        assert set(entry["floors"]) <= set(accuracy.GATED), name
        assert all(0.0 <= v <= 1.0 for v in entry["floors"].values()), name
