"""Read queries for browsing the archive (API and web UI), shared by both SQL backends as a mixin.

Every value from a user reaches the database as a bound parameter; the SQL text is built only from
constants. Entities across articles are grouped by their ref (English name, else Persian name, see views.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasad.events.network import NETWORK_TYPES, Network, network
from rasad.records import Event, Participant, Record, Span
from rasad.store.base import Filters, SearchHit
from rasad.store.rows import load_text
from rasad.store.search import name_key
from rasad.store.views import EntityDetail, EntitySummary, EventView, Facets, ParticipantView, PeriodCount

# The (article, eid) pairs of the entity with a given ref; parameters: ref, name_key(ref), ref.
_MATCH = (
    "WITH m AS ("
    "SELECT article, eid FROM entities WHERE name_en = ? "
    # The branches are disjoint (name_en = ? vs IS NULL): only the second needs de-duplicating.
    "UNION ALL "
    "SELECT DISTINCT e.article, e.eid FROM entity_keys k JOIN entities e ON e.article = k.article AND e.eid = k.eid "
    "WHERE k.key = ? AND e.name_en IS NULL AND e.name = ?) "
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


class ReadQueries:
    """Browsing queries; mixed into SqlStore subclasses (uses their _all/_one/_sql/_filters/_entity_key)."""

    # Supplied by SqlStore, which comes after this mixin in the backends' bases.
    _all: Any
    _one: Any
    _sql: Any
    _filters: Any
    _entity_key: Any

    @staticmethod
    def _match_params(ref: str) -> list[Any]:
        return [ref, name_key(ref), ref]

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

    def entity(self, ref: str) -> EntityDetail | None:
        """One entity across articles, by ref: names, surface forms, counts, first and last dates."""
        params = self._match_params(ref)
        names = self._all(
            self._sql(
                _MATCH + "SELECT e.type, e.name, e.name_en, e.kb_id, COUNT(*) FROM m "
                "JOIN entities e ON e.article = m.article AND e.eid = m.eid "
                "GROUP BY e.type, e.name, e.name_en, e.kb_id ORDER BY COUNT(*) DESC, e.name"
            ),
            params,
        )
        if not names:
            return None
        totals = self._one(
            self._sql(
                _MATCH + "SELECT COUNT(DISTINCT m.article), MIN(a.published), MAX(a.published) FROM m "
                "JOIN articles a ON a.n = m.article"
            ),
            params,
        )
        aliases = self._all(
            self._sql(
                _MATCH + "SELECT x.text, COUNT(*) FROM m JOIN mentions x ON x.article = m.article AND x.eid = m.eid "
                "GROUP BY x.text ORDER BY COUNT(*) DESC, x.text"
            ),
            params,
        )
        assert totals is not None
        type_, name, name_en, kb_id, _ = names[0]
        by_name: dict[str, int] = {}
        for row in names:
            by_name[row[1]] = by_name.get(row[1], 0) + int(row[4])
        kb = kb_id or next((r[3] for r in names if r[3]), None)
        return EntityDetail(
            ref=ref, type=type_, name=name, name_en=name_en, kb_id=kb, articles=int(totals[0]),
            mentions=sum(int(r[1]) for r in aliases), first_published=totals[1], last_published=totals[2],
            names=tuple(sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))),
            aliases=tuple((r[0], int(r[1])) for r in aliases[:30]),
        )  # fmt: skip

    def entity_timeline(self, ref: str) -> list[PeriodCount]:
        """Articles and mentions of the entity per month of publication, oldest first."""
        rows = self._all(
            self._sql(
                _MATCH + "SELECT COALESCE(substr(a.published, 1, 7), ''), COUNT(DISTINCT a.n), COUNT(*) FROM m "
                "JOIN mentions x ON x.article = m.article AND x.eid = m.eid JOIN articles a ON a.n = m.article "
                "GROUP BY COALESCE(substr(a.published, 1, 7), '') ORDER BY 1"
            ),
            self._match_params(ref),
        )
        return [PeriodCount(r[0], int(r[1]), int(r[2])) for r in rows]

    def entity_quotes(self, ref: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes the entity is the linked speaker of, newest first."""
        rows = self._all(
            self._sql(
                _MATCH + "SELECT a.id, a.title, a.published, a.source, q.speaker_name, q.speaker_en, q.kind, q.cue, "
                "q.text, q.start, q.stop, q.speaker_entity FROM m JOIN quotes q ON q.article = m.article AND q.speaker_entity = m.eid "
                # +q.article: look articles up from the (few) quotes, not quotes from every article of the entity.
                "JOIN articles a ON a.n = +q.article ORDER BY a.published IS NULL, a.published DESC, a.n DESC, q.n LIMIT ? OFFSET ?"
            ),
            [*self._match_params(ref), limit, offset],
        )
        return [_quote(r) for r in rows]

    def entity_events(self, ref: str, limit: int = 50, offset: int = 0) -> list[EventView]:
        """Events the entity takes part in (actor, target or place), latest first."""
        return self._event_views(
            prefix=_MATCH,
            source="(SELECT DISTINCT p.article, p.event FROM m JOIN event_participants p "
            "ON p.article = m.article AND p.entity = m.eid) pe "
            "JOIN events e ON e.article = pe.article AND e.n = pe.event JOIN articles a ON a.n = e.article",
            where="1 = 1", params=self._match_params(ref), limit=limit, offset=offset,
        )  # fmt: skip

    # ---- quotes and events ----

    def quote_list(
        self, speaker: str | None = None, filters: Filters = Filters(), limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Quotes, newest first, by a speaker named in Persian or English, with the article's metadata."""
        where, params = self._filters(filters)
        if speaker:
            key = self._entity_key(speaker)
            where += self._sql(
                " AND (q.speaker_key = ? OR EXISTS (SELECT 1 FROM entity_keys k WHERE k.key = ? "
                "AND k.article = q.article AND k.eid = q.speaker_entity))"
            )
            params += [key, key]
        rows = self._all(
            self._sql(
                "SELECT a.id, a.title, a.published, a.source, q.speaker_name, q.speaker_en, q.kind, q.cue, q.text, "
                f"q.start, q.stop, q.speaker_entity FROM quotes q JOIN articles a ON a.n = q.article WHERE {where} "
                "ORDER BY a.published IS NULL, a.published DESC, a.n DESC, q.n LIMIT ? OFFSET ?"
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

    def event_months(
        self, type_: str | None = None, actor: str | None = None, target: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
    ) -> list[tuple[str, str, int]]:  # fmt: skip
        """(YYYY-MM, type, count) of the events matching the filters, oldest first."""
        where, params = self._event_filters(type_, actor, target, place, date_from, date_to)
        rows = self._all(
            self._sql(
                f"SELECT substr({_EVENT_DATE}, 1, 7), e.type, COUNT(*) FROM events e JOIN articles a ON a.n = e.article "
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
        if date_from:
            conditions.append(f"{_EVENT_DATE} >= ?")
            params.append(date_from)
        if date_to:
            # "2025-12-31~" sorts after every value starting with the date (2025-12-31, 2025-12-31T10:00).
            conditions.append(f"{_EVENT_DATE} <= ?")
            params.append(date_to + "~")
        return " AND ".join(conditions), params

    def _event_views(
        self, *, where: str, params: list[Any], limit: int, offset: int, prefix: str = "",
        source: str = "events e JOIN articles a ON a.n = e.article",
    ) -> list[EventView]:  # fmt: skip
        rows = self._all(
            self._sql(
                f"{prefix}SELECT {_EVENT_COLUMNS} FROM {source} WHERE {where} "
                f"ORDER BY {_EVENT_DATE} IS NULL, {_EVENT_DATE} DESC, a.n DESC, e.n LIMIT ? OFFSET ?"
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

    def network(
        self, ref: str | None = None, date_from: str | None = None, date_to: str | None = None,
        max_events: int = 2000,
    ) -> tuple[Network, dict[str, str]]:  # fmt: skip
        """The who-met-whom network of the latest meeting-like events (of one entity, or of a period),
        and the Persian name of each node."""
        types = sorted(NETWORK_TYPES)
        where, params = self._event_filters(None, None, None, None, date_from, date_to)
        where += f" AND e.type IN ({', '.join(['?'] * len(types))})"
        params += types
        if ref:
            events = self._event_views(
                prefix=_MATCH,
                source="(SELECT DISTINCT p.article, p.event FROM m JOIN event_participants p "
                "ON p.article = m.article AND p.entity = m.eid AND p.role IN ('actor', 'target')) pe "
                "JOIN events e ON e.article = pe.article AND e.n = pe.event JOIN articles a ON a.n = e.article",
                where=where, params=[*self._match_params(ref), *params], limit=max_events, offset=0,
            )  # fmt: skip
        else:
            events = self._event_views(where=where, params=params, limit=max_events, offset=0)
        names: dict[str, str] = {}
        by_article: dict[str, list[Event]] = {}
        for view in events:
            for p in (*view.actors, *view.targets):
                if p.ref and p.name:
                    names.setdefault(p.ref, p.name)
            by_article.setdefault(view.article, []).append(Event(
                view.type, view.mode, Span(0, 0, view.trigger),  # type: ignore[arg-type]
                tuple(Participant(None, p.ref) for p in view.actors),
                tuple(Participant(None, p.ref) for p in view.targets),
                None, view.when, 0,
            ))  # fmt: skip
        records = [
            Record(id=article, source=None, author=None, published=None, title=None, language="fa", text="",
                   events=tuple(evs))
            for article, evs in by_article.items()
        ]  # fmt: skip
        return network(records), names


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
