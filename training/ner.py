"""Build the entity gazetteers and train the CRF NER model of rasad from ../shared/data, reproducibly.

    python training/ner.py gazetteers        # rewrites the generated gazetteer_*.tsv files
    python training/ner_clusters.py          # rewrites the word clusters the features use (ner_clusters.tsv.gz)
    python training/ner.py train             # rewrites src/rasad/lang/fa/ner.crfsuite, then ner_bilstm.bin
                                             # (training/ner_neural.py; needs the `train` extra: torch)

Training reads the corpora of --corpora (default: PEYMA train; Arman train fold 3 and ParsTwiNER train can be
added, labels mapped to rasad's types). Each sentence's tokens are joined with spaces, normalized and tokenized
exactly as the pipeline does, and the labels are carried over through the normalizer's offset map, so the model
sees what it will see at run time. Rerun all three steps when the normalizer (half-space restoration) changes.
Parameters were chosen on PEYMA dev (never on test): PEYMA alone beat PEYMA + Arman there (0.743 vs 0.724:
Arman's ORG/LOC conventions differ) and PEYMA + ParsTwiNER (0.760 vs 0.754), and did as well on the development
gold entities. The price: FAC/EVENT/PRODUCT, which only Arman annotates, are no longer predicted.
The ner stage mixes the CRF's marginals with the label marginals of a compact BiLSTM with a CRF output layer
(training/ner_neural.py, trained on the same corpora) as a weighted product (CRF weight rasad.stages.ner.CRF_WEIGHT):
on PEYMA dev the mix scores about 0.80 against 0.76 for the CRF alone and 0.79 for the BiLSTM-CRF alone (the
earlier softmax BiLSTM, averaged half and half with the CRF: 0.79; see bench/results/ner.json). Both stay trained on PEYMA train only, so that PEYMA dev remains held out
(models retrained on train + dev were tried and did no better on the benchmark).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rasad.entities.gazetteer import name_key, name_parts  # noqa: E402
from rasad.stages.normalize import normalize_text  # noqa: E402
from rasad.stages.tokenize import tokenize_text  # noqa: E402

SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared")) / "data"
LANG = REPO / "src" / "rasad" / "lang" / "fa"
MODEL = LANG / "ner.crfsuite"
DEFAULT_CORPORA = "peyma/train"

ARMAN_MAP = {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "FAC", "pro": "PRODUCT", "event": "EVENT"}
PEYMA_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # DAT/TIM/MON/PCT are not names
PARSTWINER_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "EVE": "EVENT", "POG": "ORG"}  # NAT is no name

Sentence = list[tuple[str, str]]  # (token, IOB2 label with our types)


# ---------------------------------------------------------------- corpora


def read_corpus(path: Path, sep: str, label_map: dict[str, str]) -> list[Sentence]:
    """Sentences of a token-per-line NER file, labels mapped to rasad's types (IOB2)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.rpartition(sep)
        if not token.strip():
            continue
        tag = tag.strip().replace("_", "-")
        prefix, _, kind = tag.partition("-")
        mapped = label_map.get(kind)
        current.append((token.strip(), f"{prefix}-{mapped}" if mapped and prefix in "BI" else "O"))
    if current:
        sentences.append(current)
    return sentences


def arman(name: str) -> list[Sentence]:
    return read_corpus(SHARED / "arman_ner" / f"{name}.txt", " ", ARMAN_MAP)


def peyma(name: str) -> list[Sentence]:
    return read_corpus(SHARED / "peyma_ner" / f"{name}.txt", "|", PEYMA_MAP)


def parstwiner(name: str) -> list[Sentence]:
    return read_corpus(SHARED / "parstwiner_ner" / f"{name}.txt", "\t", PARSTWINER_MAP)


def gold_spans(sentence: Sentence) -> tuple[str, list[tuple[int, int, str]]]:
    """The sentence as raw text (tokens joined by spaces) and its gold entity character spans."""
    pieces: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    open_span: list | None = None
    for token, tag in sentence:
        start, end = pos, pos + len(token)
        pieces.append(token)
        pos = end + 1
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and open_span is not None and open_span[2] == kind:
            open_span[1] = end
            continue
        if open_span is not None:
            spans.append(tuple(open_span))
            open_span = None
        if prefix in ("B", "I"):
            open_span = [start, end, kind]
    if open_span is not None:
        spans.append(tuple(open_span))
    return " ".join(pieces), spans


