"""CSV and TSV files with a header row naming the fields (text, published, source, title, url, author)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from rasad.errors import InputError
from rasad.ingest.fields import FIELD_NAMES, article_from_fields
from rasad.records import Failure, RawArticle

# Article bodies are far longer than the csv module's default field limit of 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(text: str, origin: str, delimiter: str = ",") -> Iterator[RawArticle | Failure]:
    """One article per row; the row's line number names it in messages."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    if not any(name in header for name in FIELD_NAMES["text"]):
        yield Failure(origin, f"{origin}: no 'text' column in the header (columns: {', '.join(header) or 'none'})")
        return
    line = reader.line_num + 1
    try:
        for row in reader:
            where = f"{origin}:{line}"
            line = reader.line_num + 1
            if None in row:
                yield Failure(where, f"{where}: more fields than the header has columns")
                continue
            try:
                yield article_from_fields(row, where)
            except InputError as exc:
                yield Failure(where, str(exc))
    except csv.Error as exc:
        yield Failure(f"{origin}:{reader.line_num}", f"{origin}:{reader.line_num}: broken CSV ({exc})")
