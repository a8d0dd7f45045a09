"""The pipeline as a Spark job: shards go through `mapPartitions`, each worker builds the pipeline once.

Run it with `rasad batch INPUT OUT --engine spark --master …`, or on a cluster with
`spark-submit …/rasad/spark/job.py INPUT OUT` (see docs/spark.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from rasad.batch.inputs import Shard
from rasad.batch.output import Format
from rasad.batch.runner import ShardResult, run_shard
from rasad.errors import RasadError
from rasad.pipeline import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def spark_session(master: str, app_name: str = "rasad-batch") -> SparkSession:
    """A SparkSession on `master`; in local mode its Python workers run this very interpreter."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise RasadError("the Spark engine needs pyspark: pip install 'rasad[spark]'") from exc
    if master.startswith("local"):
        # Workers must see the same rasad and models as the driver: the running interpreter, not `python3`.
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        # Keep Python workers (and the pipeline each one built) alive from one partition to the next.
        .config("spark.python.worker.reuse", "true")
    )
    if master.startswith("local"):
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.showConsoleProgress", "false")
        )
    session = builder.getOrCreate()
    if master.startswith("local"):
        session.sparkContext.setLogLevel("ERROR")
    return session


def _run_partition(
    shards: Iterator[Shard], output_dir: str, fmt: Format, max_chars: int
) -> Iterator[tuple[int, int, int, int, float, float]]:
    """Inside one Spark task: run its shards with the worker's pipeline, write parts, report counts."""
    for shard in shards:
        result = run_shard(shard, output_dir, fmt, max_chars)
        yield (result.index, result.articles, result.records, result.failures, result.seconds, result.cpu_seconds)


def run_spark(
    shards: Sequence[Shard],
    output_dir: str,
    fmt: Format,
    master: str,
    max_chars: int = DEFAULT_MAX_CHARS,
    spark: SparkSession | None = None,
) -> list[ShardResult]:
    """Run the shards as one Spark job, one shard per partition; stops the session only if it made it."""
    session = spark or spark_session(master)
    try:
        if not shards:
            return []
        rdd = session.sparkContext.parallelize(list(shards), numSlices=len(shards))
        work = partial(_run_partition, output_dir=output_dir, fmt=fmt, max_chars=max_chars)
        rows = rdd.mapPartitions(work).collect()
    finally:
        if spark is None:
            session.stop()
    return sorted((ShardResult(*row) for row in rows), key=lambda r: r.index)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for spark-submit: the master, executors and memory come from spark-submit's options."""
    from pathlib import Path

    from pyspark.sql import SparkSession

    from rasad.batch.runner import run_batch

    parser = argparse.ArgumentParser(prog="rasad-spark-job", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="input file or folder (visible to the driver; folders' small files to executors too)")
    parser.add_argument("output_dir", help="output folder on a filesystem every executor can write (or hdfs://, s3://)")
    parser.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    parser.add_argument("--shard-size", type=int, default=100, help="articles per partition for large input files")
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    session = SparkSession.builder.appName("rasad-batch").getOrCreate()
    master = session.sparkContext.master
    summary = run_batch(
        Path(args.input), args.output_dir, engine="spark", fmt=args.format, master=master,
        shard_size=args.shard_size, overwrite=args.overwrite, spark_session=session,
    )
    session.stop()
    print(summary)


if __name__ == "__main__":  # pragma: no cover
    main()
