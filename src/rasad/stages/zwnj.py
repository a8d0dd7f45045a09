"""Half-space (ZWNJ) restoration: put lost half-spaces back inside Persian words, keeping offsets exact.

For every gap inside a run of Persian words the model decides none / ZWNJ / space:
- a lexicon of written forms with their corpus counts (`zwnj_lexicon.tsv.gz`: `می‌دهد`, `رئیس‌جمهور`,
  but also the glued `میامی` and the spaced `گفته بود`) picks the most frequent form compatible with the input;
- unknown words back off to the verb prefixes می/نمی before a verb seen with them, and to right parts
  (`ها`, `ترین`, `کنندگان`, …) whose corpus odds of a half-space before them are high (`zwnj_parts.tsv.gz`).
Existing half-spaces are never removed and characters are never changed, so the text keeps its letters.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasad.errors import DataError
from rasad.offsets import Edit, EditMap

ZWNJ = "\u200c"
# Persian/Arabic letters and the marks that may stay after folding (hamza above in «نقطهٔ»).
_LETTERS = "\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5"
WORD = re.compile(f"[{_LETTERS}]+(?:\u200c[{_LETTERS}]+)*")
# Letters that never join the next one: a half-space after them changes nothing on screen.
NON_JOINING = frozenset("اآأإٱدذرزژوؤۀةء")
VERB_PREFIXES = ("نمی", "می")
# Verb particles written glued before می (برمی‌گردد, درمی‌آید); "" is the plain verb.
PREVERBS = ("", "بر", "در", "فرو", "باز", "وا", "فرا", "ور")
VERB_HEADS = frozenset(preverb + prefix for preverb in PREVERBS for prefix in VERB_PREFIXES)
# Personal endings of present and past verbs, longest first, to generalise می‌X over a stem's other persons.
_VERB_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "")
# Endings that only verbs have in practice: an unknown می‌X with them is a verb (میروبند, میچسبیدم).
_PLURAL_VERB_ENDINGS = ("ند", "ید", "یم", "دم", "تم", "دی", "تی")

# Decision thresholds, tuned on UD PerDT dev (never on the test sets): see training/zwnj.py.
MIN_PART_EVIDENCE = 5
GLUED_SPLIT_ODDS = 0.5
# Right parts this sure (اند after ه, های after ه) split even an unknown left part.
SURE_SPLIT_ODDS = 0.9
SPACED_JOIN_ODDS = 0.8
KNOWN_WORD_COUNT = 2
# A space is kept unless a joined form is this many times as frequent as the spaced one.
SPACE_BIAS = 1.0


def letter_class(char: str) -> str:
    """'h' heh and 'y' yeh (their half-space suffixes are special), 'n' non-joining letters, else 'j'."""
    if char == "ه":
        return "h"
    if char == "ی":
        return "y"
    return "n" if char in NON_JOINING else "j"


@dataclass(frozen=True, slots=True)
class PartOdds:
    """Corpus counts of one right part after one class of letter: joined by ZWNJ, glued, or spaced."""

    zwnj: int
    glued: int
    spaced: int


@dataclass(frozen=True, slots=True)
class ZwnjModel:
    """The restoration model: written forms by their letters-only key, part odds, verb rests after می."""

    forms: dict[str, tuple[tuple[str, int], ...]]
    parts: dict[tuple[str, str], PartOdds]
    verb_rests: frozenset[str]
    verb_stems: frozenset[str]

    def known(self, key: str) -> int:
        """How often the letters `key` were written as one word (with or without half-spaces)."""
        return sum(count for form, count in self.forms.get(key, ()) if " " not in form)


def _data_lines(name: str) -> Iterator[tuple[int, list[str]]]:
    path = resources.files("rasad.lang").joinpath("fa", name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"language data file rasad/lang/fa/{name} is missing; run training/zwnj.py") from exc
    for lineno, line in enumerate(gzip.decompress(raw).decode("utf-8").splitlines(), start=1):
        if line and not line.startswith("#"):
            yield lineno, line.split("\t")


def strip_key(form: str) -> str:
    """The letters of a form without its half-spaces and spaces: the lexicon's key."""
    return form.replace(ZWNJ, "").replace(" ", "")


