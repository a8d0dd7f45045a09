"""Edit maps send every position of a rewritten text back to where it came from."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from rasad.offsets import OffsetMap, apply_insertions, rewrite


def test_offsets_deletion_maps_around_the_gap() -> None:
    text, edits = rewrite("ab--cd", re.compile("-+"), "")
    assert text == "abcd"
    assert edits.to_source(2) == 4  # 'c' starts after the deleted run
    assert edits.to_source(2, end=True) == 2  # a span ending at 'b' ends before it


def test_offsets_insertion_keeps_neighbours() -> None:
    text, edits = apply_insertions("abcd", [(2, "\u200c")])
    assert text == "ab\u200ccd"
    assert edits.to_source(3) == 2 and edits.to_source(4) == 3 and edits.to_source(2) == 2


def test_offsets_same_length_replacement_is_aligned() -> None:
    text, edits = rewrite("x  y", re.compile("  "), "__")
    assert edits.to_source(2) == 2


def test_offsets_chain_composes() -> None:
    first, m1 = rewrite("a  b  c", re.compile(" +"), " ")
    second, m2 = apply_insertions(first, [(1, "!")])
    offsets = OffsetMap().then(m1).then(m2)
    assert second == "a! b c"
    assert offsets.to_raw(second.index("c")) == 6
    assert offsets.span_to_raw(3, 4) == (3, 4)


@given(st.text(alphabet="ab -", max_size=40), st.integers(min_value=0, max_value=40))
def test_offsets_unchanged_characters_map_to_themselves(raw: str, probe: int) -> None:
    text, edits = rewrite(raw, re.compile("-+| {2,}"), lambda m: " " if m.group(0).startswith(" ") else "")
    positions = [edits.to_source(i) for i in range(len(text) + 1)]
    assert positions == sorted(positions)  # monotone
    for i, char in enumerate(text):
        if char in "ab":
            assert raw[edits.to_source(i)] == char
