"""Reproducible selection of the 25 dev-gold articles (see README.md)."""
import gzip, json, re, sys

SRC = "/work/shared/data/news_farsnews_language-ml/farsnews_articles.jsonl.gz"
CATEGORIES = {"politics", "world", "foreign-policy"}
# speech verbs as whole words (past tense, 3sg or 3pl); "گفت و گو" (conversation) does not count
SPEECH = re.compile(r"(?<!\w)(?:گفت(?!\s*و\s*گو)|افزود|اظهار\s*داشت|تصریح\s*کرد|اعلام\s*کرد|تاکید\s*کرد|تأکید\s*کرد)(?:ند)?(?!\w)")
SPORTS = re.compile(r"فوتبال|ورزش")
N = 25


def fold(s):
    return s.replace("ي", "ی").replace("ك", "ک").replace("\u200c", "")


def candidates():
    seen = set()
    out = []
    for line in gzip.open(SRC, "rt", encoding="utf-8"):
        r = json.loads(line)
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        if r["category"] not in CATEGORIES or not r["date_gregorian_from_url_id"]:
            continue
        t = r["text"]
        if not (600 <= len(t) <= 4000):
            continue
        if not SPEECH.search(fold(t)):
            continue
        if SPORTS.search(fold(r["title"] + " " + t)):
            continue  # sports items mis-filed under world/politics
        out.append(r)
    out.sort(key=lambda r: (r["date_gregorian_from_url_id"], r["id"]))
    return out


def select():
    c = candidates()
    idx = [round(i * (len(c) - 1) / (N - 1)) for i in range(N)]
    return c, [c[i] for i in idx]


if __name__ == "__main__":
    c, sel = select()
    print(f"{len(c)} candidates", file=sys.stderr)
    for r in sel:
        print(r["id"], r["date_gregorian_from_url_id"], r["category"], len(r["text"]), fold(r["title"]))
