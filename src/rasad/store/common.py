"""What both SQL backends share: idempotent batched writes, clustering, filters, quotes, events, export."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from itertools import islice
from typing import Any

from rasad import dedup
from rasad.records import Record
from rasad.store.base import EventHit, Filters, IngestStats, QuoteHit, SearchHit
from rasad.store.plan import Insert, Stored, plan_batch
from rasad.store.rows import CHILD_TABLES, POOL_WORKERS, Rows, load_record, load_text, prepare_records
from rasad.store.search import Query, QueryError, name_key, parse_query, snippet

ARTICLE_COLUMNS = ("id", "source", "title", "url", "published", "author", "cluster", "body", "text")
_CHILD_ORDER = ("entities", "mentions", "timexes", "quotes", "events", "event_participants")
# Statistics are refreshed after an ingest once the archive holds this many articles and has grown by
# STATS_GROWTH since they were taken: log-spaced, so a bulk load of N articles analyzes O(log N) times.
STATS_MIN_ARTICLES = 1000
STATS_GROWTH = 1.25
# Batches at least this big are prepared in worker processes: forking them and the round trips cost more
# than they save on small ingests (the CLI's default batch of 200 stays in this process).
POOL_MIN_RECORDS = 500


class SqlStore:
    """A Store over a DB-API connection; subclasses supply the dialect (placeholders, FTS, transactions)."""

    url: str
    placeholder = "?"

    # ---- dialect hooks ----

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _new_keys(self, count: int) -> list[int]:
        """`count` unused article keys (n), ascending; called inside the write transaction."""
        raise NotImplementedError

    def _insert_articles(self, inserts: list[Insert]) -> None:
        """Insert the articles' rows and their full-text entries."""
        raise NotImplementedError

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows into one table (PostgreSQL overrides this with COPY)."""
        cols = ", ".join(columns)
        self._executemany(self._sql(f"INSERT INTO {table} ({cols}) VALUES ({self._marks(len(columns))})"), rows)

    def _refresh_statistics(self) -> None:
        """Refresh the query planner's statistics when the archive has grown much since they were taken."""

    def _delete_search_row(self, n: int) -> None:
        """Remove the article's full-text entry (PostgreSQL keeps it in the article row: nothing to do)."""

    def _text_search(
        self, query: Query, where: str, params: list[Any], limit: int, filters: Filters = Filters()
    ) -> list[tuple[Any, ...]]:
        """(id, title, published, source, cluster, score, text) of the best matches, best first; `where` and
        `params` render `filters` on the articles table `a`."""
        raise NotImplementedError

    def _key_fallback(self, key: str) -> str | None:
        """A stored entity key holding `key` as whole words ("ترامپ" → "دونالد ترامپ"), when none equals it."""
        row = self._one(
            self._sql(
                "SELECT key FROM entity_names WHERE ' ' || key || ' ' LIKE ? ORDER BY length(key), key LIMIT 1"
            ),
            (f"% {_like_escape(key)} %",),
        )
        return row[0] if row else None

    # ---- helpers ----

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._execute(sql, params).fetchone()

    def _marks(self, count: int) -> str:
        return ", ".join([self.placeholder] * count)

    # ---- writes ----

    def add(self, record: Record) -> str:
        """Store one record; returns added, updated or unchanged."""
        stats = self.add_many([record])
        return stats.statuses[record.id]

    def add_many(
        self, records: Iterable[Record], batch_size: int = 500, on_batch: Callable[[int], None] | None = None
    ) -> IngestStats:
        """Store records in transactions of `batch_size`; a record already stored is left alone.

        While one batch is written, a helper thread prepares the next batch's rows (serialization,
        compression, MinHash), handing the costly half to worker processes for big batches (POOL_MIN_RECORDS):
        this process then mostly runs SQL. The helper and the workers never touch the connection."""
        stats = IngestStats()
        iterator = iter(records)
        with ThreadPoolExecutor(1, thread_name_prefix="rasad-prepare") as helper:
            batch = list(islice(iterator, batch_size))
            pending = helper.submit(_prepare, self._unstored(batch))
            while batch:
                try:
                    following = list(islice(iterator, batch_size))
                except BaseException:
                    self._commit_batch(batch, pending.result(), stats, on_batch)
                    raise
                ahead = helper.submit(_prepare, self._unstored(following)) if following else None
                self._commit_batch(batch, pending.result(), stats, on_batch)
                batch, pending = following, ahead
        if stats.added or stats.updated:
            self._refresh_statistics()
        return stats

    def _unstored(self, batch: list[Record]) -> list[Record]:
        present = self.has(r.id for r in batch)
        return [r for r in batch if r.id not in present]

    def _commit_batch(
        self, batch: list[Record], prepared: dict[str, tuple[Rows, dedup.Signature]], stats: IngestStats,
        on_batch: Callable[[int], None] | None,
    ) -> None:  # fmt: skip
        with self._transaction():
            self._write_batch(batch, prepared, stats)
        if on_batch:
            on_batch(len(batch))

    def _write_batch(
        self, batch: list[Record], prepared: dict[str, tuple[Rows, dedup.Signature]], stats: IngestStats
    ) -> None:
        # Checked again inside the transaction: the previous batch (or another writer) may have stored some.
        present = self.has(r.id for r in batch)
        fresh: list[Record] = []
        for record in batch:
            if record.id in present:
                stats.count(record.id, "unchanged")
                continue
            present.add(record.id)
            fresh.append(record)
        if not fresh:
            return
        missing = [r for r in fresh if r.id not in prepared]
        if missing:
            prepared = {**prepared, **_prepare(missing)}
        rows = [prepared[r.id][0] for r in fresh]
        signatures = [prepared[r.id][1] for r in fresh]
        plan = plan_batch(rows, signatures, self._stored_for(rows, signatures), iter(self._new_keys(len(rows))))
        for n in plan.deletes:
            self._delete_n(n)
        for record_id, status, clustered in plan.outcomes:
            stats.count(record_id, status, clustered)
        inserts = list(plan.inserts.values())
        self._insert_articles(inserts)
        for table, columns in CHILD_TABLES.items():
            table_rows = [(i.n, *row) for i in inserts for row in i.rows.children[table]]
            if table_rows:
                self._bulk_insert(table, ("article", *columns), table_rows)
        self._bulk_insert("lsh_bands", ("key", "article"), [(key, i.n) for i in inserts for key in i.bands])
        self._bulk_insert("signatures", ("article", "minhash"), [(i.n, i.signature.to_bytes()) for i in inserts])
        names = sorted({name for i in inserts for name in i.rows.names})
        if names:
            self._executemany(
                self._sql("INSERT INTO entity_names (key, name) VALUES (?, ?) ON CONFLICT DO NOTHING"), names
            )

    def _stored_for(self, rows: list[Rows], signatures: list[dedup.Signature]) -> Stored:
        """The stored articles a batch may edit (same URL, or source and title) or duplicate (shared LSH band)."""
        stored = Stored()
        urls = sorted({r.meta["url"] for r in rows if r.meta["url"]})
        for chunk in _chunks(urls):
            for url, n, cluster in self._all(
                self._sql(f"SELECT url, n, cluster FROM articles WHERE url IN ({self._marks(len(chunk))}) ORDER BY n"),
                chunk,
            ):
                stored.by_url.setdefault(url, []).append((n, cluster))
        titles: dict[str, set[str]] = {}
        for r in rows:
            if r.meta["source"] and r.meta["title"]:
                titles.setdefault(r.meta["source"], set()).add(r.meta["title"])
        for source, source_titles in titles.items():
            for chunk in _chunks(sorted(source_titles)):
                for title, n, cluster in self._all(
                    self._sql(
                        f"SELECT title, n, cluster FROM articles WHERE source = ? AND title IN ({self._marks(len(chunk))}) "
                        "ORDER BY n"
                    ),
                    [source, *chunk],
                ):
                    stored.by_title.setdefault((source, title), []).append((n, cluster))
        keys = sorted({key for signature in signatures for key in signature.bands()})
        for chunk in _chunks(keys):
            for key, n in self._all(
                self._sql(f"SELECT key, article FROM lsh_bands WHERE key IN ({self._marks(len(chunk))})"), chunk
            ):
                stored.by_band.setdefault(key, []).append(n)
        candidates = sorted({n for ns in stored.by_band.values() for n in ns})
        for chunk in _chunks(candidates):
            for n, cluster, minhash in self._all(
                self._sql(
                    "SELECT a.n, a.cluster, s.minhash FROM articles a JOIN signatures s ON s.article = a.n "
                    f"WHERE a.n IN ({self._marks(len(chunk))})"
                ),
                chunk,
            ):
                stored.signatures[n] = (cluster, bytes(minhash))
        return stored

    def _delete_n(self, n: int) -> None:
        self._delete_search_row(n)
        for table in CHILD_TABLES:
            self._execute(self._sql(f"DELETE FROM {table} WHERE article = ?"), (n,))
        # SQLite keeps the bands in one b-tree by (key, article): its rows are found by the article's band keys.
        signature = self._one(self._sql("SELECT minhash FROM signatures WHERE article = ?"), (n,))
        if signature is None:  # never written without its signature; scan rather than leave rows behind
            self._execute(self._sql("DELETE FROM lsh_bands WHERE article = ?"), (n,))
        else:
            keys = dedup.Signature.from_bytes(bytes(signature[0])).bands()
            self._execute(
                self._sql(f"DELETE FROM lsh_bands WHERE article = ? AND key IN ({self._marks(len(keys))})"), (n, *keys)
            )
        self._execute(self._sql("DELETE FROM signatures WHERE article = ?"), (n,))
        self._execute(self._sql("DELETE FROM articles WHERE n = ?"), (n,))

    def delete(self, record_id: str) -> bool:
        """Remove a record; False when it was not stored."""
        with self._transaction():
            found = self._one(self._sql("SELECT n FROM articles WHERE id = ?"), (record_id,))
            if found:
                self._delete_n(found[0])
        return found is not None

    # ---- reads ----

    def has(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that are stored."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._all(self._sql(f"SELECT id FROM articles WHERE id IN ({self._marks(len(chunk))})"), chunk)
            found.update(r[0] for r in rows)
        return found

    def get(self, record_id: str) -> Record | None:
        row = self._one(self._sql("SELECT body, text FROM articles WHERE id = ?"), (record_id,))
        return load_record(bytes(row[0]), bytes(row[1])) if row else None

    def count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM articles")[0])

    def records(self) -> Iterator[Record]:
        """Every stored record, in the order they were stored."""
        last = 0
        while True:
            rows = self._all(self._sql("SELECT n, body, text FROM articles WHERE n > ? ORDER BY n LIMIT 500"), (last,))
            if not rows:
                return
            for n, body, text in rows:
                yield load_record(bytes(body), bytes(text))
            last = rows[-1][0]

    def cluster(self, record_id: str) -> list[str]:
        """Ids of the articles in the record's near-duplicate cluster (itself included), oldest first."""
        rows = self._all(
            self._sql("SELECT id FROM articles WHERE cluster = (SELECT cluster FROM articles WHERE id = ?) ORDER BY n"),
            (record_id,),
        )
        return [r[0] for r in rows]

    def clusters(self, min_size: int = 2) -> list[list[str]]:
        """Clusters of at least `min_size` articles, largest first."""
        rows = self._all(
            self._sql("SELECT cluster FROM articles GROUP BY cluster HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC"),
            (min_size,),
        )
        return [self.cluster(r[0]) for r in rows]

    # ---- search ----

    def names_for(self, key: str) -> list[str]:
        """Persian names of entities known under a lookup key (English name, surname, alias)."""
        rows = self._all(self._sql("SELECT name FROM entity_names WHERE key = ? ORDER BY name LIMIT 8"), (key,))
        return [r[0] for r in rows]

    def _entity_key(self, name: str) -> str:
        key = name_key(name)
        if not key:
            raise QueryError(f"entity filter {name!r} has no letters or digits")
        if self._one(self._sql("SELECT 1 FROM entity_keys WHERE key = ? LIMIT 1"), (key,)) is None:
            return self._key_fallback(key) or key
        return key

    def _filters(self, filters: Filters, alias: str = "a") -> tuple[str, list[Any]]:
        """SQL conditions on the articles table (aliased) and their parameters."""
        conditions: list[str] = []
        params: list[Any] = []
        if filters.date_from:
            conditions.append(f"{alias}.published >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            conditions.append(f"{alias}.published <= ?")
            params.append(filters.date_to)
        if filters.source:
            conditions.append(f"{alias}.source = ?")
            params.append(filters.source)
        for entity in filters.entities:
            conditions.append(f"{alias}.n IN (SELECT article FROM entity_keys WHERE key = ?)")
            params.append(self._entity_key(entity))
        if filters.event_type:
            conditions.append(f"{alias}.n IN (SELECT article FROM events WHERE type = ?)")
            params.append(filters.event_type.upper())
        return self._sql(" AND ".join(conditions) or "1 = 1"), params

    def search(
        self, query: str, filters: Filters = Filters(), limit: int = 20, *, snippets: int | None = None
    ) -> list[SearchHit]:
        """Articles matching the query and filters, best first; the first `snippets` (default all) with snippets."""
        parsed = parse_query(query, self.names_for)
        where, params = self._filters(filters)
        if parsed.empty:
            if query.strip() and not filters.any():
                raise QueryError(f"the query {query!r} has no words to search for (only punctuation or operators)")
            if not filters.any():
                raise QueryError("nothing to search for: give words, or a filter (--entity, --from/--to, --source)")
            rows = self._all(
                self._sql(
                    "SELECT a.id, a.title, a.published, a.source, a.cluster, 0, a.text FROM articles a "
                    f"WHERE {where} ORDER BY a.published DESC, a.n DESC LIMIT ?"
                ),
                [*params, limit],
            )
        else:
            rows = self._text_search(parsed, where, params, limit, filters)
        shown = len(rows) if snippets is None else snippets
        # A hit ranked only for facets needs no snippet, and building one means decompressing the whole text.
        return [
            SearchHit(
                id=r[0], title=r[1], published=r[2], source=r[3], cluster=r[4], score=float(r[5]),
                snippet=snippet(load_text(bytes(r[6])), parsed) if i < shown else "",
            )  # fmt: skip
            for i, r in enumerate(rows)
        ]

    def _speaker_condition(self, speaker: str) -> tuple[str, list[Any]]:
        """SQL on quotes `q`: said by this speaker (Persian or English name; speaker text or linked entity)."""
        key = self._entity_key(speaker)
        condition = self._sql(
            "(q.speaker_key = ? OR EXISTS (SELECT 1 FROM entity_keys k WHERE k.key = ? "
            "AND k.article = q.article AND k.eid = q.speaker_entity))"
            # The articles such a quote can be in, from two indexes (the exact test above still applies).
            " AND q.article IN (SELECT article FROM quotes WHERE speaker_key = ? "
            "UNION SELECT article FROM entity_keys WHERE key = ?)"
        )
        return condition, [key, key, key, key]

    def quotes(self, speaker: str | None = None, filters: Filters = Filters(), limit: int = 50) -> list[QuoteHit]:
        """Quotes, newest first, by a speaker named in Persian or English (linked entity or speaker text)."""
        where, params = self._filters(filters)
        if speaker:
            condition, more = self._speaker_condition(speaker)
            where, params = f"{where} AND {condition}", [*params, *more]
        rows = self._all(
            self._sql(
                "SELECT a.id, a.published, a.source, q.speaker_name, q.speaker_en, q.kind, q.cue, q.text "
                f"FROM quotes q JOIN articles a ON a.n = q.article WHERE {where} "
                "ORDER BY a.published DESC, a.n DESC, q.n LIMIT ?"
            ),
            [*params, limit],
        )
        return [QuoteHit(*r) for r in rows]

    def events(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        filters: Filters = Filters(), limit: int = 50,
    ) -> list[EventHit]:  # fmt: skip
        """Events, newest first, by PLOVER type and actor/target named in Persian or English."""
        where, params = self._filters(filters)
        if type_:
            where += self._sql(" AND e.type = ?")
            params.append(type_.upper())
        for role, name in (("actor", actor), ("target", target)):
            if name:
                key = self._entity_key(name)
                where += self._sql(
                    " AND EXISTS (SELECT 1 FROM event_participants p WHERE p.article = e.article AND p.event = e.n "
                    f"AND p.role = '{role}' AND (p.en_key = ? OR (p.article, p.entity) IN "
                    "(SELECT article, eid FROM entity_keys WHERE key = ?)))"
                )
                params += [key, key]
        rows = self._all(
            self._sql(
                "SELECT a.id, a.published, e.type, e.trigger_text, e.when_date, e.article, e.n "
                f"FROM events e JOIN articles a ON a.n = e.article WHERE {where} "
                "ORDER BY a.published DESC, a.n DESC, e.n LIMIT ?"
            ),
            [*params, limit],
        )
        hits = []
        for article_id, published, type_name, trigger, when, n, event in rows:
            parts = self._all(
                self._sql(
                    "SELECT role, COALESCE(name_en, name, entity, '') FROM event_participants "
                    "WHERE article = ? AND event = ?"
                ),
                (n, event),
            )
            by_role = {role: tuple(name for r, name in parts if r == role) for role in ("actor", "target", "where")}
            hits.append(EventHit(
                article_id, published, type_name, trigger, by_role["actor"], by_role["target"],
                by_role["where"][0] if by_role["where"] else None, when,
            ))  # fmt: skip
        return hits


def _prepare(records: list[Record]) -> dict[str, tuple[Rows, dedup.Signature]]:
    """Rows and MinHash signature of each record, by id (pure: runs in the helper thread)."""
    first: dict[str, Record] = {}
    for record in records:
        first.setdefault(record.id, record)
    unique = list(first.values())
    pool = _prep_pool() if len(unique) >= POOL_MIN_RECORDS else None
    try:
        prepared = prepare_records(unique, pool)
    except BrokenProcessPool:  # a worker died (killed, out of memory): prepare here from now on
        _POOL[os.getpid()] = None
        prepared = prepare_records(unique)
    return {r.id: p for r, p in zip(unique, prepared)}


# The pool of each process, by pid: a process forked from one that has a pool must not use its parent's.
_POOL: dict[int, ProcessPoolExecutor | None] = {}


def _prep_pool() -> ProcessPoolExecutor | None:
    """The process pool that prepares big batches, made on first use; None where processes cannot start."""
    pid = os.getpid()
    if pid not in _POOL:
        # fork where there is one: spawn would re-run the caller's main module, which may not be guarded.
        # The workers only run pure functions of the job tuples, never the database connection.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        try:
            context = multiprocessing.get_context(method)
            _POOL[pid] = ProcessPoolExecutor(
                POOL_WORKERS, mp_context=context, initializer=_follow_parent, initargs=(pid,)
            )
        except (OSError, NotImplementedError):
            _POOL[pid] = None
    return _POOL[pid]


def _follow_parent(parent: int) -> None:
    """In a worker: exit when the ingesting process is gone (killed mid-run, it cannot stop its workers)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="rasad-follow-parent").start()


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` values (bound parameters per statement stay well under every backend's limit)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _like_escape(text: str) -> str:
    """Text matched literally by LIKE (the keys hold only letters, digits and spaces, but be safe)."""
    return text.replace("%", "").replace("_", "")
