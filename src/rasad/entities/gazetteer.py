"""Gazetteers of names (people, organizations, places, countries), demonyms and cue words, loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rasad.errors import DataError
from rasad.lang import data_rows

# Files with the common name schema, highest priority first: an alias claimed by an earlier file wins.
NAME_FILES: tuple[str, ...] = (
    "gazetteer_people.tsv",
    "gazetteer_orgs.tsv",
    "gazetteer_places_curated.tsv",
    "gazetteer_countries.tsv",
    "gazetteer_places.tsv",
)
NAME_COLUMNS = 7
ENTITY_TYPES = frozenset({"PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"})
# Sources whose Persian names are partly machine-transliterated: used for linking, not as NER evidence.
LOW_CONFIDENCE_SOURCES = frozenset({"dr5hn"})

# Harakat, tatweel, superscript alef and hamza above carry no identity for matching.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_SEPARATORS = re.compile("[\u200c\u200d \u00a0\\-]")
# Plural and ezafe endings that may follow a demonym or a name ("آمریکایی‌ها", "روسیه‌ای").
_SUFFIXES: tuple[str, ...] = ("\u200cهای", "\u200cها", "های", "ها", "\u200cای", "\u200cی", "ان")


@lru_cache(maxsize=1 << 16)  # called for every token by the taggers and the linker; words repeat
def name_key(text: str) -> str:
    """Matching key of a name: marks, half-spaces, spaces and hyphens removed, hamza-yeh folded."""
    text = _MARKS.sub("", text)
    return _SEPARATORS.sub("", text).replace("ئ", "ی").replace("أ", "ا").replace("إ", "ا").replace("ؤ", "و")


def name_parts(text: str) -> list[str]:
    """The words of a name, split at spaces and half-spaces, each as a matching key."""
    return [name_key(p) for p in re.split("[ \u200c]+", text) if name_key(p)]


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One named thing with its canonical names."""

    name: str
    name_en: str
    type: str
    kb_id: str | None
    country: str | None
    source: str

    @property
    def low_confidence(self) -> bool:
        return self.source in LOW_CONFIDENCE_SOURCES


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Alias keys → entries, with the boundary prefixes that make token-by-token matching cheap."""

    entries: dict[str, GazEntry]
    prefixes: frozenset[str]
    max_parts: int
    demonyms: dict[str, str]
    cues: dict[str, str]
    common_words: frozenset[str]
    by_name_en: dict[str, GazEntry]

    def lookup(self, text: str) -> GazEntry | None:
        """The entry a name (any alias spelling) refers to, or None."""
        return self.entries.get(name_key(text))

    def match_tokens(self, words: Sequence[str], *, confident_only: bool = False) -> list[tuple[int, int, GazEntry]]:
        """Longest non-overlapping gazetteer matches over a token sequence: (first, last + 1, entry)."""
        keys = [name_key(w) for w in words]
        found: list[tuple[int, int, GazEntry]] = []
        i, n = 0, len(keys)
        while i < n:
            best = None
            key = ""
            for j in range(i, min(n, i + self.max_parts)):
                key += keys[j]
                if key not in self.prefixes:
                    break
                entry = self.entries.get(key)
                if entry is not None and not (confident_only and entry.low_confidence):
                    best = (i, j + 1, entry)
            if best is not None:
                found.append(best)
                i = best[1]
            else:
                i += 1
        return found

    def demonym_country(self, word: str) -> str | None:
        """English country name a demonym denotes ("روسی" → "Russia"), plural endings allowed."""
        for form in _word_forms(word):
            country = self.demonyms.get(form)
            if country is not None:
                return country
        return None

    def country_of(self, text: str) -> str | None:
        """The country a demonym, country, city, organization or person belongs to, or None."""
        country = self.demonym_country(text)
        if country is not None:
            return country
        entry = self.lookup(text)
        return entry.country if entry is not None and entry.country else None


def _word_forms(word: str) -> Iterable[str]:
    """The word's key, then its keys with one plural or ezafe ending removed."""
    yield name_key(word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            yield name_key(word[: -len(suffix)])


def read_name_file(name: str) -> Iterable[tuple[str, list[str], GazEntry]]:
    """(where, aliases, entry) for each row of a name gazetteer file."""
    for lineno, fields in data_rows("fa", name, NAME_COLUMNS):
        where = f"rasad/lang/fa/{name}:{lineno}"
        name_fa, name_en, type_, kb_id, country, aliases, source = (f.strip() for f in fields)
        if not name_fa or not name_en:
            raise DataError(f"{where}: empty Persian or English name")
        if type_ not in ENTITY_TYPES:
            raise DataError(f"{where}: unknown entity type {type_!r}")
        if kb_id and not re.fullmatch(r"Q[1-9][0-9]*", kb_id):
            raise DataError(f"{where}: {kb_id!r} is not a Wikidata id")
        entry = GazEntry(name_fa, name_en, type_, kb_id or None, country or None, source)
        yield where, [name_fa] + [a for a in aliases.split("|") if a], entry


@cache
def gazetteer() -> Gazetteer:
    """All name gazetteers merged (earlier files win on shared aliases), with demonyms and cues."""
    entries: dict[str, GazEntry] = {}
    by_name_en: dict[str, GazEntry] = {}
    prefixes: set[str] = set()
    max_parts = 1
    for file_name in NAME_FILES:
        claimed_here: dict[str, GazEntry] = {}
        for where, aliases, entry in read_name_file(file_name):
            by_name_en.setdefault(entry.name_en, entry)
            for alias in aliases:
                key = name_key(alias)
                if not key:
                    raise DataError(f"{where}: empty alias")
                if key in claimed_here and claimed_here[key].name_en != entry.name_en:
                    raise DataError(f"{where}: alias {alias!r} also names {claimed_here[key].name_en!r}")
                claimed_here[key] = entry
                if key in entries:
                    continue
                entries[key] = entry
                parts = name_parts(alias)
                max_parts = max(max_parts, len(parts))
                for k in range(1, len(parts) + 1):
                    prefixes.add("".join(parts[:k]))
    demonyms = {name_key(d): country for _, (d, country, _src) in data_rows("fa", "gazetteer_demonyms.tsv", 3)}
    cues = {cue: kind for _, (cue, kind, _src) in data_rows("fa", "gazetteer_cues.tsv", 3)}
    common = frozenset(w for _, (w, _why) in data_rows("fa", "gazetteer_common_words.tsv", 2))
    return Gazetteer(entries, frozenset(prefixes), max_parts, demonyms, cues, common, by_name_en)


def demonym_country(word: str) -> str | None:
    """English country name a demonym denotes ("آمریکایی‌ها" → "United States"), else None."""
    return gazetteer().demonym_country(word)


def country_of(text: str) -> str | None:
    """The country (English) a demonym or a known name belongs to ("کاخ سفید" → "United States")."""
    return gazetteer().country_of(text)
