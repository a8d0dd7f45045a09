"""The engine-independent batch run: one function per shard, run by a process pool or by Spark."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rasad import __version__
from rasad.batch.inputs import DEFAULT_SHARD_SIZE, Shard, plan_shards
from rasad.batch.output import Format, prepare_output, write_manifest, write_part
from rasad.errors import InputError
from rasad.pipeline import DEFAULT_MAX_CHARS, Pipeline
from rasad.records import Failure

Engine = Literal["local", "spark"]
ENGINES: tuple[str, ...] = ("local", "spark")

# One pipeline per worker process, built on its first shard: models load once, not once per article.
_pipelines: dict[int, Pipeline] = {}


def worker_pipeline(max_chars: int = DEFAULT_MAX_CHARS) -> Pipeline:
    """This process's pipeline, built once."""
    if max_chars not in _pipelines:
        _pipelines[max_chars] = Pipeline.build(max_chars=max_chars)
    return _pipelines[max_chars]


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one shard produced: counts and the seconds its worker spent."""

    index: int
    articles: int
    records: int
    failures: int
    seconds: float
    cpu_seconds: float = 0.0  # the worker's own CPU time: wall time less waiting for a busy machine


def run_shard(shard: Shard, output_dir: str, fmt: Format, max_chars: int = DEFAULT_MAX_CHARS) -> ShardResult:
    """Analyze one shard with `Pipeline.run_many` and write its part files; the same call on every engine."""
    start, cpu_start = time.perf_counter(), time.process_time()
    pipeline = worker_pipeline(max_chars)
    records, failures = [], []
    for result in pipeline.run_many(shard.articles()):
        (failures if isinstance(result, Failure) else records).append(result)
    write_part(output_dir, shard.index, records, failures, fmt)
    return ShardResult(
        shard.index, len(records) + len(failures), len(records), len(failures), time.perf_counter() - start,
        time.process_time() - cpu_start,
    )


def run_local(
    shards: Iterable[Shard], output_dir: str, fmt: Format, workers: int, max_chars: int = DEFAULT_MAX_CHARS
) -> list[ShardResult]:
    """Run shards on a pool of `workers` processes, keeping only a few shards in flight at a time."""
    # forkserver: workers start from a clean process even when the caller has threads (a live Spark session).
    context = multiprocessing.get_context("forkserver")
    results: list[ShardResult] = []
    pending: deque[Future[ShardResult]] = deque()
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for shard in shards:
            pending.append(pool.submit(run_shard, shard, output_dir, fmt, max_chars))
            if len(pending) >= workers * 3:
                results.append(pending.popleft().result())
        results.extend(future.result() for future in pending)
    return results


def run_batch(
    input_path: Path,
    output_dir: str,
    *,
    engine: Engine = "local",
    fmt: Format = "parquet",
    workers: int | None = None,
    master: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    overwrite: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    spark_session: object | None = None,
) -> dict:
    """Analyze every article under `input_path` into `output_dir`; returns (and writes) the run's summary."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    workers = workers or os.cpu_count() or 1
    if "://" not in output_dir:
        output_dir = str(Path(output_dir).resolve())  # workers may run elsewhere: never a relative path
    prepare_output(output_dir, overwrite)
    start = time.perf_counter()
    shards = plan_shards(Path(input_path), shard_size)
    if engine == "local":
        results = run_local(shards, output_dir, fmt, workers, max_chars)
        where = {"workers": workers}
    else:
        from rasad.spark.job import run_spark

        master = master or f"local[{workers}]"
        results = run_spark(list(shards), output_dir, fmt, master, max_chars, spark=spark_session)
        where = {"master": master}
    summary = {
        "rasad": __version__,
        "engine": engine,
        **where,
        "format": fmt,
        "input": str(input_path),
        "shards": len(results),
        "articles": sum(r.articles for r in results),
        "records": sum(r.records for r in results),
        "failures": sum(r.failures for r in results),
        "seconds": round(time.perf_counter() - start, 3),
        "worker_seconds": round(sum(r.seconds for r in results), 3),
        "worker_cpu_seconds": round(sum(r.cpu_seconds for r in results), 3),
    }
    write_manifest(output_dir, summary)
    return summary

