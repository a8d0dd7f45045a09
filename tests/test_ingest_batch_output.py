"""`rasad ingest` stores the records of a `rasad batch` output as they are, without analyzing again."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

RASAD = str(Path(sys.executable).parent / "rasad")
HEADER = " date 2025-12-21 خبرگزاری نمونه؛ نویسنده - "


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RASAD, *args], capture_output=True, text=True, timeout=300)


def test_ingest_batch_output_folder_and_parquet_part(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, city in enumerate(["تهران", "مسکو", "کابل"]):
        (inputs / f"{i}.txt").write_text(HEADER + f"وزیر خارجه روز شنبه در {city} گفت که مذاکرات ادامه دارد.", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(inputs), str(out), "--engine", "local", "--workers", "1")
    assert result.returncode == 0, result.stderr
    db = tmp_path / "a.db"
    result = run("ingest", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stderr + result.stdout
    [part] = sorted((out / "records").glob("*.parquet"))
    again = run("ingest", str(part), "--db", str(db))
    assert "0 added" in again.stderr + again.stdout and "3 unchanged" in again.stderr + again.stdout
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) from articles").fetchone()[0] == 3