@cache
def zwnj_model() -> ZwnjModel:
    """The shipped model, loaded and validated once per process."""
    form_rows: list[tuple[str, int]] = []
    seen: set[str] = set()
    for lineno, fields in _data_lines("zwnj_lexicon.tsv.gz"):
        where = f"rasad/lang/fa/zwnj_lexicon.tsv.gz:{lineno}"
        if len(fields) != 2 or not fields[1].isdigit() or not all(WORD.fullmatch(w) for w in fields[0].split(" ")):
            raise DataError(f"{where}: expected 'form<TAB>count' with Persian words")
        if fields[0] in seen:
            raise DataError(f"{where}: {fields[0]!r} is listed twice")
        seen.add(fields[0])
        form_rows.append((fields[0], int(fields[1])))
    part_rows: list[tuple[str, str, int, int, int]] = []
    seen_parts: set[tuple[str, str]] = set()
    for lineno, fields in _data_lines("zwnj_parts.tsv.gz"):
        where = f"rasad/lang/fa/zwnj_parts.tsv.gz:{lineno}"
        if len(fields) != 5 or fields[1] not in ("h", "y", "j") or not all(f.isdigit() for f in fields[2:]):
            raise DataError(f"{where}: expected 'part<TAB>class<TAB>zwnj<TAB>glued<TAB>spaced'")
        if (fields[0], fields[1]) in seen_parts:
            raise DataError(f"{where}: {fields[0]!r} after class {fields[1]} is listed twice")
        seen_parts.add((fields[0], fields[1]))
        part_rows.append((fields[0], fields[1], int(fields[2]), int(fields[3]), int(fields[4])))
    return build_model(form_rows, part_rows)


def build_model(
    form_rows: Iterable[tuple[str, int]], part_rows: Iterable[tuple[str, str, int, int, int]]
) -> ZwnjModel:
    """A model from (form, count) and (part, class, zwnj, glued, spaced) rows."""
    forms: dict[str, list[tuple[str, int]]] = {}
    for form, count in form_rows:
        forms.setdefault(strip_key(form), []).append((form, count))
    parts = {(part, cls): PartOdds(z, g, sp) for part, cls, z, g, sp in part_rows}
    rests = frozenset(
        strip_key(form[len(prefix) + 1 :])
        for entries in forms.values()
        for form, _ in entries
        for prefix in VERB_PREFIXES
        if form.startswith(prefix + ZWNJ) and " " not in form
    )
    stems = frozenset(
        rest[: len(rest) - len(ending)]
        for rest in rests
        for ending in _VERB_ENDINGS
        if rest.endswith(ending) and len(rest) - len(ending) >= 2
    )
    ordered = {key: tuple(sorted(entries, key=lambda e: (-e[1], e[0]))) for key, entries in forms.items()}
    return ZwnjModel(ordered, parts, rests, stems)


def restore_zwnj(text: str) -> tuple[str, EditMap]:
    """Text with lost half-spaces restored, and the edit map of the insertions and replacements."""
    model = zwnj_model()
    changes: list[tuple[int, int, str]] = []  # (start, end, replacement) in `text`, sorted, disjoint
    for phrase in _phrases(text):
        changes.extend(_restore_phrase(model, phrase))
    return _apply(text, changes)


