"""API and web page latency → bench/results/api.json: p50/p95 over a live `rasad serve` on a bench archive.

The archive is bench/store.py's synthetic corpus (sentences of the shared Fars News sample recombined, with
gazetteer-country entities and one CONSULT event per article), at the scale given by --articles. Timed over
HTTP on 127.0.0.1 with one client: search (API JSON and the HTML search page, random words from the corpus),
entity (API detail + timeline + events + network, and the HTML entity page, for the most written-about
countries and random ones).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests
import shutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from store import Corpus, countries, percentiles, sentences  # noqa: E402
from test_api import LiveServer  # noqa: E402

from rasad.store import open_store  # noqa: E402

RESULTS = REPO / "bench" / "results" / "api.json"


def timed(session: requests.Session, url: str) -> float:
    start = time.perf_counter()
    response = session.get(url, timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code not in (200, 400, 404):
        raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per measured kind")
    args = parser.parse_args()
    rng = random.Random(9)
    pool, names = sentences(), countries()
    work = Path(tempfile.mkdtemp(prefix="rasad-bench-api-"))
    db = work / "bench.db"
    t = time.perf_counter()
    store = open_store(db)
    for chunk in Corpus(pool, names, args.articles).chunks(5_000):
        store.add_many(chunk, batch_size=1000)
    build_seconds = round(time.perf_counter() - t, 1)
    refs = [e.ref for e in store.entity_list(limit=300)]
    stored = store.count()
    store.close()
    words = [w for s in rng.sample(pool, 500) for w in s.split() if len(w) >= 4 and w.isalpha()]
    top, rest = refs[:10], refs[10:] or refs
    entity_refs = [rng.choice(top) if i % 2 else rng.choice(rest) for i in range(args.requests)]
    server = LiveServer(db, token=None)
    session = requests.Session()
    results: dict[str, object] = {"articles": stored, "build_seconds": build_seconds, "requests_per_kind": args.requests,
                                  "entities": len(refs), "python": sys.version.split()[0]}  # fmt: skip
    try:
        for word in words[:10]:  # warm the page cache
            timed(session, f"{server.url}/api/search?q={quote(word)}")
        kinds = {
            "search_api": [f"/api/search?q={quote(rng.choice(words))}" for _ in range(args.requests)],
            "search_page": [f"/?q={quote(rng.choice(words))}" for _ in range(args.requests)],
            "entity_api": [f"/api/entities/{quote(r, safe='')}" for r in entity_refs],
            "entity_api_events": [f"/api/entities/{quote(r, safe='')}/events" for r in entity_refs],
            "entity_api_network": [f"/api/entities/{quote(r, safe='')}/network" for r in entity_refs],
            "entity_page": [f"/entities/{quote(r, safe='')}" for r in entity_refs],
        }
        for kind, paths in kinds.items():
            results[kind] = percentiles([timed(session, server.url + p) for p in paths])
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':22} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   ({stored:,} articles)")
    for kind, value in results.items():
        if isinstance(value, dict):
            print(f"{kind:22} {value['p50_ms']:8.1f} {value['p95_ms']:8.1f} {value['p99_ms']:8.1f}")


if __name__ == "__main__":
    main()
