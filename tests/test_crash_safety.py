"""`rasad ingest` killed with SIGKILL at random points, several times over: a rerun ends with every article
stored exactly once and a database that passes `PRAGMA integrity_check`."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_store import make_record

RASAD = str(Path(sys.executable).parent / "rasad")
ARTICLES = 1500
BATCH = 25
KILLS = 3


def write_records(path: Path) -> list[str]:
    """Analyzed records (JSON Lines), so a run spends its time storing rather than analyzing."""
    ids = []
    with path.open("w", encoding="utf-8") as handle:
        for i in range(ARTICLES):
            record = make_record(f"گزارش شمارهٔ {i} دربارهٔ بازار ارز و تورم در شهرهای کشور. " * 12,
                                 title=f"گزارش {i}", url=f"https://example.ir/crash/{i}")  # fmt: skip
            handle.write(record.dumps() + "\n")
            ids.append(record.id)
    return ids


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def ingest_killed_at(source: Path, db: Path, threshold: int) -> int:
    """Start an ingest, SIGKILL it once `threshold` articles are stored; the count stored at the kill."""
    process = subprocess.Popen([RASAD, "ingest", str(source), "--db", str(db), "--batch-size", str(BATCH)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and stored(db) < threshold:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return stored(db)


def test_crash_safety_repeated_sigkill_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    source, db = tmp_path / "records.jsonl", tmp_path / "crash.db"
    ids = write_records(source)
    rng = random.Random(20251220)
    thresholds = sorted(rng.sample(range(BATCH, ARTICLES - 4 * BATCH), KILLS))
    counts = [ingest_killed_at(source, db, threshold) for threshold in thresholds]
    # Each kill landed mid-run, and each rerun kept what the earlier runs had stored.
    print(f"killed at {counts} of {ARTICLES} stored (thresholds {thresholds})")
    assert all(0 < count < ARTICLES for count in counts), counts
    assert counts == sorted(counts), counts
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun_stores_the_rest_once(source, db, ids, counts[-1])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == ARTICLES


# An ingest whose batches are prepared in worker processes (issue 8), killed mid-run: its workers exit too,
# and a rerun stores each article once.
_POOLED_INGEST = """
import sys
from rasad.records import Record
from rasad.store import common, open_store
common.POOL_MIN_RECORDS = 2
records = [Record.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
store = open_store(sys.argv[2])
for start in range(0, len(records), 100):
    store.add_many(records[start : start + 100], batch_size=50)
    if start == 0:
        print(" ".join(str(pid) for pid in common._POOL[__import__("os").getpid()]._processes), flush=True)
"""


def test_crash_safety_sigkill_of_a_pooled_ingest_ends_its_workers_and_loses_nothing(tmp_path: Path) -> None:
    source, db = tmp_path / "records.jsonl", tmp_path / "pooled.db"
    ids = write_records(source)
    process = subprocess.Popen([sys.executable, "-c", _POOLED_INGEST, str(source), str(db)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert workers, "the ingest did not start its worker processes"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and stored(db) < ARTICLES // 3:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    count = stored(db)
    assert 0 < count < ARTICLES
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and _running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() and _running(pid) for pid in workers), "orphaned workers"
    rerun_stores_the_rest_once(source, db, ids, count)


def rerun_stores_the_rest_once(source: Path, db: Path, ids: list[str], stored_before: int) -> None:
    """A plain rerun adds exactly what the killed runs had not stored, and every article is stored once."""
    final = subprocess.run([RASAD, "ingest", str(source), "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert f"{ARTICLES - stored_before} added" in final.stderr and f"{stored_before} unchanged" in final.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = [row[0] for row in conn.execute("SELECT id FROM articles")]
    assert len(rows) == len(set(rows)) and sorted(rows) == sorted(ids)


def _running(pid: int) -> bool:
    """True unless the process is gone or a zombie (exited, waiting to be reaped by init)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
