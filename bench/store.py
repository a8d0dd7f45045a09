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
from collections.abc import Iterator
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


class Corpus:
    """Deterministic synthetic articles made chunk by chunk: 200,000 analyzed records do not fit in memory.

    Each pool sentence is tokenized and searched for gazetteer names once; an article's layers are its
    sentences' layers shifted to their place, so making a record costs little beyond building its objects.
    """

    def __init__(self, pool: list[str], names: list[tuple[str, str]], count: int, seed: int = 8) -> None:
        self.pool, self.names, self.count, self.seed = pool, names, count, seed
        self.tokens = [[(m.start(), m.end(), m.group()) for m in _WORD.finditer(s)] for s in pool]
        order = {fa: i for i, (fa, _) in enumerate(names)}
        self.found = [[fa for fa in order if fa in s] for s in pool]
        self.english = dict(names)
        self.order = order

    def raws(self, stop: int | None = None) -> Iterator[tuple[RawArticle, list[int]]]:
        rng = random.Random(self.seed)
        for index in range(min(stop or self.count, self.count)):
            picks = [rng.randrange(len(self.pool)) for _ in range(rng.randint(6, 18))]
            body = " ".join(self.pool[i] for i in picks)
            day = rng.randrange(0, 19 * 365)
            year, rest = 2003 + day // 365, day % 365
            published = f"{year}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}"
            title = " ".join(body.split()[:8]) + f" ({index})"
            raw = RawArticle(text=body, source=rng.choice(SOURCES), published=published, title=title,
                             url=f"https://news.example/{index}", origin=f"synthetic:{index}")  # fmt: skip
            yield raw, picks

    def chunks(self, size: int, stop: int | None = None) -> Iterator[list[Record]]:
        chunk: list[Record] = []
        for raw, picks in self.raws(stop):
            chunk.append(self.record(raw, picks))
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def record(self, raw: RawArticle, picks: list[int]) -> Record:
        """A record with tokens, sentences, entities (gazetteer names found in the text) and one event."""
        text = raw.text
        tokens: list[Token] = []
        sents: list[Sentence] = []
        offset = 0
        candidates: set[str] = set()
        for i in picks:
            sentence = self.pool[i]
            tokens.extend(Token(offset + a, offset + b, t) for a, b, t in self.tokens[i])
            sents.append(Sentence(offset, offset + len(sentence)))
            candidates.update(self.found[i])
            offset += len(sentence) + 1
        entities = []
        for fa in sorted(candidates, key=self.order.__getitem__):
            start = text.find(fa)
            spans = []
            while start >= 0 and len(spans) < 5:
                spans.append(Span(start, start + len(fa), fa))
                start = text.find(fa, start + len(fa))
            entities.append(Entity(f"e{len(entities) + 1}", "LOC", fa, self.english[fa], None, tuple(spans)))
        events = ()
        if len(entities) >= 2:
            a, b = entities[:2]
            events = (Event("CONSULT", None, a.mentions[0], (Participant(a.id, a.name_en),),
                            (Participant(b.id, b.name_en),), None, raw.published, 0),)  # fmt: skip
        return Record(
            id=hashlib.sha1(((raw.source or "") + text).encode()).hexdigest(), source=raw.source, author=None,
            published=raw.published, title=raw.title, language="fa", text=text, sentences=tuple(sents),
            tokens=tuple(tokens), entities=tuple(entities), events=events, url=raw.url,
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


def pool_cpu() -> float:
    """CPU seconds used so far by the store's row-preparing worker processes (alive, so not in RUSAGE_CHILDREN)."""
    from rasad.store import common

    total = 0.0
    for pool in common._POOL.values():
        for pid in list(getattr(pool, "_processes", None) or ()):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


def ingest(store, corpus: Corpus, stop: int | None = None) -> tuple[int, float, float, float, int]:
    """(records offered, wall seconds, this process's CPU seconds, worker processes' CPU seconds, records
    unchanged) of storing the corpus; making the records is not timed."""
    count = unchanged = 0
    wall = cpu = workers = 0.0
    for chunk in corpus.chunks(10_000, stop):
        start, start_cpu, start_workers = time.perf_counter(), time.process_time(), pool_cpu()
        stats = store.add_many(chunk, batch_size=1000)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        # A worker started during this chunk counts from zero, which is its whole use.
        workers += pool_cpu() - start_workers
        count += len(chunk)
        unchanged += stats.unchanged
    return count, wall, cpu, workers, unchanged


def load() -> dict[str, float]:
    one, five, _ = os.getloadavg()
    return {"load_1min": round(one, 2), "load_5min": round(five, 2), "cpus": os.cpu_count() or 0}


def bench_backend(name: str, url: str, corpus: Corpus, qs, work: Path) -> dict[str, object]:
    store = open_store(url)
    before = load()
    count, wall, cpu, workers, _ = ingest(store, corpus)
    again = min(20_000, count)
    _, re_wall, _, _, unchanged = ingest(store, corpus, again)
    entry: dict[str, object] = {
        "articles": count,
        "ingest_records_per_s": round(count / wall, 1),
        # Load-independent view: records per CPU second of the ingesting process (PostgreSQL's server not counted).
        "ingest_records_per_client_cpu_s": round(count / cpu, 1),
        # The same over every client process: the ingesting one and its row-preparing workers.
        "ingest_records_per_client_and_worker_cpu_s": round(count / (cpu + workers), 1),
        "ingest_cpu_s": {"client": round(cpu, 1), "workers": round(workers, 1)},
        "machine_load_during_ingest": {"before": before, "after": load()},
        "reingest_unchanged_records_per_s": round(again / max(1e-9, re_wall), 1),
        "reingest_unchanged": unchanged,
        "clusters_with_copies": len(store.clusters()),
    }
    print(f"{name} ingest: {json.dumps(entry, ensure_ascii=False)}", flush=True)
    entry["search"] = search_latency(store, qs)
    entry["machine_load_during_search"] = load()
    if name == "sqlite":
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = sum(p.stat().st_size for p in work.glob("bench.db*"))
    else:
        size = int(store.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    entry["db_bytes_per_article"] = round(size / count)
    store.close()
    print(f"{name}: {json.dumps(entry, ensure_ascii=False)}", flush=True)
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--postgres-articles", type=int, default=None, help="smaller scale for PostgreSQL")
    parser.add_argument("--analyze", type=int, default=400, help="articles for the full analyze+ingest rate")
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--keep", type=Path, default=None, help="keep the SQLite database in this folder")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the results (JSON)")
    parser.add_argument(
        "--merge", action="store_true", help="keep the other sections of an existing results file (partial reruns)"
    )
    args = parser.parse_args()
    pool, names = sentences(), countries()
    work = args.keep or Path(tempfile.mkdtemp(prefix="rasad-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"articles": args.articles, "sentences_in_pool": len(pool), "python": sys.version.split()[0]}
    try:
        corpus = Corpus(pool, names, args.articles)
        t = time.perf_counter()
        for _ in corpus.chunks(1000, 1000):
            pass
        result["corpus_seconds_per_1000"] = round(time.perf_counter() - t, 2)
        qs = queries(random.Random(9), pool, names)
        if args.sqlite:
            result["sqlite"] = bench_backend("sqlite", str(work / "bench.db"), corpus, qs, work)
        if args.postgres:
            sys.path.insert(0, str(REPO / "tests"))
            from postgres_server import start_server

            server = start_server()
            try:
                pg_corpus = Corpus(pool, names, args.postgres_articles or args.articles)
                result["postgres"] = bench_backend("postgres", server.create_database("bench"), pg_corpus, qs, work)
            finally:
                server.stop()
        if args.analyze:
            raws = [raw for raw, _ in corpus.raws(args.analyze)]
            result["analyze_and_ingest"] = full_rate(raws, str(work / "full.db"), workers=2)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.merge and args.results.exists():
        result = {**json.loads(args.results.read_text(encoding="utf-8")), **result}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'metric':<44} value")
    for backend in ("sqlite", "postgres"):
        if backend in result:
            e = result[backend]
            print(f"{backend + ' ingest records/s':<44} {e['ingest_records_per_s']}")
            print(f"{backend + ' bytes/article':<44} {e['db_bytes_per_article']}")
            for kind in ("all", "word", "phrase", "entity", "date"):
                s = e["search"][kind]
                print(f"{backend + ' search ' + kind + ' p50/p95/p99 ms':<44} {s['p50_ms']}/{s['p95_ms']}/{s['p99_ms']}")
    if "analyze_and_ingest" in result:
        print(f"{'analyze+ingest articles/s (2 workers)':<44} {result['analyze_and_ingest']['articles_per_s']}")


if __name__ == "__main__":
    main()
