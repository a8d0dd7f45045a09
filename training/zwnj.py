"""Build the half-space restoration model (src/rasad/lang/fa/zwnj_*) from text with gold half-spaces.

Sources (../shared/data): UD PerDT train tokens, UD Seraji dev sentences (Seraji's train split is not in
../shared), the Arman NER corpus tokens, the Hamshahri and Radio Farda RSS items. UD Seraji and PerDT test
sentences are the test sets and PerDT dev is the tuning set: any training sentence whose letters equal one of
theirs is dropped. The Fars sample is not used: it lost its half-spaces (`مي شود`); neither is ParsTwiNER
(its tweets glue most verb prefixes: `میشه`, `میکنه`). Foreign place names (dr5hn cities outside Persian-
and Arabic-speaking countries) give the letter-shape odds of a foreign word, and one in NAME_STRIDE of them
(the others' shape odds) teaches the gap classifier to leave such words whole.

Outputs: the lexicon, right-part and left-part odds (`zwnj_lexicon/parts/lefts.tsv.gz`), the letter-shape odds
(`zwnj_shape.tsv.gz`), the gap classifier for unknown glued words (`zwnj_gaps.crfsuite`) and the space
classifier for spaced input (`zwnj_pairs.crfsuite`), both trained k-fold so that their lexicon features look
as they do on new text. Reruns are byte-identical.

    python training/zwnj.py [--shared ../shared] [--out src/rasad/lang/fa]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import rasad.stages.normalize as normalize_module
from rasad.offsets import EditMap
from rasad.stages.zwnj import (
    GAP_MODEL,
    PAIR_MODEL,
    SHAPE_FILE,
    NON_JOINING,
    VERB_HEADS,
    WORD,
    ZWNJ,
    build_model,
    gap_features,
    letter_class,
    restore_word,
    space_features,
    split_points,
    strip_key,
)

REPO = Path(__file__).resolve().parents[1]
# Forms seen once are kept only when they carry a half-space or a space (the decisions); glued words
# seen once are noise or names that the back-off leaves alone anyway.
MIN_GLUED_COUNT = 2
# Sources whose spellings are lexicon evidence only (never classifier gold): Arman glues suffixes and has odd
# half-spaces.
EVIDENCE_ONLY = ("arman",)
MAX_PART_LENGTH = 12
# Left parts kept: short (prefix-like) and seen before a half-space often and more than before a space.
MAX_LEFT_LENGTH = 6
MIN_LEFT_EVIDENCE = 5
# The gap classifier learns from words held out of the lexicon in FOLDS folds.
FOLDS = 5
GAP_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
PAIR_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}


def fold(text: str) -> str:
    """The runtime normalization without half-space restoration, so that keys match at run time."""
    original = normalize_module.restore_zwnj
    normalize_module.restore_zwnj = lambda t: (t, EditMap())
    try:
        return normalize_module.normalize_text(text).value
    finally:
        normalize_module.restore_zwnj = original


def letters(text: str) -> str:
    return re.sub(r"[\s\u200c]+", "", text)


def held_out(shared: Path) -> set[str]:
    """Letters of every UD Seraji test and PerDT dev/test sentence (PerDT dev tunes the thresholds)."""
    out = set()
    for path in [
        shared / "data/ud_persian_seraji/fa_seraji-ud-test.conllu",
        shared / "data/ud_persian_perdt/fa_perdt-ud-dev.conllu",
        shared / "data/ud_persian_perdt/fa_perdt-ud-test.conllu",
    ]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                out.add(letters(fold(line[9:])))
    return out


def token_sentences(lines: Iterator[str], *, tagged: bool) -> Iterator[str]:
    """Sentences of a token-per-line file (tagged: 'token TAG'), blank-line separated, joined by spaces."""
    tokens: list[str] = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if tokens:
                yield " ".join(tokens)
            tokens = []
            continue
        tokens.append(line.rsplit(" ", 1)[0] if tagged else line)
    if tokens:
        yield " ".join(tokens)


def sources(shared: Path) -> dict[str, list[str]]:
    data = shared / "data"
    with gzip.open(data / "ud_persian_perdt/fa_perdt-train-tokens.txt.gz", "rt", encoding="utf-8") as f:
        perdt = list(token_sentences(f, tagged=False))
    arman: list[str] = []
    for name in ("train_fold1.txt", "test_fold1.txt"):  # fold 1's train + test = the whole corpus once
        with open(data / "arman_ner" / name, encoding="utf-8") as f:
            arman.extend(token_sentences(f, tagged=True))
    rss: list[str] = []
    for name in ("hamshahri.json", "radiofarda.json"):
        for item in json.loads((data / "news_rss_sci2lab" / name).read_text(encoding="utf-8")):
            for field in ("title", "summary"):
                rss.extend(line for line in (item.get(field) or "").splitlines() if line.strip())
    # Seraji's only non-test split here; its sentences keep their half-spaces in `# text`.
    seraji = [
        line[9:]
        for line in (data / "ud_persian_seraji/fa_seraji-ud-dev.conllu").read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]
    return {"perdt": perdt, "seraji": seraji, "arman": arman, "rss": rss}


def phrases(text: str) -> Iterator[list[str]]:
    """Runs of Persian words separated by single spaces, as the runtime sees them."""
    run: list[re.Match[str]] = []
    for match in WORD.finditer(text):
        if run and not (match.start() == run[-1].end() + 1 and text[run[-1].end()] == " "):
            yield [m.group(0) for m in run]
            run = []
        run.append(match)
    if run:
        yield [m.group(0) for m in run]


def build(shared: Path, *, arman_glued: bool = False) -> tuple[Counter[str], dict[tuple[str, str], list[int]], dict, dict]:
    """Counted forms and part odds from the training sentences; returns also a small report."""
    test_letters = held_out(shared)
    corpus = sources(shared)
    report: dict = {"sentences": {}, "dropped_as_test": {}}
    texts: dict[str, list[list[str]]] = {}
    for name, sentences in corpus.items():
        kept = []
        dropped = 0
        for sentence in sentences:
            folded = fold(sentence)
            if letters(folded) in test_letters:
                dropped += 1
                continue
            kept.extend(phrases(folded))
        texts[name] = kept
        report["sentences"][name] = len(sentences) - dropped
        report["dropped_as_test"][name] = dropped

    forms, parts, kept, dropped = count(texts, arman_glued=arman_glued)
    report["arman_glued_kept"] = kept
    report["arman_glued_dropped"] = dropped
    return forms, parts, report, texts


def count(
    texts: dict[str, list[list[str]]], *, arman_glued: bool = False
) -> tuple[Counter[str], dict[tuple[str, str], list[int]], int, int]:
    """Counted forms and part odds of phrases by source; also how many Arman-only glued forms were kept/dropped."""
    single: dict[str, Counter[str]] = {name: Counter() for name in texts}
    for name, runs in texts.items():
        for run in runs:
            single[name].update(run)
    forms: Counter[str] = Counter()
    unconfirmed: dict[str, int] = {}
    # Arman glues many suffixes (رقابتهای, مهمترین) and has odd half-spaces (تی‌مور) that the other
    # sources write otherwise: its glued spellings count only for words no other source has, its
    # half-spaced ones only where another source also half-spaces the word or has no form of it.
    # Its glued spellings of Arman-only words count only where the back-off would keep them glued
    # anyway (names, foreign words); that check needs the part odds, below.
    other_keys = {strip_key(form) for name, counts in single.items() if name not in EVIDENCE_ONLY for form in counts}
    # Where another source writes the word, Arman's half-spaced spelling counts only if that source writes it
    # too: Arman half-spaces compounds but glues their suffixes (سرمایه‌گذاریهای, آنتی‌بیوتیکها).
    other_zwnj_forms = {
        form for name, counts in single.items() if name not in EVIDENCE_ONLY for form in counts if ZWNJ in form
    }
    for name, counts in single.items():
        for form, count in counts.items():
            if name == "arman" and not arman_glued:
                key = strip_key(form)
                if key in other_keys and form not in other_zwnj_forms:
                    continue
                if ZWNJ not in form:
                    unconfirmed[form] = count
                    continue
            forms[form] += count
    zwnj_keys = {strip_key(form) for form in forms if ZWNJ in form}
    # Spaced spellings compete with joined ones: count word pairs and triples whose letters are a joined word.
    for runs in texts.values():
        for run in runs:
            for size in (2, 3):
                for i in range(len(run) - size + 1):
                    group = run[i : i + size]
                    if strip_key("".join(group)) in zwnj_keys:
                        forms[" ".join(group)] += 1

    known = Counter()
    for form, count in forms.items():
        if " " not in form:
            known[strip_key(form)] += count
    parts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for form, count in forms.items():
        if " " in form or count <= 0:
            continue
        key = strip_key(form)
        zwnj_at = split_points(form)
        for at in range(2, len(key) - 1):
            right = key[at:]
            # می‌/نمی‌ before a verb is the prefix rule's business, not a right part's odds.
            if len(right) > MAX_PART_LENGTH or known[key[:at]] < 2 or key[:at] in VERB_HEADS:
                continue
            cls = letter_class(key[at - 1])
            parts[(right, cls)][0 if at in zwnj_at else 1] += count
    # How often each right part stands after a space, for spaced input.
    for runs in texts.values():
        for run in runs:
            for left, right in zip(run, run[1:]):
                key = strip_key(right)
                entry = parts.get((key, letter_class(left[-1])))
                if entry is not None:
                    entry[2] += 1
    model = build_model(
        ((form, count) for form, count in forms.items() if count > 0),
        ((part, cls, *counts) for (part, cls), counts in parts.items() if cls != "n"),
    )
    kept = 0
    for form, count in unconfirmed.items():
        if restore_word(model, form) == form:
            forms[form] += count
            kept += 1
    return forms, parts, kept, len(unconfirmed) - kept



def model_rows(
    forms: Counter[str], parts: dict[tuple[str, str], list[int]]
) -> tuple[list[tuple[str, int]], list[tuple[str, str, int, int, int]]]:
    """The rows the model files keep: lexicon forms and right-part odds."""
    # Spaced forms matter only next to a joined competitor; glued forms only as words the back-off must keep.
    lexicon_rows = sorted(
        (form, count)
        for form, count in forms.items()
        if count > 0 and (count >= MIN_GLUED_COUNT or ZWNJ in form or " " in form)
    )
    part_rows = sorted(
        (part, cls, *counts) for (part, cls), counts in parts.items() if counts[0] >= 2 and cls != "n"
    )
    return lexicon_rows, part_rows


def gap_labels(form: str) -> list[str]:
    """'Z' for each gap of the glued word that `form` writes with a half-space (after a joining letter)."""
    labels: list[str] = []
    for i, char in enumerate(form):
        if char == ZWNJ:
            continue
        labels.append("O")
        if i + 1 < len(form) and form[i + 1] == ZWNJ and char not in NON_JOINING:
            labels[-1] = "Z"
    return labels[:-1]


def train_gaps(
    texts: dict[str, list[list[str]]],
    path: Path,
    *,
    arman_glued: bool = False,
    shape: dict[str, int] | None = None,
    names: list[str] = (),
) -> dict:
    """Train the gap classifier on words unknown to a lexicon counted without them (k-fold), as at run time,
    and on foreign place names as written (`names`): mostly glued words that hold Persian pieces by chance."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(GAP_PARAMS)
    instances = name_instances = 0
    for k in range(FOLDS):
        rest = {name: [run for i, run in enumerate(runs) if i % FOLDS != k] for name, runs in texts.items()}
        forms, parts, _, _ = count(rest, arman_glued=arman_glued)
        model = build_model(*model_rows(forms, parts), shape=shape)
        seen: set[str] = set()
        # Arman's glued suffixes are unreliable gold (see count), and Seraji glues ها/ترین by convention
        # (گروهها): their words only serve as lexicon evidence.
        for name in sorted(name for name in texts if name not in ("seraji", *EVIDENCE_ONLY)):
            for i, run in enumerate(texts[name]):
                if i % FOLDS != k:
                    continue
                for form in run:
                    key = strip_key(form)
                    if form in seen or len(key) < 3 or model.known(key):
                        continue
                    seen.add(form)
                    trainer.append(gap_features(model, key), gap_labels(form))
                    instances += 1
        for i, form in enumerate(names):
            key = strip_key(form)
            if i % FOLDS == k and len(key) >= 3 and not model.known(key):
                trainer.append(gap_features(model, key), gap_labels(form))
                name_instances += 1
    trainer.train(str(path))
    return {"gap_instances": instances, "gap_name_instances": name_instances}


