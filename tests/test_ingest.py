"""Reading articles: the seed's text form, JSONL, CSV, and bad input reported by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.ingest import read_path
from rasad.ingest.dates import DateError, parse_published
from rasad.records import Failure, RawArticle

HEADER = " date 2025-12-21 باشگاه خبرنگاران جوان؛ اعظم پورکند - "


def read_all(path: Path) -> list[RawArticle | Failure]:
    return list(read_path(path))


def test_ingest_text_seed_form(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(HEADER + "بند اول.\n\nبند دوم.\n", encoding="utf-8")
    [article] = read_all(path)
    assert isinstance(article, RawArticle)
    assert (article.published, article.source, article.author) == ("2025-12-21", "باشگاه خبرنگاران جوان", "اعظم پورکند")
    assert article.text == "بند اول.\n\nبند دوم.\n"
    assert article.origin == str(path) and article.warnings == ()


def test_ingest_text_without_header_keeps_body_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("تیتر خبر\nمتن خبر.", encoding="utf-8")
    [article] = read_all(path)
    assert article.published is None and article.title == "تیتر خبر"
    assert article.text == "تیتر خبر\nمتن خبر."
    assert "no date line" in article.warnings[0]


@pytest.mark.parametrize(
    ("header", "warning"),
    [
        (" date 2025-13-45 منبع؛ نویسنده - ", "impossible date '2025-13-45'"),
        (" date yesterday منبع - ", "unreadable date 'yesterday'"),
        (" date 2025-01-01 no separator here", "malformed date line"),
    ],
)
def test_ingest_text_bad_date_line_warns_with_line(tmp_path: Path, header: str, warning: str) -> None:
    path = tmp_path / "c.txt"
    path.write_text(header + "متن.", encoding="utf-8")
    [article] = read_all(path)
    assert isinstance(article, RawArticle) and article.published is None
    assert f"{path}:1" in article.warnings[0] and warning in article.warnings[0]


def test_ingest_jsonl_broken_line_is_reported_and_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    lines = [
        json.dumps({"text": "یک", "published": "2024-05-01", "source": "s", "title": "t", "url": "u", "author": "a"}),
        '{"text": "دو",',
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "سه", "published": "1403-02-12"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = read_all(path)
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "Failure", "RawArticle"]
    assert items[0].title == "t" and items[0].url == "u" and items[0].author == "a"
    assert items[1].origin == f"{path}:2" and "invalid JSON" in items[1].reason
    assert "no 'text' field" in items[2].reason
    assert items[3].published == "2024-05-01" and "Jalali" in items[3].warnings[0]


def test_ingest_csv_with_embedded_newlines_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        'title,text,published,source\n"تیتر","بند یک،\n""نقل"" بند دو",2025-01-02,ایرنا\nبی‌متن,,,\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert isinstance(items[0], RawArticle) and items[0].text == 'بند یک،\n"نقل" بند دو'
    assert items[0].source == "ایرنا" and items[0].published == "2025-01-02"
    # A row with an empty text is read; the pipeline reports it as an empty article, by its line.
    assert items[1].origin == f"{path}:4" and items[1].text == ""


def test_ingest_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("title,body2\na,b\n", encoding="utf-8")
    [failure] = read_all(path)
    assert isinstance(failure, Failure) and "no 'text' column" in failure.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),  # reported by the pipeline, read here as an empty article
        (b"\x00\x01\x02\xff\xfe\x00garbage" * 10, "binary"),
        ("سلام دنيا، گزارش".encode("cp1256"), "Windows-1256"),  # cp1256 has only Arabic yeh
        ("سلام دنیا".encode("utf-16"), None),
        ("سلام دنیا".encode("utf-16-le"), "utf-16-le"),
        ("\ufeffسلام".encode(), None),
    ],
)
def test_ingest_decoding(tmp_path: Path, data: bytes, expected: str | None) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    [item] = read_all(path)
    if expected == "binary":
        assert isinstance(item, Failure) and "binary data" in item.reason and str(path) in item.reason
        return
    assert isinstance(item, RawArticle)
    if expected == "empty":
        assert item.text == ""
    else:
        assert "سلام" in item.text
    if expected not in (None, "empty"):
        assert any(expected in w for w in item.warnings)


def test_ingest_folder_reads_supported_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("دو", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"text": "یک"}\n', encoding="utf-8")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    assert [i.text for i in read_all(tmp_path)] == ["یک", "دو"]


def test_ingest_missing_file_is_a_failure(tmp_path: Path) -> None:
    [item] = read_all(tmp_path / "nope.txt")
    assert isinstance(item, Failure) and "cannot read" in item.reason


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-12-21", "2025-12-21"),
        ("۲۰۲۵/۱۲/۲۱", "2025-12-21"),
        ("2025-12-21T08:30:00+03:30", "2025-12-21"),
        ("1404-09-30", "2025-12-21"),  # Jalali
        ("Sun, 21 Dec 2025 10:00:00 GMT", "2025-12-21"),  # RFC 2822 (feeds)
    ],
)
def test_ingest_dates(value: str, iso: str) -> None:
    assert parse_published(value)[0] == iso


@pytest.mark.parametrize("value", ["2025-02-30", "1403-13-01", "soon", "0000-01-01"])
def test_ingest_bad_dates(value: str) -> None:
    with pytest.raises(DateError):
        parse_published(value)
