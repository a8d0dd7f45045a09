"""Time-expression benchmark: seed and Fars dev gold (text, value), parstdex's test spans, speed.

Writes bench/results/time.json. Gold (text, value) pairs are compared as sets per article after
removing ZWNJ, folding whitespace and Arabic ي/ك; predictions matching an unscored gold text are ignored.
parstdex is run in the same process when the [bench] extra is installed.

On parstdex's test sentences rasad's spans follow TimeML and the seed/dev gold, not parstdex: signal words
(در، از، تا، طی …) stay out of the span, and the ends of a range stay two expressions with their own values
(SCHEMA.md has no field for a range's end, so a one-span range could carry only its start). Besides exact and
overlap F1, the bench reports exact F1 once leading prepositions are taken out of parstdex's spans ("exact -prep"),
an "aligned" F1 that forgives only those two documented differences, a table of parstdex's gold spans by category
and outcome (see align()), and one of every span rasad does not reproduce exactly, by cause (see cause()).
Speed is given per wall second and per CPU second with the load average: the machine is shared.

Usage: python bench/time.py [--verbose]
"""

from __future__ import annotations

import argparse
import functools
import os
import datetime as dt
import gzip
import json
import re
import time
from pathlib import Path

from rasad.ingest.text import parse_text_article
from rasad.pipeline import Pipeline
from rasad.records import Doc, RawArticle
from rasad.resources import Resources
from rasad.stages.normalize import normalize_text
from rasad.stages.timex import timex as timex_stage
from rasad.stages.tokenize import split_sentences
from rasad.timex import find_timexes
from rasad.timex.grammar import glued_preposition
from rasad.timex.lexicon import lexicon

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "fixtures" / "seed-article"
DEV = REPO / "tests" / "eval" / "dev"
FARS = SHARED / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"
PARSTDEX_TESTS = SHARED / "data" / "parstdex_tests" / "data.json"
RESULT = REPO / "bench" / "results" / "time.json"


def fold(text: str) -> str:
    """The scoring form of a string (SCHEMA.md)."""
    text = text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک")
    return re.sub(r"\s+", " ", text).strip()


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: set, gold: set, ignored: set[str] = frozenset()) -> tuple[set, set]:
        predicted = {p for p in predicted if p not in gold and p[0] not in ignored} | (predicted & gold)
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        return predicted - gold, gold - predicted

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def gold_pairs(items: list[dict]) -> tuple[set[tuple[str, str]], set[str]]:
    scored = {(fold(t["text"]), t["value"]) for t in items if t.get("scored", True)}
    unscored = {fold(t["text"]) for t in items if not t.get("scored", True)}
    return scored, unscored


def analyze(pipeline: Pipeline, raw: RawArticle) -> set[tuple[str, str | None]]:
    record = pipeline.run(raw)
    return {(fold(t.text), t.value) for t in record.timexes}


def bench_gold(pipeline: Pipeline, verbose: bool) -> dict:
    """Seed and dev gold: (text, value) P/R/F1, and text-only F1 for rasad and parstdex."""
    out: dict = {}
    seed = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    raw = parse_text_article((SEED / "article.txt").read_text(encoding="utf-8"), "seed")
    tally, text_tally = Tally(), Tally()
    gold, unscored = gold_pairs(seed["timexes"])
    predicted = analyze(pipeline, raw)
    spurious, missed = tally.add(predicted, gold, unscored)
    text_tally.add({(p[0],) for p in predicted}, {(g[0],) for g in gold}, unscored)
    out["seed"] = {"text_value": tally.scores(), "text_only": text_tally.scores(),
                   "spurious": sorted(map(list, spurious)), "missed": sorted(map(list, missed))}
    articles = _dev_articles()
    dev, dev_text = Tally(), Tally()
    details = []
    for gold_file, raw in articles:
        g = json.loads(gold_file.read_text(encoding="utf-8"))
        gold, unscored = gold_pairs(g.get("timexes", []))
        predicted = analyze(pipeline, raw)
        spurious, missed = dev.add(predicted, gold, unscored)
        dev_text.add({(p[0],) for p in predicted}, {(x[0],) for x in gold}, unscored)
        if spurious or missed:
            details.append({"article": gold_file.name, "spurious": sorted(map(list, spurious)), "missed": sorted(map(list, missed))})
    out["dev"] = {"articles": len(articles), "text_value": dev.scores(), "text_only": dev_text.scores()}
    if verbose:
        out["dev"]["errors"] = details
    parstdex = _parstdex()
    if parstdex is not None:
        ptally = Tally()
        for text, items in [((SEED / "article.txt").read_text(encoding="utf-8").split(" - ", 1)[1], seed["timexes"])] + [
            (raw.text, json.loads(f.read_text(encoding="utf-8")).get("timexes", [])) for f, raw in articles
        ]:
            gold, unscored = gold_pairs(items)
            spans = parstdex.extract_span(text)["datetime"]
            ptally.add({(fold(text[a:b]),) for a, b in spans}, {(x[0],) for x in gold}, unscored)
        out["parstdex_text_only_seed_and_dev"] = ptally.scores()
    return out


