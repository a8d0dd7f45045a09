"""Whole-pipeline speed → bench/results/pipeline.json: articles/s and chars/s on one and two cores, peak memory.

Corpora: the seed article (repeated) and the shared Fars News sample (../shared/data, development only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rasad import __version__
from rasad.ingest import read_path
from rasad.pipeline import Pipeline
from rasad.records import RawArticle

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
RESULTS = REPO / "bench" / "results" / "pipeline.json"
SEED = REPO / "tests" / "golden" / "seed-article.txt"
NEWS = SHARED / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"

_worker_pipeline: Pipeline | None = None


def _work(raws: list[RawArticle]) -> int:
    """Analyze a chunk in a worker process (the pipeline loads once per worker)."""
    global _worker_pipeline
    if _worker_pipeline is None:
        _worker_pipeline = Pipeline.build()
    return sum(1 for _ in _worker_pipeline.run_many(raws))


def seed_corpus(copies: int) -> list[RawArticle]:
    [article] = read_path(SEED)
    # Distinct sources give distinct ids, as in a real feed; the text stays seed-sized.
    return [RawArticle(**{**_fields(article), "source": f"copy-{i}"}) for i in range(copies)]


def news_corpus(limit: int) -> list[RawArticle]:
    if not NEWS.exists():
        return []
    articles = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            articles.append(
                RawArticle(text=item["text"], source=item["source"], published=item.get("date_gregorian_from_url_id"),
                           origin=item["id"])
            )
            if len(articles) >= limit:
                break
    return articles


def _fields(article: RawArticle) -> dict:
    return {name: getattr(article, name) for name in RawArticle.__dataclass_fields__}


def measure(corpus: list[RawArticle], workers: int) -> dict[str, float]:
    chars = sum(len(a.text) for a in corpus)
    if workers == 1:
        pipeline = Pipeline.build()
        pipeline.run(corpus[0])  # load models and lexicons before timing
        start, cpu_start = time.perf_counter(), time.process_time()
        done = sum(1 for _ in pipeline.run_many(corpus))
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    else:
        chunks = [corpus[i::workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_work, [[corpus[0]]] * workers))  # warm every worker
            start = time.perf_counter()
            done = sum(pool.map(_work, chunks))
            elapsed = time.perf_counter() - start
    result = {
        "articles": done,
        "seconds": round(elapsed, 3),
        "articles_per_s": round(done / elapsed, 1),
        "chars_per_s": round(chars / elapsed),
    }
    if workers == 1:
        # CPU time of the one process: what the code costs, less disturbed than wall time on a shared machine.
        result["cpu_seconds"] = round(cpu, 3)
        result["articles_per_cpu_s"] = round(done / cpu, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed-copies", type=int, default=200)
    parser.add_argument("--news", type=int, default=1399, help="how many news-sample articles to use")
    args = parser.parse_args()
    pipeline = Pipeline.build()
    corpora = {"seed": seed_corpus(args.seed_copies), "news_sample": news_corpus(args.news)}
    results: dict[str, object] = {
        "rasad": __version__,
        "stages": list(pipeline.names),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": list(os.getloadavg()),
        "corpora": {},
    }
    for name, corpus in corpora.items():
        if not corpus:
            print(f"{name}: not available, skipped")
            continue
        entry = {
            "articles": len(corpus),
            "mean_chars": round(sum(len(a.text) for a in corpus) / len(corpus)),
            "one_core": measure(corpus, 1),
            "two_cores": measure(corpus, 2),
        }
        results["corpora"][name] = entry
        print(f"{name:12} {entry['articles']:5} articles  "
              f"1 core {entry['one_core']['articles_per_s']:8.1f} art/s {entry['one_core']['chars_per_s']:>10,} chars/s  "
              f"2 cores {entry['two_cores']['articles_per_s']:8.1f} art/s")
    results["load_average_at_end"] = list(os.getloadavg())
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    results["peak_memory_mb"] = {"main": round(own / 1024, 1), "largest_worker": round(children / 1024, 1)}
    print(f"peak memory: main {own / 1024:.0f} MB, largest worker {children / 1024:.0f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
