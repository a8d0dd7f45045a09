"""The REST API against a live `rasad serve` process on 127.0.0.1, over the bundled examples plus crafted records."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from rasad.api.deps import require_token
from rasad.api.settings import Settings
from rasad.ingest import read_path
from rasad.pipeline import Pipeline
from rasad.records import Entity, Event, Participant, Quote, Record, Span, Speaker
from rasad.store import open_store

REPO = Path(__file__).resolve().parents[1]
TOKEN = "test-token-\u00e9"  # non-ASCII on purpose: compared as bytes
HOSTILE_TEXT = 'خبر آزمایشی <script>window.hacked = 1</script> دربارهٔ <b>بندر نمونه‌آباد</b> که «این یک نقل‌قول است» گفت.'


def hostile_record() -> Record:
    """An article whose title and text carry markup: every page must show it as text."""
    text = HOSTILE_TEXT
    name = "بندر نمونه‌آباد"
    start = text.index(name)
    quoted = "این یک نقل‌قول است"
    q = text.index(quoted)
    return Record(
        id=hashlib.sha1(("آزمایش" + text).encode()).hexdigest(), source="آزمایش", author="<i>نویسنده</i>",
        published="2024-02-03", title="<script>window.hacked = 2</script> عنوان <img src=x onerror=alert(1)>",
        language="fa", text=text,
        entities=(Entity("e1", "LOC", name, "Nemouneh Port <x>", None, (Span(start, start + len(name), name),)),),
        quotes=(Quote("direct", q, q + len(quoted), quoted, "گفت", Speaker("e1", name)),),
        events=(Event("CONSULT", None, Span(0, 3, text[:3]), (Participant("e1", "Nemouneh Port <x>"),),
                      (Participant(None, "Iran"),), None, "2024-02-01", 0),),
    )  # fmt: skip


def build_archive(path: Path) -> list[Record]:
    """The bundled example articles, analyzed, plus the crafted hostile record."""
    pipeline = Pipeline.build()
    records = [r for f in sorted((REPO / "examples").glob("*.txt")) for r in pipeline.run_many(read_path(f))]
    records = [r for r in records if isinstance(r, Record)] + [hostile_record()]
    store = open_store(path)
    store.add_many(records)
    store.close()
    return records


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """`rasad serve` in a child process; stopped by `stop`."""

    def __init__(self, db: Path, token: str | None = TOKEN) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "RASAD_API_TOKEN": token or ""}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rasad.cli", "serve", "--db", str(db), "--port", str(self.port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("rasad serve exited: " + self.process.stdout.read().decode(errors="replace"))
            try:
                if requests.get(self.url + "/api/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("rasad serve did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Record]]:
    db = tmp_path_factory.mktemp("api") / "archive.db"
    return db, build_archive(db)


@pytest.fixture(scope="module")
def server(archive: tuple[Path, list[Record]]) -> Iterator[LiveServer]:
    live = LiveServer(archive[0])
    try:
        yield live
    finally:
        live.stop()


def get(server: LiveServer, path: str, **params: object) -> requests.Response:
    return requests.get(server.url + path, params=params, timeout=30)


def assert_error(response: requests.Response, status: int) -> dict:
    """The one error shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] and body["error"]["message"]
    return body["error"]


# ---- health, search ----


def test_api_health_reports_the_archive(server: LiveServer, archive: tuple[Path, list[Record]]) -> None:
    body = get(server, "/api/health").json()
    assert body["status"] == "ok" and body["articles"] == len(archive[1]) and body["read_only"] is False
    deadline = time.monotonic() + 60
    while body["warming"] and time.monotonic() < deadline:  # the top entities' pages, aggregated at start
        time.sleep(0.2)
        body = get(server, "/api/health").json()
    assert body["warming"] is False


def test_api_search_finds_persian_words_with_marked_snippets_and_facets(server: LiveServer) -> None:
    body = get(server, "/api/search", q="ایران").json()
    assert body["total"] and body["items"]
    assert all("<mark>" in hit["snippet"] for hit in body["items"])
    assert {c["value"] for c in body["facets"]["sources"]} and body["facets"]["entities"]
    # English names find Persian mentions
    english = get(server, "/api/search", q="Iran").json()
    assert {h["id"] for h in english["items"]} & {h["id"] for h in body["items"]}