def _dev_articles() -> list[tuple[Path, RawArticle]]:
    files = sorted(DEV.glob("*.gold.json"))
    if not files or not FARS.exists():
        return []
    wanted = {json.loads(f.read_text(encoding="utf-8"))["article"]["id"]: f for f in files}
    found: dict[str, dict] = {}
    with gzip.open(FARS, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted and row["id"] not in found:
                found[row["id"]] = row
    result = []
    for article_id, gold_file in wanted.items():
        if article_id in found:
            published = json.loads(gold_file.read_text(encoding="utf-8"))["document"].get("published")
            result.append((gold_file, RawArticle(text=found[article_id]["text"], published=published, origin=article_id)))
    return result


def _parstdex():
    try:
        from parstdex import Parstdex
    except ImportError:
        return None
    return Parstdex()


def rasad_spans(sentence: str) -> set[tuple[int, int]]:
    """rasad's spans in a raw sentence (normalized, then mapped back to the raw offsets)."""
    text = normalize_text(sentence)
    found = find_timexes(text.value, split_sentences(text.value), dt.date(2020, 1, 1))
    return {text.offsets.span_to_raw(t.start, t.end) for t in found}


# Why a gold span of parstdex's tests is not one of rasad's spans (SPAN CONVENTIONS in the docstring of align()).
CATEGORIES = (
    ("clock time", re.compile(r"ساعت|دقیقه|ثانیه|ربع|\d\s*:\s*\d")),
    ("range or list", re.compile(r"(?<!\S)(?:تا|الی|لغایت|یا|بجز|به جز)(?!\S)|[–،,-]|\d\s*و\s*\d")),
    ("part of day", re.compile(r"صبح|ظهر|عصر|شب|غروب|بامداد|شامگاه|یلدا")),
    ("century, decade, year", re.compile(r"قرن|سده|دهه|سال|^\s*\d{2,4}\s*$")),
    ("duration or count", re.compile(r"\d|یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|چند")),
)


def category(text: str) -> str:
    folded = fold(text)
    return next((name for name, pattern in CATEGORIES if pattern.search(folded)), "other (holiday, bare unit word)")


@functools.cache
def _signal() -> re.Pattern[str]:
    words = sorted(lexicon().words["signal"], key=len, reverse=True)
    # A preposition glued to a month or weekday name (درژوئن ۱۹۹۱) is a signal too; rasad leaves it out the same way.
    glued = glued_preposition().pattern.translate(_LETTERS)
    return re.compile(r"(?:(?:" + "|".join(r"[ \u200c]?".join(w) for w in words).translate(_LETTERS) + r")[ \u200c]+|"
                      + glued + ")+")


# The raw test sentences keep Arabic ي and ك.
_LETTERS = str.maketrans({"ی": "[یي]", "ک": "[کك]"})


def align(sentence: str, gold: set[tuple[int, int]], predicted: set[tuple[int, int]]) -> dict[str, list]:
    """Sort gold spans by how rasad's spans differ from them.

    SPAN CONVENTIONS (rasad follows TimeML and the seed/dev gold; parstdex differs):
    - signal: parstdex includes the preposition (در سال ۱۳۹۰, طی ۸ هفته); rasad leaves signals out of the span.
    - joined: parstdex makes one span of a range or list (۱۸ – ۲۰ آذر, سشنبه تا جمعه, ۱۳، ۲۳ و ۲۴ دقیقه);
      rasad keeps each end as its own expression, each with its own value.
    A gold span counts as aligned when, without its leading signal words, it is one of rasad's spans or is
    tiled by rasad's spans with only range words, و, punctuation or signals between them.
    """
    out: dict[str, list] = {"exact": [], "signal": [], "joined": [], "partial": [], "missed": []}
    used: set[tuple[int, int]] = set()
    for g in sorted(gold):
        if g in predicted:
            out["exact"].append(g)
            used.add(g)
            continue
        lead = _signal().match(sentence, g[0], g[1])
        start = lead.end() if lead else g[0]
        inside = sorted(p for p in predicted if start <= p[0] and p[1] <= g[1])
        if (start, g[1]) in predicted:
            out["signal"].append(g)
            used.add((start, g[1]))
        elif len(inside) > 1 and inside[0][0] == start and inside[-1][1] == g[1] and all(
            re.fullmatch(r"[\s\u200c،,\-–]*(?:(?:تا|الی|لغایت|و|یا|در|از)[\s\u200c]*)*", fold(sentence[a[1] : b[0]]) + " ")
            for a, b in zip(inside, inside[1:])
        ):
            out["joined"].append(g)
            used.update(inside)
        elif any(p[0] < g[1] and g[0] < p[1] for p in predicted):
            out["partial"].append(g)
        else:
            out["missed"].append(g)
    out["unmatched_predictions"] = sorted(p for p in predicted if p not in used)
    return out


def bench_parstdex_tests(verbose: bool = False) -> dict:
    """Span P/R/F1 (exact and overlap) on parstdex's own test sentences, rasad next to parstdex."""
    cases = json.loads(PARSTDEX_TESTS.read_text(encoding="utf-8"))
    systems = {"rasad": rasad_spans}
    parstdex = _parstdex()
    if parstdex is not None:
        systems["parstdex"] = lambda s: {tuple(x) for x in parstdex.extract_span(s)["datetime"]}
    out: dict = {"sentences": len(cases), "parstdex_installed": parstdex is not None}
    for name, fn in systems.items():
        exact, overlap = Tally(), Tally()
        start = time.perf_counter()
        for case in cases:
            gold = {tuple(x) for x in json.loads(case["expected"])}
            predicted = fn(case["test_input"])
            exact.add(predicted, gold)
            hit_p = {p for p in predicted if any(p[0] < g[1] and g[0] < p[1] for g in gold)}
            hit_g = {g for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in predicted)}
            overlap.tp += len(hit_g)
            overlap.fn += len(gold) - len(hit_g)
            overlap.fp += len(predicted) - len(hit_p)
        out[name] = {"exact": exact.scores(), "overlap": overlap.scores(), "seconds": round(time.perf_counter() - start, 3)}
    out["rasad"]["conventions"] = _conventions(cases, verbose)
    return out


