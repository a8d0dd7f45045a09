"""Scoring records against hand-made gold files in the seed fixture's format (entities, time, quotes, events)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rasad.errors import InputError, RasadError
from rasad.ingest import read_path
from rasad.records import RawArticle, Record

# Half-spaces and the marks some sites use in their place are dropped; Arabic letter forms folded.
_FOLD = str.maketrans({"\u200c": None, "\u200e": None, "\u200f": None, "\u00ad": None, "ي": "ی", "ى": "ی", "ك": "ک"})
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s«»\"“”.،,:؛]+|[\s«»\"“”.،,:؛]+$")


def fold_name(text: str | None) -> str:
    """Comparison form of a name: as `fold`, and blind to spaces (رئیس جمهور = رئیس‌جمهور = رئیسجمهور)."""
    return fold(text).replace(" ", "")


def fold(text: str | None) -> str:
    """Comparison form: no ZWNJ, Persian ی/ک, whitespace folded, outer quotes and stops dropped."""
    if not text:
        return ""
    return _EDGE_PUNCT.sub("", _SPACES.sub(" ", text.translate(_FOLD))).strip()


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, and the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0 if not self.fn else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0 if not self.fp else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class GoldCase:
    """One gold file and the article it annotates."""

    name: str
    gold: dict[str, Any]
    article: RawArticle
    raw_text: str  # the text gold spans point into


def _match(
    gold: Sequence[Any], predicted: Sequence[Any], same: Callable[[Any, Any], bool]
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index) in gold order."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _count(gold_scored: list[Any], gold_unscored: list[Any], predicted: list[Any], same, absorbs=None) -> Score:
    """Score with unscored gold items absorbing predictions about them (neither right nor wrong).

    `absorbs(gold, predicted)` says a prediction is about an unscored item; it defaults to `same`.
    """
    pairs = _match(gold_scored, predicted, same)
    matched = {pi for _, pi in pairs}
    rest = [p for i, p in enumerate(predicted) if i not in matched]
    absorbed = {pi for _, pi in _match(gold_unscored, rest, absorbs or same)}
    fp = len(rest) - len(absorbed)
    return Score(tp=len(pairs), fp=fp, fn=len(gold_scored) - len(pairs))


def _split(items: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    items = list(items)
    return [i for i in items if i.get("scored", True)], [i for i in items if not i.get("scored", True)]


def _en(name: str | None) -> str:
    return (name or "").strip().lower()


class _Names:
    """Gold entity names: each Persian name or mention → its entity's English name and all its names."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.fa_to_en: dict[str, str] = {}
        self.fa_to_names: dict[str, frozenset[str]] = {}
        for entity in gold.get("entities", []):
            names = frozenset(fold_name(n) for n in [entity.get("fa"), *entity.get("mentions", [])] if n)
            for name in names:
                if entity.get("en"):
                    self.fa_to_en.setdefault(name, _en(entity["en"]))
                self.fa_to_names.setdefault(name, names)

    def english(self, persian: str) -> str | None:
        return self.fa_to_en.get(fold_name(persian))

    def all_names(self, persian: str) -> frozenset[str]:
        """Every name of the gold entity called `persian` (or just that phrase for unnamed sources)."""
        return self.fa_to_names.get(fold_name(persian), frozenset({fold_name(persian)}))


def _same_source_phrase(predicted: str, gold: str) -> bool:
    """Unnamed sources: one phrase inside the other, the shorter holding at least two words and half the longer's."""
    short, long_ = sorted((fold(predicted).split(), fold(gold).split()), key=len)
    if len(short) < 2 or len(short) * 2 < len(long_):
        return False
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def score_entities(record: Record, gold: dict[str, Any]) -> Score:
    scored, unscored = _split(gold.get("entities", []))
    predicted = [e for e in record.entities]

    def same(g: dict[str, Any], p) -> bool:
        if g["type"] != p.type:
            return False
        if p.name_en and g.get("en") and _en(p.name_en) == _en(g["en"]):
            return True
        return fold_name(p.name) == fold_name(g.get("fa"))

    return _count(scored, unscored, predicted, same)


def score_timexes(record: Record, gold: dict[str, Any]) -> Score:
    scored, unscored = _split(gold.get("timexes", []))
    predicted = list({(fold(t.text), t.value): t for t in record.timexes}.keys())

    def same(g: dict[str, Any], p: tuple[str, str | None]) -> bool:
        return fold(g["text"]) == p[0] and g.get("value") == p[1]

    def same_text(g: dict[str, Any], p: tuple[str, str | None]) -> bool:
        return fold(g["text"]) == p[0]

    return _count(scored, unscored, predicted, same, absorbs=same_text)


def _tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", fold(text)))


