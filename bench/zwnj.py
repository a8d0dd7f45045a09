"""Benchmark half-space (ZWNJ) restoration: rasad against Persian toolkits, and normalize+tokenize speed.

Test sets: UD Persian Seraji + PerDT test sentences with their half-spaces (a) removed, (b) replaced by a
space; the seed article vs article.zwnj.txt. Metric: P/R/F1 of half-space positions, ignoring positions
after non-joining letters (ا د ذ ر ز ژ و …, where a half-space changes nothing on screen); also false splits
inside words, correct spaces turned into half-spaces, and correct spaces lost. The two treebanks spell some
words differently (Seraji glues `گروهها`, `مهمترین` and half-spaces `آن‌ها`; PerDT the reverse): the gaps of word
forms whose majority spellings differ between PerDT train and Seraji dev are counted, and each tool's errors
there that follow the PerDT side are reported with the F1 left without them (`F1_outside_disputed`): the part
of the Seraji gap that is convention, not error. Peers come from the
`[bench]` extra; one that cannot be imported or fails is reported as such.

    python bench/zwnj.py [--shared ../shared] [--dev] [--tools rasad,hazm,...]
"""

from __future__ import annotations

import argparse
import difflib
import json
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ZWNJ = "\u200c"
NON_JOINING = set("اآأإٱدذرزژوؤۀةء")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه", "ہ": "ه", "ھ": "ه"})


def canon(text: str) -> tuple[str, list[str]]:
    """Letters only (folded, no marks) and, after each, the gap label: 'n' none, 'z' half-space, 's' space."""
    base: list[str] = []
    gaps: list[str] = []
    for char in unicodedata.normalize("NFKD", text).translate(_FOLD):
        if char.isspace():
            if gaps:
                gaps[-1] = "s"
        elif char == ZWNJ:
            if gaps and gaps[-1] == "n":
                gaps[-1] = "z"
        elif unicodedata.category(char) in ("Mn", "Cf"):
            continue
        else:
            if char.isdigit():
                char = str(unicodedata.digit(char, 0))
            base.append(char)
            gaps.append("n")
    return "".join(base), gaps


def score(gold: str, pred: str) -> dict[str, int]:
    """Counts of one gold/prediction pair, over the gaps between two letters that align in both."""
    g_base, g_gaps = canon(gold)
    p_base, p_gaps = canon(pred)
    if g_base == p_base:
        pairs = [(i, i) for i in range(len(g_base) - 1)]
    else:
        matcher = difflib.SequenceMatcher(None, g_base, p_base, autojunk=False)
        pairs = [(a + k, b + k) for a, b, size in matcher.get_matching_blocks() for k in range(size - 1)]
    out = dict(tp=0, fp=0, fn=0, false_splits=0, space_to_zwnj=0, spaces_lost=0, gaps=0, unaligned=0)
    out["unaligned"] = max(0, len(g_base) - 1 - len(pairs))
    for i, j in pairs:
        left, right = g_base[i], g_base[i + 1]
        if not (left.isalpha() and right.isalpha()):
            continue
        out["gaps"] += 1
        g, p = g_gaps[i], p_gaps[j]
        joining = left not in NON_JOINING
        if joining and g == "z" and p == "z":
            out["tp"] += 1
        elif joining and g == "z":
            out["fn"] += 1
        elif joining and p == "z":
            out["fp"] += 1
        if g == "n" and (p == "s" or (p == "z" and joining)):
            out["false_splits"] += 1
        if g == "s" and p == "z":
            out["space_to_zwnj"] += 1
        if g == "s" and p == "n":
            out["spaces_lost"] += 1
    return out


# Right parts that are suffixes (plural, comparative, copula/personal endings, ezafe/indefinite ای).
SUFFIXES = frozenset(
    "ها های هایی هایم هایت هایش هایمان هایتان هایشان هاست ترین تر تری ای ایم اید اند ام ات اش است"
    " مان تان شان".split()
)
VERB_PREFIXES = ("می", "نمی")


