"""The who-met-whom network: meetings, agreements and cooperation become weighted actor links."""

from __future__ import annotations

from rasad.events.network import network
from rasad.records import Event, Participant, Record, Span


def _event(type_: str, actors: list[str], targets: list[str]) -> Event:
    return Event(
        type=type_,  # type: ignore[arg-type]
        mode=None,
        trigger=Span(0, 1, "x"),
        actors=tuple(Participant(None, a) for a in actors),
        targets=tuple(Participant(None, t) for t in targets),
        where=None,
        when=None,
        sentence=0,
    )


def _record(id_: str, *events: Event) -> Record:
    return Record(
        id=id_, source=None, author=None, published=None, title=None, language="fa", text="x", events=events
    )


def test_events_network_counts_meetings_and_ignores_conflict() -> None:
    records = [
        _record(
            "a", _event("CONSULT", ["United States"], ["Russia"]), _event("ASSAULT", ["Russia"], ["Ukraine"])
        ),
        _record(
            "b", _event("AGREE", ["Russia"], ["United States"]), _event("CONSULT", ["Ukraine"], ["Europe"])
        ),
    ]
    net = network(records)
    edges = {(e.source, e.target): e for e in net.edges}
    assert set(edges) == {("Russia", "United States"), ("Europe", "Ukraine")}
    us_ru = edges[("Russia", "United States")]
    assert us_ru.weight == 2 and us_ru.types == ("AGREE", "CONSULT") and us_ru.articles == ("a", "b")
    assert net.nodes[0].events == 2 and {n.name for n in net.nodes} == {
        "United States",
        "Russia",
        "Ukraine",
        "Europe",
    }


def test_events_network_links_co_actors_and_skips_self_links() -> None:
    net = network([_record("a", _event("AGREE", ["United States", "Europe"], ["Ukraine", "Europe"]))])
    pairs = {(e.source, e.target) for e in net.edges}
    assert pairs == {("Ukraine", "United States"), ("Europe", "Ukraine"), ("Europe", "United States")}
