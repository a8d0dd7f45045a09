"""Batch input: JSONL/CSV/Parquet/text files and folders, cut into shards that any engine can run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from rasad.errors import InputError
from rasad.ingest import READERS, file_kind, read_path
from rasad.ingest.fields import article_from_fields
from rasad.records import Failure, RawArticle

Item = RawArticle | Failure
# Shards this many articles long keep two to hundreds of workers busy without much per-shard cost.
DEFAULT_SHARD_SIZE = 100
# Files up to this size are read by the worker that runs them; larger ones are read and cut on the driver.
DEFAULT_SHARD_BYTES = 1 << 20


def read_parquet_articles(path: Path) -> Iterator[Item]:
    """Articles from a Parquet file with the same columns as JSONL/CSV input (text, published, source, …)."""
    origin = str(path)
    try:
        file = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield Failure(origin, f"{origin}: not a readable Parquet file ({exc})")
        return
    row = 0
    for batch in file.iter_batches(batch_size=256):
        for item in batch.to_pylist():
            row += 1
            where = f"{origin}:{row}"
            try:
                yield article_from_fields(item, where)
            except InputError as exc:
                yield Failure(where, str(exc))


def is_input_file(path: Path) -> bool:
    return path.suffix.lower() == ".parquet" or file_kind(path) in READERS


def read_input(path: Path) -> Iterator[Item]:
    """Articles (or failures) in one input file or every supported file below a folder, sorted."""
    if path.is_dir():
        files = input_files(path)
        if not files:
            yield Failure(str(path), f"{path}: no supported input files in this folder")
        for file in files:
            yield from read_input(file)
    elif not path.exists():
        yield Failure(str(path), f"{path}: no such file or folder")
    elif path.suffix.lower() == ".parquet":
        yield from read_parquet_articles(path)
    else:
        yield from read_path(path)


def input_files(folder: Path) -> list[Path]:
    """Supported files below a folder, in a fixed order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_input_file(p))


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: articles read on the driver, or small files a worker reads itself."""

    index: int
    items: tuple[Item, ...] = ()
    files: tuple[str, ...] = ()

    def articles(self) -> Iterator[Item]:
        """The shard's articles in input order."""
        yield from self.items
        for file in self.files:
            yield from read_input(Path(file))


def plan_shards(
    path: Path, shard_size: int = DEFAULT_SHARD_SIZE, shard_bytes: int = DEFAULT_SHARD_BYTES
) -> Iterator[Shard]:
    """Cut the input into numbered shards; the same plan feeds every engine, so outputs match part by part."""
    if shard_size < 1:
        raise InputError(f"shard size must be at least 1, not {shard_size}")
    files = input_files(path) if path.is_dir() else [path]
    if path.is_dir() and not files:
        files = [path]  # read_input reports the empty folder as a failure
    index = 0
    small: list[str] = []
    small_bytes = 0
    for file in files:
        size = file.stat().st_size if file.is_file() else 0
        if path.is_dir() and size <= shard_bytes:
            # Small files travel as names: workers read them, the driver never holds their text.
            if small and small_bytes + size > shard_bytes:
                yield Shard(index, files=tuple(small))
                index += 1
                small, small_bytes = [], 0
            small.append(str(file))
            small_bytes += size
            continue
        if small:  # keep input order: pending small files come before this large one
            yield Shard(index, files=tuple(small))
            index += 1
            small, small_bytes = [], 0
        for chunk in _chunks(read_input(file), shard_size):
            yield Shard(index, items=chunk)
            index += 1
    if small:
        yield Shard(index, files=tuple(small))


def _chunks(items: Iterable[Item], size: int) -> Iterator[tuple[Item, ...]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)