def _wrong_gaps(gold: str, pred: str) -> Iterator[tuple[int, str, str, str, str]]:
    """(index, gold letters, gold gaps, gold gap, predicted gap) of each scored gap where a ZWNJ is wrong."""
    g_base, g_gaps = canon(gold)
    p_base, p_gaps = canon(pred)
    if g_base != p_base:
        return
    for i in range(len(g_base) - 1):
        if not (g_base[i].isalpha() and g_base[i + 1].isalpha()) or g_base[i] in NON_JOINING:
            continue
        g, p = g_gaps[i], p_gaps[i]
        if g != p and "z" in (g, p):
            yield i, g_base, g_gaps, g, p


def error_classes(gold: str, pred: str) -> dict[str, int]:
    """rasad's errors by kind (missed, false split, space→ZWNJ) and by gap type (verb prefix, suffix, compound)."""
    out: dict[str, int] = {}
    for i, g_base, g_gaps, g, p in _wrong_gaps(gold, pred):
        kind = {"n": "false_split", "s": "space_to_zwnj"}.get(g, "missed")
        # The letters between the nearest word or half-space boundaries on either side, by gold gaps.
        start = i
        while start > 0 and g_gaps[start - 1] == "n" and g_base[start - 1].isalpha():
            start -= 1
        end = i + 1
        while end < len(g_base) - 1 and g_gaps[end] == "n" and g_base[end + 1].isalpha():
            end += 1
        left, right = g_base[start : i + 1], g_base[i + 1 : end + 1]
        gap = "verb_prefix" if left in VERB_PREFIXES else "suffix" if right in SUFFIXES else "compound"
        out[f"{kind}/{gap}"] = out.get(f"{kind}/{gap}", 0) + 1
    return out


def spellings(words: list[str]) -> dict[str, tuple[frozenset[int], int]]:
    """Each word's letters (as `canon` reads them) → its majority set of half-space offsets and the word's count."""
    seen: dict[str, dict[frozenset[int], int]] = {}
    for word in words:
        base, gaps = canon(word)
        if len(base) < 2 or not base.isalpha():
            continue
        points = frozenset(i + 1 for i, gap in enumerate(gaps[:-1]) if gap == "z")
        by_form = seen.setdefault(base, {})
        by_form[points] = by_form.get(points, 0) + 1
    return {
        base: (max(by_form.items(), key=lambda kv: (kv[1], -len(kv[0])))[0], sum(by_form.values()))
        for base, by_form in seen.items()
    }


def treebank_words(shared: Path) -> dict[str, list[str]]:
    """The words of the two treebanks' training-side text: PerDT train tokens and Seraji dev (its train is absent)."""
    import gzip

    with gzip.open(shared / "data/ud_persian_perdt/fa_perdt-train-tokens.txt.gz", "rt", encoding="utf-8") as f:
        perdt = f.read().split()
    seraji = " ".join(ud_sentences(shared, "dev", ("seraji",))).split()
    return {"perdt": perdt, "seraji": seraji}


def disputed_gaps(shared: Path) -> tuple[dict[tuple[str, int], str], dict]:
    """Gaps of word forms that both treebanks' training sides write, each mostly its own way.

    Returns {(letters, offset): the PerDT-side label 'z' or 'n'} and a summary for the report: how many shared
    forms, how many disputed, how many Seraji-dev tokens they cover, and the most frequent examples.
    """
    words = treebank_words(shared)
    perdt, seraji = spellings(words["perdt"]), spellings(words["seraji"])
    disputed: dict[tuple[str, int], str] = {}
    # Suffixes each treebank mostly half-spaces or mostly glues, the other the reverse: a convention of the class.
    vocab = set(perdt) | set(seraji)
    p_rates, s_rates = suffix_rates(perdt, vocab), suffix_rates(seraji, vocab)
    suffix_rows = {}
    for suffix in sorted(SUFFIXES):
        (pz, pg), (sz, sg) = p_rates.get(suffix, (0, 0)), s_rates.get(suffix, (0, 0))
        if min(pz + pg, sz + sg) < MIN_SUFFIX_EVIDENCE:
            continue
        suffix_rows[suffix] = {"perdt_zwnj_share": round(pz / (pz + pg), 3), "seraji_zwnj_share": round(sz / (sz + sg), 3)}
        # Disputed: the spelling PerDT mostly avoids is at least twice as common, and common, in Seraji.
        p_side = "z" if pz > pg else "n"
        p_minority, s_minority = (pg / (pz + pg), sg / (sz + sg)) if p_side == "z" else (pz / (pz + pg), sz / (sz + sg))
        if s_minority >= MIN_CONVENTION_SHARE and s_minority >= 2 * p_minority:
            disputed[(suffix, -1)] = p_side
    examples = []
    for base, (s_points, s_count) in seraji.items():
        if base not in perdt:
            continue
        p_points, p_count = perdt[base]
        differ = {i for i in p_points ^ s_points if base[i - 1] not in NON_JOINING}
        for i in differ:
            disputed[(base, i)] = "z" if i in p_points else "n"
        if differ:
            examples.append((s_count, p_count, _show(base, p_points), _show(base, s_points)))
    examples.sort(key=lambda e: -e[0])
    shared_forms = sum(1 for base in seraji if base in perdt)
    summary = {
        "suffix_zwnj_share_of_words_ending_in_suffix": suffix_rows,
        "disputed_suffixes": sorted(suffix for suffix, at in disputed if at == -1),
        "shared_word_forms": shared_forms,
        "disputed_word_forms": len(examples),
        "disputed_word_form_gaps": sum(1 for _, at in disputed if at != -1),
        "seraji_dev_tokens_of_disputed_forms": sum(e[0] for e in examples),
        "examples (seraji dev count, perdt train count, perdt form, seraji form)": [list(e) for e in examples[:15]],
    }
    return disputed, summary


