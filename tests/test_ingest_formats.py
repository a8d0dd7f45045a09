"""HTML pages, RSS/Atom feeds and WARC archives become RawArticles with their metadata."""

from __future__ import annotations

import io
from pathlib import Path

from rasad.ingest import read_path
from rasad.records import Failure, RawArticle

BODY = "هیئت‌های آمریکایی و روسی روز شنبه در فلوریدا دیدار کردند. " * 6
HTML = f"""<!doctype html><html lang="fa"><head><meta charset="utf-8"><title>دیدار در فلوریدا</title>
<meta property="og:title" content="دیدار در فلوریدا"><meta name="author" content="اعظم پورکند">
<meta property="article:published_time" content="2025-12-20T10:00:00Z"><meta property="og:site_name" content="باشگاه خبرنگاران">
</head><body><nav>خانه | اخبار</nav><article><h1>دیدار در فلوریدا</h1><p>{BODY}</p><p>{BODY}</p></article>
<footer>کلیه حقوق محفوظ است</footer></body></html>"""


def test_ingest_formats_html_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    [article] = list(read_path(page))
    assert isinstance(article, RawArticle), article
    assert "فلوریدا دیدار کردند" in article.text and "حقوق محفوظ" not in article.text
    assert (article.title, article.published, article.author) == ("دیدار در فلوریدا", "2025-12-20", "اعظم پورکند")


def test_ingest_formats_html_without_text_fails_clearly(tmp_path: Path) -> None:
    page = tmp_path / "empty.htm"
    page.write_text("<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8")
    [failure] = list(read_path(page))
    assert isinstance(failure, Failure) and "no article text" in failure.reason


def test_ingest_formats_rss_and_atom(tmp_path: Path) -> None:
    rss = tmp_path / "feed.rss"
    rss.write_text(f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>ایرنا</title>
<item><title>خبر یک</title><link>https://irna.ir/1</link><pubDate>Sat, 20 Dec 2025 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>بی‌متن</title><link>https://irna.ir/2</link></item></channel></rss>""", encoding="utf-8")
    first, second = list(read_path(rss))
    assert isinstance(first, RawArticle) and isinstance(second, Failure)
    assert (first.source, first.title, first.url, first.published) == ("ایرنا", "خبر یک", "https://irna.ir/1", "2025-12-20")
    assert "<p>" not in first.text and "فلوریدا" in first.text
    atom = tmp_path / "feed.atom"
    atom.write_text(f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>ایسنا</title>
<entry><title>خبر دو</title><link href="https://isna.ir/2"/><updated>2025-12-21T08:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>""", encoding="utf-8")
    [entry] = list(read_path(atom))
    assert isinstance(entry, RawArticle) and (entry.source, entry.published) == ("ایسنا", "2025-12-21")


def test_ingest_formats_warc_gz(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "crawl.warc.gz"
    with archive.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, kind in (("https://a.ir/1", HTML.encode(), "text/html; charset=utf-8"),
                                ("https://a.ir/logo.png", b"\x89PNG", "image/png")):  # fmt: skip
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    [article] = list(read_path(archive))
    assert isinstance(article, RawArticle), article
    assert article.url == "https://a.ir/1" and "فلوریدا" in article.text
    # A folder scan finds the double suffix too.
    assert [a.url for a in read_path(tmp_path) if isinstance(a, RawArticle)] == ["https://a.ir/1"]


def test_ingest_formats_broken_warc_fails_clearly(tmp_path: Path) -> None:
    archive = tmp_path / "bad.warc"
    archive.write_bytes(b"not a warc at all\r\n\r\n")
    items = list(read_path(archive))
    assert items and all(isinstance(i, Failure) for i in items)
