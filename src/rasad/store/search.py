"""Persian-aware search text: one `normalize_for_search` for indexing and querying, safe query building, snippets.

Why one function: SQLite's unicode61 tokenizer (and PostgreSQL's parser) split Persian words at ZWNJ and at
harakat, and treat ي/ی, ك/ک as different letters. Both the indexed text and every query go through
`normalize_for_search`, which folds those variants and glues ZWNJ-joined parts into one token; the query
builder then adds the spaced and glued spellings as alternatives, so `مذاکره‌کنندگان`, `مذاکره کنندگان`
and `مذاکرهکنندگان` find each other.
User queries never reach the database as syntax: they are parsed here into words, quoted phrases and
`word*` prefixes, and rendered as FTS5 or tsquery expressions whose every term is quoted.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rasad.errors import RasadError

ZWNJ = "\u200c"
# Invisible formatting characters that may sit inside a word: ZWNJ, ZWJ, marks of direction, soft hyphen.
_INVISIBLE = "\u200c\u200d\u200e\u200f\u00ad\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"
# Spelling variants a searcher does not distinguish (beyond the normalizer's chars.tsv folding):
# hamza carriers and madda fold to their base letter, so آمریکا matches امریکا.
_SEARCH_FOLDS = {
    "\u0622": "\u0627",  # آ → ا
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0624": "\u0648",  # ؤ → و
    "\u0626": "\u06cc",  # ئ → ی
    "\u06c0": "\u0647",  # ۀ → ه
    "\u0629": "\u0647",  # ة → ه
    "\u0654": "",  # hamza above (as in نقطهٔ)
    "\u0670": "",  # superscript alef
}
_DIGITS = dict(zip(map(ord, "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"), "01234567890123456789"))
# A token as the FTS tokenizers see it after normalization: a run of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")
# A word of the original text for snippets: letters, digits, and the marks/ZWNJ that stay inside words.
# (Letter runs first, then mark runs: the same words as `[^\W_](?:[^\W_]|[marks])*`, 4x faster to scan.)
_SOURCE_WORD = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670\u0640" + _INVISIBLE + r"]+[^\W_]*)*")
_LATIN = re.compile(r"^[a-z0-9]+$")
# Expanding every gap of a long query into glued/spaced alternatives grows as 2^gaps; beyond this, no expansion.
_MAX_EXPANDED_GAPS = 4
MARK_START, MARK_END = "<mark>", "</mark>"


class QueryError(RasadError):
    """A search query that cannot be run; the message says how to fix it."""


@cache
def _fold_table() -> dict[int, str]:
    from rasad.lang import char_rules

    table: dict[int, str] = dict(_DIGITS)
    for source, target in char_rules("fa"):
        if len(source) == 1:
            table[ord(source)] = target
    for source, target in _SEARCH_FOLDS.items():
        table[ord(source)] = target
    for char in _INVISIBLE:
        table[ord(char)] = ""
    for code in range(0x064B, 0x0660):  # harakat and other combining Arabic marks
        table[code] = ""
    table[0x0640] = ""  # tatweel
    return table


@cache
def _foldable() -> re.Pattern[str]:
    """Any one character the fold table changes."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_fold_table())) + "]")