# Instances a suffix needs in both treebanks before its spelling counts as a convention.
MIN_SUFFIX_EVIDENCE = 20
MIN_CONVENTION_SHARE = 0.2


def suffix_rates(
    spelled: dict[str, tuple[frozenset[int], int]], vocab: set[str]
) -> dict[str, tuple[int, int]]:
    """Per suffix: word types with a half-space before it, and glued ones, where the rest is a word of `vocab`."""
    out: dict[str, list[int]] = {}
    for base, (points, count) in spelled.items():
        for suffix in SUFFIXES:
            at = len(base) - len(suffix)
            if at >= 2 and base.endswith(suffix) and base[at - 1] not in NON_JOINING and base[:at] in vocab:
                # Word types, not tokens: one frequent word (آنها) would otherwise speak for the class.
                out.setdefault(suffix, [0, 0])[0 if at in points else 1] += 1
    return {suffix: (z, g) for suffix, (z, g) in out.items()}


def _show(base: str, points: frozenset[int]) -> str:
    return "".join(("\u200c" if i in points else "") + char for i, char in enumerate(base))


def disputed_errors(gold: str, pred: str, disputed: dict[tuple[str, int], str]) -> dict[str, int]:
    """rasad's fp/fn on gaps the treebanks dispute, where rasad wrote the PerDT side's spelling."""
    out = {"fp": 0, "fn": 0}
    for i, g_base, g_gaps, g, p in _wrong_gaps(gold, pred):
        if g == "s":
            continue
        start = i
        while start > 0 and g_gaps[start - 1] != "s" and g_base[start - 1].isalpha():
            start -= 1
        end = i + 1
        while end < len(g_base) - 1 and g_gaps[end] != "s" and g_base[end + 1].isalpha():
            end += 1
        side = disputed.get((g_base[start : end + 1], i + 1 - start)) or disputed.get((g_base[i + 1 : end + 1], -1))
        if side == p.replace("s", "n"):
            out["fp" if p == "z" else "fn"] += 1
    return out


def tools(names: list[str]) -> dict[str, Callable[[str], str] | str]:
    """Each tool's text → text function, or the reason it is unavailable."""
    out: dict[str, Callable[[str], str] | str] = {}
    for name in names:
        try:
            out[name] = _load(name)
        except Exception as exc:  # a peer that is missing or broken is reported, not dropped
            out[name] = f"unavailable: {type(exc).__name__}: {exc}"[:200]
    return out


def _load(name: str) -> Callable[[str], str]:
    if name == "rasad":
        from rasad.stages.normalize import normalize_text

        return lambda text: normalize_text(text).value
    if name == "hazm":
        from hazm import Normalizer

        return Normalizer().normalize
    if name == "shekar":
        from shekar import Normalizer

        return Normalizer()
    if name == "rishe":
        from rishe import Normalizer

        return Normalizer(remove_specials_chars=False).normalize
    if name == "python-negar":
        from negar.virastar import PersianEditor

        return lambda text: PersianEditor(text).text
    if name == "parsivar":
        from parsivar import Normalizer

        return Normalizer().normalize
    raise ValueError(name)


