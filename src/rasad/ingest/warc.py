"""WARC archives (warcio): every HTML response in the archive is one article, its URL the record's target."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

from rasad.errors import InputError
from rasad.ingest.decode import decode_bytes
from rasad.ingest.html import extract_html
from rasad.records import Failure, RawArticle


def read_warc(data: bytes, origin: str) -> Iterator[RawArticle | Failure]:
    """HTML responses of a .warc or .warc.gz file, in archive order; a cut-off archive is read up to the cut."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    records = iter(ArchiveIterator(io.BytesIO(data)))
    number = 0
    while True:
        number += 1
        where = f"{origin}#{number}"
        try:
            record = next(records, None)
        except ArchiveLoadFailed as exc:
            yield Failure(origin, f"{origin}: not a readable WARC archive ({exc})")
            return
        except Exception as exc:  # warcio raises AttributeError, ValueError, zlib.error… on cut headers
            yield Failure(where, f"{where}: broken WARC record header ({type(exc).__name__}: {exc}); "
                                 "the rest of the archive is unreadable")  # fmt: skip
            return
        if record is None:
            break
        if record.rec_type != "response":
            continue
        try:
            payload = record.content_stream().read()
        except Exception as exc:  # a broken chunked or gzip Content-Encoding body
            found = True
            yield Failure(where, f"{where}: unreadable response body ({type(exc).__name__}: {exc})")
            continue
        # Bytes the record header promised but the file does not have: the archive was cut here.
        missing = getattr(record.raw_stream, "limit", 0) or 0
        headers = record.http_headers
        content_type = (headers.get_header("Content-Type") or "") if headers is not None else ""
        if "html" not in content_type.lower():
            if missing and not content_type:  # cut before the HTTP headers ended: it may have been HTML
                found = True
                yield _truncated(None, where, record.length, missing)
            continue
        found = True
        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            html, _ = decode_bytes(payload, where)
        except InputError as exc:
            yield Failure(where, str(exc))
            continue
        item = extract_html(html, where, url=url) if html.strip() else None
        if missing:
            yield _truncated(item, where, record.length, missing)
        elif item is not None:
            yield item
        else:
            yield Failure(where, f"{where}: empty response body")
    if not found:
        yield Failure(origin, f"{origin}: no HTML responses in the WARC archive")


def _truncated(item: RawArticle | Failure | None, where: str, length: int, missing: int) -> RawArticle | Failure:
    """A record cut short: keep what text there is, with a warning; fail when there is none."""
    note = f"{where}: WARC record truncated ({length - missing} of {length} bytes)"
    if isinstance(item, RawArticle):
        return replace(item, warnings=(*item.warnings, f"{note}; the article may be cut short"))
    return Failure(where, f"{note}; no article text in what is left")


# read_path hands this reader the file's bytes: WARC files are binary (and often gzip-compressed).
read_warc.reads_bytes = True  # type: ignore[attr-defined]