def test_api_search_pages_do_not_overlap(server: LiveServer) -> None:
    first = get(server, "/api/search", q="ایران", limit=2, offset=0).json()["items"]
    second = get(server, "/api/search", q="ایران", limit=2, offset=2).json()["items"]
    assert len(first) == 2 and second and not {h["id"] for h in first} & {h["id"] for h in second}


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "ایران OR", "title:ایران", "^ایران", "ایران)", "'", "a AND",
                                   "NOT", "-", '"ایران', "ایران*", "\\", "%", "_", "\u200c", "ایران; DROP TABLE articles"])  # fmt: skip
def test_api_search_hostile_queries_answer_results_or_a_clear_400(server: LiveServer, query: str) -> None:
    # FTS5/tsquery syntax and SQL fragments must never reach the database as syntax.
    response = get(server, "/api/search", q=query)
    if response.status_code != 200:
        assert "no words" in assert_error(response, 400)["message"]
    assert get(server, "/api/health").json()["articles"] > 0


def test_api_search_filters_by_source_date_entity_and_event_type(server: LiveServer) -> None:
    assert get(server, "/api/search", q="ایران", source="خبرگزاری نمونه").json()["items"]
    assert not get(server, "/api/search", q="ایران", source="هیچ").json()["items"]
    dated = get(server, "/api/search", **{"from": "2025-01-01", "to": "2025-12-31"}).json()["items"]
    assert dated and all("2025-01-01" <= h["published"] <= "2025-12-31" for h in dated)
    assert get(server, "/api/search", entity="Iran", event_type="CONSULT").json()["items"]
    assert_error(get(server, "/api/search", **{"from": "1404/01/01"}), 422)


def test_api_rejects_long_urls_and_large_bodies(server: LiveServer) -> None:
    assert_error(get(server, "/api/search", q="ا" * 3000), 414)
    too_big = requests.post(server.url + "/api/analyze", json={"text": "ا" * 1_200_000}, timeout=30)
    assert_error(too_big, 413)
    long_text = requests.post(server.url + "/api/analyze", json={"text": "ا " * 60_000}, timeout=30)
    assert_error(long_text, 413)


# ---- articles ----


def test_api_article_is_the_schema_record(server: LiveServer, archive: tuple[Path, list[Record]]) -> None:
    record = archive[1][0]
    body = get(server, f"/api/articles/{record.id}").json()
    assert body == record.to_json()
    for key in ("id", "source", "author", "published", "title", "language", "text", "sentences", "entities",
                "timexes", "quotes", "events", "warnings"):  # fmt: skip
        assert key in body
    assert_error(get(server, "/api/articles/nope"), 404)


def test_api_analyze_returns_a_record_and_stores_nothing(server: LiveServer) -> None:
    before = get(server, "/api/health").json()["articles"]
    text = "عباس عراقچی وزیر امور خارجه ایران روز دوشنبه در ژنو با همتای فرانسوی خود دیدار کرد."
    response = requests.post(server.url + "/api/analyze", json={"text": text, "published": "2025-10-07"}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["text"] and body["entities"] and body["published"] == "2025-10-07"
    assert get(server, "/api/health").json()["articles"] == before
    assert_error(requests.post(server.url + "/api/analyze", json={"text": ""}, timeout=10), 422)
    assert_error(requests.post(server.url + "/api/analyze", data=b"not json", timeout=10,
                               headers={"content-type": "application/json"}), 422)  # fmt: skip


def test_api_ingest_needs_the_token(server: LiveServer) -> None:
    article = {"text": "هیئت ایران و عراق روز شنبه در بغداد دیدار کردند.", "source": "آزمون", "published": "2025-01-04"}
    assert_error(requests.post(server.url + "/api/articles", json=article, timeout=30), 401)
    wrong = {"Authorization": "Bearer wrong"}
    assert_error(requests.post(server.url + "/api/articles", json=article, headers=wrong, timeout=30), 401)
    good = {"Authorization": f"Bearer {TOKEN}".encode()}
    first = requests.post(server.url + "/api/articles", json=article, headers=good, timeout=60)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "added"
    assert requests.post(server.url + "/api/articles", json=article, headers=good, timeout=60).json()["status"] == "unchanged"
    assert get(server, f"/api/articles/{first.json()['id']}").status_code == 200


@pytest.mark.parametrize("token, header, status", [
    (None, "Bearer anything", 403),  # no token configured: read-only, every write refused
    ("s3cret", None, 401),
    ("s3cret", "Bearer s3cre", 401),  # a prefix of the token is not the token
    ("s3cret", "Basic s3cret", 401),
    ("s3cret", "Bearer s3cret", None),
])  # fmt: skip
def test_api_require_token_cases(token: str | None, header: str | None, status: int | None) -> None:
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=Settings(token=token))))
    if status is None:
        require_token(request, header)  # type: ignore[arg-type]
        return
    with pytest.raises(Exception) as caught:
        require_token(request, header)  # type: ignore[arg-type]
    assert caught.value.status_code == status  # type: ignore[attr-defined]


