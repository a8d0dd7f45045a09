"""Fuzz target: every ingest reader over any bytes yields RawArticles and Failures, never an exception.

The first byte picks the file kind (.txt, .jsonl, .json, .csv, .tsv, .html, .rss, .warc, .warc.gz), the
rest is the file. Run with atheris (`make fuzz`); tests call `check` directly when atheris is absent.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

KINDS = (".txt", ".jsonl", ".json", ".csv", ".tsv", ".html", ".rss", ".warc", ".warc.gz")
_FOLDER = Path(tempfile.mkdtemp(prefix="rasad-fuzz-"))


def seed(kind: str, data: bytes) -> bytes:
    """The fuzz input that hands `data` to the reader of `kind` (to seed a corpus with real files)."""
    return bytes([KINDS.index(kind)]) + data


def kind_of(path: Path) -> str | None:
    """The reader kind of a file name, or None."""
    name = path.name.lower()
    kind = next((k for k in sorted(KINDS, key=len, reverse=True) if name.endswith(k)), None)
    return kind or {".xml": ".rss", ".atom": ".rss", ".htm": ".html"}.get(path.suffix.lower())


def check(data: bytes) -> None:
    """One fuzz input: read it as a file of the chosen kind; only RawArticle or Failure may come out."""
    from rasad.ingest import read_path
    from rasad.records import Failure, RawArticle

    if not data:
        return
    path = _FOLDER / f"input{KINDS[data[0] % len(KINDS)]}"
    path.write_bytes(data[1:])
    for item in read_path(path):
        assert isinstance(item, (RawArticle, Failure)), type(item)
        if isinstance(item, Failure):
            assert item.reason.startswith(str(path)), f"failure does not name the file: {item.reason}"
        else:
            assert isinstance(item.text, str) and item.origin.startswith(str(path))


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["rasad", "warcio"]):
        import rasad.ingest  # noqa: F401
        import rasad.ingest.csv  # noqa: F401
        import rasad.ingest.dates  # noqa: F401
        import rasad.ingest.decode  # noqa: F401
        import rasad.ingest.feed  # noqa: F401
        import rasad.ingest.fields  # noqa: F401
        import rasad.ingest.html  # noqa: F401
        import rasad.ingest.jsonl  # noqa: F401
        import rasad.ingest.text  # noqa: F401
        import rasad.ingest.warc  # noqa: F401
    from seeds import with_seeds

    def encode(path: Path) -> bytes | None:
        kind = kind_of(path)
        return seed(kind, path.read_bytes()) if kind else None

    atheris.Setup(with_seeds(sys.argv, encode), check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
