"""Who met whom: CONSULT, AGREE and COOPERATE events aggregated into a weighted actor network."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from rasad.records import Participant, Record

NETWORK_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True, slots=True)
class Node:
    """An actor: its English name (or entity id when unnamed), and how many events it took part in."""

    name: str
    events: int


@dataclass(frozen=True, slots=True)
class Edge:
    """Two actors that met, agreed or cooperated, how often, and the types seen (sorted)."""

    source: str
    target: str
    weight: int
    types: tuple[str, ...]
    articles: tuple[str, ...]  # record ids, for going back to the text


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _name(participant: Participant) -> str | None:
    return participant.name_en or participant.entity


def network(records: Iterable[Record], types: frozenset[str] = NETWORK_TYPES) -> Network:
    """Undirected, weighted: every actor is linked to every target, and co-actors to each other."""
    counts: dict[str, int] = {}
    edges: dict[tuple[str, str], tuple[int, set[str], set[str]]] = {}
    for record in records:
        for event in record.events:
            if event.type not in types:
                continue
            actors = [n for n in dict.fromkeys(map(_name, event.actors)) if n]
            targets = [n for n in dict.fromkeys(map(_name, event.targets)) if n and n not in actors]
            for name in actors + targets:
                counts[name] = counts.get(name, 0) + 1
            pairs = [(a, t) for a in actors for t in targets] + list(combinations(actors, 2))
            for a, b in pairs:
                key = (a, b) if a <= b else (b, a)
                weight, kinds, ids = edges.get(key, (0, set(), set()))
                edges[key] = (weight + 1, kinds | {event.type}, ids | {record.id})
    nodes = tuple(Node(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    links = tuple(
        Edge(a, b, weight, tuple(sorted(kinds)), tuple(sorted(ids)))
        for (a, b), (weight, kinds, ids) in sorted(edges.items(), key=lambda item: (-item[1][0], item[0]))
    )
    return Network(nodes, links)