def _overlaps(gold_text: str, predicted_text: str) -> bool:
    gold_tokens, predicted_tokens = _tokens(gold_text), _tokens(predicted_text)
    common = sum((gold_tokens & predicted_tokens).values())
    gold_n, predicted_n = sum(gold_tokens.values()), sum(predicted_tokens.values())
    return bool(gold_n and predicted_n) and common >= 0.5 * gold_n and common >= 0.3 * predicted_n


def gold_quote_text(quote: dict[str, Any], raw_text: str) -> str:
    """The gold quote's words: from its span into the raw article when given, else its text."""
    span = quote.get("span")
    if span:
        return raw_text[span[0] : span[1]]
    return quote["text"]


@dataclass
class QuoteScores:
    overall: Score = field(default_factory=Score)
    by_kind: dict[str, Score] = field(default_factory=lambda: {"direct": Score(), "indirect": Score()})
    matched: int = 0  # pairs matched on kind and words
    speaker_right: int = 0  # of those, with the right speaker

    def add(self, other: QuoteScores) -> None:
        self.overall.add(other.overall)
        for kind, score in other.by_kind.items():
            self.by_kind.setdefault(kind, Score()).add(score)
        self.matched += other.matched
        self.speaker_right += other.speaker_right

    def to_json(self) -> dict[str, Any]:
        return {
            **self.overall.to_json(),
            "direct": self.by_kind["direct"].to_json(),
            "indirect": self.by_kind["indirect"].to_json(),
            "speaker_accuracy": round(self.speaker_right / self.matched, 4) if self.matched else None,
            "matched_on_words": self.matched,
        }


def score_quotes(record: Record, gold: dict[str, Any], raw_text: str) -> QuoteScores:
    names = _Names(gold)
    entities = {e.id: e for e in record.entities}
    result = QuoteScores()

    def words_match(g: dict[str, Any], p) -> bool:
        return g.get("kind") == p.kind and _overlaps(gold_quote_text(g, raw_text), p.text)

    def speaker_right(g: dict[str, Any], p) -> bool:
        # Right when the linked entity has the gold speaker's English name, or when the speaker phrase or
        # the linked entity's name is one of the gold speaker's names (an English name misspelt by the
        # linker is the entity layer's error, scored there).
        entity = entities.get(p.speaker.entity) if p.speaker.entity else None
        gold_en = names.english(g.get("speaker", ""))
        if entity is not None and gold_en and _en(entity.name_en) == gold_en:
            return True
        candidates = [p.speaker.text] + ([entity.name] if entity is not None else [])
        gold_names = names.all_names(g.get("speaker", ""))
        if any(fold_name(c) in gold_names for c in candidates if c):
            return True
        return gold_en is None and _same_source_phrase(p.speaker.text, g.get("speaker", ""))

    def same(g: dict[str, Any], p) -> bool:
        return words_match(g, p) and speaker_right(g, p)

    for kind in ("direct", "indirect"):
        gold_kind = [q for q in gold.get("quotes", []) if q.get("kind") == kind]
        predicted = [q for q in record.quotes if q.kind == kind]
        scored, unscored = _split(gold_kind)
        score = _count(scored, unscored, predicted, same, absorbs=words_match)
        result.by_kind[kind].add(score)
        result.overall.add(score)
        word_pairs = _match(scored, predicted, words_match)
        result.matched += len(word_pairs)
        result.speaker_right += sum(1 for gi, pi in word_pairs if speaker_right(scored[gi], predicted[pi]))
    return result


@dataclass
class EventScores:
    loose: Score = field(default_factory=Score)
    strict: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)

    def add(self, other: EventScores) -> None:
        self.loose.add(other.loose)
        self.strict.add(other.strict)
        for kind, score in other.by_type.items():
            self.by_type.setdefault(kind, Score()).add(score)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.loose.to_json(),
            "strict": self.strict.to_json(),
            "by_type": {k: v.to_json() for k, v in sorted(self.by_type.items())},
        }


def _participants(items: Iterable[Any]) -> set[str]:
    return {_en(p.name_en) for p in items if p.name_en}


def score_events(record: Record, gold: dict[str, Any]) -> EventScores:
    result = EventScores()

    def loose(g: dict[str, Any], p) -> bool:
        if g["type"] != p.type:
            return False
        gold_names = {_en(n) for n in g.get("actors", []) + g.get("targets", [])}
        if not gold_names:
            return fold(g.get("trigger")) in fold(p.trigger.text) or fold(p.trigger.text) in fold(g.get("trigger"))
        return bool(gold_names & (_participants(p.actors) | _participants(p.targets)))

    def strict(g: dict[str, Any], p) -> bool:
        return (
            g["type"] == p.type
            and {_en(n) for n in g.get("actors", [])} == _participants(p.actors)
            and {_en(n) for n in g.get("targets", [])} == _participants(p.targets)
        )

    scored, unscored = _split(gold.get("events", []))
    predicted = list(record.events)
    result.loose.add(_count(scored, unscored, predicted, loose))
    result.strict.add(_count(scored, unscored, predicted, strict))
    for kind in {g["type"] for g in gold.get("events", [])} | {p.type for p in predicted}:
        gold_kind = [g for g in scored if g["type"] == kind]
        unscored_kind = [g for g in unscored if g["type"] == kind]
        predicted_kind = [p for p in predicted if p.type == kind]
        result.by_type.setdefault(kind, Score()).add(_count(gold_kind, unscored_kind, predicted_kind, loose))
    return result


