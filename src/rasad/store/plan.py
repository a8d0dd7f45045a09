"""What one write batch does, decided in memory from a few bulk lookups: which stored articles it replaces,
which cluster each new article joins, and the integer key each gets.

Why a plan: looking up the edited article and the near-duplicate candidates one record at a time cost
several queries per record; here the store fetches everything the batch could touch in a handful of
queries, and the plan keeps the record-by-record semantics (a later record of the batch sees the earlier
ones: it may edit them or join their cluster).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rasad import dedup
from rasad.store.rows import Rows

# At most this many stored candidates (sharing an LSH band) are compared per new article.
MAX_CANDIDATES = 50


@dataclass(slots=True)
class Stored:
    """What the batch needs to know about the stored articles it may touch."""

    by_url: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # url -> [(n, cluster)], n ascending
    by_title: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)  # (source, title) -> …
    by_band: dict[int, list[int]] = field(default_factory=dict)  # LSH band key -> [n]
    signatures: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # n -> (cluster, minhash)


@dataclass(frozen=True, slots=True)
class Insert:
    n: int
    rows: Rows
    cluster: str
    signature: dedup.Signature
    bands: tuple[int, ...]


@dataclass(slots=True)
class Plan:
    deletes: list[int] = field(default_factory=list)  # stored articles replaced by an edited version
    inserts: dict[int, Insert] = field(default_factory=dict)  # n -> the article to insert
    outcomes: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, added|updated, clustered)


def plan_batch(
    rows: list[Rows], signatures: list[dedup.Signature], stored: Stored, keys: Iterator[int]
) -> Plan:
    """The writes that store `rows` (new ids only, in order) given what is stored; `keys` yields fresh n."""
    plan = Plan()
    gone: set[int] = set()
    for record, signature in zip(rows, signatures):
        previous = _previous_version(record, stored, gone)
        cluster = previous[1] if previous else None
        if previous:
            gone.add(previous[0])
            if plan.inserts.pop(previous[0], None) is None:
                plan.deletes.append(previous[0])
        bands = tuple(signature.bands())  # computed with the signature, in the helper thread
        match = _near_duplicate(signature, bands, stored, gone)
        clustered = match is not None and cluster is None
        cluster = cluster or match or record.meta["id"]
        n = next(keys)
        plan.inserts[n] = Insert(n, record, cluster, signature, bands)
        plan.outcomes.append((record.meta["id"], "updated" if previous else "added", clustered))
        # Later records of this batch must see this one, as if it were stored.
        meta = record.meta
        if meta["url"]:
            stored.by_url.setdefault(meta["url"], []).append((n, cluster))
        if meta["source"] and meta["title"]:
            stored.by_title.setdefault((meta["source"], meta["title"]), []).append((n, cluster))
        for key in bands:
            stored.by_band.setdefault(key, []).append(n)
        stored.signatures[n] = (cluster, signature.to_bytes())
    return plan


def _previous_version(record: Rows, stored: Stored, gone: set[int]) -> tuple[int, str] | None:
    """The stored article this record edits: same URL, or same source and title (its id differs, or it
    would not be written at all)."""
    meta = record.meta
    if meta["url"]:
        for n, cluster in stored.by_url.get(meta["url"], ()):
            if n not in gone:
                return n, cluster
    if meta["source"] and meta["title"]:
        for n, cluster in stored.by_title.get((meta["source"], meta["title"]), ()):
            if n not in gone:
                return n, cluster
    return None


def _near_duplicate(
    signature: dedup.Signature, bands: tuple[int, ...], stored: Stored, gone: set[int]
) -> str | None:
    """The cluster of the most similar article sharing a band, when one is similar enough."""
    candidates: dict[int, None] = {}
    for key in bands:
        for n in stored.by_band.get(key, ()):
            if n not in gone and n in stored.signatures:
                candidates[n] = None
        if len(candidates) >= MAX_CANDIDATES:
            break
    return dedup.best_match(signature, [stored.signatures[n] for n in list(candidates)[:MAX_CANDIDATES]])
