"""A small bench/load.py run: 4 concurrent readers × 50 requests against `rasad serve` while `rasad ingest` stores
100 new articles into the same SQLite file. No timing assertions: no errors, nothing lost or doubled, a sound file."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import load  # noqa: E402

BASE, INGEST, READERS, PER_READER = 300, 100, 4, 50


def test_load_small_readers_and_one_writer_lose_nothing(tmp_path: Path) -> None:
    report = load.run(tmp_path, base=BASE, ingest=INGEST, requests=READERS * PER_READER, concurrency=READERS,
                      batch_size=10)  # fmt: skip
    assert report["errors"] == 0, report["error_samples"]
    assert report["completed"] == READERS * PER_READER
    assert all(row["requests"] for row in report["endpoints"].values())  # every endpoint was exercised
    assert report["requests_during_ingest"] > 0  # the readers overlapped the writer
    assert report["ingest_exit"] == 0 and f"{INGEST} added" in report["ingest_summary"]
    checks = report["checks"]
    assert checks["lost"] == [] and checks["duplicated"] == [] and checks["unexpected"] == []
    assert checks["stored"] == checks["expected"] == checks["fts_rows"] == BASE + INGEST
    assert report["served_articles_after"] == BASE + INGEST
    assert checks["integrity_check"] == "ok" and checks["journal_mode"] == "wal"
