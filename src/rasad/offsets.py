"""Offset maps: how positions in a rewritten string point back into the string it came from."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """One replaced stretch: source[src_start:src_end] became target[dst_start:dst_end]."""

    src_start: int
    src_end: int
    dst_start: int
    dst_end: int


@dataclass(frozen=True, slots=True)
class EditMap:
    """Maps target positions to source positions for one rewrite; unchanged runs map one to one."""

    edits: tuple[Edit, ...] = ()
    _dst_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dst_starts", tuple(e.dst_start for e in self.edits))

    def to_source(self, pos: int, *, end: bool = False) -> int:
        """Source position of target position `pos`; `end=True` maps it as the end of a span."""
        i = bisect_right(self._dst_starts, pos) - 1
        if i < 0:
            return pos
        edit = self.edits[i]
        if pos > edit.dst_end or (pos == edit.dst_end > edit.dst_start):
            return edit.src_end + (pos - edit.dst_end)
        if edit.dst_start == edit.dst_end:
            # A deletion at pos: the next character starts after it; a span ending here ends before it.
            return edit.src_start if end else edit.src_end
        if pos == edit.dst_start:
            return edit.src_start
        # Inside a replaced stretch: same-length edits keep per-character alignment.
        if edit.src_end - edit.src_start == edit.dst_end - edit.dst_start:
            return edit.src_start + (pos - edit.dst_start)
        return edit.src_end if end else edit.src_start


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """A chain of rewrites from the raw text to the final text; maps final positions back to raw ones."""

    steps: tuple[EditMap, ...] = ()

    def then(self, step: EditMap) -> OffsetMap:
        """This map followed by one more rewrite."""
        return self if not step.edits else OffsetMap(self.steps + (step,))

    def to_raw(self, pos: int, *, end: bool = False) -> int:
        """Raw position of final position `pos`."""
        for step in reversed(self.steps):
            pos = step.to_source(pos, end=end)
        return pos

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw half-open span covering the final span [start, end)."""
        raw_start = self.to_raw(start)
        return raw_start, max(raw_start, self.to_raw(end, end=True))


Replacement = str | Callable[[re.Match[str]], str]


def apply_changes(text: str, changes: Iterable[tuple[int, int, str]]) -> tuple[str, EditMap]:
    """Replace text[start:end] by new for sorted, disjoint (start, end, new) changes; returns the edit map."""
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
    if not edits:
        return text, EditMap()
    pieces.append(text[last:])
    return "".join(pieces), EditMap(tuple(edits))


def rewrite(text: str, pattern: re.Pattern[str], repl: Replacement) -> tuple[str, EditMap]:
    """Like `pattern.sub(repl, text)` but also returns the edit map of what changed."""
    changes = []
    for match in pattern.finditer(text):
        new = repl(match) if callable(repl) else match.expand(repl)
        if new != match.group(0):
            changes.append((match.start(), match.end(), new))
    return apply_changes(text, changes)


def apply_insertions(text: str, insertions: Iterable[tuple[int, str]]) -> tuple[str, EditMap]:
    """Insert strings at positions of `text` (sorted or not); returns the new text and its edit map."""
    return apply_changes(text, ((pos, pos, new) for pos, new in sorted(insertions)))
