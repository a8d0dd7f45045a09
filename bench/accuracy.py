"""Accuracy of the whole pipeline on the gold sets → bench/results/accuracy.json.

    python bench/accuracy.py            measure and print
    python bench/accuracy.py --pin      raise the eval gate's floors (tests/eval/baseline.json) to what was measured
    python bench/accuracy.py --pin --allow-lower   the explicit act of lowering a floor
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from rasad.cli import print_scores
from rasad.evaluate import evaluate, gold_files, load_case
from rasad.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
RESULTS = REPO / "bench" / "results" / "accuracy.json"
BASELINE = REPO / "tests" / "eval" / "baseline.json"
# name → (gold folder, whether it needs ../shared)
GOLD_SETS: dict[str, tuple[Path, bool]] = {
    "seed": (SHARED / "fixtures" / "seed-article", True),
    "examples": (REPO / "examples" / "gold", False),
    "dev": (REPO / "tests" / "eval" / "dev", True),
}
# The figures the gate pins, as paths into the scores.
GATED = (
    "entities.f1", "timexes.f1", "quotes.f1", "quotes.direct.f1", "quotes.speaker_accuracy", "events.f1",
    "events.strict.f1",
)
MARGIN = 0.02  # floors sit this far below the measured figure, to absorb harmless wobble


def available_sets() -> dict[str, Path]:
    """Gold sets present on this machine."""
    present = {}
    for name, (folder, needs_shared) in GOLD_SETS.items():
        if folder.is_dir() and (SHARED.is_dir() or not needs_shared) and any(gold_files_or_none(folder)):
            present[name] = folder
    return present


def gold_files_or_none(folder: Path) -> list[Path]:
    try:
        return gold_files(folder)
    except Exception:
        return []


def corpus_hash(folder: Path) -> str:
    """sha1 over the gold files (and local articles) of a set: floors are valid only for this corpus."""
    digest = hashlib.sha1()
    for path in gold_files(folder):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure(folder: Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Scores of the default pipeline on one gold set."""
    cases = [load_case(path, SHARED / "data") for path in gold_files(folder)]
    return evaluate(cases, (pipeline or Pipeline.build()).run).to_json()


def figure(scores: dict[str, Any], path: str) -> float | None:
    value: Any = scores
    for key in path.split("."):
        value = value[key]
    return value


def pin(results: dict[str, Any], allow_lower: bool) -> dict[str, Any]:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {"sets": {}}
    for name, entry in results.items():
        old = baseline["sets"].get(name, {})
        same_corpus = old.get("corpus_sha1") == entry["corpus_sha1"]
        floors = dict(old.get("floors", {})) if same_corpus else {}
        for key in GATED:
            value = figure(entry["scores"], key)
            if value is None:
                continue
            new = max(0.0, round(value - MARGIN, 2))
            floors[key] = new if allow_lower or key not in floors else max(floors[key], new)
        baseline["sets"][name] = {"corpus_sha1": entry["corpus_sha1"], "floors": floors}
    baseline["about"] = (
        "Eval gate floors (tests/test_eval_gate.py). Raised by `python bench/accuracy.py --pin`; "
        "lowering one takes --allow-lower and a reason in the commit message."
    )
    BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return baseline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pin", action="store_true", help="raise the gate's floors to the measured figures")
    parser.add_argument("--allow-lower", action="store_true", help="with --pin: allow floors to go down")
    args = parser.parse_args()
    console = Console()
    pipeline = Pipeline.build()
    results = {}
    for name, folder in available_sets().items():
        scores = measure(folder, pipeline)
        results[name] = {"corpus_sha1": corpus_hash(folder), "scores": scores}
        console.rule(f"{name} ({folder})")
        print_scores(scores, console)
    if not results:
        console.print("no gold sets available")
        return 1
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {name: {k: figure(r["scores"], k) for k in GATED} for name, r in results.items()}
    RESULTS.write_text(
        json.dumps({"summary": summary, "sets": results}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    console.print(f"wrote {RESULTS.relative_to(REPO)}")
    if args.pin:
        pin(results, args.allow_lower)
        console.print(f"pinned floors in {BASELINE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