# ---- entities, events, quotes, network ----


def test_api_entities_list_and_detail(server: LiveServer) -> None:
    items = get(server, "/api/entities", limit=100).json()["items"]
    iran = next(e for e in items if e["ref"] == "Iran")
    assert iran["name"] == "ایران" and iran["articles"] >= 3
    assert items == sorted(items, key=lambda e: -e["articles"]) or items[0]["articles"] >= items[-1]["articles"]
    detail = get(server, "/api/entities/Iran").json()
    assert detail["articles"] == iran["articles"] and detail["mentions"] >= detail["articles"]
    assert any(a["name"] == "ایران" for a in detail["aliases"])
    persons = get(server, "/api/entities", type="PER").json()["items"]
    assert persons and all(e["type"] == "PER" for e in persons)
    assert any(e["ref"] == "Iran" for e in get(server, "/api/entities", q="ایر").json()["items"])
    assert_error(get(server, "/api/entities/No Such Name"), 404)
    assert_error(get(server, "/api/entities/No Such Name/quotes"), 404)


def test_api_entity_timeline_quotes_events_network(server: LiveServer) -> None:
    timeline = get(server, "/api/entities/Iran/timeline").json()
    assert sum(p["articles"] for p in timeline) == get(server, "/api/entities/Iran").json()["articles"]
    speakers = get(server, "/api/quotes", limit=100).json()["items"]
    linked = next(q for q in speakers if q["speaker_ref"])
    quotes = get(server, f"/api/entities/{linked['speaker_ref']}/quotes").json()["items"]
    assert quotes and all(q["speaker_ref"] == linked["speaker_ref"] for q in quotes)
    events = get(server, "/api/entities/Iran/events").json()["items"]
    assert events and all(any(p["ref"] == "Iran" for p in e["actors"] + e["targets"] + ([e["where"]] if e["where"] else []))
                          for e in events)  # fmt: skip
    network = get(server, "/api/entities/Iran/network").json()
    assert any("Iran" in (edge["source"], edge["target"]) for edge in network["edges"])
    assert {n["ref"] for n in network["nodes"]} >= {x for e in network["edges"] for x in (e["source"], e["target"])}


def test_api_events_filters(server: LiveServer) -> None:
    consult = get(server, "/api/events", type="CONSULT", limit=100).json()["items"]
    assert consult and all(e["type"] == "CONSULT" for e in consult)
    by_actor = get(server, "/api/events", actor="Nemouneh Port <x>").json()["items"]
    assert [e["type"] for e in by_actor] == ["CONSULT"]
    assert get(server, "/api/events", target="Iran", actor="Nemouneh Port <x>").json()["items"]
    assert not get(server, "/api/events", target="Nemouneh Port <x>").json()["items"]
    ranged = get(server, "/api/events", **{"from": "2025-01-01", "to": "2025-06-30"}).json()["items"]
    assert all("2025-01-01" <= e["date"][:10] <= "2025-06-30" for e in ranged)
    everything = get(server, "/api/events", limit=100).json()["items"]
    assert len(ranged) < len(everything)
    with_place = next(e for e in everything if e["where"])
    placed = get(server, "/api/events", place=with_place["where"]["ref"], limit=100).json()["items"]
    assert placed and all(e["where"] for e in placed)


def test_api_network_of_a_period(server: LiveServer) -> None:
    whole = get(server, "/api/network").json()
    assert whole["edges"] and all(e["weight"] >= 1 for e in whole["edges"])
    narrow = get(server, "/api/network", **{"from": "2024-02-01", "to": "2024-02-01"}).json()
    assert [(e["source"], e["target"]) for e in narrow["edges"]] == [("Iran", "Nemouneh Port <x>")]


def test_api_quotes_filter_by_speaker_and_date(server: LiveServer) -> None:
    quotes = get(server, "/api/quotes", speaker="بندر نمونه‌آباد").json()["items"]
    assert [q["text"] for q in quotes] == ["این یک نقل‌قول است"]
    assert not get(server, "/api/quotes", speaker="بندر نمونه‌آباد", **{"to": "2023-01-01"}).json()["items"]
    assert_error(get(server, "/api/quotes", limit=0), 422)
    assert_error(get(server, "/api/quotes", limit=1000), 422)


