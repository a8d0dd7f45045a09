"""Search latency on kept 200k bench databases → bench/results/store_search.json (no ingest: reuse
`bench/store.py --keep DIR` for SQLite and a PostgreSQL database of the same corpus).

The same 200 fixed queries as bench/store.py (words, phrases, entity filters, date filters), p50/p95/p99
per kind, with the machine load before and after (the machine is shared: quote the load with the figures).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from store import countries, load, queries, search_latency, sentences  # bench/store.py
from rasad.store import open_store

RESULTS = Path(__file__).resolve().parent / "results" / "store_search.json"


def measure(url: str, qs) -> dict[str, object]:
    """Search latency of one kept database, with its size and the machine load around the run."""
    store = open_store(url)
    try:
        before = load()
        entry: dict[str, object] = {"articles": store.count(), "search": search_latency(store, qs)}
        entry["machine_load"] = {"before": before, "after": load()}
    finally:
        store.close()
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="path of a kept SQLite bench database")
    parser.add_argument("--postgres", help="postgresql:// URL of a database loaded with the same corpus")
    args = parser.parse_args()
    qs = queries(random.Random(9), sentences(), countries())
    result: dict[str, object] = {}
    for name, url in (("sqlite", args.sqlite), ("postgres", args.postgres)):
        if url:
            result[name] = measure(url, qs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'metric':<40} p50/p95/p99 ms")
    for name, entry in result.items():
        for kind in ("all", "word", "phrase", "entity", "date"):
            s = entry["search"][kind]
            print(f"{name + ' ' + kind:<40} {s['p50_ms']}/{s['p95_ms']}/{s['p99_ms']}")
        print(f"{name + ' machine load (1 min) before/after':<40} "
              f"{entry['machine_load']['before']['load_1min']}/{entry['machine_load']['after']['load_1min']}")


if __name__ == "__main__":
    main()
