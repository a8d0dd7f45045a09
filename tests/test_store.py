"""The Store contract, run against SQLite and a real PostgreSQL server started for the session."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasad.records import Entity, Event, Participant, Quote, Record, Span, Speaker
from rasad.store import Filters, QueryError, Store, open_store
from rasad.store.sqlite import SqliteStore
from test_records import records as any_record


@pytest.fixture
def store(empty_store: Store) -> Store:
    """An empty store of each backend."""
    return empty_store


def entity(eid: str, type_: str, name: str, name_en: str | None, text: str, *surface: str) -> Entity:
    """An entity with a mention at each occurrence of each surface form in `text`."""
    spans = []
    for form in surface or (name,):
        start = text.find(form)
        while start >= 0:
            spans.append(Span(start, start + len(form), form))
            start = text.find(form, start + 1)
    return Entity(eid, type_, name, name_en, None, tuple(spans))


def make_record(text: str, *, source: str = "ایسنا", published: str | None = "2025-12-20", title: str | None = None,
                url: str | None = None, entities: tuple[Entity, ...] = (), quotes: tuple[Quote, ...] = (),
                events: tuple[Event, ...] = ()) -> Record:  # fmt: skip
    """A record as the pipeline would make it (id = sha1 of source + text)."""
    import hashlib

    return Record(
        id=hashlib.sha1((source + text).encode()).hexdigest(), source=source, author=None, published=published,
        title=title, language="fa", text=text, entities=entities, quotes=quotes, events=events, url=url,
    )  # fmt: skip


GORBACHEV = "میخائیل گورباچف رهبر پیشین شوروی در مسکو با خبرنگاران دیدار کرد و درباره اصلاحات سخن گفت."
TRUMP = "دونالد ترامپ رئیس‌جمهور آمریکا گفت که مذاکره‌کنندگان روسی و آمریکایی در فلوریدا دیدار کردند."
WEATHER = "هواشناسی از بارش باران و برف در استان‌های شمالی کشور تا پایان هفته خبر داد."


def corpus() -> list[Record]:
    quote_text = "مذاکره‌کنندگان روسی و آمریکایی در فلوریدا دیدار کردند"
    start = TRUMP.index(quote_text)
    trump = entity("e1", "PER", "دونالد ترامپ", "Donald Trump", TRUMP)
    usa = entity("e2", "LOC", "آمریکا", "United States", TRUMP)
    return [
        make_record(GORBACHEV, published="1990-05-01", title="گورباچف در مسکو",
                    entities=(entity("e1", "PER", "میخائیل گورباچف", "Mikhail Gorbachev", GORBACHEV, "گورباچف"),)),
        make_record(
            TRUMP, source="ایرنا", published="2025-12-20", title="دیدار در فلوریدا", entities=(trump, usa),
            quotes=(Quote("indirect", start, start + len(quote_text), quote_text, "گفت", Speaker("e1", "دونالد ترامپ")),),
            events=(Event("CONSULT", None, Span(0, 5, "دیدار"), (Participant("e2", "United States"),),
                          (Participant(None, "Russia"),), None, "2025-12-20", 0),),
        ),  # fmt: skip
        make_record(WEATHER, published="2025-11-02", title="بارش باران"),
    ]


# ---- writes ----


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=any_record)
def test_store_round_trips_any_record_exactly(store: Store, record: Record) -> None:
    # One store serves every example: a fresh id and source keep examples from editing each other.
    record = dataclasses.replace(record, id=uuid.uuid4().hex, url=None, source=(record.source or "") + uuid.uuid4().hex)
    assert store.add(record) == "added"
    assert store.get(record.id) == record


def test_store_reads_rows_compressed_by_earlier_versions() -> None:
    import zlib

    from rasad.store import rows

    for record in corpus():
        stored = rows.record_rows(record)
        assert stored.text.startswith(b"\x28\xb5\x2f\xfd")  # zstd frames now
        # Earlier versions wrote zlib streams; an archive holding both kinds reads back exactly.
        old_body, old_text = zlib.compress(rows._body(record), 1), zlib.compress(record.text.encode(), 1)
        assert rows.load_record(old_body, old_text) == record == rows.load_record(stored.body, stored.text)
        assert rows.load_text(old_text) == record.text


def test_store_round_trips_a_record_with_every_layer(store: Store) -> None:
    for record in corpus():
        store.add(record)
        assert store.get(record.id) == record
    assert store.get("no-such-id") is None


def test_store_ingest_is_idempotent(store: Store) -> None:
    records = corpus()
    first = store.add_many(records)
    second = store.add_many(records + records)
    assert (first.added, second.added, second.unchanged) == (3, 0, 6)
    assert store.count() == 3
    assert sorted(r.id for r in store.records()) == sorted(r.id for r in records)


def test_store_edited_article_replaces_its_record(store: Store) -> None:
    original = make_record(WEATHER, url="https://example.ir/news/1")
    edited = make_record(WEATHER + " این خبر به‌روز شد.", url="https://example.ir/news/1")
    same_title = make_record(WEATHER + " نسخهٔ دوم.", title=None, url="https://example.ir/news/1")
    assert store.add(original) == "added"
    assert store.add(edited) == "updated"
    assert store.get(original.id) is None and store.get(edited.id) == edited
    assert store.add(same_title) == "updated"
    assert store.count() == 1
    # Same source and title without a URL is the same article too.
    a = make_record(GORBACHEV, title="گورباچف")
    b = make_record(GORBACHEV + " پایان.", title="گورباچف")
    store.add(a)
    assert store.add(b) == "updated" and store.count() == 2
    assert store.search("اصلاحات")[0].id == b.id


def test_store_failed_batch_leaves_nothing_behind(store: Store) -> None:
    records = corpus()

    def broken() -> Iterator[Record]:
        yield records[0]
        yield records[1]
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        store.add_many(broken(), batch_size=1)
    assert store.count() == 2  # batches of one: the two complete transactions are kept
    assert store.add_many(records).added == 1


def test_store_schema_is_migrated_once(store: Store) -> None:
    version = store.schema_version()
    assert version >= 1
    reopened = open_store(store.url)
    assert reopened.schema_version() == version
    reopened.close()


def test_store_bulk_ingest_leaves_planner_statistics(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import rasad.store.postgres
    import rasad.store.sqlite

    for module in (rasad.store.sqlite, rasad.store.postgres):
        monkeypatch.setattr(module, "STATS_MIN_ARTICLES", 3)
    if isinstance(store, SqliteStore):
        analyzed = "SELECT MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'articles'"
    else:
        analyzed = "SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass"
    store.add_many(corpus()[:2])  # below the threshold: no statistics yet
    if isinstance(store, SqliteStore):
        assert store.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0] == 0
    else:
        assert store.conn.execute(analyzed).fetchone()[0] <= 0
    store.add_many(corpus())
    assert store.conn.execute(analyzed).fetchone()[0] == 3


def _open_in_another_process(url: str) -> subprocess.CompletedProcess[str]:
    """Open the store in a fresh process and count its records; raises TimeoutExpired when the open blocks."""
    code = "import sys; from rasad.store import open_store; s = open_store(sys.argv[1]); print(s.count()); s.close()"
    return subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, timeout=15)


def test_store_open_of_a_current_database_takes_no_write_lock(store: Store) -> None:
    store.add_many(corpus())
    # Another connection holds a read transaction and the write/migration lock, like a long ingest batch does.
    if isinstance(store, SqliteStore):
        reader, writer = (sqlite3.connect(store.url, isolation_level=None, timeout=0) for _ in range(2))
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM articles").fetchone()
        writer.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        from rasad.store.postgres import _MIGRATION_LOCK

        reader, writer = psycopg.connect(store.url), psycopg.connect(store.url)
        reader.execute("SELECT COUNT(*) FROM articles").fetchone()  # psycopg opens a transaction: held
        writer.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        writer.execute("LOCK TABLE articles IN EXCLUSIVE MODE")  # writes blocked; reads allowed
    try:
        opened = _open_in_another_process(store.url)
    finally:
        for conn in (reader, writer):
            conn.rollback() if not isinstance(conn, sqlite3.Connection) else conn.execute("ROLLBACK")
            conn.close()
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == str(len(corpus()))


# ---- search ----


@pytest.mark.parametrize(
    "spelling",
    [
        "مذاکره‌کنندگان",  # with the half-space
        "مذاکره کنندگان",  # with a space
        "مذاکرهکنندگان",  # glued
        "مذاكره‌كنندگان",  # Arabic kaf
        "مُذاکِره‌کنندگان",  # with harakat
    ],
)
def test_store_search_matches_every_spelling_of_a_word(store: Store, spelling: str) -> None:
    texts = [
        "هیئت مذاکره‌کنندگان امروز به ژنو رسید.",
        "هیئت مذاکره کنندگان دیروز از ژنو رفت.",
        "هیئت مذاکرهکنندگان فردا باز می‌گردد.",
        "مذاكره‌كنندگان ايران در وين هستند.",
    ]
    records = [make_record(t, title=None) for t in texts]
    store.add_many(records + [make_record(WEATHER)])
    found = {hit.id for hit in store.search(spelling)}
    assert found == {r.id for r in records}


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "NEAR(a b", "AND", "OR OR", "((", "'; DROP TABLE articles; --",
                                   "a:b", "^", "-", "\\", "ترامپ\"", "title:باران", '"دیدار', "col*umn", "\x00"])  # fmt: skip
def test_store_search_never_passes_syntax_to_the_database(store: Store, query: str) -> None:
    store.add_many(corpus())
    try:
        hits = store.search(query)
    except QueryError as exc:
        assert "query" in str(exc) or "search" in str(exc)
    else:
        assert isinstance(hits, list)
    assert store.count() == 3


def test_store_search_ranks_by_bm25_and_highlights(store: Store) -> None:
    many = make_record("باران آمد. باران بارید و باران ادامه داشت. " + WEATHER, title="باران")
    once = make_record("در این گزارش یک بار از باران یاد شده و بقیه درباره اقتصاد و بازار و تورم است. " * 3)
    store.add_many([once, many])
    hits = store.search("باران")
    assert [h.id for h in hits] == [many.id, once.id]
    assert hits[0].score > hits[1].score
    assert "<mark>باران</mark>" in hits[0].snippet


def test_store_search_builds_snippets_only_for_the_hits_shown(store: Store) -> None:
    # Why: the API ranks 100 hits for facets but shows 20; snippets for the rest cost a text decompression each.
    many = make_record("باران آمد. باران بارید و باران ادامه داشت. " + WEATHER, title="باران")
    once = make_record("در این گزارش یک بار از باران یاد شده و بقیه درباره اقتصاد و بازار و تورم است. " * 3)
    store.add_many([once, many])
    hits = store.search("باران", snippets=1)
    assert [h.id for h in hits] == [many.id, once.id]
    assert "<mark>باران</mark>" in hits[0].snippet and hits[1].snippet == ""


def test_store_search_phrase_and_prefix(store: Store) -> None:
    store.add_many(corpus())
    assert [h.title for h in store.search('"رهبر پیشین"')] == ["گورباچف در مسکو"]
    assert store.search('"پیشین رهبر"') == []
    assert {h.title for h in store.search("مذاکره*")} == {"دیدار در فلوریدا"}


def test_store_search_filters(store: Store) -> None:
    store.add_many(corpus())
    all_hits = store.search("در")
    assert len(all_hits) == 3
    assert {h.title for h in store.search("در", Filters(date_from="2025-01-01"))} == {"دیدار در فلوریدا", "بارش باران"}
    assert {h.title for h in store.search("در", Filters(date_to="2000-01-01"))} == {"گورباچف در مسکو"}
    assert {h.title for h in store.search("در", Filters(source="ایرنا"))} == {"دیدار در فلوریدا"}
    assert {h.title for h in store.search("در", Filters(entities=("Donald Trump",)))} == {"دیدار در فلوریدا"}
    # A part of a name finds the entity by its whole-word key.
    assert {h.title for h in store.search("در", Filters(entities=("ترامپ",)))} == {"دیدار در فلوریدا"}
    assert {h.title for h in store.search("در", Filters(entities=("Yeltsin",)))} == set()
    assert {h.title for h in store.search("در", Filters(entities=("دونالد ترامپ",)))} == {"دیدار در فلوریدا"}
    assert {h.title for h in store.search("در", Filters(event_type="consult"))} == {"دیدار در فلوریدا"}
    assert {h.title for h in store.search("", Filters(entities=("Gorbachev",)))} == {"گورباچف در مسکو"}
    with pytest.raises(QueryError):
        store.search("")


def test_store_search_english_name_finds_persian_mentions(store: Store) -> None:
    store.add_many(corpus())
    assert [h.title for h in store.search("Gorbachev")] == ["گورباچف در مسکو"]
    assert [h.title for h in store.search("mikhail gorbachev")] == ["گورباچف در مسکو"]
    assert [h.title for h in store.search("Trump فلوریدا")] == ["دیدار در فلوریدا"]
    assert "<mark>" in store.search("Gorbachev")[0].snippet
    assert store.search("Yeltsin") == []


def test_store_quotes_and_events_by_name(store: Store) -> None:
    store.add_many(corpus())
    for name in ("Donald Trump", "Trump", "دونالد ترامپ"):
        quotes = store.quotes(name)
        assert [q.speaker for q in quotes] == ["دونالد ترامپ"], name
    assert store.quotes("Gorbachev") == []
    assert len(store.quotes()) == 1
    events = store.events("CONSULT", actor="United States")
    assert [(e.type, e.actors, e.targets) for e in events] == [("CONSULT", ("United States",), ("Russia",))]
    assert store.events("CONSULT", actor="آمریکا")[0].article == events[0].article
    assert store.events("CONSULT", actor="Russia") == []
    assert store.events("CONSULT", target="Russia")[0].article == events[0].article
    assert store.events("ACCUSE") == []


def test_store_groups_syndicated_copies_into_one_cluster(store: Store) -> None:
    story = " ".join([TRUMP, GORBACHEV, WEATHER] * 3)
    copy = make_record(story + " منبع: خبرگزاری ایرنا", source="ایرنا")
    other_agency = make_record("به گزارش ایسنا، " + story, source="ایسنا")
    different = make_record(" ".join(["اقتصاد ایران در سال جاری با تورم بالا و رشد اندک روبه‌رو بود."] * 5))
    stats = store.add_many([copy, other_agency, different])
    assert stats.duplicates == 1
    assert store.cluster(copy.id) == [copy.id, other_agency.id]
    assert store.cluster(different.id) == [different.id]
    assert store.clusters() == [[copy.id, other_agency.id]]


def test_store_batch_sees_its_own_edits_and_earlier_batches_copies(store: Store) -> None:
    story = " ".join([TRUMP, GORBACHEV, WEATHER] * 3)
    first = make_record(story, url="https://example.ir/a")
    store.add(first)
    # One batch: a copy of a stored story, an article, then its edited version (same URL).
    copy = make_record("به گزارش ایسنا، " + story, source="ایسنا")
    original = make_record(WEATHER, url="https://example.ir/b")
    edited = make_record(WEATHER + " این خبر به‌روز شد.", url="https://example.ir/b")
    stats = store.add_many([copy, original, edited])
    assert (stats.added, stats.updated, stats.duplicates) == (2, 1, 1)
    assert store.cluster(first.id) == [first.id, copy.id]
    assert store.get(original.id) is None and store.get(edited.id) == edited
    assert store.count() == 3


def test_store_sqlite_ranks_within_a_window_of_newest_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rasad.store.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "RANK_WINDOW", 2)
    with SqliteStore(tmp_path / "w.db") as store:
        texts = [f"{WEATHER} گزارش شماره {i}." for i in range(6)]
        records = [make_record(t, published=f"2025-01-0{i + 1}") for i, t in enumerate(texts)]
        store.add_many(records)
        hits = store.search("هواشناسی", limit=10)
        # Only the newest window (plus the match at its edge) is ranked: at most window + 1 hits, all matches.
        assert 1 <= len(hits) <= 3 and {h.id for h in hits} <= {r.id for r in records}
        assert {h.id for h in hits} <= {r.id for r in records[-3:]}
        dated = store.search("هواشناسی", Filters(date_from="2025-01-01", date_to="2025-01-02"))
        assert sorted(h.id for h in dated) == sorted(r.id for r in records[:2])


def test_store_sqlite_uses_wal_and_passes_integrity_check(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "a.db") as store:
        store.add_many(corpus())
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity_check() == "ok"


# ---- preparing rows in worker processes (issue 8: ingest rate) ----


@pytest.fixture(scope="module")
def worker_pool() -> Iterator[object]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


@settings(max_examples=15, deadline=None)
@given(batch=st.lists(any_record, min_size=2, max_size=5))
def test_store_rows_prepared_in_worker_processes_equal_rows_prepared_here(worker_pool, batch: list[Record]) -> None:
    from rasad.store.rows import load_record, prepare_records

    here, there = prepare_records(batch), prepare_records(batch, worker_pool)
    assert [rows for rows, _ in there] == [rows for rows, _ in here]
    assert [sig.to_bytes() for _, sig in there] == [sig.to_bytes() for _, sig in here]
    assert [sig.bands() for _, sig in there] == [sig.bands() for _, sig in here]
    for record, (rows, _) in zip(batch, there):
        assert load_record(rows.body, rows.text) == record


def test_store_add_many_through_the_worker_pool_keeps_every_guarantee(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasad.store.common as common

    monkeypatch.setattr(common, "POOL_MIN_RECORDS", 2)  # the pool path even for a small batch
    first = make_record(WEATHER + " گزارش از تهران.", source="مهر")
    copy = make_record(WEATHER + " گزارش از تهران. منبع: ایرنا", source="ایرنا")
    records = [*corpus(), first, copy]
    stats = store.add_many(records)
    assert (stats.added, stats.duplicates) == (len(records), 2)  # both join the corpus's weather story
    assert all(store.get(r.id) == r for r in records)
    assert store.cluster(copy.id) == [records[2].id, first.id, copy.id]
    assert store.add_many(records).unchanged == len(records)  # idempotent


# ---- schema 4: the bulk-ingest layout (issue 8) ----


def _band_rows(store: Store) -> list[tuple[int, int]]:
    return [tuple(row) for row in store.conn.execute("SELECT key, article FROM lsh_bands ORDER BY key").fetchall()]


def test_store_replaced_and_deleted_articles_leave_no_band_rows(store: Store) -> None:
    from rasad.dedup import BANDS

    story = " ".join([TRUMP, GORBACHEV, WEATHER] * 3)
    store.add_many([make_record(story, url="https://example.ir/x"), make_record(WEATHER, url="https://example.ir/y")])
    assert store.add(make_record(story + " این خبر به‌روز شد.", url="https://example.ir/x")) == "updated"
    articles = {row[0] for row in store.conn.execute("SELECT n FROM articles").fetchall()}
    rows = _band_rows(store)
    # Every stored article has its BANDS rows, and the replaced version none.
    assert len(rows) == BANDS * len(articles) and {article for _, article in rows} == articles
    assert store.delete(make_record(WEATHER, url="https://example.ir/y").id)
    assert len(_band_rows(store)) == BANDS * (len(articles) - 1)


def test_store_sqlite_database_of_schema_3_upgrades_with_its_bands_and_clusters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasad.store.sqlite as sqlite_store
    from rasad.dedup import BANDS
    from rasad.store.migrations import SQLITE

    story = " ".join([TRUMP, GORBACHEV, WEATHER] * 3)
    first = make_record(story, url="https://example.ir/a")
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_store, "SQLITE", [step for step in SQLITE if step[0] <= 3])
        with SqliteStore(tmp_path / "old.db") as old:
            old.add_many([first, *corpus()])
            before = _band_rows(old)
            assert old.schema_version() == 3
    with SqliteStore(tmp_path / "old.db") as store:
        assert store.schema_version() == max(version for version, _ in SQLITE)
        assert _band_rows(store) == before
        table = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'lsh_bands'").fetchone()[0]
        assert "WITHOUT ROWID" in table
        config = dict(store.conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
        assert config["hashsize"] == 16 * 1024 * 1024
        # Copies still find the stored story through the migrated bands; an edit replaces its band rows.
        copy = make_record("به گزارش ایسنا، " + story, source="ایسنا")
        assert store.add_many([copy]).duplicates == 1 and store.cluster(first.id) == [first.id, copy.id]
        edited = make_record(story + " پایان.", url="https://example.ir/a")
        assert store.add(edited) == "updated"
        assert store.cluster(copy.id) == [copy.id, edited.id]
        assert store.count() == 5 and len(_band_rows(store)) == BANDS * 5 == len(before) + BANDS
        assert store.integrity_check() == "ok"


# ---- PostgreSQL schema 4: the narrow search table (issue 8) ----


def _pg_searches(store: Store) -> list[list[tuple[str, float]]]:
    queries = [("ترامپ", Filters()), ('"مذاکره کنندگان"', Filters()), ("دیدار", Filters(date_from="2025-12-01")),
               ("دیدار", Filters(entities=("Donald Trump",))), ("باران*", Filters(source="ایسنا"))]  # fmt: skip
    return [[(hit.id, round(hit.score, 6)) for hit in store.search(q, f)] for q, f in queries]


def test_store_postgres_database_of_schema_3_upgrades_its_search_table(pg_server) -> None:
    from rasad.store.migrations import POSTGRES

    url = pg_server.create_database("t_" + uuid.uuid4().hex[:12])
    with open_store(url) as store:
        store.add_many(corpus())
        before = _pg_searches(store)
        assert any(before), "the searches find nothing: the comparison below would prove nothing"
        # Back to the schema 3 layout: the tsvector on the article rows, no search table.
        for statement in (
            "ALTER TABLE articles ADD COLUMN tsv tsvector",
            "UPDATE articles a SET tsv = s.tsv FROM article_search s WHERE s.n = a.n",
            "ALTER TABLE articles ALTER COLUMN tsv SET NOT NULL",
            "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
            "DROP TABLE article_search",
            "DELETE FROM schema_migrations WHERE version > 3",
        ):
            store.conn.execute(statement)
    with open_store(url) as store:
        assert store.schema_version() == max(version for version, _ in POSTGRES)
        assert store.conn.execute("SELECT COUNT(*) FROM article_search").fetchone()[0] == store.count()
        assert _pg_searches(store) == before


def test_store_postgres_search_rows_follow_their_articles(pg_server) -> None:
    with open_store(pg_server.create_database("t_" + uuid.uuid4().hex[:12])) as store:
        store.add_many(corpus())
        story = make_record(TRUMP + " " + WEATHER, url="https://example.ir/s")
        store.add(story)
        assert store.add(make_record(TRUMP + " پایان.", url="https://example.ir/s")) == "updated"
        assert [hit.id for hit in store.search("هواشناسی") if hit.id == story.id] == []
        store.delete(make_record(TRUMP + " پایان.", url="https://example.ir/s").id)
        keys = "SELECT n FROM {} ORDER BY n"
        assert store.conn.execute(keys.format("article_search")).fetchall() == store.conn.execute(
            keys.format("articles")).fetchall()  # fmt: skip
