"""Batch engines → bench/results/batch.json: articles/s of the local pool (1, 2 workers) and Spark local[1], local[2].

Corpus: 5,000 articles built from the shared Fars News sample (../shared/data, development only), repeated
with a varied source so every copy is a distinct article. Spark start-up (JVM, session, Python worker
daemon) is timed apart from the job; scaling efficiency = (articles/s on 2 cores) / (2 × articles/s on 1).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rasad import __version__
from rasad.batch import read_failures, read_records, run_batch
from rasad.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
RESULTS = REPO / "bench" / "results" / "batch.json"
NEWS = SHARED / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"


def build_corpus(path: Path, count: int) -> int:
    """Write `count` articles as JSONL, cycling through the sample with a new source on each pass."""
    with gzip.open(NEWS, "rt", encoding="utf-8") as handle:
        sample = [json.loads(line) for line in handle]
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            item = sample[i % len(sample)]
            copy = i // len(sample)
            source = item["source"] if copy == 0 else f"{item['source']}#copy{copy}"
            row = {"text": item["text"], "source": source, "title": item.get("title"), "url": item.get("url"),
                   "published": item.get("date_gregorian_from_url_id")}
            chars += len(item["text"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return chars


def timed_run(corpus: Path, out: Path, **options: object) -> dict:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    summary = run_batch(corpus, str(out), overwrite=True, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    return {
        "articles": summary["articles"], "records": summary["records"], "failures": summary["failures"],
        "shards": summary["shards"], "seconds": round(seconds, 3),
        "articles_per_s": round(summary["articles"] / seconds, 1), "load_before": round(load, 2),
        "worker_cpu_seconds": summary["worker_cpu_seconds"],
        "articles_per_worker_cpu_s": round(summary["articles"] / summary["worker_cpu_seconds"], 1),
    }


def spark_runs(corpus: Path, work: Path, shard_size: int, cores: int) -> tuple[dict, dict]:
    """Start a local[cores] session (timed), run the job on it (timed apart), stop it."""
    from rasad.spark.job import spark_session

    start = time.perf_counter()
    session = spark_session(f"local[{cores}]", "rasad-bench")
    session_seconds = time.perf_counter() - start
    # The first job also starts the Python worker daemon: part of start-up, not of the work.
    session.sparkContext.parallelize(range(cores), cores).map(lambda x: x).collect()
    startup = {"session_seconds": round(session_seconds, 3),
               "total_seconds": round(time.perf_counter() - start, 3)}
    try:
        run = timed_run(corpus, work / f"spark{cores}", engine="spark", master=f"local[{cores}]",
                        shard_size=shard_size, spark_session=session)
    finally:
        session.stop()
    return run, startup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--shard-size", type=int, default=100)
    args = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"{NEWS} is missing: this benchmark needs ../shared/data")
    work = Path(tempfile.mkdtemp(prefix="rasad-bench-batch-"))
    try:
        corpus = work / "articles.jsonl"
        chars = build_corpus(corpus, args.articles)
        runs: dict[str, dict] = {}
        startup: dict[str, dict] = {}
        for workers in (1, 2):
            runs[f"local_{workers}"] = timed_run(corpus, work / f"local{workers}", engine="local",
                                                 workers=workers, shard_size=args.shard_size)
            print(f"local {workers} worker(s): {runs[f'local_{workers}']}", flush=True)
        for cores in (1, 2):
            runs[f"spark_local_{cores}"], startup[f"local[{cores}]"] = spark_runs(corpus, work, args.shard_size, cores)
            print(f"spark local[{cores}]: {runs[f'spark_local_{cores}']} start-up {startup[f'local[{cores}]']}", flush=True)
        local_records, spark_records = list(read_records(work / "local2")), list(read_records(work / "spark2"))
        differing = sum(a != b for a, b in zip(local_records, spark_records)) + abs(len(local_records) - len(spark_records))
        same = not differing and list(read_failures(work / "local2")) == list(read_failures(work / "spark2"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def efficiency(one: str, two: str) -> float:
        return round(runs[two]["articles_per_s"] / (2 * runs[one]["articles_per_s"]), 3)

    def cpu_efficiency(one: str, two: str) -> float:
        # Work per CPU-second on 2 cores vs 1: the parallel overhead alone, whatever else the machine runs.
        return round(runs[two]["articles_per_worker_cpu_s"] / runs[one]["articles_per_worker_cpu_s"], 3)

    result = {
        "rasad": __version__,
        "stages": list(Pipeline.build().names),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "corpus": {"articles": args.articles, "mean_chars": round(chars / args.articles), "shard_size": args.shard_size,
                   "built_from": "shared Fars News sample, repeated with a varied source"},
        "runs": runs,
        "spark_startup_seconds": startup,
        "scaling_efficiency_1_to_2": {"local": efficiency("local_1", "local_2"),
                                      "spark": efficiency("spark_local_1", "spark_local_2")},
        "cpu_efficiency_1_to_2": {"local": cpu_efficiency("local_1", "local_2"),
                                  "spark": cpu_efficiency("spark_local_1", "spark_local_2")},
        "spark_records_identical_to_local": same,
        "records_differing_spark_vs_local": differing,
        "note": ("runs exclude Spark start-up; both engines include building the pipeline in each worker; "
                 "wall-clock efficiency needs an otherwise idle machine (see load_before), "
                 "cpu_efficiency counts only the workers' own CPU time"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\n{'engine':<18}{'articles/s':>12}{'seconds':>10}")
    for name, run in runs.items():
        print(f"{name:<18}{run['articles_per_s']:>12}{run['seconds']:>10}")
    print(f"scaling efficiency 1→2: {result['scaling_efficiency_1_to_2']}; spark start-up: {startup}")
    print(f"spark records identical to local: {same}\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