def pipeline_view(sentence: Sentence) -> tuple[list[str], list[str], object, list, list[tuple[int, int, str]]]:
    """(pipeline tokens, their IOB2 labels, normalized Text, token records, gold raw spans)."""
    raw, spans = gold_spans(sentence)
    text = normalize_text(raw)
    tokens = tokenize_text(text.value)
    labels = []
    for tok in tokens:
        raw_start, raw_end = text.offsets.span_to_raw(tok.start, tok.end)
        label = "O"
        for start, end, kind in spans:
            if start <= raw_start < end:
                label = ("B-" if raw_start == start else "I-") + kind
                break
        labels.append(label)
    # A token that starts inside a span it does not begin must not open it: keep IOB2 valid.
    for i, label in enumerate(labels):
        if label.startswith("I-") and (i == 0 or labels[i - 1][2:] != label[2:]):
            labels[i] = "B-" + label[2:]
    return [t.text for t in tokens], labels, text, tokens, spans


# ---------------------------------------------------------------- training


def train(args: argparse.Namespace) -> None:
    import pycrfsuite

    from rasad.entities.features import sentence_features

    readers = {"peyma": peyma, "arman": arman, "parstwiner": parstwiner}
    corpora = []  # a corpus listed twice counts twice: that is how PEYMA is weighted up
    for item in args.corpora.split(","):
        corpus, _, split = item.partition("/")
        corpora.append((item, readers[corpus](split)))
    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.time()
    count = 0
    for name, sentences in corpora:
        for sentence in sentences:
            words, labels, *_ = pipeline_view(sentence)
            if words:
                trainer.append(sentence_features(words), labels)
                count += len(words)
        print(f"{name}: {len(sentences):,} sentences", flush=True)
    print(f"features for {count:,} tokens in {time.time() - started:.0f} s", flush=True)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.minfreq,
        }
    )
    out = Path(args.out)
    trainer.train(str(out))
    print(f"trained in {time.time() - started:.0f} s -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if not args.crf_only:
        try:
            import torch  # noqa: F401
        except ImportError:
            sys.exit("the BiLSTM needs torch: pip install -e '.[train]' (or pass --crf-only)")
        import ner_neural  # training/ner_neural.py: the BiLSTM the stage mixes with the CRF

        ner_neural.main(["--corpora", args.corpora])


# ---------------------------------------------------------------- gazetteers


def fa(text: str) -> str:
    """A Persian name as the pipeline would see it."""
    return normalize_text(text.strip()).value


def write_names(path: Path, header: str, rows: list[list[str]]) -> None:
    lines = [header, "# name_fa\tname_en\ttype\tkb_id\tcountry\taliases\tsource"]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(rows):,} rows")


def curated_keys() -> dict[str, str]:
    """Alias key → English name for every curated name file."""
    keys: dict[str, str] = {}
    for name in ("gazetteer_people.tsv", "gazetteer_orgs.tsv", "gazetteer_places_curated.tsv"):
        for line in (LANG / name).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            for alias in [f[0]] + [a for a in f[5].split("|") if a]:
                keys[name_key(alias)] = f[1]
    return keys


