"""Security against a live `rasad serve` on 127.0.0.1: write token, read-only mode, request limits, hostile
search queries, SQL built only from constants, security headers, and article markup shown as text in Chromium."""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import httpx
import pytest
from sql_audit import Auditor

from rasad.api import deps
from rasad.api.settings import Settings
from rasad.records import Entity, Event, Participant, Quote, Record, Span, Speaker
from test_api import LiveServer

REPO = Path(__file__).resolve().parents[1]
RASAD = str(Path(sys.executable).parent / "rasad")
TOKEN = "s3cret-\u00e9-token"

# ---- the hostile archive: markup in text, title, author, source, entity names, quote, posted article ----

SPEAKER = '<b onmouseover="window.hacked=3">ستاد</b>'
SPEAKER_EN = "Staff <svg onload=window.hacked=5>"
QUOTED = "<i>این &amp; آن</i> <script>window.hacked=4</script>"
MARKUP_TEXT = (
    "گزارش آزمایشی امنیت <script>window.hacked=1</script> دربارهٔ بندرگاه <img src=x onerror=\"window.hacked=2\"> "
    f"و سخنگوی {SPEAKER} گفت «{QUOTED}» و دیدار با ایران پایان یافت."
)
MARKUP_SOURCE = 'منبع"><svg onload=window.hacked=8>'
POSTED = {
    "text": "خبر ارسالی آزمایشی <script>window.hacked=9</script> و <img src=x onerror=window.hacked=10> "
    "دربارهٔ دیدار هیئت ایران و عراق در بغداد.",
    "title": "<script>window.hacked=11</script> تیتر ارسالی",
    "source": "<i>ارسالی</i>",
    "published": "2025-03-01",
}


def markup_record() -> Record:
    """An analyzed record whose every displayed field carries markup."""
    text = MARKUP_TEXT
    s, q = text.index(SPEAKER), text.index(QUOTED)
    staff = Entity("e1", "ORG", SPEAKER, SPEAKER_EN, None, (Span(s, s + len(SPEAKER), SPEAKER),))
    iran = text.index("ایران")
    return Record(
        id=hashlib.sha1((MARKUP_SOURCE + text).encode()).hexdigest(), source=MARKUP_SOURCE,
        author="<i>نویسنده</i>", published="2024-05-06",
        title="<script>window.hacked=6</script> عنوان &lt;b&gt; <img src=x onerror=window.hacked=7>",
        language="fa", text=text,
        entities=(staff, Entity("e2", "LOC", "ایران", "Iran", None, (Span(iran, iran + 5, "ایران"),))),
        quotes=(Quote("direct", q, q + len(QUOTED), QUOTED, "گفت", Speaker("e1", SPEAKER)),),
        events=(Event("CONSULT", None, Span(iran + 6, iran + 6 + 5, text[iran + 6 : iran + 11]),
                      (Participant("e1", SPEAKER_EN),), (Participant("e2", "Iran"),), None, "2024-05-06", 0),),
    )  # fmt: skip