@dataclass
class Evaluation:
    """Scores summed over many gold cases (micro-averaged)."""

    entities: Score = field(default_factory=Score)
    timexes: Score = field(default_factory=Score)
    quotes: QuoteScores = field(default_factory=QuoteScores)
    events: EventScores = field(default_factory=EventScores)
    articles: int = 0
    per_article: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # case → why its article could not be analyzed

    def add_case(self, name: str, record: Record, case: GoldCase) -> None:
        entities = score_entities(record, case.gold)
        timexes = score_timexes(record, case.gold)
        quotes = score_quotes(record, case.gold, case.raw_text)
        events = score_events(record, case.gold)
        self.entities.add(entities)
        self.timexes.add(timexes)
        self.quotes.add(quotes)
        self.events.add(events)
        self.articles += 1
        self.per_article[name] = {
            "entities_f1": round(entities.f1, 4),
            "timexes_f1": round(timexes.f1, 4),
            "quotes_f1": round(quotes.overall.f1, 4),
            "events_f1": round(events.loose.f1, 4),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "entities": self.entities.to_json(),
            "timexes": self.timexes.to_json(),
            "quotes": self.quotes.to_json(),
            "events": self.events.to_json(),
            "per_article": self.per_article,
            "failures": self.failures,
        }


def gold_files(gold_dir: Path) -> list[Path]:
    """Gold files below a folder: `gold.json` or `*.gold.json`, sorted; a file is its own list."""
    if gold_dir.is_file():
        return [gold_dir]
    files = sorted({*gold_dir.rglob("gold.json"), *gold_dir.rglob("*.gold.json")})
    if not files:
        raise InputError(f"{gold_dir}: no gold files (gold.json or *.gold.json) found")
    return files


@cache
def _dataset_articles(path: Path) -> dict[str, dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return {item["id"]: item for item in map(json.loads, handle) if "id" in item}


def load_case(gold_path: Path, data_dir: Path | None) -> GoldCase:
    """The gold file and its article: a dataset reference, `article.txt` beside it, or `<stem>.txt` near it."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = gold_path.name.removesuffix(".gold.json").removesuffix(".json")
    reference = gold.get("article")
    if isinstance(reference, dict) and reference.get("id"):
        return _case_from_dataset(gold_path, gold, reference, data_dir)
    stem = gold_path.name.removesuffix(".gold.json")
    candidates = [gold_path.with_name("article.txt")] if gold_path.name == "gold.json" else []
    candidates += [gold_path.with_name(f"{stem}.txt"), gold_path.parent.parent / f"{stem}.txt"]
    for candidate in candidates:
        if candidate.is_file():
            article = next(iter(read_path(candidate)))
            if not isinstance(article, RawArticle):
                raise InputError(f"{gold_path}: its article {candidate} could not be read: {article.reason}")
            if gold_path.name == "gold.json":
                name = gold_path.parent.name
            return GoldCase(name, gold, article, article.text)
    raise InputError(f"{gold_path}: no article found (looked for {', '.join(map(str, candidates))})")


def _case_from_dataset(
    gold_path: Path, gold: dict[str, Any], reference: dict[str, Any], data_dir: Path | None
) -> GoldCase:
    if data_dir is None:
        raise InputError(f"{gold_path}: refers to dataset {reference.get('dataset')!r}; pass the data folder")
    path = data_dir / reference["dataset"] / reference["file"]
    if not path.is_file():
        raise InputError(f"{gold_path}: dataset file {path} not found")
    item = _dataset_articles(path).get(reference["id"])
    if item is None:
        raise InputError(f"{gold_path}: article {reference['id']!r} is not in {path}")
    document = gold.get("document", {})
    article = RawArticle(
        text=item["text"],
        source=document.get("source") or item.get("source"),
        published=document.get("published"),
        title=item.get("title"),
        url=item.get("url"),
        origin=reference["id"],
    )
    return GoldCase(reference["id"], gold, article, item["text"])


def evaluate(cases: Iterable[GoldCase], analyze: Callable[[RawArticle], Record]) -> Evaluation:
    """Analyze each case's article and sum the scores; an article that fails scores as an empty record."""
    evaluation = Evaluation()
    for case in cases:
        try:
            record = analyze(case.article)
        except RasadError as exc:
            evaluation.failures[case.name] = str(exc)
            record = Record(id="", source=None, author=None, published=None, title=None, language="fa", text="")
        evaluation.add_case(case.name, record, case)
    return evaluation
