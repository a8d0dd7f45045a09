"""API and web page latency → bench/results/api.json: p50/p95/p99 over a live `rasad serve` on a bench archive.

The archive is bench/store.py's synthetic corpus (sentences of the shared Fars News sample recombined, with
gazetteer-country entities and one CONSULT event per article), at the scale given by --articles; every third
article also gets a direct quote spoken by its first entity, so an entity's quotes are read at scale too.
Timed over HTTP on 127.0.0.1 with one client: every API endpoint kind and every page kind, with random words
from the corpus for searches, and for entities alternately the most written-about countries (the hardest
case: in a large share of all articles) and random ones. The server warms the top entities' pages at start
(rasad.api.warm); measuring begins when it is done, and a server without warm-up first measures each top
entity's first view (`*_first_view`: the aggregation cost a reader meets right after the archive changed).
Machine load is recorded before and after: the machine is shared, so figures compare only at similar load.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from store import Corpus, countries, load, percentiles, sentences  # noqa: E402
from test_api import LiveServer  # noqa: E402

from rasad.api.settings import WARM_ENV  # noqa: E402
from rasad.records import Quote, Record, Speaker  # noqa: E402
from rasad.store import open_store  # noqa: E402

RESULTS = REPO / "bench" / "results" / "api.json"


def with_quotes(records: list[Record]) -> Iterator[Record]:
    """Every third record with entities gains a direct quote of its second sentence, spoken by its first entity."""
    for i, record in enumerate(records):
        if i % 3 or not record.entities or len(record.sentences) < 2:
            yield record
            continue
        s = record.sentences[1]
        speaker = record.entities[0]
        yield dataclasses.replace(record, quotes=(
            Quote("direct", s.start, s.end, record.text[s.start : s.end], "گفت", Speaker(speaker.id, speaker.name)),))  # fmt: skip


def build(db: Path, articles: int) -> float:
    """Store the synthetic corpus in `db`; seconds taken."""
    start = time.perf_counter()
    store = open_store(db)
    for chunk in Corpus(sentences(), countries(), articles).chunks(5_000):
        store.add_many(list(with_quotes(chunk)), batch_size=1000)
    store.close()
    return round(time.perf_counter() - start, 1)


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
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the bench archive in this SQLite file, and reuse it when it already holds --articles")  # fmt: skip
    parser.add_argument("--only", default="", help="comma-separated kinds to measure (default: all)")
    args = parser.parse_args()
    rng = random.Random(9)
    pool = sentences()
    work = None if args.db else Path(tempfile.mkdtemp(prefix="rasad-bench-api-"))
    db = args.db or work / "bench.db"  # type: ignore[operator]
    build_seconds = None
    store = open_store(db)  # opening applies any new migration (its time is not a query's)
    stored = store.count()
    store.close()
    if stored < args.articles:
        build_seconds = build(db, args.articles)
    store = open_store(db)
    refs = [e.ref for e in store.entity_list(limit=300)]
    stored = store.count()
    article_ids = [h.id for h in store.article_list(limit=200, offset=0)]
    store.close()
    words = [w for s in rng.sample(pool, 500) for w in s.split() if len(w) >= 4 and w.isalpha()]
    top, rest = refs[:10], refs[10:] or refs
    entity_refs = [quote(rng.choice(top) if i % 2 else rng.choice(rest), safe="") for i in range(args.requests)]
    years = [str(rng.randrange(2003, 2022)) for _ in range(args.requests)]
    n = args.requests
    kinds = {
        "search_api": [f"/api/search?q={quote(rng.choice(words))}" for _ in range(n)],
        "search_page": [f"/?q={quote(rng.choice(words))}" for _ in range(n)],
        "article_api": [f"/api/articles/{rng.choice(article_ids)}" for _ in range(n)],
        "article_page": [f"/articles/{rng.choice(article_ids)}" for _ in range(n)],
        "entities_api": [f"/api/entities?offset={rng.randrange(0, 60)}" for _ in range(n)],
        "entities_page": ["/entities" for _ in range(n)],
        "entity_api": [f"/api/entities/{r}" for r in entity_refs],
        "entity_api_timeline": [f"/api/entities/{r}/timeline" for r in entity_refs],
        "entity_api_quotes": [f"/api/entities/{r}/quotes" for r in entity_refs],
        "entity_api_events": [f"/api/entities/{r}/events" for r in entity_refs],
        "entity_api_network": [f"/api/entities/{r}/network" for r in entity_refs],
        "entity_page": [f"/entities/{r}" for r in entity_refs],
        "events_api": [f"/api/events?type=CONSULT&from={y}-01-01&to={y}-12-31" for y in years],
        "events_page": [f"/events?from={y}-01-01&to={y}-12-31" for y in years],
        "network_api": [f"/api/network?from={y}-01-01&to={y}-03-31" for y in years],
        "quotes_api": [f"/api/quotes?speaker={r}" for r in entity_refs],
    }
    if args.only:
        kinds = {k: v for k, v in kinds.items() if k in args.only.split(",")}
    results: dict[str, object] = {
        "articles": stored, "build_seconds": build_seconds, "requests_per_kind": n, "entities": len(refs),
        "python": sys.version.split()[0], "machine_load_before": load(),
    }  # fmt: skip
    session = requests.Session()
    first_views = {"entity_page_first_view": [f"/entities/{quote(r, safe='')}" for r in top],
                   "entity_api_first_view": [f"/api/entities/{quote(r, safe='')}" for r in top]}  # fmt: skip
    if not args.only or "first_view" in args.only:
        os.environ[WARM_ENV] = "0"
        for kind, paths in first_views.items():
            server = LiveServer(db, token=None)  # a fresh process for each kind: nothing remembered yet
            try:
                results[kind] = percentiles([timed(session, server.url + p) for p in paths])
                print(f"{kind:22} {json.dumps(results[kind])}", flush=True)
            finally:
                server.stop()
    os.environ.pop(WARM_ENV, None)
    server = LiveServer(db, token=None)
    try:
        start = time.perf_counter()
        while session.get(server.url + "/api/health", timeout=60).json().get("warming"):
            time.sleep(0.5)
        results["warm_up_seconds"] = round(time.perf_counter() - start, 1)
        for word in words[:10]:  # warm the page cache
            timed(session, f"{server.url}/api/search?q={quote(word)}")
        for kind, paths in kinds.items():
            timed(session, server.url + paths[0])  # first request of a kind: warm its pages
            results[kind] = percentiles([timed(session, server.url + p) for p in paths])
            print(f"{kind:22} {json.dumps(results[kind])}", flush=True)
    finally:
        server.stop()
        if work:
            shutil.rmtree(work, ignore_errors=True)
    results["machine_load_after"] = load()
    if args.only and RESULTS.exists():  # a partial run updates the kinds it measured
        results = {**json.loads(RESULTS.read_text(encoding="utf-8")), **results}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'kind':22} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   ({stored:,} articles)")
    for kind, value in results.items():
        if isinstance(value, dict) and "p95_ms" in value:
            print(f"{kind:22} {value['p50_ms']:8.1f} {value['p95_ms']:8.1f} {value['p99_ms']:8.1f}")


if __name__ == "__main__":
    main()
