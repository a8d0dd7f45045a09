"""Write the bad-input corpus beside this script: small files that real feeds get wrong, and manifest.json.

Run `python tests/bad_inputs/make.py` after changing a case; tests/test_bad_inputs.py checks that the
committed files are exactly what this script writes. Every text here is made up for the test (no news
article is copied). The 50 MB article is not committed: the test makes it at run time.

Each manifest entry says why the file exists and what rasad must do with it:
  stored    articles that must come out as records (and be stored by `rasad ingest`)
  failed    articles or records that must be refused, each with a message naming the file
  messages  substrings that must appear in those refusal messages (file, line or record number, reason)
  warnings  substrings that must appear in the stored records' warnings
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# Made-up Persian sentences: enough text for every stage to have something to do.
BODY = (
    "وزیر امور خارجه روز شنبه در تهران با همتای ترکیه‌ای خود دیدار کرد. "
    "او گفت: «گفت‌وگوها دربارهٔ تجارت مرزی ادامه دارد.» "
    "سخنگوی دولت نیز اعلام کرد که نشست بعدی هفتهٔ آینده برگزار می‌شود."
)
HEADER = " date 2025-12-20 خبرگزاری آزمایشی؛ نویسندهٔ آزمایشی - "


def _feed() -> bytes:
    """An RSS feed whose entries break in different ways, and which is itself cut off at the end."""
    items = [
        f"<item><title>خبر سالم</title><link>https://example.ir/feed/1</link>"
        f"<pubDate>Sat, 20 Dec 2025 10:00:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p>]]></description></item>",
        # no description, no content: nothing to analyze
        "<item><title>بدون متن</title><link>https://example.ir/feed/2</link></item>",
        # an unreadable date: the entry is kept, the date left empty
        f"<item><title>تاریخ خراب</title><pubDate>32 Foo 20x5</pubDate><description>{BODY}</description></item>",
        # HTML that is only markup
        "<item><title>فقط برچسب</title><description><![CDATA[<p><br/></p>]]></description></item>",
        # an unescaped ampersand and an unclosed tag inside the entry
        f"<item><title>R&D خبر</title><description>{BODY} <b>پایان</description></item>",
    ]
    xml = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>فید آزمایشی</title>'
    return (xml + "\n".join(items) + "\n<item><title>بریده").encode()


def _warc(gzipped: bool) -> bytes:
    """Two HTML responses and a third cut off in the middle of its body."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for number in (1, 2, 3):
        html = (
            f'<html lang="fa"><head><meta charset="utf-8"><title>خبر {number}</title></head><body><article>'
            f"<h1>خبر شمارهٔ {number}</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
        ).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.ir/{number}", "response", payload=io.BytesIO(html), http_headers=headers
        )
        # Fixed dates and ids so the file is the same on every run.
        record.rec_headers.replace_header("WARC-Date", "2025-12-20T10:00:00Z")
        record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:00000000-0000-0000-0000-00000000000{number}>")
        writer.write_record(record)
    data = buffer.getvalue()
    if gzipped:
        # Each record is its own gzip member; cut the last member in half.
        members = _gzip_member_starts(data)
        return data[: members[-1] + (len(data) - members[-1]) // 2]
    return data[: len(data) - 200]


def _gzip_member_starts(data: bytes) -> list[int]:
    starts, position = [], 0
    while position < len(data):
        starts.append(position)
        decompressor = zlib.decompressobj(31)
        decompressor.decompress(data[position:])
        position = len(data) - len(decompressor.unused_data)
    return starts


def _jsonl() -> bytes:
    lines = [
        json.dumps({"text": BODY, "published": "2025-12-20", "title": "سالم"}, ensure_ascii=False),
        '{"text": "بریده شده',  # truncated line
        "[1, 2, 3]",  # not an object
        json.dumps({"title": "بدون متن"}, ensure_ascii=False),
        json.dumps({"text": 42}),
        "",  # blank lines are skipped, not errors
        json.dumps({"text": "   "}),  # whitespace only
        "[" * 5_000 + "]" * 5_000,  # nesting deeper than Python's recursion limit
        json.dumps({"body": BODY, "date": "not a date"}, ensure_ascii=False),
        "\x1b[31m garbage \x1b[0m",  # terminal escape codes
        json.dumps({"text": BODY + " پایان.", "published": "۱۴۰۴/۰۹/۲۹"}, ensure_ascii=False),
    ]
    return "\n".join(lines).encode()


def _csv() -> bytes:
    rows = [
        "title,text,published",
        f'"عنوان با ""نقل‌قول""","{BODY}\nبند دوم خبر، با ""نقل‌قول"" و ویرگول.\r\nبند سوم.",2025-12-20',
        f'ساده,{BODY.replace(",", "")} ساده,2025-12-19',
        f'ستون اضافه,{BODY.replace(",", "")} اضافه,2025-12-18,اضافه',
        'بدون متن,,2025-12-17',
        f'"بسته نشده","{BODY} و این نقل‌قول هرگز بسته نمی‌شود,2025-12-16',
    ]
    return "\n".join(rows).encode()


def _nested_html(depth: int) -> bytes:
    paragraph = f"<p>{BODY}</p>" * 3
    return (
        f'<html lang="fa"><head><meta charset="utf-8"><title>تودرتو</title></head><body>'
        f"{'<div>' * depth}<article>{paragraph}</article>{'</div>' * depth}</body></html>"
    ).encode()


def _deep_json() -> bytes:
    return ('{"text": "' + BODY + '", "extra": ' + "[" * 10_000 + "]" * 10_000 + "}").encode()


def cases() -> dict[str, tuple[bytes, dict[str, Any]]]:
    """File name -> (bytes, manifest entry)."""
    good = (HEADER + BODY).encode()
    bidi = (
        HEADER
        + "\u200fوزیر\u200e (Foreign Minister) \u202bگفت\u202c: «\u2067نشست\u2069 \u202eدر Geneva\u202c"
        + " \u2066برگزار شد\u2069.» \u061cسپس\u200f\u200e\u200c\u200d رفت. "
        + "\u202dLRO text\u202c \u2068FSI\u2069"
    )
    return {
        "empty.txt": (b"", {"why": "a zero-byte file", "failed": 1, "messages": ["empty.txt: the article is empty"]}),
        "whitespace.txt": (
            " \t\r\n\u00a0\u200c\u200f\u202f\u3000\n".encode(),
            {"why": "only spaces, tabs, newlines, NBSP, ZWNJ and RLM: nothing to read", "failed": 1,
             "messages": ["whitespace.txt: the article is empty"]},
        ),
        "binary.txt": (
            bytes(range(256)) * 8,
            {"why": "random-looking binary data with a text suffix", "failed": 1, "messages": ["binary data"]},
        ),
        "image.png.txt": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
            {"why": "an image saved under a text name", "failed": 1, "messages": ["binary data"]},
        ),
        "nul_bytes.txt": (
            (HEADER + BODY).encode().replace(" ".encode(), b"\x00 ", 3),
            {"why": "Persian text with a few stray NUL bytes (broken export): decoded, NULs dropped with a warning",
             "stored": 1, "warnings": ["NUL"]},
        ),
        "windows1256.txt": (
            (HEADER + BODY).replace("ی", "ي").replace("ک", "ك").replace("ٔ", "").replace("\u200c", " ")
            .encode("cp1256"),
            {"why": "Persian in the old Windows-1256 code page", "stored": 1, "warnings": ["Windows-1256"]},
        ),
        "utf16le_bom.txt": (
            codecs.BOM_UTF16_LE + (HEADER + BODY).encode("utf-16-le"),
            {"why": "UTF-16 little-endian with a byte order mark (Notepad's 'Unicode')", "stored": 1},
        ),
        "utf16be_nobom.txt": (
            (HEADER + BODY).encode("utf-16-be"),
            {"why": "UTF-16 big-endian without a byte order mark", "stored": 1, "warnings": ["utf-16-be"]},
        ),
        "utf16_truncated.txt": (
            codecs.BOM_UTF16_LE + (HEADER + BODY).encode("utf-16-le")[:-1],
            {"why": "UTF-16 cut in the middle of a character", "failed": 1, "messages": ["utf-16"]},
        ),
        "latin1.txt": (
            "Le ministre a déclaré à Genève que les négociations continuent. Été, café, naïve.".encode("latin-1"),
            {"why": "Latin-1 text: neither UTF-8 nor Persian Windows-1256", "failed": 1,
             "messages": ["not valid UTF-8", "convert it to UTF-8"]},
        ),
        "bidi_controls.txt": (
            bidi.encode(),
            {"why": "RLM/LRM/ALM marks, embeddings, overrides and isolates mixed with English", "stored": 1},
        ),
        "no_persian.txt": (
            b"The foreign minister met his Turkish counterpart in Tehran on Saturday.\n"
            b"He said talks on border trade continue. 2025-12-20.",
            {"why": "an English article: analyzed, with a warning that it is not Persian", "stored": 1,
             "warnings": ["Persian"]},
        ),
        "one_long_word.txt": (
            ("ا" * 20_000).encode(),
            {"why": "20,000 letters without a space or punctuation", "stored": 1},
        ),
        "nested.html": (
            _nested_html(2000),
            {"why": "an article inside 2,000 nested <div>s, deeper than the HTML parser keeps", "failed": 1,
             "messages": ["nested.html: no article text found: the HTML is nested"]},
        ),
        "nested_shallow.html": (
            _nested_html(200),
            {"why": "an article inside 200 nested <div>s, deep but readable", "stored": 1},
        ),
        "truncated_tag.html": (
            f'<html><head><meta charset="utf-8"><title>بریده</title></head><body><article><p>{BODY}</p><p>{BODY}'
            .encode() + b"<div class=\"x",
            {"why": "HTML cut off mid-tag, no closing tags", "stored": 1},
        ),
        "broken_entries.rss": (
            _feed(),
            {"why": "a feed with a good entry, an empty one, a bad date, markup only, bad XML, cut off", "stored": 3,
             "failed": 3, "messages": ["broken_entries.rss[1]: entry 'بدون متن' has no text",
                                       "broken_entries.rss[3]: entry 'فقط برچسب' has no text (content and "
                                       "description only markup)", "broken_entries.rss[5]"],
             "warnings": ["unreadable date"]},
        ),
        "not_a_feed.xml": (
            b"<?xml version='1.0'?><catalog><book id='1'>no feed here</book></catalog>",
            {"why": "XML that is not RSS or Atom", "failed": 1, "messages": ["no feed entries"]},
        ),
        "truncated.warc.gz": (
            _warc(gzipped=True),
            {"why": "a gzipped WARC whose third record is cut in half", "stored": 2, "failed": 1,
             "messages": ["truncated.warc.gz#3: WARC record truncated"]},
        ),
        "truncated.warc": (
            _warc(gzipped=False),
            {"why": "an uncompressed WARC whose last record is cut short: what is left is kept, with a warning",
             "stored": 3, "warnings": ["truncated.warc#3: WARC record truncated"]},
        ),
        "broken_lines.jsonl": (
            _jsonl(),
            {"why": "JSON Lines with truncated, non-object, text-less, too-deep and garbage lines", "stored": 3,
             "failed": 7,
             "messages": ["broken_lines.jsonl:2: invalid JSON", "broken_lines.jsonl:3: expected a JSON object",
                          "broken_lines.jsonl:4: no 'text' field", "broken_lines.jsonl:5: 'text' is a int",
                          "broken_lines.jsonl:7", "broken_lines.jsonl:8: JSON nested too deeply",
                          "broken_lines.jsonl:10: invalid JSON"],
             "warnings": ["unreadable date", "Jalali date"]},
        ),
        "deep_nesting.json": (
            _deep_json(),
            {"why": "a JSON article with a field nested 10,000 levels deep", "failed": 1,
             "messages": ["deep_nesting.json: JSON nested too deeply"]},
        ),
        "quotes_newlines.csv": (
            _csv(),
            {"why": "CSV with quoted newlines (LF and CRLF), doubled quotes, an extra field, an empty text and an "
                    "unclosed quote", "stored": 3, "failed": 2,
             "messages": ["quotes_newlines.csv:6: more fields", "quotes_newlines.csv:7"]},
        ),
        "dates_odd.jsonl": (
            "\n".join(json.dumps(item, ensure_ascii=False) for item in [
                {"text": "فردا و هفتهٔ آینده جلسه برگزار می‌شود. " + BODY, "published": "9999-12-31"},
                {"text": "دیروز و سال گذشته جلسه برگزار شد. " + BODY, "published": "0001-01-01"},
                {"text": "پس‌فردا نشست دوم است. " + BODY, "published": "2999-06-01"},
                {"text": "دیروز نشست اول بود. " + BODY, "published": "0000-00-00"},
                {"text": "امروز نشست سوم است. " + BODY, "published": "2025-02-30"},
            ]).encode(),
            {"why": "publication dates in the far future, year 0001, 0000-00-00 and 30 February: each article is "
                    "kept, the impossible date left empty with a warning", "stored": 5,
             "warnings": ["9999-12-31", "0001-01-01", "2999-06-01", "0000-00-00", "2025-02-30"]},
        ),
        "jalali_date.txt": (
            (" date ۱۴۰۴/۰۹/۲۹ خبرگزاری آزمایشی؛ نویسندهٔ آزمایشی - دیروز " + BODY).encode(),
            {"why": "a Jalali publication date in Persian digits in the header line", "stored": 1,
             "warnings": ["Jalali date"]},
        ),
        "good.txt": (good, {"why": "a well-formed article: the control case", "stored": 1}),
    }


def write(folder: Path = HERE) -> dict[str, dict[str, Any]]:
    """Write every case and manifest.json into folder; return the manifest."""
    manifest = {}
    for name, (data, entry) in sorted(cases().items()):
        (folder / name).write_bytes(data)
        manifest[name] = {"stored": 0, "failed": 0, "messages": [], "warnings": [], **entry}
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text(_readme(manifest), encoding="utf-8")
    return manifest


def _readme(manifest: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Bad inputs",
        "",
        "Files real feeds get wrong, each with the reason it is here and what rasad must do with it",
        "(`stored` articles become records, `failed` ones are refused with a message naming the file and",
        "line or record). Written by `make.py` (do not edit by hand; edit `make.py` and run it); checked by",
        "`tests/test_bad_inputs.py`, which also makes a 50 MB article at run time.",
        "",
        "| file | why | stored | failed |",
        "| --- | --- | --- | --- |",
    ]
    for name, entry in manifest.items():
        lines.append(f"| `{name}` | {entry['why']} | {entry['stored']} | {entry['failed']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for name, entry in write().items():
        print(f"{name:24} {entry['why']}")
