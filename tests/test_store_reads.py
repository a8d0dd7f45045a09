"""The store's browsing queries (entities, timelines, events, quotes, network, facets) on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rasad.records import Entity, Event, Participant, Quote, Record, Span, Speaker
from rasad.store import Filters, Store, open_store


@pytest.fixture
def store(empty_store: Store) -> Store:
    """A store of each backend holding the three articles of `corpus`."""
    empty_store.add_many(corpus())
    return empty_store


def ent(eid: str, type_: str, name: str, name_en: str | None, text: str, *forms: str) -> Entity:
    spans = []
    for form in forms or (name,):
        start = text.find(form)
        while start >= 0:
            spans.append(Span(start, start + len(form), form))
            start = text.find(form, start + 1)
    return Entity(eid, type_, name, name_en, None, tuple(spans))


def record(text: str, published: str | None, source: str, **layers: object) -> Record:
    return Record(id=hashlib.sha1((source + text).encode()).hexdigest(), source=source, author=None,
                  published=published, title=None, language="fa", text=text, **layers)  # type: ignore[arg-type]  # fmt: skip


A = "عباس عراقچی در ژنو با ژان نوئل بارو دیدار کرد. عراقچی گفت «گفت‌وگوها جدی بود»."
B = "عراقچی و بارو در پاریس دوباره دیدار کردند و بر همکاری توافق کردند."
C = "یک مقام آگاه گفت که نشست بعدی در وین خواهد بود."


def corpus() -> list[Record]:
    a_ar = ent("e1", "PER", "عباس عراقچی", "Abbas Araghchi", A, "عباس عراقچی", "عراقچی گفت")
    a_ba = ent("e2", "PER", "ژان نوئل بارو", "Jean-Noel Barrot", A)
    a_ge = ent("e3", "LOC", "ژنو", "Geneva", A)
    q = A.index("گفت‌وگوها")
    b_ar = ent("e1", "PER", "عراقچی", "Abbas Araghchi", B)
    b_ba = ent("e2", "PER", "بارو", "Jean-Noel Barrot", B)
    b_pa = ent("e3", "LOC", "پاریس", None, B)
    c_vi = ent("e1", "LOC", "وین", "Vienna", C)
    return [
        record(A, "2025-10-06", "ایرنا", entities=(a_ar, a_ba, a_ge),
               quotes=(Quote("direct", q, q + len("گفت‌وگوها جدی بود"), "گفت‌وگوها جدی بود", "گفت", Speaker("e1", "عراقچی")),),
               events=(Event("CONSULT", None, Span(A.index("دیدار"), A.index("دیدار") + 5, "دیدار"),
                             (Participant("e1", "Abbas Araghchi"),), (Participant("e2", "Jean-Noel Barrot"),),
                             Participant("e3", "Geneva"), "2025-10-05", 0),)),
        record(B, "2025-11-20", "ایسنا", entities=(b_ar, b_ba, b_pa),
               events=(Event("CONSULT", None, Span(0, 3, B[:3]), (Participant("e1", "Abbas Araghchi"), Participant("e2", "Jean-Noel Barrot")),
                             (), Participant("e3", None), None, 0),
                       Event("AGREE", None, Span(0, 3, B[:3]), (Participant("e1", "Abbas Araghchi"),),
                             (Participant("e2", "Jean-Noel Barrot"),), None, "T10:00", 0))),
        record(C, None, "ایرنا", entities=(c_vi,), quotes=(Quote("indirect", 20, 40, C[20:40], "گفت", Speaker(None, "یک مقام آگاه")),)),
    ]  # fmt: skip


def test_store_reads_entity_list_groups_articles_by_ref(store: Store) -> None:
    listed = {e.ref: e for e in store.entity_list()}
    assert listed["Abbas Araghchi"].articles == 2 and listed["Abbas Araghchi"].type == "PER"
    assert listed["پاریس"].name_en is None  # no English name: the Persian name is the ref
    assert [e.ref for e in store.entity_list(type_="LOC")] == sorted(["Geneva", "Vienna", "پاریس"], key=lambda r: r)
    assert [e.ref for e in store.entity_list("عراق")] == ["Abbas Araghchi"]  # any word start of any name
    assert [e.ref for e in store.entity_list("barr")] == ["Jean-Noel Barrot"]
    assert len(store.entity_list(limit=2)) == 2 and store.entity_list(limit=2, offset=100) == []


def test_store_reads_entity_detail_has_names_aliases_and_dates(store: Store) -> None:
    found = store.entity("Abbas Araghchi")
    assert found is not None
    assert (found.articles, found.mentions) == (2, 3)
    assert dict(found.names) == {"عباس عراقچی": 1, "عراقچی": 1}
    assert dict(found.aliases) == {"عباس عراقچی": 1, "عراقچی گفت": 1, "عراقچی": 1}
    assert (found.first_published, found.last_published) == ("2025-10-06", "2025-11-20")
    assert store.entity("پاریس") is not None and store.entity("Nobody") is None
    assert store.entity("'; DROP TABLE entities; --") is None and store.entity("Geneva") is not None


def test_store_reads_entity_timeline_quotes_events(store: Store) -> None:
    assert [(p.period, p.articles, p.mentions) for p in store.entity_timeline("Abbas Araghchi")] == [
        ("2025-10", 1, 2), ("2025-11", 1, 1)]  # fmt: skip
    quotes = store.entity_quotes("Abbas Araghchi")
    assert [q["text"] for q in quotes] == ["گفت‌وگوها جدی بود"] and quotes[0]["speaker_ref"] == "Abbas Araghchi"
    assert store.entity_quotes("Jean-Noel Barrot") == []
    events = store.entity_events("Abbas Araghchi")
    assert [(e.type, e.date) for e in events] == [("CONSULT", "2025-11-20"), ("AGREE", "2025-11-20"), ("CONSULT", "2025-10-05")]
    assert events[2].where is not None and events[2].where.ref == "Geneva"
    assert [e.type for e in store.entity_events("Geneva")] == ["CONSULT"]  # places take part too


def test_store_reads_event_list_filters(store: Store) -> None:
    assert [e.type for e in store.event_list(type_="agree")] == ["AGREE"]
    assert len(store.event_list(actor="Araghchi")) == 3 and len(store.event_list(actor="بارو")) == 1
    assert [e.when for e in store.event_list(target="Jean-Noel Barrot")] == ["T10:00", "2025-10-05"]
    assert [e.when for e in store.event_list(place="ژنو")] == ["2025-10-05"]
    assert [e.when for e in store.event_list(date_from="2025-10-01", date_to="2025-10-31")] == ["2025-10-05"]
    assert len(store.event_list(limit=1, offset=2)) == 1 and store.event_list(offset=3) == []
    assert store.event_months() == [("2025-10", "CONSULT", 1), ("2025-11", "AGREE", 1), ("2025-11", "CONSULT", 1)]


def test_store_reads_quote_list_and_articles(store: Store) -> None:
    assert [q["speaker"] for q in store.quote_list()] == ["عباس عراقچی", "یک مقام آگاه"]
    assert [q["speaker_ref"] for q in store.quote_list()] == ["Abbas Araghchi", None]
    assert [q["text"] for q in store.quote_list("Araghchi")] == ["گفت‌وگوها جدی بود"]
    assert store.article_count() == 3 and store.article_count(Filters(source="ایرنا")) == 2
    listed = store.article_list()
    assert [h.published for h in listed] == ["2025-11-20", "2025-10-06", None]  # undated last on every backend
    assert listed[1].snippet.startswith("عباس عراقچی")
    leads = store.article_leads([h.id for h in listed])
    assert set(leads) == {h.id for h in listed}


def test_store_reads_facets_count_the_given_articles(store: Store) -> None:
    ids = [h.id for h in store.article_list()]
    facets = store.facets(ids)
    assert dict(facets.sources) == {"ایرنا": 2, "ایسنا": 1}
    assert dict(facets.years) == {"2025": 2}
    assert ("Abbas Araghchi", "عباس عراقچی", 2) in facets.entities
    assert dict(facets.event_types) == {"CONSULT": 2, "AGREE": 1}
    assert store.facets([]).sources == ()


def test_store_reads_network_of_an_entity_and_a_period(store: Store) -> None:
    network, names = store.network("Abbas Araghchi")
    assert [(e.source, e.target, e.weight, e.types) for e in network.edges] == [
        ("Abbas Araghchi", "Jean-Noel Barrot", 3, ("AGREE", "CONSULT"))]  # fmt: skip
    assert names["Abbas Araghchi"] in ("عباس عراقچی", "عراقچی")
    october, _ = store.network(None, "2025-10-01", "2025-10-31")
    assert [e.weight for e in october.edges] == [1]
    assert store.network("Vienna")[0].edges == ()


def test_store_reads_network_in_sql_matches_the_network_of_the_records(store: Store) -> None:
    from rasad.events.network import network as records_network

    expected = records_network(corpus())
    found, _ = store.network(None)
    assert [(n.name, n.events) for n in found.nodes] == [(n.name, n.events) for n in expected.nodes]
    assert [(e.source, e.target, e.weight, e.types) for e in found.edges] == [
        (e.source, e.target, e.weight, e.types) for e in expected.edges]  # fmt: skip
    # each edge keeps the last stored article of each of its types, all of them articles of the edge
    assert all(e.articles and set(e.articles) <= set(x.articles) for e, x in zip(found.edges, expected.edges))
    assert store.network(None, max_events=1)[0].edges != found.edges  # only the latest event counts


def test_store_reads_entity_pages_are_slices_of_the_whole_list(store: Store) -> None:
    events = store.entity_events("Abbas Araghchi")
    assert [(e.article, e.n) for e in store.entity_events("Abbas Araghchi", limit=1, offset=1)] == [
        (events[1].article, events[1].n)]  # fmt: skip
    assert store.entity_events("Abbas Araghchi", offset=len(events)) == []
    assert store.entity_quotes("Abbas Araghchi", offset=1) == [] and store.entity_quotes("Nobody") == []
    listed = store.event_list()
    assert [(e.article, e.n) for e in store.event_list(limit=2, offset=1)] == [(e.article, e.n) for e in listed[1:3]]


def test_store_reads_entity_detail_carries_its_timeline(store: Store) -> None:
    found = store.entity("Abbas Araghchi")
    assert found is not None and list(found.timeline) == store.entity_timeline("Abbas Araghchi")
    assert sum(p.articles for p in found.timeline) == found.articles
    assert sum(p.mentions for p in found.timeline) == found.mentions
    vienna = store.entity("Vienna")
    assert vienna is not None and [(p.period, p.articles) for p in vienna.timeline] == [("", 1)]  # undated article
    assert store.entity_timeline("Nobody") == []


def test_store_reads_remembered_results_follow_every_change(empty_store: Store) -> None:
    a, b, c = corpus()
    empty_store.add_many([a])
    found = empty_store.entity("Abbas Araghchi")
    assert found is not None and found.articles == 1
    assert [e.weight for e in empty_store.network("Abbas Araghchi")[0].edges] == [1]
    empty_store.add_many([b])  # added
    found = empty_store.entity("Abbas Araghchi")
    assert found is not None and found.articles == 2
    assert [e.weight for e in empty_store.network("Abbas Araghchi")[0].edges] == [3]
    assert empty_store.delete(b.id)  # the newest article deleted, then another added under the same next key
    empty_store.add_many([c])
    found = empty_store.entity("Abbas Araghchi")
    assert found is not None and found.articles == 1 and empty_store.entity("Vienna") is not None
    assert {e.ref for e in empty_store.entity_list()} == {"Abbas Araghchi", "Jean-Noel Barrot", "Geneva", "Vienna"}
