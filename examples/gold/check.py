"""Check the example articles against their gold files: every annotated string must occur verbatim.

Usage: python examples/gold/check.py   (standard library only; exits 1 and lists problems on failure)

Strings are compared after removing ZWNJ (U+200C) and folding whitespace, as in scoring.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
EXAMPLES_DIR = GOLD_DIR.parent
ZWNJ = "\u200c"

ENTITY_TYPES = {"PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
QUOTE_KINDS = {"direct", "indirect"}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
    "SANCTION", "COERCE", "ASSAULT", "FIGHT",
}  # fmt: skip
# TIMEX3 values used here: dates, weeks, seasons, times, durations, PAST_REF/PRESENT_REF/FUTURE_REF.
TIMEX_VALUE = re.compile(
    r"^(\d{4}(-(\d{2}(-\d{2}(T\d{2}(:\d{2})?|T(MO|AF|EV|NI))?)?|W\d{2}(-WE)?|SP|SU|FA|WI|H[12]|Q[1-4]))?"
    r"|P(\d+|X)(Y|M|W|D)|PT(\d+|X)(H|M|S)|(PAST|PRESENT|FUTURE)_REF)$"
)
# The seed's header line: " date YYYY-MM-DD <source>؛ <author> - <body…>".
HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s+(?P<meta>.*?)\s+-\s+(?P<body>.*)$", re.DOTALL)
WORDS_MIN, WORDS_MAX = 150, 350


def norm(text: str) -> str:
    """Remove ZWNJ and fold whitespace."""
    return re.sub(r"\s+", " ", text.replace(ZWNJ, "")).strip()


def check_article(gold_path: Path) -> list[str]:
    """Problems found for one gold file (empty when it passes)."""
    stem = gold_path.name.removesuffix(".gold.json")
    article_path = EXAMPLES_DIR / f"{stem}.txt"
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{stem}: {msg}")

    if not article_path.exists():
        return [f"{stem}: article {article_path.name} is missing"]
    raw = article_path.read_text(encoding="utf-8")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = norm(raw)

    def need(s: str | None, what: str) -> None:
        if not s or norm(s) not in text:
            bad(f"{what} not found verbatim: {s!r}")

    # Document metadata against the header line (or its absence).
    doc = gold["document"]
    match = HEADER.match(raw) if re.match(r"^\s*date\s", raw.split("\n", 1)[0]) else None
    if match:
        if not raw.startswith(" date "):
            bad("header line must start with ' date ' (leading space) like the seed")
        source, _, author = match["meta"].partition("؛")
        if doc.get("published") != match["date"]:
            bad(f"published {doc.get('published')!r} != header date {match['date']!r}")
        if norm(doc.get("source") or "") != norm(source):
            bad(f"source {doc.get('source')!r} != header {source.strip()!r}")
        if norm(doc.get("author") or "") != norm(author):
            bad(f"author {doc.get('author')!r} != header {author.strip()!r}")
        body = match["body"]
    else:
        if doc.get("published") is not None:
            bad("article has no date line, so document.published must be null")
        first = raw.split("\n", 1)[0].strip()
        if norm(doc.get("title") or "") != norm(first):
            bad(f"title {doc.get('title')!r} != first line {first!r}")
        body = raw.split("\n", 1)[1] if "\n" in raw else ""
    words = len(body.split())
    if not WORDS_MIN <= words <= WORDS_MAX:
        bad(f"body has {words} words, expected {WORDS_MIN}-{WORDS_MAX}")
    lines = {norm(line) for line in raw.split("\n")}
    for heading in doc.get("heading_lines", []):
        if norm(heading) not in lines:
            bad(f"heading line is not a line of its own: {heading!r}")

    # Half-spaces: either present (standard orthography) or lost, with a restored copy.
    zw = gold["zwnj"]
    if zw["lost"]:
        if ZWNJ in raw:
            bad("zwnj.lost is true but the article contains ZWNJ")
        restored_path = GOLD_DIR / zw["restored_text_file"]
        restored = restored_path.read_text(encoding="utf-8") if restored_path.exists() else ""
        if not restored:
            bad(f"restored text {zw['restored_text_file']} is missing")
        elif ZWNJ not in restored or restored.replace(ZWNJ, "") != raw:
            bad("restored text must equal the article once its ZWNJs are removed")
        for word in zw.get("must_not_split", []):
            if word not in raw or (restored and re.search(rf"\b{word}\b", restored) is None):
                bad(f"must_not_split word {word!r} missing from article or split in restored text")
    elif ZWNJ not in raw:
        bad("zwnj.lost is false but the article has no ZWNJ")

    # Entities.
    names_en: set[str] = set()
    names_fa: set[str] = set()
    for ent in gold["entities"]:
        if ent["type"] not in ENTITY_TYPES:
            bad(f"entity type {ent['type']!r}")
        if ent["en"] in names_en:
            bad(f"duplicate entity en name {ent['en']!r}")
        names_en.add(ent["en"])
        names_fa.add(norm(ent["fa"]))
        if not ent["mentions"]:
            bad(f"entity {ent['en']!r} has no mentions")
        for mention in ent["mentions"]:
            need(mention, f"mention of {ent['en']}")
    for other in gold.get("other_actors", []):
        names_en.add(other["en"])
        for mention in other["mentions"]:
            need(mention, f"mention of actor {other['en']}")

    # Time expressions.
    seen_timex: set[str] = set()
    for tx in gold["timexes"]:
        need(tx["text"], "timex")
        if tx["text"] in seen_timex:
            bad(f"duplicate timex {tx['text']!r}")
        seen_timex.add(tx["text"])
        if tx.get("type") not in TIMEX_TYPES:
            bad(f"timex type {tx.get('type')!r}")
        value = tx["value"]
        if value is None:
            if doc.get("published") is not None and tx.get("scored", True):
                bad(f"scored timex {tx['text']!r} has no value although the article is dated")
        elif not TIMEX_VALUE.match(value):
            bad(f"timex value {value!r} is not TIMEX3-like")

    # Quotes.
    for q in gold["quotes"]:
        if q["kind"] not in QUOTE_KINDS:
            bad(f"quote kind {q['kind']!r}")
        need(q["text"], "quote text")
        need(q["cue"], "quote cue")
        if norm(q["speaker"]) not in names_fa:
            need(q["speaker"], "unnamed quote speaker")
        if q["kind"] == "direct" and f"«{norm(q['text'])}" not in text:
            bad(f"direct quote must open with «: {q['text'][:40]!r}")

    # Events.
    for ev in gold["events"]:
        if ev["type"] not in PLOVER_TYPES:
            bad(f"event type {ev['type']!r}")
        need(ev["trigger"], f"{ev['type']} trigger")
        for name in [*ev.get("actors", []), *ev.get("targets", []), *filter(None, [ev.get("where")])]:
            if name not in names_en:
                bad(f"event {ev['type']} ({ev['trigger']}) names {name!r}, not an entity or other_actor")
        when = ev.get("when")
        if when is not None and not TIMEX_VALUE.match(when):
            bad(f"event when {when!r} is not TIMEX3-like")
    return problems


def main() -> int:
    golds = sorted(GOLD_DIR.glob("*.gold.json"))
    articles = sorted(p for p in EXAMPLES_DIR.glob("*.txt"))
    problems = [f"{a.name}: no gold file" for a in articles if not (GOLD_DIR / f"{a.stem}.gold.json").exists()]
    for gold_path in golds:
        problems += check_article(gold_path)
    for problem in problems:
        print(problem)
    print(f"{len(golds)} gold files, {len(articles)} articles, {len(problems)} problems")
    return 1 if problems or not golds else 0


if __name__ == "__main__":
    sys.exit(main())
