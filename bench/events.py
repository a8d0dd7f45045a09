"""Event benchmark: PLOVER events against the seed and development gold (→ bench/results/events.json).

An event counts when its type matches and at least one actor or target English name matches (loose);
strict needs the exact actor and target sets. Three sets: the seed, the development set (tests/eval/dev) and the held-out examples (examples/gold).
Two runs each: the whole pipeline as it stands, and the events
stage alone on gold entities (the gold entity names found in the text), which isolates this stage.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from rasad.evaluate import EventScores, GoldCase, gold_files, load_case, score_events
from rasad.events.triggers import FoldedText
from rasad.pipeline import Pipeline, article_id, registered_stages
from rasad.records import Doc, Entity, RawArticle, Record, Span
from rasad.resources import Resources

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "fixtures" / "seed-article" / "gold.json"
DEV = REPO / "tests" / "eval" / "dev"
EXAMPLES = REPO / "examples" / "gold"  # written for rasad; used for tuning since events round 3 (not held out)
RESULT = REPO / "bench" / "results" / "events.json"
_BEFORE_EVENTS = ("normalize", "tokenize", "ner", "link", "timex", "quotes")


def gold_entities(text: str, gold: dict[str, Any]) -> tuple[Entity, ...]:
    """The gold entities, with mentions wherever their names occur in `text` (ZWNJ ignored)."""
    folded = FoldedText.of(text)
    entities = []
    for n, item in enumerate(gold.get("entities", []), start=1):
        names = {FoldedText.of(name).value for name in [item.get("fa"), *item.get("mentions", [])] if name}
        spans = set()
        for name in names:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded.value):
                start, end = folded.span(match.start(), match.end())
                spans.add((start, end))
        mentions = tuple(Span(s, e, text[s:e]) for s, e in sorted(spans))
        entities.append(Entity(f"g{n}", item["type"], item.get("fa") or "", item.get("en"), None, mentions))
    return tuple(entities)


class Runner:
    """Runs the stages before `events` that exist, fills absent layers empty, then `events`."""

    def __init__(self) -> None:
        known = registered_stages()
        self.names = [n for n in _BEFORE_EVENTS if n in known]
        self.pipeline = Pipeline.build(self.names)
        self.events = known["events"]
        self.resources = Resources()

    def run(self, raw: RawArticle, gold: dict[str, Any] | None = None) -> Record:
        doc = Doc(raw=raw, id=article_id(raw))
        for stage_ in self.pipeline.stages:
            doc = stage_.fn(doc, self.resources)
        layers = {k: getattr(doc, k) or () for k in ("mentions", "entities", "timexes", "quotes")}
        doc = doc.with_layers(**layers)
        if gold is not None:
            doc = doc.with_layers(entities=gold_entities(doc.text.value, gold))
        return self.events.fn(doc, self.resources).to_record()


def evaluate(cases: list[GoldCase], runner: Runner, oracle: bool) -> tuple[EventScores, dict[str, Any]]:
    total = EventScores()
    per_article = {}
    for case in cases:
        record = runner.run(case.article, case.gold if oracle else None)
        scores = score_events(record, case.gold)
        total.add(scores)
        per_article[case.name] = {
            "f1": round(scores.loose.f1, 4),
            "predicted": [_show(e) for e in record.events],
        }
    return total, per_article


def _show(event) -> str:
    actors = ",".join(p.name_en or "?" for p in event.actors)
    targets = ",".join(p.name_en or "?" for p in event.targets)
    return f"{event.type} {actors} -> {targets} [{event.trigger.text}]"


def main() -> int:
    if not SHARED.is_dir():
        print("../shared is missing: the benchmark needs the gold data", file=sys.stderr)
        return 1
    runner = Runner()
    seed = [load_case(SEED, SHARED / "data")]
    dev = [load_case(p, SHARED / "data") for p in gold_files(DEV)] if DEV.is_dir() else []
    dev = [c for c in dev if c.gold.get("events") is not None]
    examples = [load_case(p, None) for p in gold_files(EXAMPLES)] if EXAMPLES.is_dir() else []
    examples = [c for c in examples if c.gold.get("events") is not None]
    result: dict[str, Any] = {
        "stages": runner.names + ["events"],
        "dev_articles": len(dev),
        "examples_articles": len(examples),
    }
    rows = []
    for set_name, cases in (("seed", seed), ("dev", dev), ("examples", examples)):
        for mode, oracle in (("pipeline", False), ("gold_entities", True)):
            scores, per_article = evaluate(cases, runner, oracle)
            result[f"{set_name}_{mode}"] = {**scores.to_json(), "per_article": per_article}
            rows.append((set_name, mode, scores))
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"stages: {' → '.join(result['stages'])}; dev articles: {len(dev)}; examples: {len(examples)}")
    print(f"{'set':8} {'entities':14} {'P':>6} {'R':>6} {'F1':>6} {'strict F1':>10}  tp/fp/fn")
    for set_name, mode, s in rows:
        loose = s.loose
        print(
            f"{set_name:8} {mode:14} {loose.precision:6.3f} {loose.recall:6.3f} {loose.f1:6.3f} "
            f"{s.strict.f1:10.3f}  {loose.tp}/{loose.fp}/{loose.fn}"
        )
    for key in ("dev_pipeline", "dev_gold_entities"):
        by_type = result[key]["by_type"]
        print(f"{key} by type: " + ", ".join(f"{k} {v['f1']:.2f}" for k, v in by_type.items()))
    print(f"wrote {RESULT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
