"""Actor words (event_actor_terms.tsv) and, from the entity linker, demonyms and the country of a place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rasad.errors import DataError
from rasad.events.lexicon import fold
from rasad.lang import data_rows
from rasad.records import Entity

TERMS_FILE = "event_actor_terms.tsv"
KINDS = frozenset({"role", "title", "pronoun", "agent", "count", "anaphor", "possessive"})


def _no_country(_: Entity) -> str | None:
    return None


def _no_demonym(_: str) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class ActorTerms:
    """Folded actor words by kind, and the two questions the entity linker answers."""

    roles: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    counts: frozenset[str] = frozenset()  # number words inside a list of actors (ایران و سه کشور اروپایی)
    anaphors: frozenset[str] = frozenset()  # two-word phrases that denote the last country named (این کشور)
    possessives: frozenset[str] = frozenset()  # "his country" (کشورش): the country of the person spoken about
    entity_country: Callable[[Entity], str | None] = field(default=_no_country)
    demonym_country: Callable[[str], str | None] = field(default=_no_demonym)
    name_country: Callable[[str], str | None] = field(default=_no_demonym)  # country of a Persian name
    country_name: Callable[[str], str | None] = field(default=_no_demonym)  # a word that names a country itself

    def country_of(self, entity: Entity) -> str | None:
        """The country a city or region lies in; None for countries themselves and unknown places."""
        country = self.entity_country(entity)
        return country if country and country != entity.name_en else None

    def demonym(self, word: str) -> str | None:
        """The English country name of a nationality adjective (روسی → Russia), or None."""
        return self.demonym_country(word)


def parse_terms(rows: list[tuple[int, list[str]]]) -> ActorTerms:
    """ActorTerms from (line, fields) rows of event_actor_terms.tsv; duplicates are errors."""
    by_kind: dict[str, set[str]] = {kind: set() for kind in KINDS}
    seen: dict[str, int] = {}
    for lineno, (term, kind, _note) in rows:
        where = f"rasad/lang/fa/{TERMS_FILE}:{lineno}"
        key = fold(term).strip()
        if not key:
            raise DataError(f"{where}: empty term")
        if kind not in KINDS:
            raise DataError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
        if key in seen:
            raise DataError(f"{where}: {term!r} is already listed on line {seen[key]}")
        seen[key] = lineno
        by_kind[kind].add(key)
    return ActorTerms(
        roles=frozenset(by_kind["role"]),
        titles=frozenset(by_kind["title"]),
        pronouns=frozenset(by_kind["pronoun"]),
        agents=frozenset(by_kind["agent"]),
        counts=frozenset(by_kind["count"]),
        anaphors=frozenset(by_kind["anaphor"]),
        possessives=frozenset(by_kind["possessive"]),
    )


@cache
def actor_terms() -> ActorTerms:
    """The shipped actor words joined with the linker's gazetteer answers, loaded once per process."""
    from rasad.entities.gazetteer import country_of, demonym_country, gazetteer
    from rasad.stages.link import entity_country

    terms = parse_terms(list(data_rows("fa", TERMS_FILE, 3)))
    # Every token of every sentence is asked whether it is a demonym: remember the answers.
    demonym = lru_cache(maxsize=1 << 16)(demonym_country)

    @lru_cache(maxsize=1 << 12)
    def country_name(word: str) -> str | None:
        # "ایران" names a country; "هرمزگان" lies in one and stands for it only as a place.
        entry = gazetteer().lookup(word)
        country = country_of(word)
        return country if entry is not None and entry.name_en == country else None

    return ActorTerms(
        terms.roles,
        terms.titles,
        terms.pronouns,
        terms.agents,
        terms.counts,
        terms.anaphors,
        terms.possessives,
        entity_country,
        demonym,
        country_of,
        country_name,
    )