def build_common_words() -> frozenset[str]:
    """Frequent ordinary words of the UD treebanks (not proper nouns): one-word aliases must avoid them."""
    counts: Counter[str] = Counter()
    propn: Counter[str] = Counter()
    for folder, prefix in (("ud_persian_perdt", "fa_perdt"), ("ud_persian_seraji", "fa_seraji")):
        for split in ("dev", "test"):
            for line in (SHARED / folder / f"{prefix}-ud-{split}.conllu").read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) != 10 or not cols[0].isdigit():
                    continue
                form = fa(cols[1])
                counts[form] += 1
                if cols[3] == "PROPN":
                    propn[form] += 1
    # UD Persian tags many proper nouns NOUN, so the NER corpora decide: a word mostly inside names is no common word.
    in_name: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for sentence in peyma("train") + arman("train_fold3") + parstwiner("train"):
        for token, tag in sentence:
            form = fa(token)
            seen[form] += 1
            in_name[form] += tag != "O"
    words = sorted(
        w
        for w, c in counts.items()
        if c >= 3 and propn[w] * 2 < c and len(w) > 1 and name_key(w) and in_name[w] < 0.3 * max(seen[w], 1)
    )
    lines = ["# Frequent ordinary Persian words: forms seen at least 3 times in UD Persian PerDT + Seraji dev/test",
             "# (CC BY-SA 4.0), mostly not as proper nouns, and mostly outside names in the Arman/PEYMA/ParsTwiNER",
             "# training sets (word counts only). Generated by training/ner.py gazetteers.",
             "# word\twhy"]  # fmt: skip
    lines += [f"{w}\tud-frequent" for w in words]
    # Hand-picked ambiguous words the treebank counts miss ("چک": cheque, and Czechia).
    curated = [f for _, (f, _why) in _rows(LANG / "gazetteer_ambiguous.tsv", 2) if f not in words]
    lines += [f"{w}\tcurated-ambiguous" for w in curated]
    words += curated
    (LANG / "gazetteer_common_words.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"gazetteer_common_words.tsv: {len(words):,} words")
    return frozenset(name_key(w) for w in words)


def _rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated data file, comments skipped."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) != columns:
                raise ValueError(f"{path}:{lineno}: expected {columns} fields")
            yield lineno, fields


def gazetteers(args: argparse.Namespace) -> None:
    common = build_common_words()
    curated = curated_keys()

    def usable(alias: str, name_en: str, claimed: dict[str, str]) -> bool:
        """An alias is kept unless curated data or an earlier source names something else by it."""
        key = name_key(alias)
        if not key or len(key) < 2:
            return False
        parts = name_parts(alias)
        if len(parts) == 1 and key in common:
            return False
        if all(p in common for p in parts):
            return False  # "پول نقد": a machine translation of a place name made of ordinary words
        owner = curated.get(key) or claimed.get(key)
        return owner is None or owner == name_en

    # Countries: umpirsky (CLDR short names) ∪ mledoze (common + official) ∪ dr5hn; curated names win.
    en_by_code = {r["id"]: r["value"] for r in csv.DictReader(open(SHARED / "gazetteer_countries_umpirsky/country.en.csv", encoding="utf-8"))}
    fa_by_code = {r["id"]: r["value"] for r in csv.DictReader(open(SHARED / "gazetteer_countries_umpirsky/country.fa.csv", encoding="utf-8"))}
    mledoze = {r["cca2"]: r for r in csv.DictReader(open(SHARED / "gazetteer_countries_mledoze/countries_fa_en.tsv", encoding="utf-8"), delimiter="\t")}
    dr5hn = {r["iso2"]: r for r in json.load(gzip.open(SHARED / "gazetteer_geo_dr5hn/countries.json.gz", "rt", encoding="utf-8"))}
    country_en: dict[str, str] = {}
    claimed: dict[str, str] = {}
    rows = []
    for code in sorted(set(en_by_code) | set(mledoze)):
        names = [(fa_by_code.get(code), "umpirsky")]
        if code in mledoze:
            names += [(mledoze[code]["name_fa_common"], "mledoze"), (mledoze[code]["name_fa_official"], "mledoze")]
        if code in dr5hn:
            names.append(((dr5hn[code].get("translations") or {}).get("fa"), "dr5hn"))
        names = [(fa(n), s) for n, s in names if n]
        if not names:
            continue
        name_en = en_by_code.get(code) or mledoze[code]["name_en_common"]
        # A curated country row sets the canonical names (e.g. آمریکا / United States).
        for n, _ in names:
            if name_key(n) in curated:
                name_en = curated[name_key(n)]
                break
        country_en[code] = name_en
        aliases, sources = [], []
        for n, source in names:
            # dr5hn's Persian country names are the least reliable: they only add, never override.
            if n not in aliases and usable(n, name_en, claimed):
                aliases.append(n)
                sources.append(source)
                claimed[name_key(n)] = name_en
        if not aliases:
            continue
        kb_id = (dr5hn.get(code) or {}).get("wikiDataId") or ""
        rows.append([aliases[0], name_en, "LOC", kb_id, name_en, "|".join(aliases[1:]), "+".join(sorted(set(sources)))])
    write_names(LANG / "gazetteer_countries.tsv",
                "# Countries fa↔en, generated by training/ner.py gazetteers from umpirsky (CLDR, MIT), mledoze (ODbL)\n"
                "# and dr5hn (ODbL); curated rows in gazetteer_places_curated.tsv win. Wikidata ids from dr5hn.", rows)  # fmt: skip

    # Provinces and big cities from dr5hn: lower confidence (partly machine-transliterated Persian).
    rows = []
    seen: dict[str, str] = {}
    for r in csv.DictReader(open(SHARED / "gazetteer_geo_dr5hn/states_fa_en.tsv", encoding="utf-8"), delimiter="\t"):
        if not r["name_fa"] or r["type"] not in ("province", "state", "region", "autonomous republic", "oblast"):
            continue
        _add_place(rows, seen, claimed, usable, fa(r["name_fa"]), r["name_en"], r["wikidata"], country_en.get(r["country_code"], ""))
    with gzip.open(SHARED / "gazetteer_geo_dr5hn/cities_fa_en.tsv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            population = int(r["population"] or 0)
            if population < (50_000 if r["country_code"] == "IR" else 500_000):
                continue
            _add_place(rows, seen, claimed, usable, fa(r["name_fa"]), r["name_en"], r["wikidata"], country_en.get(r["country_code"], ""))
    write_names(LANG / "gazetteer_places.tsv",
                "# Provinces/states and cities (Iran ≥ 50k people, elsewhere ≥ 500k) fa↔en from dr5hn (ODbL), generated by\n"
                "# training/ner.py gazetteers. Lower confidence: the Persian names are partly machine-transliterated.", rows)  # fmt: skip

    # Given names with English spellings (PNGT-26K, Apache-2.0) for the NER features.
    out, seen_names = [], set()
    for r in csv.DictReader(open(SHARED / "gazetteer_person_names_fa_en/persian-gender-by-name.csv", encoding="utf-8")):
        name = fa(r["name"])
        if name and name not in seen_names and r["english_name"].strip():
            seen_names.add(name)
            out.append(f"{name}\t{r['english_name'].strip()}\t{r['gender'].strip()}")
    header = "# Persian given names with gender and English romanization, from PNGT-26K (Apache-2.0).\n# name\tenglish\tgender"
    (LANG / "gazetteer_given_names.tsv").write_text(header + "\n" + "\n".join(out) + "\n", encoding="utf-8")
    print(f"gazetteer_given_names.tsv: {len(out):,} names")


def _add_place(rows, seen, claimed, usable, name_fa, name_en, kb_id, country) -> None:
    key = name_key(name_fa)
    if not name_en or key in seen or not usable(name_fa, name_en, claimed):
        return
    seen[key] = name_en
    claimed[key] = name_en
    for row in rows:
        # A province and its capital city often share a name: one entry, the other spelling an alias.
        if row[1] == name_en.strip() and row[4] == country:
            row[5] = "|".join(a for a in (row[5], name_fa) if a)
            return
    kb = kb_id if kb_id and kb_id.startswith("Q") and kb_id[1:].isdigit() else ""
    rows.append([name_fa, name_en.strip(), "LOC", kb, country, "", "dr5hn"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("gazetteers", help="rebuild the generated gazetteer files")
    t = sub.add_parser("train", help="train the CRF model")
    t.add_argument("--out", default=str(MODEL))
    t.add_argument("--c1", type=float, default=0.03)
    t.add_argument("--c2", type=float, default=0.05)
    t.add_argument("--iterations", type=int, default=400)
    t.add_argument("--minfreq", type=float, default=2)
    t.add_argument("--corpora", default=DEFAULT_CORPORA, help="comma-separated corpus/split list")
    t.add_argument("--crf-only", action="store_true", help="do not also train the BiLSTM (training/ner_neural.py)")
    args = parser.parse_args(argv)
    {"gazetteers": gazetteers, "train": train}[args.command](args)


if __name__ == "__main__":
    main()
