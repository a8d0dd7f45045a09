"""Batch output: records and failures as Parquet (nested, SCHEMA.md) or JSON Lines, one part file per shard."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from rasad.batch.schema import failure_schema, record_schema
from rasad.errors import InputError
from rasad.records import Failure, Record

Format = Literal["parquet", "jsonl"]
FORMATS: tuple[str, ...] = ("parquet", "jsonl")
RECORDS_DIR = "records"
FAILURES_DIR = "failures"
MANIFEST = "_batch.json"
_SUFFIX = {"parquet": ".parquet", "jsonl": ".jsonl"}


def filesystem(output_dir: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and root path of an output folder: a local path, or a URI (hdfs://, s3://, gs://…)."""
    if "://" in output_dir and not output_dir.startswith("file://"):
        return pafs.FileSystem.from_uri(output_dir)
    local = output_dir.removeprefix("file://")
    return pafs.LocalFileSystem(), str(Path(local).resolve())


def part_name(index: int, fmt: Format) -> str:
    """The file name of shard `index`: part-00007.parquet; sorting the names restores input order."""
    return f"part-{index:05d}{_SUFFIX[fmt]}"


def write_part(
    output_dir: str, index: int, records: Sequence[Record], failures: Sequence[Failure], fmt: Format
) -> None:
    """Write one shard's records and failures; each file appears whole or not at all (retried tasks rewrite it)."""
    fs, root = filesystem(output_dir)
    name = part_name(index, fmt)
    for folder, rows, schema in (
        (RECORDS_DIR, records, record_schema()),
        (FAILURES_DIR, failures, failure_schema()),
    ):
        fs.create_dir(f"{root}/{folder}", recursive=True)
        final = f"{root}/{folder}/{name}"
        temporary = f"{root}/{folder}/.{name}.tmp"
        if fmt == "parquet":
            table = pa.Table.from_pylist([row.to_json() for row in rows], schema=schema)
            pq.write_table(table, temporary, filesystem=fs, compression="zstd")
        else:
            with fs.open_output_stream(temporary) as stream:
                stream.write("".join(row.dumps() + "\n" for row in rows).encode("utf-8"))
        fs.move(temporary, final)


def prepare_output(output_dir: str, overwrite: bool) -> None:
    """Create the output folder; refuse to mix with an earlier run's parts unless told to overwrite."""
    fs, root = filesystem(output_dir)
    for folder in (RECORDS_DIR, FAILURES_DIR):
        info = fs.get_file_info(f"{root}/{folder}")
        if info.type == pafs.FileType.NotFound:
            continue
        if not overwrite:
            raise InputError(
                f"{output_dir} already holds batch output ({folder}/); choose another folder or pass --overwrite"
            )
        fs.delete_dir(f"{root}/{folder}")
    fs.create_dir(root, recursive=True)


def write_manifest(output_dir: str, summary: dict) -> None:
    """A small JSON file saying how the output was made and what it holds."""
    fs, root = filesystem(output_dir)
    with fs.open_output_stream(f"{root}/{MANIFEST}") as stream:
        stream.write((json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _parts(path: str, folder: str) -> tuple[pafs.FileSystem, list[str]]:
    """Part files below `path`: a single file, a folder of parts, or a batch output folder holding `folder`/."""
    fs, root = filesystem(path)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.File:
        return fs, [root]
    if info.type == pafs.FileType.NotFound:
        raise InputError(f"{path}: no such file or folder")
    sub = f"{root}/{folder}"
    if fs.get_file_info(sub).type == pafs.FileType.Directory:
        root = sub
    found = fs.get_file_info(pafs.FileSelector(root, recursive=False))
    files = sorted(
        f.path for f in found if f.type == pafs.FileType.File and f.base_name.endswith((".parquet", ".jsonl"))
        and not f.base_name.startswith((".", "_"))
    )
    return fs, files


def _rows(fs: pafs.FileSystem, file: str) -> Iterator[dict]:
    if file.endswith(".parquet"):
        for batch in pq.ParquetFile(file, filesystem=fs).iter_batches(batch_size=256):
            yield from batch.to_pylist()
        return
    with fs.open_input_stream(file) as stream:
        for line in stream.read().decode("utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def read_parquet_records(path: str | Path) -> Iterator[Record]:
    """Records from batch output, exactly as written: a .parquet file, a folder of parts, or OUTPUT_DIR."""
    fs, files = _parts(str(path), RECORDS_DIR)
    for file in files:
        for row in _rows(fs, file):
            yield Record.from_json(row)


def read_records(path: str | Path) -> Iterator[Record]:
    """Records from batch output in either format (Parquet or JSON Lines parts)."""
    return read_parquet_records(path)


def read_failures(path: str | Path) -> Iterator[Failure]:
    """The failures table of a batch output folder (or a failures part file), in input order."""
    fs, files = _parts(str(path), FAILURES_DIR)
    for file in files:
        for row in _rows(fs, file):
            yield Failure.from_json(row)