def plain_record(i: int) -> Record:
    text = f"گزارش شمارهٔ {i} دربارهٔ بازار ارز و تورم در تهران و مذاکرات ایران."
    return Record(id=hashlib.sha1(("ایسنا" + text).encode()).hexdigest(), source="ایسنا", author=None,
                  published=f"2025-01-{i + 1:02d}", title=f"گزارش {i}", language="fa", text=text)  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by `rasad ingest` from a JSON Lines file of analyzed records (stored as they are)."""
    work = tmp_path_factory.mktemp("security")
    source, db = work / "records.jsonl", work / "archive.db"
    records = [markup_record(), *(plain_record(i) for i in range(12))]
    source.write_text("".join(r.dumps() + "\n" for r in records), encoding="utf-8")
    done = subprocess.run([RASAD, "ingest", str(source), "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[LiveServer]:
    live = LiveServer(archive, token=TOKEN)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as opened:
        yield opened


@pytest.fixture(scope="module")
def posted(client: httpx.Client) -> dict:
    """The raw article with markup, analyzed and stored through POST /api/articles with the token."""
    response = client.post("/api/articles", json=POSTED, headers={"Authorization": f"Bearer {TOKEN}".encode()})
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: httpx.Response, *statuses: int) -> dict:
    """The one JSON error shape, with one of the expected statuses."""
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


def article_count(client: httpx.Client) -> int:
    return int(client.get("/api/health").json()["articles"])


# ---- the write token ----


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong"},
    {"Authorization": "Bearer " + TOKEN[:-1]},  # a prefix is not the token
    {"Authorization": "Bearer " + TOKEN + "x"},  # nor is a longer string starting with it
    {"Authorization": "Basic " + TOKEN},
    {"Authorization": TOKEN},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer " + TOKEN.upper()},
    {"X-API-Token": TOKEN},
])  # fmt: skip
def test_security_write_refused_without_the_right_token(client: httpx.Client, headers: dict[str, str]) -> None:
    before = article_count(client)
    article = {"text": "هیئت ایران و عراق روز شنبه در بغداد دیدار کردند.", "source": "آزمون امنیت"}
    sent = {k: v.encode() for k, v in headers.items()}
    assert_error(client.post("/api/articles", json=article, headers=sent), 401)
    # The token in the query string is not a credential either.
    assert_error(client.post("/api/articles", json=article, params={"token": TOKEN}, headers=sent), 401)
    assert article_count(client) == before


def test_security_write_with_the_token_stores_once(client: httpx.Client, posted: dict) -> None:
    assert posted["status"] in ("added", "unchanged")
    again = client.post("/api/articles", json=POSTED, headers={"Authorization": f"Bearer {TOKEN}".encode()})
    assert again.json()["status"] == "unchanged"
    assert client.get(f"/api/articles/{posted['id']}").json()["text"] == POSTED["text"]


def test_security_read_only_without_a_configured_token(archive: Path) -> None:
    live = LiveServer(archive, token=None)
    try:
        with httpx.Client(base_url=live.url, timeout=30) as c:
            assert c.get("/api/health").json()["read_only"] is True
            before = article_count(c)
            for header in (None, "Bearer", f"Bearer {TOKEN}", "Bearer None", "Bearer null"):
                headers = {"Authorization": header.encode()} if header is not None else {}
                assert_error(c.post("/api/articles", json={"text": "متن آزمایشی", "source": "x"}, headers=headers), 403)
            assert article_count(c) == before
            assert c.get("/api/search", params={"q": "گزارش"}).json()["items"]  # reads still work
            for method in ("PUT", "PATCH", "DELETE"):
                assert c.request(method, "/api/articles/x").status_code in (404, 405)
    finally:
        live.stop()


def test_security_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # The code: the token reaches a comparison only through hmac/secrets.compare_digest, never `==`.
    tree = ast.parse(textwrap.dedent(inspect.getsource(deps.require_token)))
    compares = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)
                and any("token" in ast.unparse(side) for side in (n.left, *n.comparators))]  # fmt: skip
    assert not compares, [ast.unparse(c) for c in compares]
    digests = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func).endswith("compare_digest")]
    assert digests and ast.unparse(digests[0].func) in ("hmac.compare_digest", "secrets.compare_digest")
    # The behaviour: every verdict goes through compare_digest, with both sides as bytes.
    seen: list[tuple[object, object]] = []
    real = deps.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=Settings(token="abc"))))
    deps.require_token(request, "Bearer abc")  # type: ignore[arg-type]
    with pytest.raises(Exception) as refused:
        deps.require_token(request, "Bearer abd")  # type: ignore[arg-type]
    assert refused.value.status_code == 401  # type: ignore[attr-defined]
    assert seen == [(b"abc", b"abc"), (b"abd", b"abc")]


# ---- request limits ----


def test_security_long_query_strings_and_paths_are_refused(client: httpx.Client) -> None:
    limit = Settings().max_query_string
    for path in ("/api/search", "/", "/api/events", "/entities"):
        assert_error(client.get(path, params={"q": "a" * (limit + 10)}), 414)
    assert_error(client.get("/api/articles/" + "a" * (limit + 10)), 414)
    # Under the URL limit but over a parameter's own: a 422 in the error shape, not a crash.
    assert_error(client.get("/api/search", params={"q": "ایران " * 110}), 422)
    assert_error(client.get("/api/entities", params={"q": "ب" * 300}), 422)


def test_security_large_bodies_are_refused(client: httpx.Client) -> None:
    limit = Settings().max_body_bytes
    big = json.dumps({"text": "ا" * limit}).encode()
    for path in ("/api/articles", "/api/analyze"):
        assert_error(client.post(path, content=big, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds for chunked uploads too
        for _ in range(limit // 65_536 + 2):
            yield b"a" * 65_536

    assert_error(client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"}), 413)
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize("body, content_type", [
    (b"[" * 50_000 + b"]" * 50_000, "application/json"),  # nested past Python's recursion limit
    (b'{"text": "\\ud800"}', "application/json"),  # a lone surrogate
    (b"\xff\xfe\x00", "application/json"),
    (b"text=abc", "application/x-www-form-urlencoded"),
    (b'{"text": 5}', "application/json"),
])  # fmt: skip
def test_security_malformed_bodies_get_a_clear_4xx(client: httpx.Client, body: bytes, content_type: str) -> None:
    for path in ("/api/analyze", "/api/articles"):
        headers = {"content-type": content_type, "Authorization": f"Bearer {TOKEN}".encode()}
        response = client.post(path, content=body, headers=headers)
        assert_error(response, 400, 413, 415, 422)


# ---- hostile search queries ----

HOSTILE_QUERIES = [
    '"', '""', '"""', 'ایران "', 'NEAR(', "NEAR(ایران تهران)", "ایران NEAR/2 تهران", "*", "**", "ایران*", "*ایران",
    "AND", "OR", "NOT", "OR NOT", "ایران OR NOT تهران", "ایران AND", ")(", "(", ")", "((ایران", "{", "}", "[]",
    ":", "title:ایران", "body:*", "^ایران", "-ایران", "+", "'", "' OR '1'='1", "'; DROP TABLE articles; --",
    '" OR 1=1 --', "1; SELECT * FROM sqlite_master", "' UNION SELECT sql, 1, 1, 1, 1, 1, 1 FROM sqlite_master --",
    "%", "_", "\\", "%' --", "ایران\x00تهران", "\x00", "\u202eایران\u202c", "\u200f\u200e", "\u2066ایران\u2069",
    "\u200c", "\ufeff", "ی" * 499, "ایران " * 99, "می‌خواهند‌ها‌ی‌شان‌ را‌ نمی‌ دانستند", "a " * 249,
    "<script>window.hacked=1</script>", "🙂", "ﷺ", "\u0651\u064b", "ايران ك", "۱۲۳", "NULL", "rowid:1",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_security_hostile_queries_answer_results_or_a_clear_400(client: httpx.Client, query: str) -> None:
    api = client.get("/api/search", params={"q": query})
    if api.status_code != 200:  # 422: longer than the parameter's 500 characters
        assert_error(api, 400, 422)
    else:
        assert isinstance(api.json()["items"], list)
    page = client.get("/", params={"q": query})
    assert page.status_code in (200, 400, 422), page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    # The same text as a name filter, an entity prefix, a speaker, an actor: never a server error.
    for path, params in (
        ("/api/search", {"entity": query}), ("/api/entities", {"q": query[:200]}),
        ("/api/quotes", {"speaker": query[:200]}), ("/api/events", {"actor": query[:200], "place": query[:200]}),
        ("/entities", {"q": query[:200]}), ("/events", {"actor": query[:200]}),
        ("/api/network", {"entity": query[:200]}),
    ):  # fmt: skip
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, response.status_code, response.text[:300])
    for path in (f"/api/entities/{quote(query[:300], safe='')}", f"/entities/{quote(query[:300], safe='')}",
                 f"/api/articles/{quote(query[:100], safe='')}"):  # fmt: skip
        assert client.get(path).status_code in (200, 404, 422), path


