#!/usr/bin/env python3
"""Sanity check for the rasad dev gold set.

For every tests/eval/dev/*.gold.json:
  * the article is found in the Fars JSONL by id and the published date matches;
  * each quote span [start, end) is inside `text` and text[start:end] begins with
    the quote's short "text" head (" …" stripped);
  * every entity mention, timex text, quote cue and event trigger occurs in `text`;
  * every quote speaker is an entity's "fa" name or a phrase that occurs in `text`;
  * every event actor/target/where is an entity's "en" name (warning only).
Comparison folds Arabic ي/ك/ى to Persian ی/ک, removes ZWNJ (and the RLM/LRM/ZWJ/
soft-hyphen characters Fars sometimes uses as half-space) and collapses whitespace.

Usage: python3 tests/eval/dev/check_gold.py [--data PATH]
"""
import argparse, glob, gzip, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = "/work/shared/data/news_farsnews_language-ml/farsnews_articles.jsonl.gz"
INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u00ad]")
TYPES = {"PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
          "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
          "ASSAULT", "FIGHT"}


def fold(s):
    s = s.replace("ي", "ی").replace("ك", "ک").replace("ى", "ی")
    s = INVISIBLE.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DEFAULT_DATA)
    args = ap.parse_args()
    arts = {}
    with gzip.open(args.data, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            arts.setdefault(r["id"], r)
    errors, warnings, n = [], [], 0
    for path in sorted(glob.glob(os.path.join(HERE, "*.gold.json"))):
        n += 1
        name = os.path.basename(path)
        g = json.load(open(path, encoding="utf-8"))
        err = lambda m: errors.append(f"{name}: {m}")
        aid = g["article"]["id"]
        if aid not in arts:
            err(f"article {aid} not found"); continue
        r = arts[aid]
        if not name.startswith(aid):
            err("file name does not match article id")
        if g["document"]["published"] != r["date_gregorian_from_url_id"]:
            err("published date differs from date_gregorian_from_url_id")
        text = r["text"]
        ft = fold(text)
        has = lambda s: fold(s) in ft
        fas, ens = set(), set()
        for e in g["entities"]:
            if e["type"] not in TYPES:
                err(f"bad entity type {e['type']}")
            fas.add(fold(e["fa"])); ens.add(e["en"])
            if not e["mentions"]:
                err(f"entity without mentions: {e['fa']}")
            for m in e["mentions"]:
                if not has(m):
                    err(f"mention not in text: {m!r}")
        for t in g["timexes"]:
            if not has(t["text"]):
                err(f"timex not in text: {t['text']!r}")
            if not t.get("value"):
                err(f"timex without value: {t['text']!r}")
        for q in g["quotes"]:
            s, e = q["span"]
            if not (0 <= s < e <= len(text)):
                err(f"bad span {q['span']}"); continue
            h = q["text"]
            if h.endswith(" …"):
                h = h[:-2]
            if len(h.split()) > 8:
                err(f"quote head longer than 8 words: {q['text']!r}")
            if not fold(text[s:e]).startswith(fold(h)):
                err(f"span {q['span']} does not begin with {q['text']!r}: {fold(text[s:e])[:60]!r}")
            if fold(text[s:e]).startswith("که "):
                err(f"span {q['span']} starts with 'که'")
            if q["kind"] not in ("direct", "indirect"):
                err(f"bad quote kind {q['kind']}")
            if not has(q["cue"]):
                err(f"cue not in text: {q['cue']!r}")
            if fold(q["speaker"]) not in fas and not has(q["speaker"]):
                err(f"speaker is neither an entity fa nor a phrase in the text: {q['speaker']!r}")
        for ev in g["events"]:
            if ev["type"] not in PLOVER:
                err(f"bad event type {ev['type']}")
            if not has(ev["trigger"]):
                err(f"trigger not in text: {ev['trigger']!r}")
            for x in ev["actors"] + ev["targets"] + ([ev["where"]] if ev.get("where") else []):
                if x not in ens:
                    warnings.append(f"{name}: event name not an entity en: {x!r}")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print(f"{n} gold files checked, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