# Why a gold span that rasad does not reproduce exactly differs, from how rasad's spans meet it (see cause()).
_GENERIC = re.compile(r"^(?:(?:در|از|این|همان|طول|به|هر)\s)*(?:فصل|روز|روزی|روزها|روزهای|سال|سالی|ماه|ماه های|دقیقه ای|"
                      r"شبانه روز|شبانهروز|روزهای دیگر|سالی دیگر|روز به روز|روز خوبی|سالروز|هفتصدمین سالگرد|قمری)(?:\s(?:اول|دیگر))?$")
_ADJECTIVE = re.compile(r"^(?:زمستانی|تابستانی|پاییزه|پاييزه|بهاری)$")
_EXCEPTION = re.compile(r"بجز|به جز|(?<!\S)هر\s|در هفته|در میون|متوالی|بار$")
_ORDINAL = re.compile(r"^[^\d]*(?:مین|م)\s(?:سال|روز|ماه)$")
_BARE_NUMBERS = re.compile(r"^[\d\s،,و]+(?:میلادی|ميلادي)?$|^دقايق|^دقایق")


def cause(sentence: str, gold: tuple[int, int], predicted: set[tuple[int, int]], outcome: str) -> str:
    """The category of a gold span rasad does not reproduce exactly (one per span, first that applies)."""
    text = fold(sentence[gold[0] : gold[1]])
    if outcome == "signal":
        return "leading preposition in parstdex's span (rasad: a TimeML signal, kept out)"
    if outcome == "joined":
        return "range or list as one span (rasad: one timex per end, no range field in SCHEMA)"
    if outcome == "missed":
        if _GENERIC.match(text):
            return "missed: bare unit or generic word (no TIMEX3 value)"
        if _ADJECTIVE.match(text):
            return "missed: season adjective (hibernation, wintry)"
        if _EXCEPTION.search(text):
            return "missed: frequency or exception (every other night)"
        if _ORDINAL.match(text):
            return "missed: ordinal period with no anchor (the 64th year)"
        if _BARE_NUMBERS.match(text) or re.search(r"\d\s*(?:یا|تا|-)\s*\d|شب\s*تا", text):
            return "missed: bare numbers, lists or counted nights"
        if re.match(r"^(?:در|از)(?!ست)[^\W\d_]", text) and not _GENERIC.match(text):
            return "missed: preposition glued to the expression (درژوئن ۱۹۹۱)"
        if re.match(r"^(?:صبح|بامداد)(?:\s(?:صبح|بامداد))*$", text):
            return "missed: bare part of day rasad leaves out (بامداد is also a name; repeated words)"
        return "missed: other (malformed text, a lone month name)"
    overlapping = [p for p in predicted if p[0] < gold[1] and gold[0] < p[1]]
    lead = _signal().match(sentence, gold[0], gold[1])
    start = lead.end() if lead else gold[0]
    if any(p[0] <= gold[0] and gold[1] <= p[1] for p in overlapping):
        return "partial: rasad's span is longer (approximation word, weekday joined to its date)"
    if _EXCEPTION.search(text):
        return "partial: frequency or exception inside parstdex's span (بجز, هر روز)"
    if any(p[0] == start for p in overlapping):
        rest = fold(sentence[max(p[1] for p in overlapping if p[0] == start) : gold[1]])
        if len(rest.split()) <= 1:
            return "partial: one extra trailing word in parstdex's span (به, روزی, بعد)"
        return "partial: parstdex's span runs on into the next expression or clause"
    if all(start < p[0] for p in overlapping):
        return "partial: extra leading words in parstdex's span (not a signal)"
    return "partial: boundaries cross"


