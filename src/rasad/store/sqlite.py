"""The embedded store: SQLite in WAL mode with an FTS5 index over the search form of each article."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasad.errors import StoreError
from rasad.store.common import SqlStore
from rasad.store.migrations import SQLITE, statements
from rasad.store.rows import Rows
from rasad.store.search import Query, to_fts5

BUSY_TIMEOUT_MS = 30_000
# bm25 weights of the FTS columns (title, body): a word in the headline says more about the article.
_BM25 = "bm25(articles_fts, 3.0, 1.0)"


class SqliteStore(SqlStore):
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
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.url}: cannot open the SQLite database ({exc})") from exc

    def _migrate(self) -> None:
        with self._transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT)")
            current = self.schema_version()
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

    def _insert_article(self, rows: Rows, cluster: str) -> int:
        m = rows.meta
        cursor = self.conn.execute(
            "INSERT INTO articles (id, source, title, url, published, author, cluster, body, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m["id"], m["source"], m["title"], m["url"], m["published"], m["author"], cluster, rows.body, rows.text),
        )
        n = int(cursor.lastrowid)
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", (n, rows.search_title, rows.search_body)
        )
        return n

    def _delete_search_row(self, n: int) -> None:
        self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (n,))

    def _text_search(self, query: Query, where: str, params: list[Any], limit: int) -> list[tuple[Any, ...]]:
        sql = (
            f"SELECT a.id, a.title, a.published, a.source, a.cluster, -{_BM25} AS score, a.text "
            "FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {where} ORDER BY {_BM25} LIMIT ?"
        )
        try:
            return self.conn.execute(sql, [to_fts5(query), *params, limit]).fetchall()
        except sqlite3.OperationalError as exc:  # a bug in query building, never the user's syntax
            raise StoreError(f"search failed: {exc}") from exc

    def integrity_check(self) -> str:
        """SQLite's own consistency verdict: 'ok' when the file is sound."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