def test_security_invalid_utf8_in_the_url_is_a_client_error(server: LiveServer) -> None:
    with httpx.Client(timeout=30) as c:
        for raw in ("/api/search?q=%FF%FE", "/?q=%ED%A0%80", "/api/entities/%C0%AF", "/entities/%FF"):
            response = c.get(httpx.URL(server.url + raw))
            assert response.status_code < 500, (raw, response.status_code)


def test_security_database_intact_after_the_hostile_queries(archive: Path, client: httpx.Client) -> None:
    for query in HOSTILE_QUERIES:
        client.get("/api/search", params={"q": query})
    assert article_count(client) >= 13
    with sqlite3.connect(f"file:{archive}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "articles_fts", "entities"} <= tables


def test_security_sqlite_runs_in_wal_mode_with_a_busy_timeout(archive: Path) -> None:
    from rasad.store import open_store

    with sqlite3.connect(archive) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store = open_store(archive)
    try:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5_000  # type: ignore[attr-defined]
    finally:
        store.close()


# ---- SQL built only from constants ----


def sql_sources() -> list[Path]:
    return sorted((REPO / "src" / "rasad" / "store").glob("*.py")) + sorted((REPO / "src" / "rasad" / "api").rglob("*.py"))


def test_security_no_sql_built_from_user_input() -> None:
    auditor = Auditor(sql_sources(), REPO)
    assert auditor.sink_count() >= 50  # the audit saw the store's queries
    findings = auditor.findings()
    assert not findings, "SQL text built from values not shown to be constant:\n" + "\n".join(map(str, findings))


AUDITED_EXAMPLE = '''
SAFE = ("a", "b")
TABLES = {"entities": ("eid", "name")}

class Store:
    placeholder = "?"

    def _marks(self, count):
        return ", ".join([self.placeholder] * count)

    def _filters(self, source):
        conditions, params = [], []
        if source:
            conditions.append("a.source = ?")
            params.append(source)
        return " AND ".join(conditions) or "1 = 1", params

    def good(self, ids, source, kind):
        where, params = self._filters(source)
        for table, columns in TABLES.items():
            self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params)
        for role, value in (("actor", kind), ("target", source)):
            self.conn.execute(f"SELECT 1 WHERE role = '{role}' AND x = ?", (value,))
        self.conn.execute(f"SELECT * FROM t WHERE id IN ({self._marks(len(ids))})", ids)
        self.conn.execute("SELECT " + SAFE[0] + " FROM t", ())

    def bad_fstring(self, name):
        self.conn.execute(f"SELECT * FROM t WHERE name = '{name}'")

    def bad_concat(self, name):
        sql = "SELECT * FROM t WHERE name = '" + name + "'"
        self.conn.execute(sql)

    def bad_format(self, name):
        self.conn.execute("SELECT * FROM t WHERE name = '{}'".format(name))

    def bad_percent(self, name):
        self.conn.execute("SELECT * FROM t WHERE name = '%s'" % name)

    def bad_filters(self, source):
        where, params = self._filters(source)
        self.conn.execute("SELECT * FROM t WHERE " + where + " AND x = " + params[0])

    def bad_join(self, names):
        self.conn.execute("SELECT 1 WHERE x IN (" + ", ".join(repr(n) for n in names) + ")")
'''


def test_security_sql_audit_flags_interpolated_values_and_passes_constants(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(AUDITED_EXAMPLE, encoding="utf-8")
    findings = Auditor([module], tmp_path).findings()
    flagged = {f.function for f in findings}
    assert flagged == {"bad_fstring", "bad_concat", "bad_format", "bad_percent", "bad_filters", "bad_join"}, findings


# ---- headers ----


def test_security_headers_on_pages_api_and_errors(client: httpx.Client, posted: dict) -> None:
    for path in ("/", f"/articles/{posted['id']}", "/entities", "/events", "/entities/Iran", "/nope/here"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for response in (client.get("/api/health"), client.get("/api/search", params={"q": "a" * 5000}),
                     client.get("/api/articles/nope"), client.get("/static/style.css")):  # fmt: skip
        assert response.headers["x-content-type-options"] == "nosniff", response.url
    assert "server error" not in client.get("/api/articles/nope").text.lower()


# ---- markup shown as text, in the browser ----


INJECTED = "script:not([src]), img[src=x], [onerror], [onload], [onmouseover], svg[onload], body b, body i"


def test_security_browser_shows_article_markup_as_text(browser, server: LiveServer, posted: dict) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server.url, java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    record = markup_record()
    visits = {
        f"/articles/{record.id}": [QUOTED, "window.hacked=1", "window.hacked=6", "&lt;b&gt;", "<i>نویسنده</i>"],
        f"/articles/{posted['id']}": ["<script>window.hacked=9</script>", "window.hacked=11"],
        "/?q=" + quote("آزمایشی"): ["window.hacked=6", "window.hacked=11"],
        "/?q=" + quote("<script>window.hacked=12</script>"): [],
        "/?source=" + quote(MARKUP_SOURCE): [MARKUP_SOURCE],
        "/entities/" + quote(SPEAKER_EN, safe=""): [SPEAKER, QUOTED],
        "/entities?q=" + quote("ستاد"): [],
        "/events?actor=" + quote(SPEAKER_EN): [],
        "/entities/Iran": [],
        "/events": [],
    }
    try:
        for path, shown in visits.items():
            response = page.goto(path)
            assert response is not None and response.status < 500, path
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.hacked") == "undefined", path
            assert page.locator(INJECTED).count() == 0, path
            body = page.inner_text("body")
            for text in shown:
                assert text in body, (path, text)
        assert not dialogs, dialogs
    finally:
        context.close()