def _conventions(cases: list[dict], verbose: bool) -> dict:
    """rasad's gold-span outcomes by category, and span F1 once the documented convention differences are aligned."""
    table: dict[str, dict[str, int]] = {}
    causes: dict[str, int] = {}
    aligned, unsignalled = Tally(), Tally()
    examples: dict[str, list[str]] = {}
    for case in cases:
        sentence = case["test_input"]
        gold = {tuple(x) for x in json.loads(case["expected"])}
        predicted = rasad_spans(sentence)
        result = align(sentence, gold, predicted)
        # Exact F1 once a leading preposition (در, از, طی …) is taken out of each gold span, and nothing else.
        stripped = {(m.end(), g[1]) if (m := _signal().match(sentence, g[0], g[1])) and m.end() < g[1] else g for g in gold}
        unsignalled.add(predicted, stripped)
        for outcome in ("signal", "joined", "partial", "missed"):
            for g in result[outcome]:
                name = cause(sentence, g, predicted, outcome)
                causes[name] = causes.get(name, 0) + 1
                if verbose:
                    examples.setdefault(name, []).append(sentence[g[0] : g[1]])
        for outcome in ("exact", "signal", "joined", "partial", "missed"):
            for g in result[outcome]:
                row = table.setdefault(category(sentence[g[0] : g[1]]), {k: 0 for k in
                                       ("gold", "exact", "signal", "joined", "partial", "missed")})
                row["gold"] += 1
                row[outcome] += 1
        aligned.tp += sum(len(result[k]) for k in ("exact", "signal", "joined"))
        aligned.fn += len(result["partial"]) + len(result["missed"])
        aligned.fp += sum(1 for p in result["unmatched_predictions"] if not any(p[0] < g[1] and g[0] < p[1] for g in gold)) \
            + len(result["partial"])
    out = {"by_category": dict(sorted(table.items())), "by_cause": dict(sorted(causes.items(), key=lambda kv: -kv[1])),
           "exact_without_leading_prepositions": unsignalled.scores(), "aligned": aligned.scores()}
    if verbose:
        out["examples"] = examples
    return out


