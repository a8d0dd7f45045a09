"""Reading articles from files and folders: each input yields RawArticles, or Failures naming what broke."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rasad.errors import InputError
from rasad.ingest.csv import read_csv
from rasad.ingest.decode import decode_bytes
from rasad.ingest.feed import read_feed
from rasad.ingest.html import read_html
from rasad.ingest.jsonl import read_json, read_jsonl
from rasad.ingest.text import parse_text_article
from rasad.ingest.warc import read_warc
from rasad.records import Failure, RawArticle

Reader = Callable[[str, str], Iterator[RawArticle | Failure]]


def _read_text(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    yield parse_text_article(text, origin)


def _read_tsv(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    return read_csv(text, origin, delimiter="\t")


READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": _read_tsv,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".warc": read_warc,  # type: ignore[dict-item]  (reads bytes, see read_path)
    ".warc.gz": read_warc,  # type: ignore[dict-item]
}


def file_kind(path: Path) -> str:
    """The READERS key of a file: its suffix, or a known double suffix such as .warc.gz."""
    name = path.name.lower()
    double = "".join(path.suffixes[-2:]).lower()
    return double if double in READERS and name.endswith(double) else path.suffix.lower()


def read_path(path: Path) -> Iterator[RawArticle | Failure]:
    """Articles in one file, or in every supported file below a folder (sorted)."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and file_kind(p) in READERS)
        if not files:
            yield Failure(str(path), f"{path}: no supported files ({', '.join(sorted(READERS))}) in this folder")
        for file in files:
            yield from read_path(file)
        return
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(origin, f"{origin}: cannot read ({exc.strerror or exc})")
        return
    reader = READERS.get(file_kind(path), _read_text)
    if getattr(reader, "reads_bytes", False):
        yield from reader(data, origin)  # type: ignore[arg-type]
        return
    try:
        text, notes = decode_bytes(data, origin)
    except InputError as exc:
        yield Failure(origin, str(exc))
        return
    for item in reader(text, origin):
        if isinstance(item, RawArticle) and notes:
            item = RawArticle(**{**_fields(item), "warnings": tuple(notes) + item.warnings})
        yield item


def read_paths(paths: Iterable[Path]) -> Iterator[RawArticle | Failure]:
    """Articles of many files and folders, in the order given."""
    for path in paths:
        yield from read_path(Path(path))


def _fields(article: RawArticle) -> dict[str, object]:
    return {name: getattr(article, name) for name in RawArticle.__dataclass_fields__}
