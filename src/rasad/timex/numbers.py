"""Numbers as written in Persian news: three digit sets and number words, cardinal and ordinal."""

from __future__ import annotations

import re
from functools import cache

from rasad.timex.lexicon import lexicon, surface_forms, word_key

# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits to ASCII; decimal marks to ".".
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")
# Gap between the parts of a number word: spaces, ZWNJs, "و" with or without spaces (هزارونهصدونود).
GAP = r"[ \u200c]*(?:و[ \u200c]*)?"


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII digits."""
    return text.translate(_DIGITS)


def flexible(word: str) -> str:
    """A regex for `word` whose internal spaces and ZWNJs may be a space, a ZWNJ or nothing."""
    parts = re.split(r"[ \u200c]+", word.strip())
    return r"[ \u200c]?".join(re.escape(p) for p in parts)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """Longest-first alternation of flexible word patterns (regex alternation takes the first that fits)."""
    return "|".join(flexible(w) for w in sorted(set(words), key=lambda w: (-len(word_key(w)), w)))


@cache
def cardinal_pattern(glued_unit: bool = False) -> str:
    """A regex for a cardinal number written in words: دو هزار و بیست و دو.

    With glued_unit, the number may run into a time unit without a space (صدسال, یکسال), as counts are often typed.
    """
    forms = surface_forms()
    atom = f"(?:{alternation(forms['cardinal'] + forms['scale'])})"
    end = rf"(?!(?!{alternation(forms['UNIT'])})[^\W\d_])" if glued_unit else r"(?![^\W\d_])"
    return rf"{atom}(?:{GAP}{atom})*{end}"


@cache
def ordinal_pattern() -> str:
    """A regex for an ordinal number word: سوم, بیست و یکم, نوزدهمین, اول."""
    forms = surface_forms()
    atom = f"(?:{alternation(forms['cardinal'] + forms['scale'])})"
    irregular = alternation(forms["ordinal"])
    last = rf"(?:{irregular}|{atom}(?:\u200c?ام|م))(?:ین)?"
    return rf"(?:{atom}{GAP})*{last}(?![^\W\d_])"


@cache
def year_words_pattern() -> str:
    """A year in words: a number with a hundreds or thousands word in its first two words (not یک, not بیست)."""
    numbers, forms = lexicon().numbers, surface_forms()
    atom = f"(?:{alternation(forms['cardinal'] + forms['scale'])})"
    big = alternation([w for w in forms["cardinal"] + forms["scale"] if numbers[word_key(w)][0] >= 100])
    return rf"(?:{atom}{GAP})?(?:{big})(?:{GAP}{atom})*(?![^\W\d_])"


@cache
def hour_pattern() -> str:
    """A regex for an hour of the day in words (یک … بیست و چهار): a longer number is not an hour."""
    numbers, forms = lexicon().numbers, surface_forms()
    small = [w for w in forms["cardinal"] if 1 <= numbers[word_key(w)][0] <= 19]
    twenty = [w for w in forms["cardinal"] if numbers[word_key(w)][0] == 20]
    ones = [w for w in forms["cardinal"] if 1 <= numbers[word_key(w)][0] <= 4]
    return rf"(?:(?:{alternation(twenty)})(?:{GAP}(?:{alternation(ones)}))?|{alternation(small)})(?![^\W\d_])"


@cache
def _atom_regex() -> re.Pattern[str]:
    forms = surface_forms()
    return re.compile(alternation(forms["cardinal"] + forms["scale"] + forms["ordinal"]))


def words_value(text: str) -> int | None:
    """The value of a number in words (cardinal or ordinal), or None if it is not one."""
    numbers = lexicon().numbers
    total = current = 0
    found = False
    rest = text.strip()
    for match in _atom_regex().finditer(rest):
        key = word_key(match.group(0))
        value, kind = numbers[key]
        found = True
        if kind == "scale":
            total += max(current, 1) * value
            current = 0
        elif value == 100 and 0 < current < 10:
            current *= 100  # نه صد, دو صد: hundreds written as two words (a ZWNJ may split نهصد)
        elif value < 10 and 0 < current % 10:
            return None  # دو سه, یکی دو: "two or three" is a vague count, not five
        else:
            current += value
    if not found:
        return None
    return total + current


def parse_number(text: str) -> float | None:
    """A count as digits (۱۲, 2.5, ۲ هزار) or words (دو هزار و بیست و دو, سه و نیم), or None."""
    text = ascii_digits(text.strip())
    half = 0.0
    half_match = re.search(r"[ \u200c]*و[ \u200c]*نیم$", text)
    if half_match:
        half = 0.5
        text = text[: half_match.start()]
    if text == "نیم":
        return 0.5
    digits = re.match(r"(\d+(?:\.\d+)?)[ \u200c]*(.*)$", text)
    if digits:
        value = float(digits.group(1))
        if digits.group(2):
            scale = words_value(digits.group(2))
            if scale is None:
                return None
            value *= scale
        return value + half
    value = words_value(text)
    return None if value is None else value + half


def parse_int(text: str) -> int | None:
    """An integer written in digits or in words, cardinal or ordinal (پنجم, بیست و یکمین), or None."""
    text = ascii_digits(text.strip())
    if text.isdigit():
        return int(text)
    ordinal = re.fullmatch(r"(\d+)[ \u200c]*ام", text)  # ۹ ام, ۹‌ام: digits written as an ordinal
    if ordinal:
        return int(ordinal.group(1))
    # Ordinal suffixes are not atoms, so the atom scan reads پنجم as پنج and سوم as itself.
    return words_value(text)
