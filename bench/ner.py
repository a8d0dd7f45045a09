"""NER and linking benchmark: phrase-level P/R/F1 on PEYMA test (and dev) and Arman test fold 3, entity-level scores
(type + English name) on the seed article, the development gold set and the bundled examples, and NER + linking
speed. Writes bench/results/ner.json.

Phrase level means CoNLL/seqeval exact match of (start, end, type). Each test sentence's tokens are joined with
spaces and run through the pipeline's normalize + tokenize + ner, and predicted spans are mapped back to the
sentence through the normalizer's offset map, so the score is that of the product, not of a re-tokenized view.
Predicted types the corpus does not annotate (PEYMA has no FAC/EVENT/PRODUCT) are ignored.

Speed is reported twice: wall-clock tokens/s, and tokens per CPU second of this single-threaded process (BLAS
threads pinned to one), which is what one core does however busy the shared machine is; the load average is
recorded next to it. --crf/--neural/--crf-weight score candidate model files instead of the shipped ones.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

# One core: numpy's BLAS must not spread the BiLSTM's matrix products over threads (set before numpy loads).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import ner as training  # noqa: E402  (training/ner.py: corpus readers and the pipeline view)

from rasad.evaluate import evaluate, gold_files, load_case  # noqa: E402
from rasad.ingest import read_path  # noqa: E402
from rasad.pipeline import Pipeline  # noqa: E402
from rasad.records import Doc, Mention, RawArticle  # noqa: E402
from rasad.resources import Resources  # noqa: E402
from rasad.stages.link import link  # noqa: E402
from rasad.stages.ner import Taggers, load_tagger, ner, recognize, spans_from_labels, tag_tokens  # noqa: E402

SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
OUT = REPO / "bench" / "results" / "ner.json"
PUBLISHED = {"ParsBERT (PEYMA)": 93.1, "NSURL-2019 best (phrase)": 85.4, "rule-based CRF (PEYMA)": 84.0}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def model_only(text: str, groups, tagger) -> list[Mention]:
    """Mentions of the taggers alone (CRF mixed with the BiLSTM), without the gazetteer additions and repairs."""
    tokens = groups[0]
    spans = spans_from_labels(tag_tokens(tagger, [t.text for t in tokens]))
    return [Mention(tokens[a].start, tokens[b - 1].end, "", k) for a, b, k in spans]


def phrase_scores(sentences, types: tuple[str, ...], tagger, find=recognize) -> dict[str, dict[str, float]]:
    """Per-type and combined exact-match scores over the corpus."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for sentence in sentences:
        _words, _labels, text, tokens, gold = training.pipeline_view(sentence)
        predicted = set()
        for m in find(text.value, [list(tokens)], tagger):
            if m.type in types:
                start, end = text.offsets.span_to_raw(m.start, m.end)
                predicted.add((start, end, m.type))
        gold_set = {g for g in gold if g[2] in types}
        for span in predicted & gold_set:
            tp[span[2]] += 1
        for span in predicted - gold_set:
            fp[span[2]] += 1
        for span in gold_set - predicted:
            fn[span[2]] += 1
    scores = {t: prf(tp[t], fp[t], fn[t]) for t in types}
    core = ("PER", "ORG", "LOC")
    scores["PER+ORG+LOC"] = prf(sum(tp[t] for t in core), sum(fp[t] for t in core), sum(fn[t] for t in core))
    scores["all"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return scores


def fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u200c", "")).strip().lower()


def seed_scores(pipeline: Pipeline) -> dict[str, object]:
    """Entity-level (type, English name) scores on the seed article's gold."""
    seed = SHARED / "fixtures" / "seed-article"
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    raw = next(a for a in read_path(seed / "article.txt") if isinstance(a, RawArticle))
    record = pipeline.run(raw)
    scored = {(e["type"], fold(e["en"])) for e in gold["entities"] if e.get("scored", True)}
    known = {(e["type"], fold(e["en"])) for e in gold["entities"]}
    predicted = {(e.type, fold(e.name_en)) for e in record.entities}
    spurious = sorted(p for p in predicted - known if p[0] in ("PER", "ORG", "LOC"))
    found = scored & predicted
    return {
        "scored_entities": len(scored),
        "found": len(found),
        "recall": round(len(found) / len(scored), 4),
        "missed": sorted(" / ".join(x) for x in scored - predicted),
        "spurious_per_org_loc": [" / ".join(x) for x in spurious],
        "entities": [f"{e.type} {e.name} = {e.name_en} ({len(e.mentions)})" for e in record.entities],
    }


def gold_set_scores(folder: Path, pipeline: Pipeline) -> dict[str, object] | None:
    """Entity scores of rasad.evaluate (type + English or Persian name, per article) on one gold set."""
    if not folder.is_dir():
        return None
    cases = [load_case(path, SHARED / "data") for path in gold_files(folder)]
    scores = evaluate(cases, pipeline.run).to_json()
    return {"articles": len(cases), **scores["entities"]}


def speed(pipeline_front: Pipeline, tagger: Taggers, n_articles: int = 300) -> dict[str, float]:
    """Tokens per second of the ner + link stages on one core over Fars News articles."""
    path = SHARED / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            raw = RawArticle(text=item["text"])
            doc = Doc(raw=raw)
            for stage_ in pipeline_front.stages:
                doc = stage_.fn(doc, pipeline_front.resources)
            docs.append(doc)
            if len(docs) >= n_articles:
                break
    resources = Resources()
    resources.load("ner.tagger.fa", lambda: tagger)
    ner(docs[0], resources)  # load the rest outside the timing
    tokens = sum(len(d.tokens or ()) for d in docs)
    started, cpu_started = time.perf_counter(), time.process_time()
    for doc in docs:
        link(ner(doc, resources), resources)
    seconds = time.perf_counter() - started
    # CPU time of this single-threaded process: what one core does, whatever else the machine is running.
    cpu_seconds = time.process_time() - cpu_started
    return {"articles": len(docs), "tokens": tokens, "seconds": round(seconds, 3), "tokens_per_s": round(tokens / seconds),
            "cpu_seconds": round(cpu_seconds, 3), "tokens_per_cpu_s": round(tokens / cpu_seconds)}  # fmt: skip


def custom_tagger(args: argparse.Namespace) -> Taggers:
    """The shipped taggers, or candidate model files given on the command line (for model selection)."""
    import numpy as np
    import pycrfsuite

    from rasad.ner.neural import NeuralTagger

    shipped = load_tagger()
    crf = shipped.crf
    if args.crf:
        crf = pycrfsuite.Tagger()
        crf.open(args.crf)
    neural = shipped.neural
    if args.neural:
        neural = None if args.neural == "none" else NeuralTagger.from_npz(np.load(args.neural))
    return Taggers(crf, neural, args.crf_weight if args.crf_weight is not None else shipped.crf_weight)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crf", help="a CRF model file instead of the shipped one")
    parser.add_argument("--neural", help="a BiLSTM .npz file instead of the shipped one ('none': CRF alone)")
    parser.add_argument("--crf-weight", type=float, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    tagger = custom_tagger(args)
    results: dict[str, object] = {"published_f1": PUBLISHED}
    results["peyma_test"] = phrase_scores(training.peyma("test"), ("PER", "ORG", "LOC"), tagger)
    all_types = ("PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT")
    results["arman_test_fold3"] = phrase_scores(training.arman("test_fold3"), all_types, tagger)
    # The CRF alone: the stage's repairs follow news usage (a person inside "دولت ترامپ" is the name), which
    # PEYMA's guidelines do not, so both figures are reported.
    results["peyma_test_model_only"] = phrase_scores(training.peyma("test"), ("PER", "ORG", "LOC"), tagger, model_only)
    results["arman_test_fold3_model_only"] = phrase_scores(training.arman("test_fold3"), all_types, tagger, model_only)
    results["peyma_dev"] = phrase_scores(training.peyma("dev"), ("PER", "ORG", "LOC"), tagger)
    entity_pipeline = Pipeline.build(("normalize", "tokenize", "ner", "link"))
    entity_pipeline.resources.load("ner.tagger.fa", lambda: tagger)
    results["seed"] = seed_scores(entity_pipeline)
    results["dev_gold_entities"] = gold_set_scores(REPO / "tests" / "eval" / "dev", entity_pipeline)
    results["examples_gold_entities"] = gold_set_scores(REPO / "examples" / "gold", entity_pipeline)
    results["speed"] = speed(Pipeline.build(("normalize", "tokenize")), tagger)
    lang = REPO / "src" / "rasad" / "lang" / "fa"
    results["models"] = {"crf": "ner.crfsuite", "neural": "ner_bilstm.bin" if tagger.neural else None,
                         "neural_output": ("crf" if "crf.trans" in tagger.neural.w else "softmax") if tagger.neural else None,
                         "mix": "weighted product of the label distributions",
                         "crf_weight": tagger.crf_weight if tagger.neural else 1.0}  # fmt: skip
    results["model_mb"] = round(sum(p.stat().st_size for p in lang.glob("ner*") if p.suffix in (".crfsuite", ".bin")) / 1e6, 2)
    results["loadavg"] = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").is_file() else None
    if args.crf or args.neural or args.crf_weight is not None:
        results["models"]["candidates"] = {"crf": args.crf, "neural": args.neural, "crf_weight": args.crf_weight}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for corpus in ("peyma_test", "peyma_test_model_only", "peyma_dev", "arman_test_fold3", "arman_test_fold3_model_only"):
        print(f"\n{corpus}\n{'type':<12} {'P':>6} {'R':>6} {'F1':>6}")
        for t, s in results[corpus].items():
            print(f"{t:<12} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}")
    seed = results["seed"]
    print(f"\nseed: {seed['found']}/{seed['scored_entities']} entities; missed {seed['missed']}; "
          f"spurious {seed['spurious_per_org_loc']}")  # fmt: skip
    for name in ("dev_gold_entities", "examples_gold_entities"):
        if results[name]:
            g = results[name]
            print(f"{name}: P {g['precision']:.3f} R {g['recall']:.3f} F1 {g['f1']:.3f} ({g['articles']} articles)")
    print(f"speed: {results['speed']['tokens_per_s']:,} tokens/s wall, {results['speed']['tokens_per_cpu_s']:,} tokens per "
          f"CPU second (ner + link, one core; load average {results['loadavg']})")  # fmt: skip
    print(f"models: {results['model_mb']} MB -> {args.out}")


if __name__ == "__main__":
    main()
