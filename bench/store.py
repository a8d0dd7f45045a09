"""Store speed → bench/results/store.json: ingest rates, database size per article, search latency p50/p95/p99.

The corpus is made at bench time by recombining sentences of the shared Fars News sample (never committed):
N synthetic articles with random dates (2003–2021), sources and titles; entities are the gazetteer countries
whose Persian names occur in the text (mentions by string search), plus one CONSULT event between two of them,
so records carry realistic layers. 200 fixed queries: 50 words, 50 quoted phrases, 50 words with an entity
filter, 50 words with a one-year date filter (each entity/date query also has a word).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rasad.pipeline import Pipeline
from rasad.records import Entity, Event, Participant, RawArticle, Record, Sentence, Span, Token
from rasad.store import Filters, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
NEWS = SHARED / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"
COUNTRIES = REPO / "src" / "rasad" / "lang" / "fa" / "gazetteer_countries.tsv"
RESULTS = REPO / "bench" / "results" / "store.json"
SOURCES = ("فارس", "ایرنا", "ایسنا", "مهر", "تسنیم", "همشهری")
_SENTENCE = re.compile(r"[^.!؟?\n]+[.!؟?]")
_WORD = re.compile(r"\S+")


def sentences() -> list[str]:
    out = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            out.extend(s.strip() for s in _SENTENCE.findall(text) if 30 <= len(s.strip()) <= 400)
    return out


def countries() -> list[tuple[str, str]]:
    pairs = []
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 2 and len(fields[0]) >= 3:
            pairs.append((fields[0], fields[1]))
    return pairs


def synthetic_raw(rng: random.Random, pool: list[str], index: int) -> RawArticle:
    body = " ".join(rng.choice(pool) for _ in range(rng.randint(6, 18)))
    day = rng.randrange(0, 19 * 365)
    year, rest = 2003 + day // 365, day % 365
    published = f"{year}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}"
    title = " ".join(body.split()[:8]) + f" ({index})"
    return RawArticle(text=body, source=rng.choice(SOURCES), published=published, title=title,
                      url=f"https://news.example/{index}", origin=f"synthetic:{index}")  # fmt: skip


def synthetic_record(raw: RawArticle, names: list[tuple[str, str]]) -> Record:
    """A record with tokens, sentences, entities (gazetteer names found in the text) and one event."""
    text = raw.text
    tokens = tuple(Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text))
    sents = tuple(Sentence(m.start(), m.end()) for m in _SENTENCE.finditer(text))
    entities = []
    for fa, en in names:
        start = text.find(fa)
        if start >= 0:
            spans = []
            while start >= 0 and len(spans) < 5:
                spans.append(Span(start, start + len(fa), fa))
                start = text.find(fa, start + len(fa))
            entities.append(Entity(f"e{len(entities) + 1}", "LOC", fa, en, None, tuple(spans)))
    events = ()
    if len(entities) >= 2:
        a, b = entities[:2]
        events = (Event("CONSULT", None, a.mentions[0], (Participant(a.id, a.name_en),),
                        (Participant(b.id, b.name_en),), None, raw.published, 0),)  # fmt: skip
    return Record(
        id=hashlib.sha1(((raw.source or "") + text).encode()).hexdigest(), source=raw.source, author=None,
        published=raw.published, title=raw.title, language="fa", text=text, sentences=sents, tokens=tokens,
        entities=tuple(entities), events=events, url=raw.url,
    )  # fmt: skip


def queries(rng: random.Random, pool: list[str], names: list[tuple[str, str]]) -> list[tuple[str, str, Filters]]:
    words = [w for s in rng.sample(pool, 2000) for w in s.split() if len(w) >= 4 and w.isalpha()]
    common = [en for fa, en in names if fa in ("ایران", "آمریکا", "روسیه", "عراق", "چین", "فرانسه", "آلمان",
                                               "انگلیس", "سوریه", "ترکیه", "لبنان", "افغانستان")] or [n[1] for n in names[:10]]  # fmt: skip
    out: list[tuple[str, str, Filters]] = []
    for _ in range(50):
        out.append(("word", rng.choice(words), Filters()))
    for _ in range(50):
        sentence = rng.choice(pool).split()
        i = rng.randrange(0, max(1, len(sentence) - 2))
        out.append(("phrase", '"' + " ".join(sentence[i : i + 2]) + '"', Filters()))
    for _ in range(50):
        out.append(("entity", rng.choice(words), Filters(entities=(rng.choice(common),))))
    for _ in range(50):
        year = rng.randrange(2003, 2022)
        out.append(("date", rng.choice(words), Filters(date_from=f"{year}-01-01", date_to=f"{year}-12-31")))
    return out


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50_ms": round(pick(0.5), 2), "p95_ms": round(pick(0.95), 2), "p99_ms": round(pick(0.99), 2)}


def search_latency(store, qs) -> dict[str, object]:
    for _, text, filters in qs[:20]:  # warm the page cache
        store.search(text, filters, limit=10)
    by_kind: dict[str, list[float]] = {}
    hits = 0
    for kind, text, filters in qs:
        start = time.perf_counter()
        found = store.search(text, filters, limit=10)
        by_kind.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        hits += bool(found)
    every = [v for values in by_kind.values() for v in values]
    return {"all": percentiles(every), **{k: percentiles(v) for k, v in by_kind.items()},
            "queries_with_hits": hits, "queries": len(qs)}  # fmt: skip


_pipeline: Pipeline | None = None


def _init() -> None:
    global _pipeline
    _pipeline = Pipeline.build()


def _analyze(raws: list[RawArticle]) -> list:
    assert _pipeline is not None
    return list(_pipeline.run_many(raws))


def full_rate(raws: list[RawArticle], db: str, workers: int) -> dict[str, object]:
    """Analyze (all default stages, `workers` processes) and ingest into SQLite; articles/s end to end."""
    store = open_store(db)
    start = time.perf_counter()
    chunks = [raws[i : i + 25] for i in range(0, len(raws), 25)]
    failed = stored = 0
    with ProcessPoolExecutor(workers, initializer=_init) as pool:
        for results in pool.map(_analyze, chunks):
            records = [r for r in results if isinstance(r, Record)]
            failed += len(results) - len(records)
            stored += store.add_many(records).added
    elapsed = time.perf_counter() - start
    store.close()
    return {"articles": len(raws), "stored": stored, "failed": failed, "workers": workers,
            "articles_per_s": round(len(raws) / elapsed, 1), "stages": list(Pipeline.build().names)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--analyze", type=int, default=400, help="articles for the full analyze+ingest rate")
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    rng = random.Random(8)
    pool, names = sentences(), countries()
    work = Path(tempfile.mkdtemp(prefix="rasad-bench-store-"))
    result: dict[str, object] = {"articles": args.articles, "sentences_in_pool": len(pool), "python": sys.version.split()[0]}
    try:
        t = time.perf_counter()
        raws = [synthetic_raw(rng, pool, i) for i in range(args.articles)]
        records = [synthetic_record(raw, names) for raw in raws]
        result["corpus_seconds"] = round(time.perf_counter() - t, 1)
        qs = queries(rng, pool, names)
        backends = {"sqlite": str(work / "bench.db")}
        server = None
        if args.postgres:
            sys.path.insert(0, str(REPO / "tests"))
            from postgres_server import start_server

            server = start_server()
            backends["postgres"] = server.create_database("bench")
        try:
            for name, url in backends.items():
                store = open_store(url)
                start = time.perf_counter()
                store.add_many(records, batch_size=1000)
                elapsed = time.perf_counter() - start
                again = time.perf_counter()
                stats = store.add_many(records[:20_000], batch_size=1000)
                entry: dict[str, object] = {
                    "ingest_records_per_s": round(len(records) / elapsed, 1),
                    "reingest_unchanged_records_per_s": round(20_000 / max(1e-9, time.perf_counter() - again)
                                                              if len(records) >= 20_000 else 0, 1),  # fmt: skip
                    "reingest_unchanged": stats.unchanged,
                    "clusters_with_copies": len(store.clusters()),
                    "search": search_latency(store, qs),
                }
                if name == "sqlite":
                    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    size = sum(p.stat().st_size for p in work.glob("bench.db*"))
                else:
                    size = int(store.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
                entry["db_bytes_per_article"] = round(size / len(records))
                result[name] = entry
                store.close()
                print(f"{name}: {json.dumps(entry, ensure_ascii=False)}", flush=True)
        finally:
            if server:
                server.stop()
        result["analyze_and_ingest"] = full_rate(raws[: args.analyze], str(work / "full.db"), workers=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'metric':<44} value")
    for backend in ("sqlite", "postgres"):
        if backend in result:
            e = result[backend]
            print(f"{backend + ' ingest records/s':<44} {e['ingest_records_per_s']}")
            print(f"{backend + ' bytes/article':<44} {e['db_bytes_per_article']}")
            for kind in ("all", "word", "phrase", "entity", "date"):
                s = e["search"][kind]
                print(f"{backend + ' search ' + kind + ' p50/p95/p99 ms':<44} {s['p50_ms']}/{s['p95_ms']}/{s['p99_ms']}")
    print(f"{'analyze+ingest articles/s (2 workers)':<44} {result['analyze_and_ingest']['articles_per_s']}")


if __name__ == "__main__":
    main()
