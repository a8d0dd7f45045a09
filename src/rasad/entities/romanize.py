"""Fallback Persian→Latin romanization of person names: known given names first, then letter by letter."""

from __future__ import annotations

from functools import cache

from rasad.entities.gazetteer import name_key
from rasad.lang import data_rows

# A plain, readable letter mapping (no diacritics); vowels that Persian script does not write stay unwritten.
_LETTERS = {
    "ا": "a", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t",
    "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "و": "ou", "ه": "h", "ی": "i", "ء": "", "ئ": "", "ة": "h",
}  # fmt: skip


@cache
def given_name_spellings() -> dict[str, str]:
    """Given-name key → English spelling (gazetteer_given_names.tsv)."""
    return {name_key(fa): en for _, (fa, en, _g) in data_rows("fa", "gazetteer_given_names.tsv", 3)}


def romanize_word(word: str) -> str:
    """One word in Latin letters, capitalized."""
    known = given_name_spellings().get(name_key(word))
    if known:
        return known[:1].upper() + known[1:]
    out = []
    for i, ch in enumerate(word):
        latin = _LETTERS.get(ch, "" if ch == "\u200c" else ch if ch.isascii() else "")
        if ch == "و" and (i == 0 or i == len(word) - 1):
            latin = "v" if i == 0 else "o"
        if ch == "ی" and i == 0:
            latin = "y"
        if ch == "ه" and i == len(word) - 1 and i > 0:
            latin = "eh"
        out.append(latin)
    latin_word = "".join(out)
    return latin_word[:1].upper() + latin_word[1:]


def romanize_name(name: str) -> str | None:
    """A Latin spelling of a Persian name, or None when nothing readable comes out."""
    words = [romanize_word(w) for w in name.replace("\u200c", " ").split()]
    words = [w for w in words if w]
    return " ".join(words) or None