def normalize_for_search(text: str) -> str:
    """Search form of a text: variants folded, marks and ZWNJ dropped (parts glued), lower case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        table = _fold_table()
        # Why not str.translate: it looks up every character in a dict (~10x slower on long Persian texts);
        # replacing just the few distinct foldable characters present gives the same result, because no
        # fold's output contains a foldable character (checked by tests/test_search.py).
        for char in set(_foldable().findall(text)):
            text = text.replace(char, table[ord(char)])
    return text.casefold()


def search_tokens(text: str) -> list[str]:
    """The index terms of a text, as the FTS tokenizers cut its search form."""
    return _TOKEN.findall(normalize_for_search(text))


def search_form_tokens(search_text: str) -> list[str]:
    """The index terms of a text already in its search form (`_TOKEN.findall`, 1.4x faster).

    Most whitespace-separated words are whole terms: a term is a maximal run of characters for which
    str.isalnum() holds (the regex's `[^\\W_]`), and no whitespace character is alphanumeric."""
    words: list[str] = []
    for word in search_text.split():
        if word.isalnum():
            words.append(word)
        else:
            words.extend(_TOKEN.findall(word))
    return words


def name_key(name: str) -> str:
    """Lookup key of an entity name (Persian or English): search form, words joined by single spaces."""
    return " ".join(search_tokens(name))


# ---- query model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    """Terms that must stand next to each other (a phrase); the last may be a prefix."""

    terms: tuple[str, ...]
    prefix: bool = False


Alternative = tuple[Group, ...]  # groups that must all occur
Clause = tuple[Alternative, ...]  # one of the alternatives must hold


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: every clause must match; `terms` are the words to highlight."""

    clauses: tuple[Clause, ...]
    terms: frozenset[str]
    prefixes: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.clauses


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str  # search form, one token
    gap: str  # how it joins the previous piece: "" (first), " " (space), "z" (ZWNJ or glued split)


# Quoted phrases, or runs of anything else.
_CLAUSES = re.compile(r'"([^"]*)"|([^"]+)')
_RAW_WORD = re.compile(r"[^\s\"]+")


def parse_query(text: str, names_for: Callable[[str], Sequence[str]] | None = None) -> Query:
    """Parse user text: bare words (all required), "quoted phrases", word* prefixes; no other syntax."""
    if len(text) > 1000:
        raise QueryError("the query is longer than 1,000 characters; shorten it")
    clauses: list[Clause] = []
    for match in _CLAUSES.finditer(text.replace("\u201c", '"').replace("\u201d", '"')):
        phrase, bare = match.groups()
        if phrase is not None:
            clauses.extend(_phrase_clauses(phrase, names_for))
        else:
            clauses.extend(_bare_clauses(bare, names_for))
    terms = {t for clause in clauses for alt in clause for group in alt for t in group.terms}
    prefixes = {g.terms[-1] for clause in clauses for alt in clause for g in alt if g.prefix}
    return Query(tuple(clauses), frozenset(terms - prefixes), frozenset(prefixes))


def _pieces(raw: str) -> list[_Piece]:
    """Search tokens of a raw word run with how each joins the previous (space or ZWNJ)."""
    pieces: list[_Piece] = []
    for word in _RAW_WORD.findall(_restored(raw)):
        for p, part in enumerate(word.split(ZWNJ)):
            for t, token in enumerate(search_tokens(part)):
                gap = "" if not pieces else ("z" if (p and not t) else " ")
                pieces.append(_Piece(token, gap))
    return pieces


def _restored(raw: str) -> str:
    """The word with lost half-spaces put back (میخواهم → می‌خواهم), so a glued query can match spaced text."""
    try:
        from rasad.stages.zwnj import restore_zwnj
    except ImportError:  # pragma: no cover - the ZWNJ model is part of normalize
        return raw
    try:
        return restore_zwnj(raw)[0]
    except RasadError:
        return raw


def _bare_clauses(raw: str, names_for: Callable[[str], Sequence[str]] | None) -> list[Clause]:
    clauses: list[Clause] = []
    for latin, word_run in _split_latin_runs(raw):
        prefix = word_run.endswith("*")
        pieces = _pieces(word_run)
        if not pieces:
            continue
        if latin and names_for is not None and not prefix:
            clauses.extend(_latin_clauses(pieces, names_for))
        else:
            # Bare words are all required, anywhere; glue alternatives also join spaced neighbours.
            clauses.append(_expand(pieces, adjacent=False, prefix=prefix))
    return clauses


def _latin_clauses(pieces: list[_Piece], names_for: Callable[[str], Sequence[str]]) -> list[Clause]:
    """English words, the longest runs naming a stored entity also matching its Persian names."""
    clauses: list[Clause] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 5), i, -1):
            names = _entity_names(pieces[i:j], names_for)
            if names is not None:
                clauses.append(_name_clause(pieces[i:j], names))
                i = j
                break
        else:
            clauses.append(((Group((pieces[i].text,)),),))
            i += 1
    return clauses


def _phrase_clauses(raw: str, names_for: Callable[[str], Sequence[str]] | None) -> list[Clause]:
    pieces = _pieces(raw)
    if not pieces:
        return []
    names = _entity_names(pieces, names_for)
    if names is not None:
        return [_name_clause(pieces, names)]
    return [_expand(pieces, adjacent=True, prefix=False)]


def _split_latin_runs(raw: str) -> list[tuple[bool, str]]:
    """Split bare text into runs of Latin words and runs of other words (English names are looked up per run)."""
    runs: list[tuple[bool, list[str]]] = []
    for word in raw.split():
        latin = bool(_LATIN.match(normalize_for_search(word).strip("*.,;:!?'()")))
        if runs and runs[-1][0] == latin and not runs[-1][1][-1].endswith("*"):
            runs[-1][1].append(word)
        else:
            runs.append((latin, [word]))
    return [(latin, " ".join(words)) for latin, words in runs]


def _entity_names(pieces: list[_Piece], names_for: Callable[[str], Sequence[str]] | None) -> list[str] | None:
    """Persian names of the entities an English name designates (None when it names none)."""
    if names_for is None or not all(_LATIN.match(p.text) for p in pieces):
        return None
    names = [n for n in names_for(" ".join(p.text for p in pieces)) if n]
    return names or None


def _name_clause(pieces: list[_Piece], names: Iterable[str]) -> Clause:
    """The English words as a phrase, or any Persian name of the entity as a phrase."""
    alternatives: list[Alternative] = [(Group(tuple(p.text for p in pieces)),)]
    for name in sorted(set(names))[:8]:
        alternatives.extend(_expand(_pieces(name), adjacent=True, prefix=False))
    return tuple(dict.fromkeys(alternatives))


def _expand(pieces: list[_Piece], *, adjacent: bool, prefix: bool) -> Clause:
    """Every glued/split spelling of the gaps between pieces, as alternatives."""
    gaps = range(1, len(pieces))
    # English words are never written glued; Persian spaced words may be (and ZWNJ parts always may).
    joinable = [i for i in gaps if pieces[i].gap == "z" or not (
        _LATIN.match(pieces[i].text) or _LATIN.match(pieces[i - 1].text))]
    if len(joinable) > _MAX_EXPANDED_GAPS:
        joinable = [i for i in joinable if pieces[i].gap == "z"][:_MAX_EXPANDED_GAPS]
    expandable = joinable
    alternatives: list[Alternative] = []
    for glue in itertools.product((False, True), repeat=len(expandable)):
        glued = {gap for gap, g in zip(expandable, glue) if g}
        words: list[list[str]] = [[pieces[0].text]]
        for i in gaps:
            if i in glued:
                words[-1][-1] += pieces[i].text
            elif pieces[i].gap == "z" or adjacent:
                words[-1].append(pieces[i].text)
            else:
                words.append([pieces[i].text])
        groups = tuple(Group(tuple(w)) for w in words)
        if prefix:
            groups = groups[:-1] + (Group(groups[-1].terms, True),)
        alternatives.append(groups)
    return tuple(dict.fromkeys(alternatives))


# ---- rendering ----------------------------------------------------------------------------------


def to_fts5(query: Query) -> str:
    """An FTS5 MATCH expression in which every term is a quoted string."""

    def group(g: Group) -> str:
        return '"' + " ".join(t.replace('"', '""') for t in g.terms) + '"' + (" *" if g.prefix else "")

    def alternative(alt: Alternative) -> str:
        return " AND ".join(group(g) for g in alt)

    return " AND ".join(
        "(" + " OR ".join(f"({alternative(a)})" for a in clause) + ")" for clause in query.clauses
    )


def to_tsquery(query: Query) -> str:
    """A PostgreSQL to_tsquery('simple', …) expression in which every lexeme is quoted."""

    def lexeme(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    def group(g: Group) -> str:
        parts = [lexeme(t) for t in g.terms]
        if g.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"

    def alternative(alt: Alternative) -> str:
        return "(" + " & ".join(group(g) for g in alt) + ")"

    return " & ".join("(" + " | ".join(alternative(a) for a in clause) + ")" for clause in query.clauses)


def snippet(text: str, query: Query, width: int = 200) -> str:
    """A stretch of the original text around the best run of matching words, matches in <mark> tags."""
    hits = [m for m in _SOURCE_WORD.finditer(text) if _matches(m.group(), query)]
    if not hits:
        return _clip_words(text, 0, width)
    # The window of `width` characters holding the most hits, starting a little before its first hit.
    best_start, best_count = hits[0].start(), 0
    stop = 0  # hits end in increasing order: those within the window from hit i are hits[i:stop]
    for i, first in enumerate(hits):
        stop = max(stop, i)
        while stop < len(hits) and hits[stop].end() <= first.start() + width:
            stop += 1
        if stop - i > best_count:
            best_start, best_count = first.start(), stop - i
    start = max(0, best_start - width // 5)
    start = _word_start(text, start)
    end = min(len(text), start + width)
    out: list[str] = ["…"] if start > 0 else []
    position = start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        out.append(text[position : hit.start()])
        out.append(MARK_START + hit.group() + MARK_END)
        position = hit.end()
    out.append(text[position:end])
    if end < len(text):
        out.append("…")
    return " ".join("".join(out).split())


@lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The search forms a source word matches as (whole key, its tokens, its tokens glued), and its tokens.

    Cached: a snippet looks at every word of every hit, and news words repeat (normalizing each anew
    was most of a search's time)."""
    key = normalize_for_search(word)
    tokens = tuple(_TOKEN.findall(key))
    return (frozenset((key, *tokens, "".join(tokens))) if tokens else frozenset()), tokens


def _matches(word: str, query: Query) -> bool:
    forms, tokens = _word_forms(word)
    if forms.isdisjoint(query.terms):
        return bool(query.prefixes) and any(t.startswith(p) for t in tokens for p in query.prefixes)
    return True


def _word_start(text: str, position: int) -> int:
    while 0 < position < len(text) and not text[position - 1].isspace():
        position -= 1
    return position


def _clip_words(text: str, start: int, width: int) -> str:
    clipped = " ".join(text[start : start + width].split())
    return clipped + ("…" if len(text) > start + width else "")