def _phrases(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of Persian words separated by single spaces: the stretches where gaps are decided."""
    run: list[re.Match[str]] = []
    for match in WORD.finditer(text):
        if run and not (match.start() == run[-1].end() + 1 and text[run[-1].end()] == " "):
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def _restore_phrase(model: ZwnjModel, words: list[re.Match[str]]) -> Iterator[tuple[int, int, str]]:
    """Changes of one phrase: joined multi-word forms first, then each word, then spaced back-off."""
    i = 0
    while i < len(words):
        for size in (3, 2):
            if i + size <= len(words):
                group = words[i : i + size]
                form = _best_form(model, " ".join(w.group(0) for w in group), spaced=True)
                if form is not None and form != " ".join(w.group(0) for w in group):
                    yield from _diff(group[0].start(), " ".join(w.group(0) for w in group), form)
                    i += size
                    break
        else:
            word = words[i]
            restored = restore_word(model, word.group(0))
            yield from _diff(word.start(), word.group(0), restored)
            if i + 1 < len(words) and _join_spaced(model, word.group(0), words[i + 1].group(0)):
                yield (word.end(), word.end() + 1, "" if word.group(0)[-1] in NON_JOINING else ZWNJ)
            i += 1


def _compatible(given: str, form: str) -> bool:
    """Whether `form` keeps every half-space of `given` and only fills its gaps with half-spaces.

    A space may become a half-space but never vanish: «ما در» must not become «مادر».
    """
    gi = fi = 0
    while gi < len(given) and fi < len(form):
        g, f = given[gi], form[fi]
        if g == f:
            gi += 1
            fi += 1
        elif g == " " and f == ZWNJ:
            gi += 1
            fi += 1
        elif f == ZWNJ and g != " ":
            fi += 1  # a half-space the form adds to a glued gap
        else:
            return False
    return gi == len(given) and fi == len(form)


def _best_form(model: ZwnjModel, given: str, *, spaced: bool) -> str | None:
    """The most frequent known form of `given`'s letters that fits its half-spaces; spaces win ties."""
    entries = model.forms.get(strip_key(given))
    if not entries:
        return None
    best_form, best_count = None, 0
    kept_count = 0
    for form, count in entries:
        if not _compatible(given, form):
            continue
        if form == given:
            kept_count = count
        if best_form is None:
            best_form, best_count = form, count
    if best_form is None:
        return None
    if spaced and best_form != given and best_count <= kept_count * SPACE_BIAS:
        return given
    return best_form


def restore_word(model: ZwnjModel, word: str) -> str:
    """One written word with its half-spaces restored from the lexicon, else by back-off."""
    form = _best_form(model, word, spaced=False)
    if form is not None:
        return form
    if ZWNJ in word:
        # Somebody typed half-spaces here: trust them and only complete the glued pieces.
        return ZWNJ.join(restore_word(model, piece) for piece in word.split(ZWNJ))
    return _backoff(model, word)


def _backoff(model: ZwnjModel, word: str) -> str:
    """An unknown glued word: split off a verb prefix before a known verb, or a likely right part."""
    for preverb in PREVERBS:
        if not word.startswith(preverb):
            continue
        for prefix in VERB_PREFIXES:
            rest = word[len(preverb) + len(prefix) :]
            if word.startswith(prefix, len(preverb)) and _is_verb_rest(model, rest):
                # The rest is a verb: look it up, or split its suffix, but never find another می in it.
                return preverb + prefix + ZWNJ + (_best_form(model, rest, spaced=False) or _split_right(model, rest))
    return _split_right(model, word)


def _is_verb_rest(model: ZwnjModel, rest: str) -> bool:
    """Whether `rest` after می is a verb: seen so, or a seen stem with another ending, or verb-shaped."""
    if len(rest) < 2:
        return False
    if rest in model.verb_rests or (len(rest) >= 3 and rest.endswith(_PLURAL_VERB_ENDINGS)):
        return True
    return any(
        rest.endswith(ending) and rest[: len(rest) - len(ending)] in model.verb_stems
        for ending in _VERB_ENDINGS
        if len(rest) - len(ending) >= 2
    )


def _split_right(model: ZwnjModel, word: str) -> str:
    """Split the glued word before its most likely half-space right part, if the left part is a word."""
    best_at, best_odds = 0, GLUED_SPLIT_ODDS
    for at in range(2, len(word) - 1):
        left_end = word[at - 1]
        if left_end in NON_JOINING:
            continue
        odds = model.parts.get((word[at:], letter_class(left_end)))
        if odds is None or odds.zwnj < MIN_PART_EVIDENCE:
            continue
        p = odds.zwnj / (odds.zwnj + odds.glued + 1)
        if p > best_odds and (p >= SURE_SPLIT_ODDS or model.known(word[:at]) >= KNOWN_WORD_COUNT):
            best_at, best_odds = at, p
    if not best_at:
        return word
    return restore_word(model, word[:best_at]) + ZWNJ + restore_word(model, word[best_at:])


def _join_spaced(model: ZwnjModel, left: str, right: str) -> bool:
    """Whether a space between two words, neither pair known to the lexicon, was a lost half-space."""
    left_key, right_key = strip_key(left), strip_key(right)
    if left_key in VERB_PREFIXES:
        return _is_verb_rest(model, right_key)
    odds = model.parts.get((right_key, letter_class(left[-1])))
    if odds is None or odds.zwnj < MIN_PART_EVIDENCE or model.known(left_key) < KNOWN_WORD_COUNT:
        return False
    return odds.zwnj / (odds.zwnj + odds.spaced + 1) > SPACED_JOIN_ODDS


def _diff(start: int, given: str, form: str) -> Iterator[tuple[int, int, str]]:
    """Changes turning `given` (at `start`) into the compatible `form`, gap by gap."""
    gi = fi = 0
    while gi < len(given) or fi < len(form):
        g = given[gi] if gi < len(given) else ""
        f = form[fi] if fi < len(form) else ""
        if g == f:
            gi += 1
            fi += 1
        elif g == " " and f == ZWNJ:
            yield (start + gi, start + gi + 1, ZWNJ)
            gi += 1
            fi += 1
        elif g == " ":
            yield (start + gi, start + gi + 1, "")
            gi += 1
        else:  # f is a half-space added to a glued gap
            yield (start + gi, start + gi, ZWNJ)
            fi += 1


def _apply(text: str, changes: list[tuple[int, int, str]]) -> tuple[str, EditMap]:
    """Apply sorted, disjoint changes; one edit per change keeps the offset map exact."""
    if not changes:
        return text, EditMap()
    pieces: list[str] = []
    edits: list[Edit] = []
    last = out_len = 0
    for start, end, new in changes:
        pieces.append(text[last:start])
        out_len += start - last
        edits.append(Edit(start, end, out_len, out_len + len(new)))
        pieces.append(new)
        out_len += len(new)
        last = end
    pieces.append(text[last:])
    return "".join(pieces), EditMap(tuple(edits))


__all__ = ["WORD", "ZWNJ", "ZwnjModel", "build_model", "restore_word", "letter_class", "restore_zwnj", "strip_key", "zwnj_model"]