def ud_sentences(shared: Path, split: str, corpora: tuple[str, ...] = ("seraji", "perdt")) -> list[str]:
    out = []
    for corpus in corpora:
        path = shared / f"data/ud_persian_{corpus}/fa_{corpus}-ud-{split}.conllu"
        out.extend(line[9:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# text = "))
    return out


def test_sets(shared: Path, split: str) -> dict[str, list[tuple[str, str]]]:
    """name → [(input, gold)]."""
    gold = ud_sentences(shared, split)
    sets = {
        f"ud_{split}_removed": [(g.replace(ZWNJ, ""), g) for g in gold],
        f"ud_{split}_space": [(g.replace(ZWNJ, " "), g) for g in gold],
    }
    # Per treebank too: their conventions differ (Seraji writes آن‌ها and often glues ها, PerDT the reverse).
    for corpus in ("seraji", "perdt"):
        part = ud_sentences(shared, split, (corpus,))
        sets[f"ud_{split}_removed_{corpus}"] = [(g.replace(ZWNJ, ""), g) for g in part]
        sets[f"ud_{split}_space_{corpus}"] = [(g.replace(ZWNJ, " "), g) for g in part]
    if split == "test":
        seed = shared / "fixtures/seed-article"
        sets["seed"] = [
            ((seed / "article.txt").read_text(encoding="utf-8"), (seed / "article.zwnj.txt").read_text(encoding="utf-8"))
        ]
    return sets


def run(
    fn: Callable[[str], str],
    pairs: list[tuple[str, str]],
    *,
    classes: bool = False,
    disputed: dict[tuple[str, int], str] | None = None,
) -> dict:
    """Scores of one tool on one set; with `classes`, rasad's errors by class; with `disputed`, those errors on
    gaps the treebanks write differently (see `disputed_gaps`) and F1 without them."""
    totals: dict[str, int] = {}
    by_class: dict[str, int] = {}
    on_disputed = {"fp": 0, "fn": 0}
    elapsed = 0.0
    chars = 0
    for given, gold in pairs:
        start = time.perf_counter()
        pred = fn(given)
        elapsed += time.perf_counter() - start
        chars += len(given)
        for key, value in score(gold, pred).items():
            totals[key] = totals.get(key, 0) + value
        if classes:
            for key, value in error_classes(gold, pred).items():
                by_class[key] = by_class.get(key, 0) + value
        if disputed is not None:
            for key, value in disputed_errors(gold, pred, disputed).items():
                on_disputed[key] += value
    tp, fp, fn_ = totals["tp"], totals["fp"], totals["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn_) if tp + fn_ else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    row = {"P": round(p, 4), "R": round(r, 4), "F1": round(f1, 4), "chars_per_s": round(chars / elapsed), **totals}
    if classes:
        row["errors_by_class"] = dict(sorted(by_class.items()))
    if disputed is not None:
        # The errors a PerDT-trained speller makes by following PerDT where the treebanks disagree.
        row["errors_on_disputed_gaps"] = dict(on_disputed)
        fp, fn_ = fp - on_disputed["fp"], fn_ - on_disputed["fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn_) if tp + fn_ else 0.0
        row["F1_outside_disputed"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
    return row


def speed(shared: Path, rounds: int = 3) -> dict:
    """normalize+tokenize throughput on the UD test text (half-spaces removed), rasad vs hazm, one core.

    Both tools are loaded outside the timing (rasad's model, hazm's word tokenizer). The machine is shared: each
    tool runs `rounds` times, alternating, and its best round counts, both by wall time and by the process's CPU
    time (which other processes' load does not inflate); the headline figures (`*_normalize_tokenize`) are by CPU
    time. rasad starts every round with empty word caches (a new article's words are partly new).
    """
    docs = []
    sentences = [s.replace(ZWNJ, "") for s in ud_sentences(shared, "test")]
    for i in range(0, len(sentences), 20):  # article-sized documents
        docs.append(" ".join(sentences[i : i + 20]))
    chars = sum(map(len, docs))
    out: dict[str, object] = {"chars": chars, "rounds": rounds, "loadavg": Path("/proc/loadavg").read_text().split()[:3]}
    from rasad.stages.normalize import normalize_text
    from rasad.stages.tokenize import tokenize_text
    from rasad.stages.zwnj import zwnj_model

    normalize_text(docs[0])  # load the model outside the timing

    def rasad() -> None:
        # Cold caches: the accuracy runs restored these very sentences, a new article's words are partly new.
        zwnj_model().clear_memos()  # words, pairs and runs of spaces
        for doc in docs:
            tokenize_text(normalize_text(doc).value)

    runners: dict[str, Callable[[], None]] = {"rasad_normalize_tokenize": rasad}
    try:
        from hazm import Normalizer, word_tokenize

        normalizer = Normalizer()

        def hazm() -> None:
            for doc in docs:
                word_tokenize(normalizer.normalize(doc))

        runners["hazm_normalize_word_tokenize"] = hazm
    except Exception as exc:
        out["hazm_normalize_word_tokenize"] = f"unavailable: {type(exc).__name__}: {exc}"[:200]
    # hazm builds its word tokenizer on the first call (~0.5 s): that is loading, like rasad's model above.
    runners.get("hazm_normalize_word_tokenize", lambda: None)()
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, runner in runners.items():
            wall, cpu = time.perf_counter(), time.process_time()
            runner()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            old_wall, old_cpu = best.get(name, (wall, cpu))
            best[name] = (min(wall, old_wall), min(cpu, old_cpu))
    for name, (wall, cpu) in best.items():
        out[name] = round(chars / cpu)
        out[name + "_wall"] = round(chars / wall)
    # For reference: a long-running process meets many words again (here: all), and its caches are warm.
    cpu = time.process_time()
    for doc in docs:
        tokenize_text(normalize_text(doc).value)
    out["rasad_normalize_tokenize_warm_caches"] = round(chars / (time.process_time() - cpu))
    out["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dev", action="store_true", help="score on UD dev (tuning); writes no results")
    parser.add_argument("--tools", default="rasad,hazm,shekar,rishe,python-negar,parsivar")
    args = parser.parse_args()
    sets = test_sets(args.shared, "dev" if args.dev else "test")
    results: dict[str, dict] = {}
    disputed, conventions = disputed_gaps(args.shared)
    results["treebank_conventions"] = conventions
    print(
        f"treebank conventions: {conventions['disputed_word_forms']} of {conventions['shared_word_forms']} word forms"
        f" that PerDT train and Seraji dev share are mostly spelled differently"
        f" ({conventions['seraji_dev_tokens_of_disputed_forms']} Seraji dev tokens);"
        f" suffixes spelled differently: {' '.join(conventions['disputed_suffixes'])}"
    )
    print(
        f"{'set':<26}{'tool':<14}{'P':>7}{'R':>7}{'F1':>7}{'chars/s':>10}{'false split':>12}{'sp→zwnj':>9}"
        f"{'sp lost':>9}{'F1¬disp':>9}"
    )
    for name, fn in tools(args.tools.split(",")).items():
        for set_name, pairs in sets.items():
            if isinstance(fn, str):
                results.setdefault(set_name, {})[name] = {"error": fn}
                print(f"{set_name:<26}{name:<14}  {fn[:80]}")
                continue
            try:
                row = run(fn, pairs, classes=name == "rasad", disputed=disputed)
            except Exception as exc:
                row = {"error": f"failed: {type(exc).__name__}: {exc}"[:200]}
                print(f"{set_name:<26}{name:<14}  {row['error'][:80]}")
                results.setdefault(set_name, {})[name] = row
                continue
            results.setdefault(set_name, {})[name] = row
            print(
                f"{set_name:<26}{name:<14}{row['P']:>7.3f}{row['R']:>7.3f}{row['F1']:>7.3f}{row['chars_per_s']:>10}"
                f"{row['false_splits']:>12}{row['space_to_zwnj']:>9}{row['spaces_lost']:>9}"
                f"{row['F1_outside_disputed']:>9.3f}"
            )
    if args.dev:
        return
    results["speed"] = speed(args.shared)
    print("speed (chars/s, normalize+tokenize):", json.dumps(results["speed"]))
    out = REPO / "bench/results/zwnj.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
