"""The Spark engine (local mode) gives exactly the local engine's records and failures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasad.batch import read_failures, read_records, run_batch
from test_batch_inputs import write_folder, write_jsonl

pyspark = pytest.importorskip("pyspark", reason="the Spark engine needs the spark extra")


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One local[2] session for every Spark test: starting the JVM costs seconds."""
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (openjdk-17-jre-headless)")
    from rasad.spark.job import spark_session

    session = spark_session("local[2]", "rasad-tests")
    yield session
    session.stop()


def _outputs(path: Path) -> tuple[list, list]:
    return list(read_records(path)), list(read_failures(path))


def test_spark_engine_matches_local_engine_on_a_folder(tmp_path: Path, spark: object) -> None:
    # A folder of small files: shards are file names that the Spark workers read themselves.
    folder = write_folder(tmp_path / "in")
    local = run_batch(folder, str(tmp_path / "local"), workers=2, shard_size=3)
    remote = run_batch(folder, str(tmp_path / "spark"), engine="spark", shard_size=3, spark_session=spark)
    records, failures = _outputs(tmp_path / "local")
    assert _outputs(tmp_path / "spark") == (records, failures)
    assert len(records) == 13 and len(failures) == 5  # broken JSON lines, an empty article, a binary file
    assert {k: remote[k] for k in ("records", "failures", "shards")} == {k: local[k] for k in ("records", "failures", "shards")}
    assert remote["engine"] == "spark" and remote["master"] == "local[2]"


def test_spark_engine_matches_local_engine_on_one_file_jsonl(tmp_path: Path, spark: object) -> None:
    # One file: the driver cuts it into shards of articles, one Spark partition each.
    source = write_jsonl(tmp_path / "in.jsonl", 15)
    run_batch(source, str(tmp_path / "local"), workers=1, shard_size=4, fmt="jsonl")
    summary = run_batch(source, str(tmp_path / "spark"), engine="spark", shard_size=4, fmt="jsonl", spark_session=spark)
    assert summary["shards"] == 5
    assert _outputs(tmp_path / "spark") == _outputs(tmp_path / "local")
    local_parts = sorted(p.name for p in (tmp_path / "local" / "records").iterdir())
    assert sorted(p.name for p in (tmp_path / "spark" / "records").iterdir()) == local_parts
    for name in local_parts:  # byte for byte: the same shard writes the same part on either engine
        assert (tmp_path / "spark" / "records" / name).read_bytes() == (tmp_path / "local" / "records" / name).read_bytes()