def left_odds(forms: Counter[str], texts: dict[str, list[list[str]]]) -> list[tuple[str, int, int]]:
    """Left parts (`بی`, `نیم`, `بازمی`) with how often a half-space and a space follow them."""
    lefts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for form, count in forms.items():
        if " " in form or ZWNJ not in form or count <= 0:
            continue
        key = strip_key(form)
        for at in split_points(form):
            if 2 <= at <= MAX_LEFT_LENGTH:
                lefts[key[:at]][0] += count
    for runs in texts.values():
        for run in runs:
            for left in run[:-1]:
                entry = lefts.get(strip_key(left))
                if entry is not None:
                    entry[1] += 1
    return sorted((left, z, sp) for left, (z, sp) in lefts.items() if z >= MIN_LEFT_EVIDENCE and z > sp)


def spaced_phrase(run: list[str]) -> tuple[list[str], list[str]]:
    """A gold phrase as spaced input (every half-space typed as a space) and the label of each space."""
    pieces: list[str] = []
    labels: list[str] = []
    for word in run:
        for j, piece in enumerate(word.split(ZWNJ)):
            if pieces:
                labels.append("Z" if j else "S")
            pieces.append(piece)
    return pieces, labels


def train_pairs(texts: dict[str, list[list[str]]], path: Path, *, arman_glued: bool = False) -> dict:
    """Train the space classifier on phrases typed with spaces for half-spaces, featurized with a lexicon
    counted from the other folds (k-fold, as at run time where the phrase is new)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PAIR_PARAMS)
    instances = 0
    for k in range(FOLDS):
        rest = {name: [run for i, run in enumerate(runs) if i % FOLDS != k] for name, runs in texts.items()}
        forms, parts, _, _ = count(rest, arman_glued=arman_glued)
        model = build_model(*model_rows(forms, parts), lefts={l: (z, sp) for l, z, sp in left_odds(forms, rest)})
        # Arman's half-spaces are unreliable gold (see count): its phrases only serve as lexicon evidence.
        for name in sorted(name for name in texts if name not in EVIDENCE_ONLY):
            for i, run in enumerate(texts[name]):
                if i % FOLDS != k:
                    continue
                pieces, labels = spaced_phrase(run)
                if labels:
                    trainer.append(space_features(model, pieces), labels)
                    instances += len(labels)
    trainer.train(str(path))
    return {"space_instances": instances}


# Countries whose place names are Persian or Arabic words, not foreign transliterations.
NATIVE_NAME_COUNTRIES = frozenset(
    "IR AF TJ SA IQ SY JO LB EG AE KW QA BH OM YE LY TN DZ MA SD PS".split()
)
MIN_SHAPE_WORD = 4
NAME_STRIDE = 16
MIN_TRIGRAM_COUNT = 5


def foreign_names(shared: Path, *, with_zwnj: bool = False) -> set[str]:
    """Words of foreign place names (dr5hn cities outside Persian- and Arabic-speaking countries); glued only,
    unless `with_zwnj` (then as written: a half-space inside a name is its spelling)."""
    words: set[str] = set()
    with gzip.open(shared / "data/gazetteer_geo_dr5hn/cities_fa_en.tsv.gz", "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > 3 and fields[0] not in NATIVE_NAME_COUNTRIES:
                words.update(w for w in fold(fields[3]).split() if WORD.fullmatch(w) and (with_zwnj or ZWNJ not in w))
    return words


def shape_odds(names: set[str], forms: Counter[str]) -> list[tuple[str, int]]:
    """Letter trigrams with log-odds ×10 of a foreign name's word against a Persian word of the lexicon."""
    import math

    foreign = {strip_key(w) for w in names if len(strip_key(w)) >= MIN_SHAPE_WORD}
    native = {
        strip_key(form) for form, count in forms.items() if " " not in form and count >= MIN_GLUED_COUNT
    }
    native = {w for w in native if len(w) >= MIN_SHAPE_WORD and w not in foreign}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for side, words in ((0, foreign), (1, native)):
        for word in words:
            padded = "^" + word + "$"
            for i in range(len(padded) - 2):
                counts[padded[i : i + 3]][side] += 1
    kept = {tri: fc for tri, fc in counts.items() if sum(fc) >= MIN_TRIGRAM_COUNT}
    f_total = sum(fc[0] for fc in kept.values()) + len(kept)
    n_total = sum(fc[1] for fc in kept.values()) + len(kept)
    rows = []
    for tri, (f, n) in sorted(kept.items()):
        odds = math.log((f + 1) / f_total) - math.log((n + 1) / n_total)
        if round(10 * odds):
            rows.append((tri, round(10 * odds)))
    return rows


