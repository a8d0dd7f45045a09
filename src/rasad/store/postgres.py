"""The team store: PostgreSQL with a tsvector (GIN) over the search form of each article and pg_trgm on names."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rasad.errors import StoreError
from rasad.store.base import Filters
from rasad.store.common import STATS_GROWTH, STATS_MIN_ARTICLES, SqlStore
from rasad.store.migrations import POSTGRES, statements
from rasad.store.plan import Insert
from rasad.store.reads import ReadQueries
from rasad.store.search import Query, to_tsquery
from rasad.store.sqlite import RANK_WINDOW

# Serializes concurrent migrations of one database (any constant shared by all rasad processes).
_MIGRATION_LOCK = 0x7261736164
_RANK = "ts_rank_cd(s.tsv, q, 1)"
# Article keys searched first for the rank window, and how much each further slice grows: a word in one
# article of ten fills the window from the first slice; a rare one costs a few cheap GIN scans more.
_FIRST_SLICE = 10_000
_SLICE_GROWTH = 4
# The page of hits: ranked on the narrow search table, and only the shown rows read from the wide articles.
_PAGE = (
    "SELECT a.id, a.title, a.published, a.source, a.cluster, r.score, a.text "
    "FROM r JOIN articles a ON a.n = r.n ORDER BY r.score DESC, r.n"
)
# Rank window then ranking in one statement (the newest RANK_WINDOW matches by key, ranked by ts_rank_cd).
_FILTERED = (
    "WITH m AS (SELECT a.n FROM article_search a, to_tsquery('simple', %s) q "
    "WHERE a.tsv @@ q AND {where} ORDER BY a.n DESC LIMIT {window}), "
    "r AS (SELECT s.n, " + _RANK + " AS score FROM m JOIN article_search s ON s.n = m.n, "
    "to_tsquery('simple', %s) q ORDER BY score DESC, s.n LIMIT %s) " + _PAGE
)
# Ranking of a rank window given as a key list.
_RANKED = (
    "WITH r AS (SELECT s.n, " + _RANK + " AS score FROM article_search s, to_tsquery('simple', %s) q "
    "WHERE s.n = ANY(%s) ORDER BY score DESC, s.n LIMIT %s) " + _PAGE
)


class PostgresStore(ReadQueries, SqlStore):
    """Store over a PostgreSQL database named by a postgresql:// URL."""

    placeholder = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise StoreError("PostgreSQL support needs psycopg: pip install 'rasad[postgres]'") from exc
        self.url = url
        self._errors = psycopg.Error
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}".strip()) from exc
        self._migrate()

    def _migrate(self) -> None:
        # A current database is only read here: the advisory lock and DDL are for databases that need a step.
        if self._stored_version() >= max(version for version, _ in POSTGRES):
            return
        with self._transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ)"
            )
            current = self.schema_version()
            for version, script in POSTGRES:
                if version > current:
                    for statement in statements(script):
                        self.conn.execute(statement)
                    self.conn.execute("INSERT INTO schema_migrations VALUES (%s, now())", (version,))

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _stored_version(self) -> int:
        """The schema version without any lock; 0 for a new database."""
        if self.conn.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
            return 0
        return self.schema_version()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.conn.info.transaction_status != 0:  # already inside a transaction block
            yield
            return
        try:
            with self.conn.transaction():
                yield
        except self._errors as exc:
            raise StoreError(f"PostgreSQL error: {exc}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _new_keys(self, count: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT nextval(pg_get_serial_sequence('articles', 'n')) FROM generate_series(1, %s)", (count,)
        ).fetchall()
        return sorted(int(r[0]) for r in rows)

    def _insert_articles(self, inserts: list[Insert]) -> None:
        # Staged by COPY, then one INSERT … SELECT computes every tsvector server-side in a single statement.
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS articles_stage (n BIGINT, id TEXT, source TEXT, title TEXT, url TEXT, "
            "published TEXT, author TEXT, cluster TEXT, body BYTEA, text BYTEA, search_title TEXT, search_body TEXT) "
            "ON COMMIT DELETE ROWS"
        )
        self._bulk_insert(
            "articles_stage",
            ("n", "id", "source", "title", "url", "published", "author", "cluster", "body", "text",
             "search_title", "search_body"),
            [
                (i.n, m["id"], m["source"], m["title"], m["url"], m["published"], m["author"], i.cluster,
                 i.rows.body, i.rows.text, i.rows.search_title, i.rows.search_body)
                for i in inserts
                for m in (i.rows.meta,)
            ],
        )  # fmt: skip
        self.conn.execute(
            "INSERT INTO articles (n, id, source, title, url, published, author, cluster, body, text) "
            "OVERRIDING SYSTEM VALUE "
            "SELECT n, id, source, title, url, published, author, cluster, body, text "
            "FROM articles_stage ORDER BY n"
        )
        self.conn.execute(
            "INSERT INTO article_search (n, published, source, tsv) "
            "SELECT n, published, source, "
            "setweight(to_tsvector('simple', search_title), 'A') || to_tsvector('simple', search_body) "
            "FROM articles_stage ORDER BY n"
        )
        self.conn.execute("DELETE FROM articles_stage")

    def _delete_search_row(self, n: int) -> None:
        self.conn.execute("DELETE FROM article_search WHERE n = %s", (n,))

    def _refresh_statistics(self) -> None:
        # reltuples: the row count at the last ANALYZE (-1 or 0 when never analyzed); autovacuum would get
        # there too, but only after the search queries of a fresh bulk load ran on default estimates.
        row = self.conn.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass").fetchone()
        analyzed = float(row[0])
        count = self.count()
        if count >= STATS_MIN_ARTICLES and count >= max(analyzed, 0) * STATS_GROWTH:
            self.conn.execute("ANALYZE")

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _text_search(
        self, query: Query, where: str, params: list[Any], limit: int, filters: Filters = Filters()
    ) -> list[tuple[Any, ...]]:
        # As in SQLite: rank within the newest RANK_WINDOW matches. Matching, filtering by date/source and
        # ranking read the narrow article_search rows; `where` renders the filters on its alias `a`.
        # Only bitmap plans: walking the primary key backwards and testing each row's tsvector (the
        # planner's pick when it overestimates a phrase's matches or an entity's share) detoasts every row.
        tsquery = to_tsquery(query)
        try:
            if filters.any() and not (filters.entities or filters.event_type):
                # Date and source filters: the planner combines their article indexes with the GIN index well.
                sql = _FILTERED.format(where=where, window=RANK_WINDOW)
                return self.conn.execute(sql, [tsquery, *params, tsquery, limit]).fetchall()
            with self._transaction():
                top = self.conn.execute("SELECT COALESCE(MAX(n), 0) FROM article_search").fetchone()[0]
                articles = None
                if filters.entities:
                    # The first entity's articles (newest first, from the (key, article) index) are searched
                    # as key lists the GIN bitmap is intersected with: only matches among them are visited.
                    articles = [r[0] for r in self.conn.execute(
                        "SELECT DISTINCT article FROM entity_keys WHERE key = %s ORDER BY article DESC",
                        [self._entity_key(filters.entities[0])],
                    )]  # fmt: skip
                    where, params = self._filters(dataclasses.replace(filters, entities=filters.entities[1:]))
                self.conn.execute("SET LOCAL enable_indexscan = off")
                self.conn.execute("SET LOCAL enable_seqscan = off")
                if articles is not None:
                    window = self._window_among(tsquery, where, params, articles)
                else:
                    # With an event filter, one slice: the semi-join's hash would be rebuilt per slice.
                    first = int(top) if filters.any() else _FIRST_SLICE
                    window = self._window(tsquery, where, params, int(top), first)
                # Back to the defaults (for the ranking's key lookups, and for an enclosing transaction).
                self.conn.execute("SET LOCAL enable_indexscan = on")
                self.conn.execute("SET LOCAL enable_seqscan = on")
                return self.conn.execute(_RANKED, [tsquery, window, limit]).fetchall()
        except self._errors as exc:  # a bug in query building, never the user's syntax
            raise StoreError(f"search failed: {exc}") from exc

    def _window(self, tsquery: str, where: str, params: list[Any], top: int, first: int) -> list[int]:
        """Keys of the newest RANK_WINDOW matches passing `where` (all of them when fewer), newest first.

        Gathered slice by slice of article keys, newest first (`first` keys, then growing): a common word
        fills the window from the first slice instead of visiting every one of its matches."""
        found: list[int] = []
        high, size = top, max(1, first)
        while len(found) < RANK_WINDOW and high > 0:
            low = max(0, high - size)
            rows = self.conn.execute(
                "SELECT a.n FROM article_search a, to_tsquery('simple', %s) q "
                f"WHERE a.tsv @@ q AND a.n > %s AND a.n <= %s AND {where} ORDER BY a.n DESC LIMIT %s",
                [tsquery, low, high, *params, RANK_WINDOW - len(found)],
            ).fetchall()
            found.extend(r[0] for r in rows)
            high, size = low, size * _SLICE_GROWTH
        return found

    def _window_among(self, tsquery: str, where: str, params: list[Any], articles: list[int]) -> list[int]:
        """Keys of the newest RANK_WINDOW matches among `articles` (newest first) passing `where`."""
        found: list[int] = []
        start, size = 0, _FIRST_SLICE
        while len(found) < RANK_WINDOW and start < len(articles):
            rows = self.conn.execute(
                "SELECT a.n FROM article_search a, to_tsquery('simple', %s) q "
                f"WHERE a.tsv @@ q AND a.n = ANY(%s) AND {where} ORDER BY a.n DESC LIMIT %s",
                [tsquery, articles[start : start + size], *params, RANK_WINDOW - len(found)],
            ).fetchall()
            found.extend(r[0] for r in rows)
            start, size = start + size, size * _SLICE_GROWTH
        return found

    def _key_fallback(self, key: str) -> str | None:
        found = super()._key_fallback(key)
        if found:
            return found
        # A misspelt name: the most similar key by trigrams, above pg_trgm's similarity threshold.
        row = self.conn.execute(
            "SELECT key FROM entity_keys WHERE key %% %s ORDER BY similarity(key, %s) DESC LIMIT 1", (key, key)
        ).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and ":" in url.split("@", 1)[0].split("//", 1)[-1]:
        scheme, rest = url.split("//", 1)
        user = rest.split("@", 1)[0].split(":", 1)[0]
        return f"{scheme}//{user}:***@{rest.split('@', 1)[1]}"
    return url
