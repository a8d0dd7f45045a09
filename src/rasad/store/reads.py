"""Read queries for browsing the archive (API and web UI), shared by both SQL backends as a mixin.

Every value from a user reaches the database as a bound parameter; the SQL text is built only from
constants. Entities across articles are grouped by their ref (English name, else Persian name, see views.py).
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rasad.events.network import NETWORK_TYPES, Edge, Network, Node
from rasad.store.base import Filters, SearchHit
from rasad.store.rows import load_text
from rasad.store.search import name_key
from rasad.store.views import EntityDetail, EntitySummary, EventView, Facets, ParticipantView, PeriodCount

# The (article, eid) pairs of the entity with a given ref (COALESCE(name_en, name) = ref); parameters: ref, ref.
# Two disjoint index ranges (migration 3): English names, and Persian names of entities without one.
_MATCH = (
    "WITH m AS ("
    "SELECT article, eid FROM entities WHERE name_en = ? "
    "UNION ALL "
    "SELECT article, eid FROM entities WHERE name_en IS NULL AND name = ?) "
)
_EVENT_COLUMNS = (
    "a.id, a.title, a.source, a.published, e.article, e.n, e.type, e.mode, e.trigger_text, e.trigger_start, "
    "e.trigger_stop, e.when_date"
)
# A participant in a role, named by an English name key or by any key of its linked entity.
_ROLE = (
    "EXISTS (SELECT 1 FROM event_participants p WHERE p.article = e.article AND p.event = e.n AND p.role = ? "
    "AND (p.en_key = ? OR EXISTS (SELECT 1 FROM entity_keys k WHERE k.key = ? AND k.article = p.article "
    "AND k.eid = p.entity)))"
)
# An event's date: its own when it is a calendar value (starts with a digit, unlike "T11:00"), else publication.
_EVENT_DATE = "(CASE WHEN e.when_date < 'A' THEN e.when_date ELSE a.published END)"
LEAD_CHARS = 220
# Pages of the entity listing within this many entities are slices of one remembered ranking (the API's
# deepest page ends at offset 1000 + limit 100).
RANKED_ENTITIES = 1_100
# Reads whose cost grows with an entity's (or the archive's) size are remembered per process, per archive and
# arguments, while the archive is unchanged: a much-covered entity (in ~40% of 200,000 articles) takes a
# second or more to aggregate, and every server thread shares what one of them computed.
MEMO_ENTRIES = 512
_memo: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()
_memo_lock = threading.Lock()
_Read = TypeVar("_Read", bound=Callable[..., Any])


def remembered(read: _Read) -> _Read:
    """Remember a read's result per (archive, arguments) until the archive's version changes."""

    signature = inspect.signature(read)

    @functools.wraps(read)
    def wrapper(self: ReadQueries, *args: Any, **kwargs: Any) -> Any:
        # Keyed by every parameter's value, defaults included: f(ref) and f(ref, None, None) are one entry.
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        key = (self.url, read.__name__, *list(bound.arguments.values())[1:])
        version = self.archive_version()
        with _memo_lock:
            hit = _memo.get(key)
            if hit is not None and hit[0] == version:
                _memo.move_to_end(key)
                return _copy(hit[1])
        value = read(self, *args, **kwargs)
        with _memo_lock:
            _memo[key] = (version, value)
            _memo.move_to_end(key)
            while len(_memo) > MEMO_ENTRIES:
                _memo.popitem(last=False)
        return _copy(value)

    return wrapper  # type: ignore[return-value]


def _copy(value: Any) -> Any:
    """A list a caller may reorder without changing the remembered one (its items are immutable views)."""
    return list(value) if isinstance(value, list) else value


class ReadQueries:
    """Browsing queries; mixed into SqlStore subclasses (uses their _all/_one/_sql/_filters/_entity_key)."""

    # Supplied by SqlStore, which comes after this mixin in the backends' bases.
    url: str
    _all: Any
    _one: Any
    _sql: Any
    _filters: Any
    _entity_key: Any

    @staticmethod
    def _match_params(ref: str) -> list[Any]:
        return [ref, ref]

    def archive_version(self) -> tuple[Any, ...]:
        """Changes whenever an article is added, replaced or deleted: keys only grow (a new article gets a key
        above every stored one), deletes lower the count, and the newest key's id tells a re-used key apart."""
        newest = self._one(self._sql("SELECT n, id FROM articles ORDER BY n DESC LIMIT 1"))
        count = self._one(self._sql("SELECT COUNT(*) FROM articles"))
        return (tuple(newest) if newest else None, int(count[0]) if count else 0)

    def _articles_by_n(self) -> str:
        """The articles table `a` for looking up many articles' dates by key: SQLite reads the dates from the
        narrow (n, published) index rather than the wide rows (one row a page; the planner prefers the rowid)."""
        return "articles a INDEXED BY articles_n_published" if self.placeholder == "?" else "articles a"

    # ---- articles ----

    def article_list(self, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Articles matching the filters, newest first, each with the lead of its text as snippet."""
        where, params = self._filters(filters)
        rows = self._all(
            self._sql(
                "SELECT a.id, a.title, a.published, a.source, a.cluster, a.text FROM articles a "
                f"WHERE {where} ORDER BY a.published IS NULL, a.published DESC, a.n DESC LIMIT ? OFFSET ?"
            ),
            [*params, limit, offset],
        )
        return [SearchHit(r[0], r[1], r[2], r[3], 0.0, _lead(load_text(bytes(r[5]))), r[4]) for r in rows]

    def article_count(self, filters: Filters = Filters()) -> int:
        """How many articles match the filters."""
        where, params = self._filters(filters)
        row = self._one(self._sql(f"SELECT COUNT(*) FROM articles a WHERE {where}"), params)
        return int(row[0]) if row else 0

    def article_leads(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The first words of each article's text (for showing untitled articles), by id."""
        ids = list(dict.fromkeys(article_ids))[:200]
        if not ids:
            return {}
        rows = self._all(self._sql(f"SELECT id, text FROM articles WHERE id IN ({', '.join(['?'] * len(ids))})"), ids)
        return {r[0]: _lead(load_text(bytes(r[1]))) for r in rows}

    def facets(self, article_ids: Sequence[str], top: int = 10) -> Facets:
        """Sources, years, most named entities and event types among the given articles."""
        ids = list(dict.fromkeys(article_ids))[:1000]
        if not ids:
            return Facets((), (), (), ())
        marks = ", ".join(["?"] * len(ids))
        chosen = f"SELECT n FROM articles WHERE id IN ({marks})"
        sources = self._all(
            self._sql(f"SELECT source, COUNT(*) FROM articles WHERE n IN ({chosen}) AND source IS NOT NULL "
                      "GROUP BY source ORDER BY COUNT(*) DESC, source LIMIT ?"),
            [*ids, top],
        )  # fmt: skip
        years = self._all(
            self._sql(f"SELECT substr(published, 1, 4), COUNT(*) FROM articles WHERE n IN ({chosen}) "
                      "AND published IS NOT NULL GROUP BY substr(published, 1, 4) ORDER BY 1 DESC"),
            ids,
        )  # fmt: skip
        entities = self._all(
            self._sql(f"SELECT COALESCE(name_en, name), MIN(name), COUNT(DISTINCT article) FROM entities "
                      f"WHERE article IN ({chosen}) GROUP BY COALESCE(name_en, name) "
                      "ORDER BY COUNT(DISTINCT article) DESC, COALESCE(name_en, name) LIMIT ?"),
            [*ids, top],
        )  # fmt: skip
        types = self._all(
            self._sql(f"SELECT type, COUNT(DISTINCT article) FROM events WHERE article IN ({chosen}) "
                      "GROUP BY type ORDER BY COUNT(DISTINCT article) DESC, type"),
            ids,
        )  # fmt: skip
        return Facets(
            tuple((r[0], int(r[1])) for r in sources),
            tuple((r[0], int(r[1])) for r in years),
            tuple((r[0], r[1], int(r[2])) for r in entities),
            tuple((r[0], int(r[1])) for r in types),
        )

    # ---- entities ----

    def entity_list(
        self, query: str | None = None, type_: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]:
        """Entities across articles, most written about first; `query` matches any word start of any name."""
        if offset + limit <= RANKED_ENTITIES:
            return self._entity_ranking(query, type_)[offset : offset + limit]
        return self._entity_rows(query, type_, limit, offset)

    @remembered
    def _entity_ranking(self, query: str | None, type_: str | None) -> list[EntitySummary]:
        """The first RANKED_ENTITIES entities of a listing: every page of it is a slice of one aggregation."""
        return self._entity_rows(query, type_, RANKED_ENTITIES, 0)

    def _entity_rows(self, query: str | None, type_: str | None, limit: int, offset: int) -> list[EntitySummary]:
        conditions, params = ["1 = 1"], []
        if type_:
            conditions.append("e.type = ?")
            params.append(type_.upper())
        key = name_key(query or "")
        if key:
            conditions.append(
                "EXISTS (SELECT 1 FROM entity_keys k WHERE k.article = e.article AND k.eid = e.eid "
                "AND ' ' || k.key LIKE ? ESCAPE '!')"
            )
            params.append("% " + _like_literal(key) + "%")
        rows = self._all(
            self._sql(
                "SELECT COALESCE(e.name_en, e.name), MIN(e.type), MIN(e.name), MIN(e.name_en), MIN(e.kb_id), "
                f"COUNT(DISTINCT e.article) FROM entities e WHERE {' AND '.join(conditions)} "
                "GROUP BY COALESCE(e.name_en, e.name) ORDER BY COUNT(DISTINCT e.article) DESC, "
                "COALESCE(e.name_en, e.name) LIMIT ? OFFSET ?"
            ),
            [*params, limit, offset],
        )
        return [EntitySummary(r[0], r[1], r[2], r[3], r[4], int(r[5])) for r in rows]

    def entity_exists(self, ref: str) -> bool:
        """Whether any article names the entity with this ref (one index probe, unlike entity())."""
        return self._one(self._sql(_MATCH + "SELECT 1 FROM m LIMIT 1"), self._match_params(ref)) is not None

    @remembered
    def entity(self, ref: str) -> EntityDetail | None:
        """One entity across articles, by ref: names, surface forms, counts, first and last dates, timeline.

        Three queries, each one pass over the entity's index entries: names (entities index only), articles
        per month (entities and the (n, published) index), mentions per month and surface form (+ mentions index)."""
        names = self._all(
            self._sql(
                "SELECT type, name, name_en, kb_id, COUNT(*) FROM entities WHERE name_en = ? "
                "GROUP BY type, name, name_en, kb_id UNION ALL "
                "SELECT type, name, name_en, kb_id, COUNT(*) FROM entities WHERE name_en IS NULL AND name = ? "
                "GROUP BY type, name, name_en, kb_id"
            ),
            self._match_params(ref),
        )
        if not names:
            return None
        names.sort(key=lambda r: (-int(r[4]), r[1]))
        months = self._all(
            self._sql(
                _MATCH + "SELECT COALESCE(substr(a.published, 1, 7), ''), COUNT(DISTINCT m.article), MIN(a.published), "
                f"MAX(a.published) FROM m JOIN {self._articles_by_n()} ON a.n = m.article "
                "GROUP BY COALESCE(substr(a.published, 1, 7), '')"
            ),
            self._match_params(ref),
        )
        forms = self._all(
            self._sql(
                _MATCH + "SELECT COALESCE(substr(a.published, 1, 7), ''), x.text, COUNT(*) FROM m "
                f"JOIN {self._articles_by_n()} ON a.n = m.article JOIN mentions x ON x.article = m.article AND x.eid = m.eid "
                "GROUP BY COALESCE(substr(a.published, 1, 7), ''), x.text"
            ),
            self._match_params(ref),
        )
        by_month: dict[str, int] = {}
        by_form: dict[str, int] = {}
        for month, text, count in forms:
            by_month[month] = by_month.get(month, 0) + int(count)
            by_form[text] = by_form.get(text, 0) + int(count)
        aliases = sorted(by_form.items(), key=lambda kv: (-kv[1], kv[0]))
        dates = [d for r in months for d in (r[2], r[3]) if d is not None]
        type_, name, name_en, kb_id, _ = names[0]
        by_name: dict[str, int] = {}
        for row in names:
            by_name[row[1]] = by_name.get(row[1], 0) + int(row[4])
        kb = kb_id or next((r[3] for r in names if r[3]), None)
        return EntityDetail(
            ref=ref, type=type_, name=name, name_en=name_en, kb_id=kb, articles=sum(int(r[1]) for r in months),
            mentions=sum(by_form.values()), first_published=min(dates, default=None),
            last_published=max(dates, default=None),
            names=tuple(sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))), aliases=tuple(aliases[:30]),
            timeline=tuple(PeriodCount(r[0], int(r[1]), by_month.get(r[0], 0)) for r in sorted(months)),
        )  # fmt: skip

    def entity_timeline(self, ref: str) -> list[PeriodCount]:
        """Articles and mentions of the entity per month of publication, oldest first ("" for undated)."""
        found = self.entity(ref)
        return list(found.timeline) if found else []

    @remembered
    def entity_quotes(self, ref: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes the entity is the linked speaker of, newest first."""
        # The page of quotes is chosen from keys and dates alone (indexes); only its rows read texts and titles.
        rows = self._all(
            self._sql(
                _MATCH + ", k AS (SELECT q.article, q.n, a.published FROM m JOIN quotes q ON q.article = m.article "
                f"AND q.speaker_entity = m.eid JOIN {self._articles_by_n()} ON a.n = q.article "
                "ORDER BY a.published IS NULL, a.published DESC, q.article DESC, q.n LIMIT ? OFFSET ?) "
                "SELECT a.id, a.title, a.published, a.source, q.speaker_name, q.speaker_en, q.kind, q.cue, q.text, "
                "q.start, q.stop, q.speaker_entity FROM k JOIN quotes q ON q.article = k.article AND q.n = k.n "
                "JOIN articles a ON a.n = k.article ORDER BY k.published IS NULL, k.published DESC, k.article DESC, k.n"
            ),
            [*self._match_params(ref), limit, offset],
        )
        return [_quote(r) for r in rows]

    @remembered
    def entity_events(self, ref: str, limit: int = 50, offset: int = 0) -> list[EventView]:
        """Events the entity takes part in (actor, target or place), latest first."""
        return self._event_views(
            prefix=_MATCH + ", ",
            source="(SELECT DISTINCT p.article, p.event FROM m JOIN event_participants p "
            "ON p.article = m.article AND p.entity = m.eid) pe "
            f"JOIN events e ON e.article = pe.article AND e.n = pe.event JOIN {self._articles_by_n()} ON a.n = e.article",
            where="1 = 1", params=self._match_params(ref), limit=limit, offset=offset,
        )  # fmt: skip

    # ---- quotes and events ----

    def quote_list(
        self, speaker: str | None = None, filters: Filters = Filters(), limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Quotes, newest first, by a speaker named in Persian or English, with the article's metadata."""
        where, params = self._filters(filters)
        if speaker:
            condition, more = self._speaker_condition(speaker)
            where, params = f"{where} AND {condition}", [*params, *more]
        articles = "articles a" if filters.any() else self._articles_by_n()
        # The page is chosen from keys and dates alone; only its rows read texts and titles.
        rows = self._all(
            self._sql(
                f"WITH k AS (SELECT q.article, q.n, a.published FROM quotes q JOIN {articles} ON a.n = q.article "
                f"WHERE {where} ORDER BY a.published IS NULL, a.published DESC, q.article DESC, q.n LIMIT ? OFFSET ?) "
                "SELECT a.id, a.title, a.published, a.source, q.speaker_name, q.speaker_en, q.kind, q.cue, q.text, "
                "q.start, q.stop, q.speaker_entity FROM k JOIN quotes q ON q.article = k.article AND q.n = k.n "
                "JOIN articles a ON a.n = k.article ORDER BY k.published IS NULL, k.published DESC, k.article DESC, k.n"
            ),
            [*params, limit, offset],
        )
        return [_quote(r) for r in rows]

    def event_list(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> list[EventView]:  # fmt: skip
        """Events by type, participants (Persian or English names) and event date range, latest first."""
        where, params = self._event_filters(type_, actor, target, place, date_from, date_to)
        return self._event_views(where=where, params=params, limit=limit, offset=offset)

    @remembered
    def event_months(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
    ) -> list[tuple[str, str, int]]:  # fmt: skip
        """(YYYY-MM, type, count) of the events matching the filters, oldest first."""
        where, params = self._event_filters(type_, actor, target, place, date_from, date_to)
        rows = self._all(
            self._sql(
                f"SELECT substr({_EVENT_DATE}, 1, 7), e.type, COUNT(*) FROM events e JOIN {self._articles_by_n()} ON a.n = e.article "
                f"WHERE {where} AND {_EVENT_DATE} IS NOT NULL GROUP BY substr({_EVENT_DATE}, 1, 7), e.type ORDER BY 1, 2"
            ),
            params,
        )
        return [(r[0], r[1], int(r[2])) for r in rows]

    def _event_filters(
        self, type_: str | None, actor: str | None, target: str | None, place: str | None,
        date_from: str | None, date_to: str | None,
    ) -> tuple[str, list[Any]]:  # fmt: skip
        conditions, params = ["1 = 1"], []
        if type_:
            conditions.append("e.type = ?")
            params.append(type_.upper())
        for role, name in (("actor", actor), ("target", target), ("where", place)):
            if name:
                key = self._entity_key(name)
                conditions.append(_ROLE)
                params += [role, key, key]
        if date_from or date_to:
            # "2025-12-31~" sorts after every value starting with the date (2025-12-31, 2025-12-31T10:00).
            ops: list[str] = []
            bounds: list[str] = []
            if date_from:
                ops.append(">= ?")
                bounds.append(date_from)
            if date_to:
                ops.append("<= ?")
                bounds.append(date_to + "~")
            conditions.append(" AND ".join(f"{_EVENT_DATE} {op}" for op in ops))
            published = " AND ".join(f"published {op}" for op in ops)
            when = " AND ".join(f"when_date {op}" for op in ops)
            # The articles an event in the range can be in, from two indexes: its date is either its own
            # (when_date) or its article's publication date (a superset: the exact test above still applies).
            conditions.append(
                f"e.article IN (SELECT n FROM articles WHERE {published} UNION SELECT article FROM events WHERE {when})"
            )
            params += bounds * 3
        return " AND ".join(conditions), params

    def _event_views(
        self, *, where: str, params: list[Any], limit: int, offset: int, prefix: str = "WITH ",
        source: str | None = None,
    ) -> list[EventView]:  # fmt: skip
        """A page of events, latest first: `prefix` opens the WITH clause (ending in a comma when it defines
        tables), `source` joins events `e` and articles `a`, `where` filters them."""
        source = source or f"events e JOIN {self._articles_by_n()} ON a.n = e.article"
        # The page is chosen from keys and dates alone (indexes); only its rows read titles and triggers.
        rows = self._all(
            self._sql(
                f"{prefix}k AS (SELECT e.article, e.n, {_EVENT_DATE} AS d FROM {source} WHERE {where} "
                f"ORDER BY {_EVENT_DATE} IS NULL, {_EVENT_DATE} DESC, e.article DESC, e.n LIMIT ? OFFSET ?) "
                f"SELECT {_EVENT_COLUMNS} FROM k JOIN events e ON e.article = k.article AND e.n = k.n "
                "JOIN articles a ON a.n = k.article ORDER BY k.d IS NULL, k.d DESC, k.article DESC, k.n"
            ),
            [*params, limit, offset],
        )
        if not rows:
            return []
        articles = sorted({r[4] for r in rows})
        parts = self._all(
            self._sql(
                "SELECT article, event, role, name, name_en FROM event_participants "
                f"WHERE article IN ({', '.join(['?'] * len(articles))})"
            ),
            articles,
        )
        by_event: dict[tuple[int, int], list[tuple[str, ParticipantView]]] = {}
        for article, event, role, name, name_en in parts:
            view = ParticipantView(name_en or name, name, name_en)
            by_event.setdefault((article, event), []).append((role, view))
        views = []
        for r in rows:
            roles = by_event.get((r[4], r[5]), [])
            places = [v for role, v in roles if role == "where"]
            views.append(EventView(
                article=r[0], title=r[1], source=r[2], published=r[3], n=int(r[5]), type=r[6], mode=r[7],
                trigger=r[8] or "", trigger_start=int(r[9] or 0), trigger_end=int(r[10] or 0), when=r[11],
                actors=tuple(v for role, v in roles if role == "actor"),
                targets=tuple(v for role, v in roles if role == "target"),
                where=places[0] if places else None,
            ))  # fmt: skip
        return views

    # ---- who met whom ----

    @remembered
    def network(
        self, ref: str | None = None, date_from: str | None = None, date_to: str | None = None,
        max_events: int = 2000,
    ) -> tuple[Network, dict[str, str]]:  # fmt: skip
        """The who-met-whom network of the latest `max_events` meeting-like events (of one entity, or of a
        period), and the Persian name of each node; aggregated in SQL, so only nodes and edges reach Python.

        Same rules as rasad.events.network: a participant is named by its English name, else its linked
        entity's Persian name; every actor is linked to every target, co-actors to each other; an edge keeps the
        last stored article of each of its event types (an edge of a much-covered entity spans thousands)."""
        types = sorted(NETWORK_TYPES)
        where, params = self._event_filters(None, None, None, None, date_from, date_to)
        where += f" AND e.type IN ({', '.join(['?'] * len(types))})"
        params += types
        source = f"events e JOIN {self._articles_by_n()} ON a.n = e.article"
        prefix = "WITH "
        if ref:
            prefix = _MATCH + ", "
            source = (
                "(SELECT DISTINCT p.article, p.event FROM m JOIN event_participants p ON p.article = m.article "
                "AND p.entity = m.eid AND p.role IN ('actor', 'target')) pe "
                f"JOIN events e ON e.article = pe.article AND e.n = pe.event JOIN {self._articles_by_n()} ON a.n = e.article"
            )
            params = [*self._match_params(ref), *params]
        rows = self._all(
            self._sql(
                f"{prefix}ev AS (SELECT e.article, e.n, e.type FROM {source} WHERE {where} "
                f"ORDER BY {_EVENT_DATE} IS NULL, {_EVENT_DATE} DESC, e.article DESC, e.n LIMIT ?), "
                # One row per participant and event; a name both actor and target counts as actor ('actor' < 'target').
                "ps AS (SELECT p.article, p.event, COALESCE(p.name_en, p.name) AS ref, MIN(p.role) AS role, "
                "MIN(p.name) AS name FROM ev JOIN event_participants p ON p.article = ev.article AND p.event = ev.n "
                "WHERE p.role IN ('actor', 'target') AND COALESCE(p.name_en, p.name) IS NOT NULL "
                "GROUP BY p.article, p.event, COALESCE(p.name_en, p.name)) "
                "SELECT 'node', ref, NULL, NULL, COUNT(*), MIN(name), CAST(NULL AS BIGINT) FROM ps GROUP BY ref "
                "UNION ALL "
                "SELECT 'edge', x.ref, y.ref, ev.type, COUNT(*), NULL, MAX(ev.article) FROM ps x "
                "JOIN ps y ON y.article = x.article AND y.event = x.event "
                "AND (y.role = 'target' OR (y.role = 'actor' AND x.ref < y.ref)) "
                "JOIN ev ON ev.article = x.article AND ev.n = x.event WHERE x.role = 'actor' "
                "GROUP BY x.ref, y.ref, ev.type"
            ),
            [*params, max_events],
        )
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        edges: dict[tuple[str, str], tuple[int, set[str], set[int]]] = {}
        for kind, a, b, type_, count, name, latest_n in rows:
            if kind == "node":
                counts[a] = int(count)
                if name:
                    names[a] = name
                continue
            key = (a, b) if a <= b else (b, a)  # the database's string order may differ from Python's
            weight, kinds, latest = edges.get(key, (0, set(), set()))
            edges[key] = (weight + int(count), kinds | {type_}, latest | {int(latest_n)})
        ids = self._article_ids(sorted({n for _, _, latest in edges.values() for n in latest}))
        nodes = tuple(Node(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        links = tuple(
            Edge(a, b, weight, tuple(sorted(kinds)), tuple(sorted(ids[n] for n in latest if n in ids)))
            for (a, b), (weight, kinds, latest) in sorted(edges.items(), key=lambda item: (-item[1][0], item[0]))
        )
        return Network(nodes, links), names

    def _article_ids(self, keys: Sequence[int]) -> dict[int, str]:
        """The ids of articles by key (n)."""
        found: dict[int, str] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            rows = self._all(self._sql(f"SELECT n, id FROM articles WHERE n IN ({', '.join(['?'] * len(chunk))})"), chunk)
            found.update((int(n), i) for n, i in rows)
        return found


def _quote(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "article": r[0], "title": r[1], "published": r[2], "source": r[3], "speaker": r[4], "speaker_en": r[5],
        "speaker_ref": (r[5] or r[4]) if r[11] else None, "kind": r[6], "cue": r[7], "text": r[8], "start": r[9], "end": r[10],
    }  # fmt: skip


def _lead(text: str) -> str:
    words = " ".join(text[: LEAD_CHARS + 40].split())
    return words if len(words) <= LEAD_CHARS else words[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"


def _like_literal(text: str) -> str:
    """`text` matched literally by LIKE … ESCAPE '!'."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
