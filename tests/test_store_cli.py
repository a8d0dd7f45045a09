"""`rasad ingest/search/quotes/events/export` end to end, including a SIGKILL in the middle of an ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_store import corpus, make_record

def rasad(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process (fast); the kill test below runs it as a real process."""
    from typer.testing import CliRunner

    from rasad.cli import app

    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def write_records(path: Path, count: int) -> list[str]:
    ids = []
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            record = make_record(f"خبر شماره {i}: " + "گزارشی دربارهٔ بازار و اقتصاد و تورم. " * 20 + f"پایان {i}.",
                                 title=f"خبر {i}", url=f"https://example.ir/{i}")  # fmt: skip
            handle.write(record.dumps() + "\n")
            ids.append(record.id)
    return ids


def test_store_cli_ingest_killed_midway_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    source, db = tmp_path / "records.jsonl", tmp_path / "kill.db"
    ids = write_records(source, 3000)
    process = subprocess.Popen(
        [sys.executable, "-c", "from rasad.cli import app; app()", "ingest", str(source), "--db", str(db),
         "--batch-size", "50"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Kill once some batches are committed but before the end.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                if conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= 100:
                    break
        except sqlite3.Error:
            continue
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as conn:
        partial = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 0 < partial < len(ids), "the kill should land mid-run"
    result = rasad("ingest", str(source), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"{len(ids) - partial} added" in result.stderr and f"{partial} unchanged" in result.stderr
    with sqlite3.connect(db) as conn:
        stored = [r[0] for r in conn.execute("SELECT id FROM articles")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == len(ids)
    assert sorted(stored) == sorted(ids)


def test_store_cli_search_json_and_errors(tmp_path: Path) -> None:
    source, db = tmp_path / "records.jsonl", tmp_path / "s.db"
    source.write_text("".join(r.dumps() + "\n" for r in corpus()), encoding="utf-8")
    assert rasad("ingest", str(source), "--db", str(db)).returncode == 0
    result = rasad("search", "Gorbachev", "--db", str(db), "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [h["title"] for h in hits] == ["گورباچف در مسکو"]
    assert {"id", "title", "published", "score", "snippet"} <= hits[0].keys()
    # --db defaults to $RASAD_DB
    result = rasad("search", "باران", "--from", "2025-01-01", "--json", env={"RASAD_DB": str(db)})
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["بارش باران"]
    for bad in ('"', "*", "NEAR("):
        result = rasad("search", bad, "--db", str(db))
        assert "Traceback" not in result.stderr and result.returncode in (0, 2), result.stderr
    result = rasad("search", "x", "--db", str(db), "--from", "yesterday")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    quotes = rasad("quotes", "--speaker", "Trump", "--db", str(db), "--json")
    assert [json.loads(line)["speaker"] for line in quotes.stdout.splitlines()] == ["دونالد ترامپ"]
    events = rasad("events", "--type", "CONSULT", "--actor", "United States", "--db", str(db), "--json")
    assert [json.loads(line)["targets"] for line in events.stdout.splitlines()] == [["Russia"]]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_store_cli_export_writes_every_record(tmp_path: Path, fmt: str) -> None:
    source, db, out = tmp_path / "records.jsonl", tmp_path / "e.db", tmp_path / f"out.{fmt}"
    records = corpus()
    source.write_text("".join(r.dumps() + "\n" for r in records), encoding="utf-8")
    assert rasad("ingest", str(source), "--db", str(db)).returncode == 0
    result = rasad("export", "--format", fmt, "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    if fmt == "jsonl":
        from rasad.records import Record

        assert [Record.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == records
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert [r["id"] for r in rows] == [r.id for r in records]
        assert json.loads(rows[1]["entities"])[0]["name_en"] == "Donald Trump"
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).column("id").to_pylist() == [r.id for r in records]


def test_store_cli_ingests_raw_text_and_reports_failures(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2025-12-20 ایسنا؛ خبرنگار - هواشناسی از بارش باران خبر داد.", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"text": "خبر دوم دربارهٔ باران."}\n{broken\n', encoding="utf-8")
    db = tmp_path / "raw.db"
    first = rasad("ingest", str(folder), "--db", str(db))
    assert "2 added" in first.stderr and "1 failed" in first.stderr and "invalid JSON" in first.stderr
    second = rasad("ingest", str(folder), "--db", str(db))
    assert "0 added" in second.stderr and "2 unchanged" in second.stderr
