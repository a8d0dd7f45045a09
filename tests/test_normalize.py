"""Normalize folds Arabic forms, marks and spacing, and its offset map points back into the raw text."""

from __future__ import annotations

import pytest

from rasad.lang import char_rules
from rasad.stages.normalize import normalize_text

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي كريمي", "علی کریمی"),  # Arabic yeh and kaf, as on many Iranian sites
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("كتـــاب", "کتاب"),  # tatweel stretches letters for show
        ("مُحَمَّد", "محمد"),  # harakat
        ("\u0627\u0653ب", "آب"),  # decomposed alef madda
        ("ﻻ ﺳﻼﻡ", "لا سلام"),  # presentation forms from old PDFs
        ("سلام  \t دنیا", "سلام دنیا"),  # runs of spaces and tabs
        ("سلام\u00a0دنیا", "سلام دنیا"),  # no-break space
        ("گفت :« سلام »", "گفت:«سلام»"),  # no space inside quotes or before a colon
        ("تهران ، ایران", "تهران، ایران"),  # no space before a comma
        ("تهران،ایران", "تهران، ایران"),  # a space after it
        ("می\u200c\u200cرود", f"می{ZWNJ}رود"),  # doubled half-space
        (f"{ZWNJ}سلام{ZWNJ} دنیا", "سلام دنیا"),  # a half-space beside a space joins nothing
        ("\u200fسلام\u200e", "سلام"),  # bidi marks
        ("می\u200fرود و نمی\u00adخواهد", f"می{ZWNJ}رود و نمی{ZWNJ}خواهد"),  # marks standing in for half-spaces
        ("abc\u200fdef", "abcdef"),  # …but only between Persian letters
        ("خط یک\r\nخط دو\r\n\r\n\r\n\r\nبند", "خط یک\nخط دو\n\nبند"),  # line endings, blank lines
        ("  \n سلام \n  ", "سلام"),  # outer whitespace
        ("۱۲۳ and ١٢٣ and 123", "۱۲۳ and ١٢٣ and 123"),  # digits keep their script
        ("Hello, World. 3.14", "Hello, World. 3.14"),  # Latin text is left alone
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize_text(raw).value == expected


def test_normalize_offsets_point_into_raw() -> None:
    raw = "  علي  كريمـي ، وزير"
    text = normalize_text(raw)
    start = text.value.index("وزیر")
    assert text.value == "علی کریمی، وزیر"
    assert raw[text.offsets.to_raw(start) :].startswith("وزير")
    s, e = text.offsets.span_to_raw(text.value.index("کریمی"), text.value.index("کریمی") + 5)
    assert raw[s:e] == "كريمـي"


def test_normalize_char_rules_are_valid() -> None:
    rules = dict(char_rules("fa"))
    assert rules["ي"] == "ی" and rules["\u064e"] == ""
    # No rule's output may be the source of another rule: folding must be idempotent.
    for target in rules.values():
        for char in target:
            assert char not in rules, f"{char!r} is produced by one rule and rewritten by another"