def write(out: Path, forms: Counter[str], parts: dict[tuple[str, str], list[int]], lefts: list) -> dict:
    lexicon_rows, part_rows = model_rows(forms, parts)
    lex = "# form\tcount — half-space restoration lexicon, built by training/zwnj.py\n" + "".join(
        f"{form}\t{count}\n" for form, count in lexicon_rows
    )
    par = "# part\tclass\tzwnj\tglued\tspaced — right-part odds, built by training/zwnj.py\n" + "".join(
        "\t".join(map(str, row)) + "\n" for row in part_rows
    )
    (out / "zwnj_lexicon.tsv.gz").write_bytes(gzip.compress(lex.encode("utf-8"), mtime=0))
    (out / "zwnj_parts.tsv.gz").write_bytes(gzip.compress(par.encode("utf-8"), mtime=0))
    lef = "# left\tzwnj\tspaced — left-part odds, built by training/zwnj.py\n" + "".join(
        "\t".join(map(str, row)) + "\n" for row in lefts
    )
    (out / "zwnj_lefts.tsv.gz").write_bytes(gzip.compress(lef.encode("utf-8"), mtime=0))
    return {"lexicon_forms": len(lexicon_rows), "parts": len(part_rows), "lefts": len(lefts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "src/rasad/lang/fa")
    parser.add_argument("--arman-glued", action="store_true", help="count Arman's glued spellings everywhere")
    args = parser.parse_args()
    forms, parts, report, texts = build(args.shared, arman_glued=args.arman_glued)
    report.update(write(args.out, forms, parts, left_odds(forms, texts)))
    # Every NAME_STRIDE-th foreign name word (sorted, so reruns agree) teaches the classifier to leave names
    # whole; the letter-shape odds learn from the other names, so the classifier does not meet its own shape data.
    all_names = sorted(foreign_names(args.shared, with_zwnj=True))
    names = all_names[::NAME_STRIDE]
    shape = shape_odds(set(all_names) - set(names), forms)
    sha = "# trigram\tlog-odds×10 of a foreign place name against a Persian word, built by training/zwnj.py\n"
    sha += "".join(f"{tri}\t{odds}\n" for tri, odds in shape)
    (args.out / SHAPE_FILE).write_bytes(gzip.compress(sha.encode("utf-8"), mtime=0))
    report["shape_trigrams"] = len(shape)
    report.update(
        train_gaps(texts, args.out / GAP_MODEL, arman_glued=args.arman_glued, shape=dict(shape), names=names)
    )
    report.update(train_pairs(texts, args.out / PAIR_MODEL, arman_glued=args.arman_glued))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
