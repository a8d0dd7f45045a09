"""Quote accuracy on the seed gold and the development gold → bench/results/quotes.json.

Scoring is rasad.evaluate's (as `rasad eval`): a quote counts when its speaker is right and its words
overlap the gold quote (≥ 50% of the gold tokens, ≥ 30% of the predicted ones); direct and indirect are
reported separately, with speaker accuracy over the quotes matched on their words.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from accuracy import available_sets, measure

from rasad.pipeline import Pipeline

RESULTS = Path(__file__).resolve().parent / "results" / "quotes.json"
SETS = ("seed", "dev", "examples")


def main() -> int:
    pipeline = Pipeline.build()
    sets = {name: folder for name, folder in available_sets().items() if name in SETS}
    results = {}
    print(f"{'set':9} {'kind':9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  speaker acc")
    for name, folder in sets.items():
        start = time.perf_counter()
        quotes = measure(folder, pipeline)["quotes"]
        quotes["seconds"] = round(time.perf_counter() - start, 2)
        results[name] = quotes
        for kind, score in (("all", quotes), ("direct", quotes["direct"]), ("indirect", quotes["indirect"])):
            accuracy = quotes["speaker_accuracy"] if kind == "all" else ""
            print(f"{name if kind == 'all' else '':9} {kind:9} {score['precision']:6.3f} {score['recall']:6.3f} "
                  f"{score['f1']:6.3f} {score['tp']:4} {score['fp']:4} {score['fn']:4}  {accuracy}")
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