def test_api_unknown_route_has_the_error_shape(server: LiveServer) -> None:
    assert_error(get(server, "/api/nothing-here"), 404)
    assert_error(requests.delete(server.url + "/api/health", timeout=10), 405)


def test_api_network_edges_name_stored_articles_and_weights_add_up(server: LiveServer) -> None:
    network = get(server, "/api/network").json()
    events = {n["ref"]: n["events"] for n in network["nodes"]}
    for edge in network["edges"]:
        assert edge["weight"] <= min(events[edge["source"]], events[edge["target"]])
        assert 1 <= len(edge["articles"]) <= len(edge["types"])  # one article per event type
        assert all(get(server, f"/api/articles/{a}").status_code == 200 for a in edge["articles"])


def test_api_docs_are_served_without_outside_resources(server: LiveServer) -> None:
    docs = get(server, "/api/docs")
    assert docs.status_code == 200 and "/api/openapi.json" in docs.text
    assets = [s for s in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css") if s in docs.text]
    assert len(assets) == 2 and all(get(server, a).status_code == 200 for a in assets)
    assert "https://" not in docs.text.replace("https://swagger.io", "")  # no CDN
    assert get(server, "/api/openapi.json").json()["paths"]


def test_api_serve_prints_its_address_and_is_read_only_without_a_token(archive: tuple[Path, list[Record]]) -> None:
    live = LiveServer(archive[0], token=None)
    try:
        assert live.process.stdout is not None
        banner = [live.process.stdout.readline().decode() for _ in range(3)]
        assert any(f"http://127.0.0.1:{live.port}/" in line for line in banner), banner
        assert "read-only" in banner[0]
        assert get(live, "/api/health").json()["read_only"] is True
        article = {"text": "هیئت ایران و عراق در بغداد دیدار کردند.", "source": "آزمون"}
        sent = requests.post(live.url + "/api/articles", json=article, timeout=30,
                             headers={"Authorization": f"Bearer {TOKEN}".encode()})  # fmt: skip
        assert_error(sent, 403)
    finally:
        live.stop()


def test_api_make_demo_ends_by_serving_the_demo_archive() -> None:
    recipe: list[str] = []
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("demo:"))
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    assert any(" ingest " in step and "demo.db" in step for step in recipe)
    assert recipe[-1].endswith("serve --db demo.db")  # the last step serves (and prints the address, tested above)


def test_api_warm_up_reads_the_top_entities_without_error(
    archive: tuple[Path, list[Record]], caplog: pytest.LogCaptureFixture
) -> None:
    from rasad.api.warm import warm

    with caplog.at_level(logging.ERROR):
        warm(str(archive[0]), 5)
    assert not caplog.records  # warm() logs and swallows a failure: none may happen


# ---- HTML escaping (the browser test checks it renders as text) ----


def test_api_html_pages_escape_article_markup(server: LiveServer) -> None:
    record = hostile_record()
    page = get(server, f"/articles/{record.id}").text
    assert "<script>window.hacked" not in page and "&lt;script&gt;window.hacked" in page
    assert "<img src=x" not in page and "<b>" not in page and "<i>نویسنده" not in page
    search = get(server, "/", q="آزمایشی").text
    assert "<script>window" not in search and "<mark>" in search
    entity = get(server, "/entities/Nemouneh Port <x>").text
    assert "Nemouneh Port <x>" not in entity and "Nemouneh Port &lt;x&gt;" in entity


# ---- schemathesis ----


# schemathesis's pytest plugin does not run under this pytest; its strategies are driven by hypothesis here.
def test_api_schemathesis_finds_no_server_error(server: LiveServer) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_url(server.url + "/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "GET /api/search", "GET /api/articles/{article_id}", "POST /api/analyze", "POST /api/articles",
        "GET /api/entities", "GET /api/entities/{ref}", "GET /api/entities/{ref}/timeline",
        "GET /api/entities/{ref}/quotes", "GET /api/entities/{ref}/events", "GET /api/entities/{ref}/network",
        "GET /api/events", "GET /api/network", "GET /api/quotes", "GET /api/health",
    }  # fmt: skip
    calls = 0
    for operation in operations:

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            case.call_and_validate(checks=[not_a_server_error], timeout=60)

        check()
    assert calls >= len(operations) * 5
