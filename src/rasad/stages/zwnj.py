"""Half-space (ZWNJ) restoration: the seam inside normalize where lost half-spaces are put back."""

from __future__ import annotations

from rasad.offsets import EditMap


def restore_zwnj(text: str) -> tuple[str, EditMap]:
    """Text with lost half-spaces restored, and the edit map of the insertions and replacements.

    Until the restoration model lands (issue 3) the text passes through unchanged.
    """
    return text, EditMap()
