"""Normalize: fold characters, spaces and punctuation spacing, keeping a map back to the raw text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rasad.lang import char_rules
from rasad.offsets import EditMap, OffsetMap, rewrite
from rasad.pipeline import stage
from rasad.records import Doc, Text
from rasad.resources import Resources
from rasad.stages.zwnj import restore_zwnj

ZWNJ = "\u200c"

# Arabic presentation forms (positional glyph variants) fold to their base letters via NFKC.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_NEWLINES = re.compile(r"\r\n?")
# Some sites write the half-space as a directional mark or a soft hyphen between two letters.
_ARABIC_LETTER = "[\u0621-\u065f\u066e-\u06ef\u06fa-\u06ff]"
_HALF_SPACE_STAND_INS = re.compile(f"(?<={_ARABIC_LETTER})[\u200e\u200f\u00ad]+(?={_ARABIC_LETTER})")
# A ZWNJ that joins nothing: repeated, or beside a space, a line break, a non-letter, or the text's ends.
_STRAY_ZWNJ = re.compile(
    r"\u200c{2,}(?=[^\W\d_])|(?<![^\W\d_])\u200c+|\u200c+(?![^\W\d_])"
)
# Spaces before closing punctuation and after opening punctuation carry nothing.
_SPACE_BEFORE_CLOSER = re.compile(r" +(?=[،؛؟!:;,)\]»”]|\.(?:\s|$))")
_SPACE_AFTER_OPENER = re.compile(r"(?<=[(\[«“]) +")
# A Persian comma or semicolon glued to the next word gets its space.
_MISSING_SPACE_AFTER = re.compile(r"(?<=[،؛])(?=[^\W\d_])")
_SPACES = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r"(?m) +$|^ +")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_OUTER_WHITESPACE = re.compile(r"^\s+|\s+$")


@dataclass(frozen=True, slots=True)
class CharFolding:
    """Compiled chars.tsv: a translation table for 1:1 rules and a regex for the rest."""

    table: dict[int, str]
    pattern: re.Pattern[str] | None
    replacements: dict[str, str]
    # Characters of which a text must hold one for `table` or `pattern` to change it: most texts hold none,
    # and finding that out is cheaper than translating or matching.
    table_chars: re.Pattern[str] | None = None
    pattern_chars: re.Pattern[str] | None = None


@cache
def char_folding() -> CharFolding:
    """The folding rules of chars.tsv, compiled once per process."""
    table: dict[int, str] = {}
    others: dict[str, str] = {}
    for source, target in char_rules("fa"):
        if len(source) == 1 and len(target) == 1:
            table[ord(source)] = target
        else:
            others[source] = target
    pattern = pattern_chars = None
    if others:
        # Longest source first so that compositions win over their single-character parts.
        alternatives = sorted(others, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(s) for s in alternatives))
        # Every match holds the last character of its source.
        pattern_chars = _char_class(source[-1] for source in others)
    table_chars = _char_class(chr(code) for code in table) if table else None
    return CharFolding(table, pattern, others, table_chars, pattern_chars)


def _char_class(chars) -> re.Pattern[str]:
    """A pattern matching any one of `chars`."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(set(chars))) + "]")


def normalize_text(raw: str) -> Text:
    """Normalized text with its map back to `raw`; applying it twice changes nothing more."""
    folding = char_folding()
    offsets = OffsetMap()
    text = raw

    def step(pattern: re.Pattern[str], repl) -> None:
        nonlocal text, offsets
        text, edits = rewrite(text, pattern, repl)
        offsets = offsets.then(edits)

    # Each guard is a cheap test that the pattern after it can match at all: most steps change nothing, and
    # patterns that start with a look-behind or an alternation are slow to find nothing.
    if "\r" in text:
        step(_NEWLINES, "\n")
    if "\u200e" in text or "\u200f" in text or "\u00ad" in text:
        step(_HALF_SPACE_STAND_INS, ZWNJ)
    step(_PRESENTATION_FORMS, lambda m: unicodedata.normalize("NFKC", m.group(0)))
    if folding.pattern is not None and folding.pattern_chars.search(text):
        step(folding.pattern, lambda m: folding.replacements[m.group(0)])
    if folding.table_chars is not None and folding.table_chars.search(text):
        text = text.translate(folding.table)  # one character for one: offsets are unchanged
    if ZWNJ in text:
        step(_STRAY_ZWNJ, lambda m: ZWNJ if _joins(m) else "")
    step(_SPACE_BEFORE_CLOSER, "")
    if "( " in text or "[ " in text or "« " in text or "“ " in text:
        step(_SPACE_AFTER_OPENER, "")
    if "،" in text or "؛" in text:
        step(_MISSING_SPACE_AFTER, " ")
    if "  " in text:
        step(_SPACES, " ")
    # A space at a line's edge: before a line break or the end, after a line break or the start.
    if " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" "):
        step(_LINE_EDGE_SPACES, "")
    if "\n\n\n" in text:
        step(_EXTRA_BLANK_LINES, "\n\n")
    if text[:1].isspace() or text[-1:].isspace():
        step(_OUTER_WHITESPACE, "")
    text, edits = restore_zwnj(text)
    offsets = offsets.then(edits)
    return Text(text, offsets)


def _joins(match: re.Match[str]) -> bool:
    """Whether a run of ZWNJs sits between two letters (then one of the run is kept)."""
    start, end = match.span()
    source = match.string
    return 0 < start and end < len(source) and source[start - 1].isalpha() and source[end].isalpha()


@stage("normalize", requires=("raw",), provides=("text",))
def normalize(doc: Doc, resources: Resources) -> Doc:
    """Attach the normalized text of the raw article."""
    return doc.with_layers(text=normalize_text(doc.raw.text))


__all__ = ["ZWNJ", "EditMap", "normalize", "normalize_text"]
