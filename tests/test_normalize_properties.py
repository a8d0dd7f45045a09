"""Property tests of normalize: idempotent, leaves Latin/digits/URLs alone, offsets map back to the raw text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.stages.normalize import normalize_text
from rasad.stages.tokenize import tokenize_text
from rasad.stages.zwnj import strip_key

WORDS = [
    "میدهد", "می", "دهد", "رئیسجمهور", "رئیس", "جمهور", "سه", "جانبه", "نتوانستهاند", "میامی", "کیهان",
    "بحثها", "ها", "های", "ای", "سازنده", "قابل", "قبول", "گفته", "بود", "آن", "را", "كتاب", "يك", "مي",
    "ایالات", "متحده", "\u200cها", "ﻻ", "ة", "ئ", "\u064e", "۱۲۳", "٤٥", "2025", "F-35", "Trump",
]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from([" ", "  ", "\n", "\u200c", "\u00a0", "،", ".", "«", "»", ":", "(", ")", "\r\n", "\t"]),
    st.text(alphabet="ابپتجچدرزسشکگلمنوهیﻻ\u200c 0123456789۰۱۲۳abcXYZ.,-@/", max_size=6),
)
RAW = st.lists(PIECES, max_size=25).map("".join)
LATIN = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True)
URL = st.builds(lambda host, path: f"https://{host}.com/{path}", LATIN.map(str.lower), LATIN)
EMAIL = st.builds(lambda user, host: f"{user}@{host}.org", LATIN.map(str.lower), LATIN.map(str.lower))
PERSIAN = st.lists(st.sampled_from(WORDS[:26]), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_normalize_properties_idempotent(raw: str) -> None:
    once = normalize_text(raw).value
    assert normalize_text(once).value == once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LATIN, URL, EMAIL, PERSIAN), min_size=1, max_size=6))
def test_normalize_properties_keeps_latin_urls_emails(parts: list[str]) -> None:
    raw = " ".join(parts)
    out = normalize_text(raw).value
    for part in parts:
        if part.isascii():
            assert part in out
    assert re.findall(r"[A-Za-z]+", out) == re.findall(r"[A-Za-z]+", raw)


@settings(max_examples=200, deadline=None)
@given(RAW)
def test_normalize_properties_keeps_digit_values(raw: str) -> None:
    out = normalize_text(raw).value

    def values(text: str) -> list[int]:
        return [unicodedata.digit(c) for c in text if unicodedata.category(c) == "Nd"]

    assert values(out) == values(raw)


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_normalize_properties_offsets_map_back_exactly(raw: str) -> None:
    norm = normalize_text(raw)
    previous_end = 0
    for token in tokenize_text(norm.value):
        start, end = norm.offsets.span_to_raw(token.start, token.end)
        assert 0 <= start <= end <= len(raw)
        assert start >= previous_end  # monotone, never overlapping
        previous_end = end
        # The raw stretch normalizes to the token, up to the spaces and half-spaces restoration decides.
        assert strip_key(normalize_text(raw[start:end]).value) == strip_key(token.text)


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_normalize_properties_guards_skip_only_steps_that_change_nothing(raw: str) -> None:
    # Every step run unguarded, in order: the guarded normalize_text must give the same text and map.
    from rasad.offsets import OffsetMap, rewrite
    from rasad.stages import normalize as n
    from rasad.stages.zwnj import restore_zwnj

    folding = n.char_folding()
    offsets, text = OffsetMap(), raw
    steps = [
        (n._NEWLINES, "\n"),
        (n._HALF_SPACE_STAND_INS, n.ZWNJ),
        (n._PRESENTATION_FORMS, lambda m: unicodedata.normalize("NFKC", m.group(0))),
        (folding.pattern, lambda m: folding.replacements[m.group(0)]),
        None,
        (n._STRAY_ZWNJ, lambda m: n.ZWNJ if n._joins(m) else ""),
        (n._SPACE_BEFORE_CLOSER, ""),
        (n._SPACE_AFTER_OPENER, ""),
        (n._MISSING_SPACE_AFTER, " "),
        (n._SPACES, " "),
        (n._LINE_EDGE_SPACES, ""),
        (n._EXTRA_BLANK_LINES, "\n\n"),
        (n._OUTER_WHITESPACE, ""),
    ]
    for step in steps:
        if step is None:
            text = text.translate(folding.table)
            continue
        text, edits = rewrite(text, *step)
        offsets = offsets.then(edits)
    text, edits = restore_zwnj(text)
    offsets = offsets.then(edits)
    result = normalize_text(raw)
    assert result.value == text
    positions = range(len(text) + 1)
    assert [result.offsets.to_raw(p) for p in positions] == [offsets.to_raw(p) for p in positions]
    assert [result.offsets.to_raw(p, end=True) for p in positions] == [offsets.to_raw(p, end=True) for p in positions]
