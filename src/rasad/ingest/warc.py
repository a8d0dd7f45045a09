"""WARC archives (warcio): every HTML response in the archive is one article, its URL the record's target."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rasad.errors import InputError
from rasad.ingest.decode import decode_bytes
from rasad.ingest.html import extract_html
from rasad.records import Failure, RawArticle


def read_warc(data: bytes, origin: str) -> Iterator[RawArticle | Failure]:
    """HTML responses of a .warc or .warc.gz file, in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data)), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
                continue
            found = True
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{number}"
            try:
                html, _ = decode_bytes(record.content_stream().read(), where)
            except InputError as exc:
                yield Failure(where, str(exc))
                continue
            yield extract_html(html, where, url=url)
    except ArchiveLoadFailed as exc:
        yield Failure(origin, f"{origin}: not a readable WARC archive ({exc})")
        return
    if not found:
        yield Failure(origin, f"{origin}: no HTML responses in the WARC archive")


# read_path hands this reader the file's bytes: WARC files are binary (and often gzip-compressed).
read_warc.reads_bytes = True  # type: ignore[attr-defined]
