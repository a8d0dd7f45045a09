"""Load under writes → bench/results/load.json: concurrent readers against `rasad serve` while `rasad ingest` writes.

A synthetic archive (analyzed records: entities, quotes, CONSULT events) is stored first; then one `rasad ingest`
process analyzes and stores new raw articles into the same SQLite file while a fixed number of HTTP requests
(search, article, entity, events) are sent at a fixed concurrency, over 127.0.0.1 only, with httpx. Every
response must be a 200. Afterwards every ingested article must be stored exactly once, the full-text index must
hold one row per article, and `PRAGMA integrity_check` must answer ok. No shared data is read.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_api import LiveServer  # noqa: E402

from rasad import __version__  # noqa: E402
from rasad.ingest import read_path  # noqa: E402
from rasad.pipeline import article_id  # noqa: E402
from rasad.records import Entity, Event, Participant, Quote, RawArticle, Record, Span, Speaker  # noqa: E402
from rasad.store import open_store  # noqa: E402

RESULTS = REPO / "bench" / "results" / "load.json"
RASAD = str(Path(sys.executable).parent / "rasad")
ENDPOINTS = ("search", "article", "entity", "events")

# (Persian name, English name, type) of the people, places and bodies the synthetic news is about.
NAMES = (
    ("ایران", "Iran", "LOC"), ("عراق", "Iraq", "LOC"), ("ترکیه", "Turkey", "LOC"), ("روسیه", "Russia", "LOC"),
    ("چین", "China", "LOC"), ("فرانسه", "France", "LOC"), ("قطر", "Qatar", "LOC"), ("عمان", "Oman", "LOC"),
    ("عباس عراقچی", "Abbas Araghchi", "PER"), ("مسعود پزشکیان", "Masoud Pezeshkian", "PER"),
    ("سازمان ملل", "United Nations", "ORG"), ("اتحادیه اروپا", "European Union", "ORG"),
)  # fmt: skip
TOPICS = ("بازار ارز", "تورم", "انرژی", "آب", "راه‌آهن", "برنامه هسته‌ای", "تجارت مرزی", "گردشگری", "کشاورزی",
          "مذاکرات", "بندر", "انتخابات", "سیل", "نفت", "گاز", "آموزش", "بهداشت", "قیمت مسکن")  # fmt: skip
SEARCH_WORDS = ("ایران", "مذاکرات", "تورم", "بازار ارز", "انرژی", '"برنامه هسته‌ای"', "نفت*", "دیدار", "عراق",
                "سیل", "Iran", "قطر", "گزارش", "کشاورزی آب")  # fmt: skip


def _sentence(rng: random.Random, a: tuple[str, str, str], b: tuple[str, str, str], topic: str, i: int) -> str:
    return rng.choice((
        f"{a[0]} و {b[0]} روز دوشنبه دربارهٔ {topic} دیدار و گفت‌وگو کردند.",
        f"به گزارش خبرنگار ما، {a[0]} در نشستی با {b[0]} دربارهٔ {topic} رایزنی کرد.",
        f"گزارش شمارهٔ {i} دربارهٔ {topic} نشان می‌دهد که وضعیت در ماه گذشته تغییر کرده است.",
        f"کارشناسان می‌گویند {topic} در سال جاری با {i % 97} درصد تغییر روبه‌رو شده است.",
    ))  # fmt: skip


def base_record(i: int, rng: random.Random) -> Record:
    """An analyzed article: two named parties met about a topic; one quote; one CONSULT event."""
    a, b = rng.sample(NAMES, 2)
    topic = rng.choice(TOPICS)
    said = f"{topic} برای ما اهمیت دارد و گفت‌وگوها ادامه خواهد یافت"
    text = f"{a[0]} و {b[0]} دربارهٔ {topic} دیدار کردند. {a[0]} گفت «{said}». " + " ".join(
        _sentence(rng, a, b, rng.choice(TOPICS), i) for _ in range(4)
    )
    start_b = text.index(b[0])
    q = text.index(said)
    source = rng.choice(("ایسنا", "ایرنا", "مهر", "تسنیم"))
    published = f"{2020 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    ea = Entity("e1", a[2], a[0], a[1], None, (Span(0, len(a[0]), a[0]),))  # type: ignore[arg-type]
    eb = Entity("e2", b[2], b[0], b[1], None, (Span(start_b, start_b + len(b[0]), b[0]),))  # type: ignore[arg-type]
    trigger = text.index("دیدار")
    return Record(
        id=hashlib.sha1((source + text).encode()).hexdigest(), source=source, author=None, published=published,
        title=f"{a[0]} و {b[0]}: {topic} ({i})", language="fa", text=text, entities=(ea, eb),
        quotes=(Quote("direct", q, q + len(said), said, "گفت", Speaker("e1", a[0])),),
        events=(Event("CONSULT", None, Span(trigger, trigger + 5, "دیدار"), (Participant("e1", a[1]),),
                      (Participant("e2", b[1]),), None, published, 0),),
    )  # fmt: skip


def write_ingest_source(path: Path, count: int, seed: int) -> list[str]:
    """Raw articles (JSON Lines) for `rasad ingest` to analyze; their ids as the ingest will compute them."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            a, b = rng.sample(NAMES, 2)
            text = " ".join(_sentence(rng, a, b, rng.choice(TOPICS), 100_000 + i) for _ in range(5))
            text += f" این خبر تازهٔ شمارهٔ {i} است."
            article = {"text": text, "source": "بار", "title": f"خبر تازه {i}", "published": "2025-06-01"}
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return [article_id(a) for a in read_path(path) if isinstance(a, RawArticle)]


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in ENDPOINTS})
    errors: list[str] = field(default_factory=list)
    during_ingest: list[float] = field(default_factory=list)  # latencies of requests sent while ingest ran


