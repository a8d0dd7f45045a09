"""Seed corpora for the fuzz targets, made from the bad-input files in tests/bad_inputs."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BAD_INPUTS = Path(__file__).resolve().parents[1] / "tests" / "bad_inputs"


def seed_folder(encode: Callable[[Path], bytes | None]) -> Path:
    """A temporary folder holding encode(file) for every bad input that encode accepts."""
    folder = Path(tempfile.mkdtemp(prefix="rasad-fuzz-seeds-"))
    for path in sorted(p for p in BAD_INPUTS.iterdir() if p.is_file()):
        data = encode(path) if path.suffix not in (".py", ".md") and path.name != "manifest.json" else None
        if data is not None:
            (folder / path.name).write_bytes(data)
    return folder


def with_seeds(argv: list[str], encode: Callable[[Path], bytes | None]) -> list[str]:
    """argv with a seed corpus folder appended when no corpus folder is given."""
    # Long inputs explore little more than short ones and slow every run down.
    argv = argv if any(arg.startswith("-max_len=") for arg in argv) else [*argv, "-max_len=4096"]
    if any(not arg.startswith("-") for arg in argv[1:]):
        return argv
    folder = seed_folder(encode)
    print(f"seed corpus: {folder}", file=sys.stderr)
    return [*argv, str(folder)]
