"""Events scored against the seed and development gold, floors pinned just below the measured figures.

Measured with `python bench/events.py` (bench/results/events.json); lowering a floor is an explicit act.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.evaluate import EventScores, gold_files, load_case, score_events
from rasad.pipeline import Pipeline

DEV = Path(__file__).resolve().parent / "eval" / "dev"
# Seed: loose F1 1.000, strict F1 0.700 when pinned. Dev (25 articles, whole pipeline): loose F1 0.434
# (P 0.491), strict 0.165; with gold entities the stage alone reaches 0.678 (bench/events.py).
SEED_FLOORS = {"loose_f1": 0.95, "strict_f1": 0.65}
DEV_FLOORS = {"loose_f1": 0.40, "loose_precision": 0.45, "strict_f1": 0.14}


def _score(paths: list[Path], data: Path, pipeline: Pipeline) -> EventScores:
    total = EventScores()
    for path in paths:
        case = load_case(path, data)
        total.add(score_events(pipeline.run(case.article), case.gold))
    return total


@pytest.mark.evaluation
def test_events_eval_seed_floor(seed_dir: Path, shared_dir: Path, pipeline: Pipeline) -> None:
    scores = _score([seed_dir / "gold.json"], shared_dir / "data", pipeline)
    assert scores.loose.f1 >= SEED_FLOORS["loose_f1"], scores.to_json()
    assert scores.strict.f1 >= SEED_FLOORS["strict_f1"], scores.to_json()


@pytest.mark.evaluation
def test_events_eval_dev_floor(shared_dir: Path, pipeline: Pipeline) -> None:
    paths = [p for p in gold_files(DEV) if p.name.endswith(".gold.json")] if DEV.is_dir() else []
    if len(paths) < 20:
        pytest.skip("the development gold set is not complete here")
    scores = _score(paths, shared_dir / "data", pipeline)
    assert scores.loose.f1 >= DEV_FLOORS["loose_f1"], scores.to_json()
    assert scores.loose.precision >= DEV_FLOORS["loose_precision"], scores.to_json()
    assert scores.strict.f1 >= DEV_FLOORS["strict_f1"], scores.to_json()