def bench_speed(pipeline: Pipeline, rounds: int = 300) -> dict:
    """Articles per second for the timex stage alone, on the seed article (normalized and tokenized once)."""
    raw = parse_text_article((SEED / "article.txt").read_text(encoding="utf-8"), "seed")
    prepare = Pipeline.build(["normalize", "tokenize"])
    doc = Doc(raw=raw)
    for stage_ in prepare.stages:
        doc = stage_.fn(doc, prepare.resources)
    resources = Resources()
    timex_stage(doc, resources)  # warm the caches: patterns compile once per process
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        timex_stage(doc, resources)
    elapsed, cpu_elapsed = time.perf_counter() - start, time.process_time() - cpu
    # The machine is shared: CPU time is the figure that does not depend on what else runs.
    return {"articles": rounds, "chars_per_article": len(doc.text.value), "articles_per_second": round(rounds / elapsed, 1),
            "articles_per_cpu_second": round(rounds / cpu_elapsed, 1), "loadavg_1min": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every dev error")
    args = parser.parse_args()
    pipeline = Pipeline.build(["normalize", "tokenize", "timex"])
    result = {"gold": bench_gold(pipeline, args.verbose), "parstdex_tests": bench_parstdex_tests(args.verbose), "speed": bench_speed(pipeline)}
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    g = result["gold"]
    print(f"{'set':<34}{'P':>8}{'R':>8}{'F1':>8}")
    rows = [("seed (text, value)", g["seed"]["text_value"]), ("seed text only", g["seed"]["text_only"]),
            (f"dev {g['dev']['articles']} articles (text, value)", g["dev"]["text_value"]),
            ("dev text only", g["dev"]["text_only"])]
    if "parstdex_text_only_seed_and_dev" in g:
        rows.append(("parstdex text only, seed+dev", g["parstdex_text_only_seed_and_dev"]))
    for system in ("rasad", "parstdex"):
        if system in result["parstdex_tests"]:
            rows.append((f"parstdex tests, {system}, exact", result["parstdex_tests"][system]["exact"]))
            rows.append((f"parstdex tests, {system}, overlap", result["parstdex_tests"][system]["overlap"]))
    for name, s in rows:
        print(f"{name:<34}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    conv = result["parstdex_tests"]["rasad"]["conventions"]
    a = conv["aligned"]
    u = conv["exact_without_leading_prepositions"]
    print(f"{'parstdex tests, rasad, exact -prep':<34}{u['precision']:>8.3f}{u['recall']:>8.3f}{u['f1']:>8.3f}"
          "  (exact, gold spans without a leading preposition)")
    print(f"{'parstdex tests, rasad, aligned':<34}{a['precision']:>8.3f}{a['recall']:>8.3f}{a['f1']:>8.3f}"
          "  (signal words and joined ranges aligned, see align())")
    print()
    print(f"{'parstdex gold spans by category':<34}{'gold':>6}{'exact':>7}{'signal':>8}{'joined':>8}{'partial':>9}{'missed':>8}")
    for name, row in conv["by_category"].items():
        print(f"{name:<34}{row['gold']:>6}{row['exact']:>7}{row['signal']:>8}{row['joined']:>8}{row['partial']:>9}{row['missed']:>8}")
    print()
    print(f"{'gold spans rasad does not reproduce exactly, by cause':<88}{'spans':>6}")
    for name, count in conv["by_cause"].items():
        print(f"{name:<88}{count:>6}")
    sp = result["speed"]
    print(f"speed: {sp['articles_per_second']} articles/s wall, {sp['articles_per_cpu_second']} per CPU second "
          f"(timex stage alone; load average {sp['loadavg_1min']})")
    if g["seed"]["spurious"] or g["seed"]["missed"]:
        print("seed spurious:", g["seed"]["spurious"], "missed:", g["seed"]["missed"])


if __name__ == "__main__":
    main()