def plan_requests(count: int, ids: list[str], refs: list[str], seed: int) -> list[tuple[str, str]]:
    """(endpoint, path) pairs, a fixed mix: 40% search, 25% article, 20% entity, 15% events."""
    rng = random.Random(seed)
    plan = []
    for _ in range(count):
        kind = rng.choices(ENDPOINTS, weights=(40, 25, 20, 15))[0]
        if kind == "search":
            path = "/api/search?q=" + quote(rng.choice(SEARCH_WORDS)) + "&limit=10"
        elif kind == "article":
            path = "/api/articles/" + rng.choice(ids)
        elif kind == "entity":
            ref = quote(rng.choice(refs), safe="")
            path = "/api/entities/" + ref + rng.choice(("", "/events", "/quotes", "/timeline"))
        else:
            path = "/api/events?" + rng.choice(("type=CONSULT", "actor=" + quote(rng.choice(refs)), "limit=50"))
        plan.append((kind, path))
    return plan


async def read_load(url: str, plan: list[tuple[str, str]], concurrency: int, writing: Callable[[], bool]) -> Outcome:
    """Send the planned requests with `concurrency` workers; every answer must be a 200."""
    outcome = Outcome()
    queue = iter(plan)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker() -> None:
            for kind, path in queue:
                during = writing()
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.HTTPError as exc:
                    outcome.errors.append(f"{path}: {type(exc).__name__} {exc}")
                    continue
                outcome.latencies[kind].append((time.perf_counter() - start) * 1000)
                if during:
                    outcome.during_ingest.append(outcome.latencies[kind][-1])
                if response.status_code != 200:
                    outcome.errors.append(f"{path}: {response.status_code} {response.text[:200]}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return outcome


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def verify(db: Path, base_ids: list[str], ingested_ids: list[str]) -> dict[str, Any]:
    """Every base and ingested article stored exactly once, one index row each, a sound WAL database."""
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        fts = conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    counts: dict[str, int] = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    expected = set(base_ids) | set(ingested_ids)
    return {
        "stored": len(ids), "expected": len(expected), "fts_rows": fts,
        "lost": sorted(expected - set(counts)), "duplicated": sorted(i for i, n in counts.items() if n > 1),
        "unexpected": sorted(set(counts) - expected), "integrity_check": integrity, "journal_mode": journal,
    }  # fmt: skip


def run(work: Path, *, base: int, ingest: int, requests: int, concurrency: int, batch_size: int = 25,
        seed: int = 11) -> dict[str, Any]:  # fmt: skip
    """The whole measurement in `work`; returns the report (errors, lost and duplicated listed, not raised)."""
    rng = random.Random(seed)
    db, source = work / "load.db", work / "ingest.jsonl"
    records = [base_record(i, rng) for i in range(base)]
    store = open_store(db)
    store.add_many(records, batch_size=500)
    refs = [e.ref for e in store.entity_list(limit=100)]
    store.close()
    base_ids = [r.id for r in records]
    ingested_ids = write_ingest_source(source, ingest, seed + 1)
    plan = plan_requests(requests, base_ids, refs, seed + 2)
    server = LiveServer(db, token=None)
    try:
        writer = subprocess.Popen(
            [RASAD, "ingest", str(source), "--db", str(db), "--batch-size", str(batch_size)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        started = time.perf_counter()
        ended: dict[str, Any] = {}

        def wait_writer() -> None:  # drains the pipes and notes when the ingest finished
            ended["stderr"] = writer.communicate(timeout=600)[1]
            ended["seconds"] = time.perf_counter() - started

        waiter = threading.Thread(target=wait_writer)
        waiter.start()
        outcome = asyncio.run(read_load(server.url, plan, concurrency, lambda: "seconds" not in ended))
        read_seconds = time.perf_counter() - started
        waiter.join()
        stderr, ingest_seconds = ended["stderr"], ended["seconds"]
        health = httpx.get(server.url + "/api/health", timeout=30).json()
    finally:
        server.stop()
    checks = verify(db, base_ids, ingested_ids)
    done = sum(len(v) for v in outcome.latencies.values())
    return {
        "rasad": __version__, "python": platform.python_version(), "host": "127.0.0.1",
        "base_articles": base, "ingested_articles": ingest, "ingest_batch_size": batch_size,
        "requests": requests, "concurrency": concurrency, "completed": done, "errors": len(outcome.errors),
        "error_samples": outcome.errors[:5],
        "read_seconds": round(read_seconds, 2), "requests_per_s": round(done / read_seconds, 1),
        "requests_during_ingest": len(outcome.during_ingest),
        "during_ingest": {"requests_per_s": round(len(outcome.during_ingest) / min(ingest_seconds, read_seconds), 1),
                          **{q: round(percentile(outcome.during_ingest, n), 1)
                             for q, n in (("p50_ms", 50), ("p95_ms", 95), ("p99_ms", 99))}},
        "ingest_seconds": round(ingest_seconds, 2), "ingest_exit": writer.returncode,
        "ingest_summary": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        "ingest_articles_per_s": round(ingest / ingest_seconds, 1) if ingest_seconds else None,
        "served_articles_after": health["articles"],
        "endpoints": {
            kind: {"requests": len(v), "p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1),
                   "p99_ms": round(percentile(v, 99), 1), "mean_ms": round(statistics.fmean(v), 1) if v else 0.0}
            for kind, v in outcome.latencies.items()
        },  # fmt: skip
        "all": {q: round(percentile([x for v in outcome.latencies.values() for x in v], n), 1)
                for q, n in (("p50_ms", 50), ("p95_ms", 95), ("p99_ms", 99))},  # fmt: skip
        "lost": len(checks["lost"]), "duplicated": len(checks["duplicated"]),
        "checks": {k: (v if not isinstance(v, list) else v[:5]) for k, v in checks.items()},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=3000, help="articles stored before the load starts")
    parser.add_argument("--ingest", type=int, default=600, help="raw articles `rasad ingest` analyzes and stores")
    parser.add_argument("--requests", type=int, default=4000, help="HTTP requests in all")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--batch-size", type=int, default=25, help="articles per ingest transaction")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rasad-bench-load-") as tmp:
        report = run(Path(tmp), base=args.base, ingest=args.ingest, requests=args.requests,
                     concurrency=args.concurrency, batch_size=args.batch_size)  # fmt: skip
    print(f"{'endpoint':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, row in report["endpoints"].items():
        print(f"{kind:<10} {row['requests']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}")
    print(f"{'all':<10} {report['completed']:>8} {report['all']['p50_ms']:>8} {report['all']['p95_ms']:>8} "
          f"{report['all']['p99_ms']:>8}")  # fmt: skip
    print(f"{report['requests_per_s']} requests/s at concurrency {report['concurrency']}, {report['errors']} errors; "
          f"{report['requests_during_ingest']} requests while ingest ran ({report['ingest_seconds']} s, "
          f"{report['during_ingest']['requests_per_s']} requests/s, p99 {report['during_ingest']['p99_ms']} ms, "
          f"{report['ingest_articles_per_s']} articles/s); lost {report['lost']}, duplicated {report['duplicated']}, "
          f"integrity {report['checks']['integrity_check']}, journal {report['checks']['journal_mode']}")  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ok = not report["errors"] and not report["lost"] and not report["duplicated"] and report["ingest_exit"] == 0
    sys.exit(0 if ok and report["checks"]["integrity_check"] == "ok" else 1)


if __name__ == "__main__":
    main()
