"""Bad inputs (tests/bad_inputs, plus a 50 MB article made here): each is read or refused by name, the batch
goes on, and `rasad ingest` stores exactly the articles that could be read."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from record_checks import assert_valid_record

from rasad.ingest import read_path
from rasad.pipeline import Pipeline
from rasad.records import Failure, Record

CORPUS = Path(__file__).parent / "bad_inputs"
MANIFEST: dict[str, dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
RASAD = str(Path(sys.executable).parent / "rasad")
BIG_BYTES = 50 * 1024 * 1024


def analyzed(pipeline: Pipeline, path: Path) -> tuple[list[Record], list[Failure]]:
    records: list[Record] = []
    failures: list[Failure] = []
    for item in pipeline.run_many(read_path(path)):
        (failures if isinstance(item, Failure) else records).append(item)  # type: ignore[arg-type]
    return records, failures


@pytest.fixture(scope="module")
def expected_ids(pipeline: Pipeline) -> set[str]:
    """Ids of every record the corpus yields when read in this process."""
    return {record.id for name in MANIFEST for record in analyzed(pipeline, CORPUS / name)[0]}


def test_bad_inputs_files_are_what_make_py_writes(tmp_path: Path) -> None:
    sys.path.insert(0, str(CORPUS))
    try:
        import make
    finally:
        sys.path.remove(str(CORPUS))
    assert make.write(tmp_path) == MANIFEST
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), f"{path.name}: run tests/bad_inputs/make.py"
        assert path.stat().st_size < 50_000, f"{path.name} is too big to commit"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_bad_inputs_each_is_read_or_refused_as_the_manifest_says(pipeline: Pipeline, name: str) -> None:
    expected = MANIFEST[name]
    records, failures = analyzed(pipeline, CORPUS / name)
    reasons = [f.reason for f in failures]
    assert (len(records), len(failures)) == (expected["stored"], expected["failed"]), reasons
    for failure in failures:
        assert failure.reason.startswith(str(CORPUS / name)), f"the message must name the file: {failure.reason}"
        assert "Traceback" not in failure.reason
    for message in expected["messages"]:
        assert any(message in reason for reason in reasons), f"{message!r} not in {reasons}"
    warnings = [w for record in records for w in record.warnings]
    for warning in expected["warnings"]:
        assert any(warning in w for w in warnings), f"{warning!r} not in {warnings}"
    for record in records:
        assert_valid_record(record.to_json())


def corpus_with_good_articles(folder: Path) -> tuple[list[Path], list[Path], Path]:
    """Every bad input, each followed by a good article; then a 50 MB article; (all files, good ones, big one)."""
    files, good = [], []
    for index, name in enumerate(sorted(MANIFEST)):
        bad = folder / name
        shutil.copyfile(CORPUS / name, bad)
        ok = folder / f"good-{index:02d}.txt"
        ok.write_text(f" date 2025-12-{index % 28 + 1:02d} خبرگزاری آزمایشی؛ خبرنگار - "
                      f"خبر سالم شمارهٔ {index} دربارهٔ بارش باران در تهران منتشر شد.", encoding="utf-8")  # fmt: skip
        files += [bad, ok]
        good.append(ok)
    big = folder / "big.txt"
    line = ("وزیر امور خارجه روز شنبه در تهران با همتای خود دیدار کرد. " * 40 + "\n").encode()
    with big.open("wb") as handle:
        handle.write(line * (BIG_BYTES // len(line) + 1))
    return [*files, big], good, big


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("✗")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RASAD, *args], capture_output=True, text=True, timeout=120)


def test_bad_inputs_analyze_names_each_failure_and_finishes_the_batch(tmp_path: Path) -> None:
    files, good, big = corpus_with_good_articles(tmp_path)
    assert big.stat().st_size >= BIG_BYTES
    result = run("analyze", "--json", *map(str, files))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    stored = sum(e["stored"] for e in MANIFEST.values())
    assert len(records) == stored + len(good)
    for record in records:
        assert_valid_record(record)
    lines = failure_lines(result.stderr)
    assert len(lines) == sum(e["failed"] for e in MANIFEST.values()) + 1, "\n".join(lines)
    named = {str(path) for path in files}
    for line in lines:
        assert re.split(r"(?:[:#\[]\d+\]?)?: ", line[2:], maxsplit=1)[0] in named, line
    assert any(line.startswith(f"✗ {big}: the article has") and "over the limit" in line for line in lines)


def stored_ids(db: Path) -> Iterator[str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        yield from (row[0] for row in conn.execute("SELECT id FROM articles"))


def test_bad_inputs_ingest_stores_every_readable_article_once(
    tmp_path: Path, pipeline: Pipeline, expected_ids: set[str]
) -> None:
    files, good, big = corpus_with_good_articles(tmp_path)
    good_ids = {analyzed(pipeline, path)[0][0].id for path in good}
    db = tmp_path / "bad.db"
    first = run("ingest", *map(str, files), "--db", str(db), "--batch-size", "10")
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr[-2000:]
    ids = list(stored_ids(db))
    assert len(ids) == len(set(ids)) and set(ids) == expected_ids | good_ids
    assert f"{len(ids)} added" in first.stderr
    assert len(failure_lines(first.stderr)) == sum(e["failed"] for e in MANIFEST.values()) + 1
    # A second run over the same files (the big one aside: it is refused again) changes nothing.
    second = run("ingest", *(str(path) for path in files if path != big), "--db", str(db))
    assert second.returncode == 0, second.stderr[-2000:]
    assert "0 added, 0 updated" in second.stderr
    assert sorted(stored_ids(db)) == sorted(ids)
