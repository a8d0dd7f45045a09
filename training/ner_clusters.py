"""Learn word clusters for the NER features from unlabelled Persian text, reproducibly.

    python training/ner_clusters.py     # rewrites src/rasad/lang/fa/ner_clusters.tsv.gz

Text: UD PerDT train tokens, the token text of the Arman (train fold 3), PEYMA (train) and ParsTwiNER (train)
NER corpora (labels unused), the Fars News sample (minus the development gold articles) and the sci2lab RSS
items. Each text is normalized and tokenized as the pipeline does; words are compared by their matching key.
Each frequent word gets a vector from its left/right neighbours (positive PMI, truncated SVD), and spherical
k-means at three granularities gives the cluster ids that the CRF uses as features.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import ner as ner_training  # noqa: E402

from rasad.entities.gazetteer import name_key  # noqa: E402
from rasad.stages.normalize import normalize_text  # noqa: E402
from rasad.stages.tokenize import tokenize_text  # noqa: E402

SHARED = ner_training.SHARED
OUT = REPO / "src" / "rasad" / "lang" / "fa" / "ner_clusters.tsv.gz"
DEV_GOLD = REPO / "tests" / "eval" / "dev"
SIZES = (64, 256, 1024)
MIN_COUNT = 4
CONTEXTS = 4000
DIMS = 96


def texts() -> Iterator[str]:
    """Unlabelled texts, one sentence, paragraph or item at a time."""
    with gzip.open(SHARED / "ud_persian_perdt" / "fa_perdt-train-tokens.txt.gz", "rt", encoding="utf-8") as fh:
        sentence: list[str] = []
        for line in fh:
            if line.strip():
                sentence.append(line.strip())
            elif sentence:
                yield " ".join(sentence)
                sentence = []
        if sentence:
            yield " ".join(sentence)
    for corpus in (ner_training.peyma("train"), ner_training.arman("train_fold3"), ner_training.parstwiner("train")):
        for tokens in corpus:
            yield " ".join(t for t, _ in tokens)
    held_out = {p.name.removesuffix(".gold.json") for p in DEV_GOLD.glob("*.gold.json")}
    path = SHARED / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            if item["id"] not in held_out:
                yield from (p for p in item["text"].split("\n") if p.strip())
    for name in ("hamshahri.json", "radiofarda.json"):
        for item in json.loads((SHARED / "news_rss_sci2lab" / name).read_text(encoding="utf-8")):
            for field in ("title", "summary"):
                if item.get(field):
                    yield item[field]


def sentences() -> list[list[str]]:
    """Word keys of each text as the pipeline tokenizes it."""
    out = []
    for text in texts():
        normalized = normalize_text(text).value
        keys = [name_key(t.text) for t in tokenize_text(normalized)]
        out.append([k for k in keys if k])
    return out


def vectors(corpus: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """Frequent words and their unit-length PPMI-SVD vectors from ±1/±2 neighbour counts."""
    counts = Counter(k for s in corpus for k in s)
    vocab = sorted(k for k, c in counts.items() if c >= MIN_COUNT)
    index = {k: i for i, k in enumerate(vocab)}
    contexts = {k: i for i, (k, _) in enumerate(counts.most_common(CONTEXTS))}
    rows, cols = [], []
    for s in corpus:
        padded = ["<s>", "<s>"] + s + ["</s>", "</s>"]
        for i in range(2, len(padded) - 2):
            row = index.get(padded[i])
            if row is None:
                continue
            for slot, offset in enumerate((-2, -1, 1, 2)):
                col = contexts.get(padded[i + offset], CONTEXTS if padded[i + offset] in ("<s>", "</s>") else None)
                if col is not None:
                    rows.append(row)
                    cols.append(slot * (CONTEXTS + 1) + col)
    matrix = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                               shape=(len(vocab), 4 * (CONTEXTS + 1))).tocsr()  # fmt: skip
    total = matrix.sum()
    row_sum = np.asarray(matrix.sum(axis=1)).ravel()
    col_sum = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75  # context smoothing keeps rare contexts from dominating
    col_sum *= total / col_sum.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    u, s, _vt = svds(ppmi, k=DIMS, random_state=0)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return vocab, vec


def kmeans(vec: np.ndarray, k: int, iterations: int = 25, seed: int = 0) -> np.ndarray:
    """Spherical k-means cluster of each row (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    centres = vec[rng.choice(len(vec), size=k, replace=False)].copy()
    assign = np.zeros(len(vec), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(vec @ centres.T, axis=1)
        for c in range(k):
            members = vec[assign == c]
            if len(members):
                centre = members.sum(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) + 1e-9)
    return assign


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    started = time.time()
    corpus = sentences()
    print(f"{len(corpus):,} texts, {sum(map(len, corpus)):,} tokens in {time.time() - started:.0f} s", flush=True)
    vocab, vec = vectors(corpus)
    print(f"{len(vocab):,} words embedded in {time.time() - started:.0f} s", flush=True)
    ids = [kmeans(vec, k) for k in SIZES]
    lines = ["# Word clusters for NER features: matching key, then cluster ids at " + "/".join(map(str, SIZES)) + ".",
             "# Generated by training/ner_clusters.py (see SOURCES.md for the texts and their restrictions).",
             "# key\t" + "\t".join(f"c{k}" for k in SIZES)]  # fmt: skip
    lines += [w + "".join(f"\t{a[i]}" for a in ids) for i, w in enumerate(vocab)]
    with gzip.GzipFile(args.out, "wb", mtime=0) as fh:  # mtime 0: the same input gives the same bytes
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{args.out}: {len(vocab):,} words in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
