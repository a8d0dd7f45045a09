"""The embedded store: SQLite in WAL mode with an FTS5 index over the search form of each article."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasad.errors import StoreError
from rasad.store.base import Filters
from rasad.store.common import STATS_GROWTH, STATS_MIN_ARTICLES, SqlStore
from rasad.store.migrations import SQLITE, statements
from rasad.store.plan import Insert
from rasad.store.reads import ReadQueries
from rasad.store.search import Query, to_fts5

BUSY_TIMEOUT_MS = 30_000
# bm25 weights of the FTS columns (title, body): a word in the headline says more about the article.
_BM25 = "bm25(articles_fts, 3.0, 1.0)"
# Search ranks at most this many matches (the newest); beyond it, BM25 over every match of a common word
# would dominate the latency (BM25 reads each match's positions and column sizes: ~5-20 µs a match).
RANK_WINDOW = 2_500
# Rows sampled per index by ANALYZE after a bulk ingest (SQLite's recommended range is 100-1000).
ANALYSIS_LIMIT = 1000
# WAL pages between automatic checkpoints (SQLite's default is 1,000).
CHECKPOINT_PAGES = 16_384


class SqliteStore(ReadQueries, SqlStore):
    """Store over one SQLite file (or ':memory:')."""

    placeholder = "?"

    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        try:
            if self.url != ":memory:":
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE) around each batch.
            self.conn = sqlite3.connect(self.url, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across process crashes in WAL mode; only a power cut may lose the last commit.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # A larger page cache (64 MiB, default 2 MiB) keeps the random-key indexes (LSH bands, entity
            # keys) in memory during bulk ingest and the FTS doclists warm for search.
            self.conn.execute("PRAGMA cache_size = -65536")
            self.conn.execute("PRAGMA temp_store = MEMORY")
            # A checkpoint every 64 MiB of log rather than every 4 MiB: a bulk batch writes more than 4 MiB, so
            # by default every commit checkpointed, copying the index pages each batch touches again each time.
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.url}: cannot open the SQLite database ({exc})") from exc

    def _migrate(self) -> None:
        # A current database is only read here: taking the write lock on every open would make each reader
        # wait for (or fail behind) a long ingest batch.
        if self._stored_version() >= max(version for version, _ in SQLITE):
            return
        with self._transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT)")
            current = self.schema_version()  # again under the lock: another process may have migrated meanwhile
            for version, script in SQLITE:
                if version > current:
                    for statement in statements(script):
                        self.conn.execute(statement)
                    self.conn.execute(
                        "INSERT INTO schema_migrations VALUES (?, datetime('now'))", (version,)
                    )

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _stored_version(self) -> int:
        """The schema version without any lock; 0 for a new (or not yet migrated) database."""
        try:
            return self.schema_version()
        except sqlite3.OperationalError:  # no schema_migrations table yet
            return 0

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.conn.in_transaction:  # nested: the outer transaction commits
            yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.url}: the database is busy or locked ({exc})") from exc
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _new_keys(self, count: int) -> list[int]:
        # Safe: BEGIN IMMEDIATE holds the write lock, so no other writer takes these keys meanwhile.
        top = int(self.conn.execute("SELECT COALESCE(MAX(n), 0) FROM articles").fetchone()[0])
        return list(range(top + 1, top + 1 + count))

    def _insert_articles(self, inserts: list[Insert]) -> None:
        self.conn.executemany(
            "INSERT INTO articles (n, id, source, title, url, published, author, cluster, body, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (i.n, m["id"], m["source"], m["title"], m["url"], m["published"], m["author"], i.cluster,
                 i.rows.body, i.rows.text)
                for i in inserts
                for m in (i.rows.meta,)
            ],
        )  # fmt: skip
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            [(i.n, i.rows.search_title, i.rows.search_body) for i in inserts],
        )

    def _refresh_statistics(self) -> None:
        try:
            row = self.conn.execute(
                "SELECT MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'articles'"
            ).fetchone()
        except sqlite3.OperationalError:  # never analyzed: no sqlite_stat1 table
            row = None
        analyzed = int(row[0] or 0) if row else 0
        count = self.count()
        if count >= STATS_MIN_ARTICLES and count >= analyzed * STATS_GROWTH:
            # Sampled ANALYZE: a bounded number of rows per index, milliseconds even at 200,000 articles.
            self.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            with self._transaction():
                self.conn.execute("ANALYZE")

    def _delete_search_row(self, n: int) -> None:
        self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (n,))

    def _text_search(
        self, query: Query, where: str, params: list[Any], limit: int, filters: Filters = Filters()
    ) -> list[tuple[Any, ...]]:
        match = to_fts5(query)
        # Filters as sets of article keys read from covering indexes: touching the wide articles rows
        # (compressed bodies) once per match is what made filtered searches slow. `+rowid` keeps SQLite
        # from driving the FTS query once per key of the set.
        conditions, values = self._candidate_sets(filters)
        candidates = "".join(f" AND +rowid IN ({c})" for c in conditions)
        try:
            # Ranking every match of a very common word costs O(matches): rank within the newest
            # RANK_WINDOW matches that pass the filters (all of them when there are fewer). One pass:
            # FTS5 walks the doclist newest first and stops at the window, so the filter sets are built once
            # and BM25 runs only inside the window (a separate query for the window's edge scanned it twice).
            window = (
                f"SELECT rowid, {_BM25} AS rank_ FROM articles_fts WHERE articles_fts MATCH ?{candidates} "
                f"ORDER BY rowid DESC LIMIT {RANK_WINDOW}"
            )
            top = f"SELECT rowid, rank_ FROM ({window}) ORDER BY rank_, rowid LIMIT ?"
            return self.conn.execute(
                "SELECT a.id, a.title, a.published, a.source, a.cluster, -t.rank_, a.text "
                f"FROM ({top}) t JOIN articles a ON a.n = t.rowid ORDER BY t.rank_, a.n",
                [match, *values, limit],
            ).fetchall()
        except sqlite3.OperationalError as exc:  # a bug in query building, never the user's syntax
            raise StoreError(f"search failed: {exc}") from exc

    def _candidate_sets(self, filters: Filters) -> tuple[list[str], list[Any]]:
        """One subquery per filter, each answered from a covering index, and their parameters."""
        conditions: list[str] = []
        values: list[Any] = []
        if filters.date_from or filters.date_to:
            conditions.append("SELECT n FROM articles WHERE published >= ? AND published <= ?")
            # An open end is a bound every text passes (NULL dates never match a date filter, as before).
            values += [filters.date_from or "", filters.date_to or "\U0010ffff"]
        if filters.source:
            conditions.append("SELECT n FROM articles WHERE source = ?")
            values.append(filters.source)
        for entity in filters.entities:
            conditions.append("SELECT article FROM entity_keys WHERE key = ?")
            values.append(self._entity_key(entity))
        if filters.event_type:
            conditions.append("SELECT article FROM events WHERE type = ?")
            values.append(filters.event_type.upper())
        return conditions, values

    def integrity_check(self) -> str:
        """SQLite's own consistency verdict: 'ok' when the file is sound."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
