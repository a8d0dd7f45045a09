"""Who is in a sentence: entity mentions, demonyms and pronouns, grouped and marked by their preposition."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from rasad.events.lexicon import fold
from rasad.events.lookup import ActorTerms
from rasad.records import Entity, Participant, Token

# Prepositions that mark a phrase's role; the subject has none.
PREPOSITIONS = frozenset(
    {"با", "از", "به", "در", "برای", "بر", "علیه", "درباره", "توسط", "بین", "میان", "تا", "جز", "نزد",
     "مانند", "همراه", "درمورد", "دربارهٔ", "روی", "سر", "زیر", "پیش", "پس", "طی", "ضد", "بدون"}
)  # fmt: skip
_PUNCTUATION = frozenset({"،", ",", ".", ":", "؛", ";", "(", ")", "؟", "!", "-", "—"})
# Quotation marks around a name («آریستید»، "علی چگنی") neither end nor count in a phrase.
_QUOTE_MARKS = frozenset({"«", "»", '"', "“", "”", "'"})
_COORDINATION = frozenset({"و", "،", ","})
# Words that open a clause: a preposition before them marks the clause, not the phrase after them
# ("با اشاره به اینکه بوش … حمایت کرده است": بوش is the subject).
_CLAUSE_OPENERS = frozenset({"که", "اینکه", "آنکه", "چنانکه"})
_OBJECT_PRONOUNS = frozenset({"آن", "این", "آنها", "اینها", "او", "وی", "ایشان", "آنان"})
_ORGAN_WORDS = 4  # words of a state organ's name whose last word may name its country
_MAX_FREE_WORDS = 1  # words (other than role and title nouns) between a phrase and its preposition


@dataclass(frozen=True, slots=True)
class Candidate:
    """A participant anchored at tokens [first, last] of the sentence."""

    first: int
    last: int
    participant: Participant
    place: Participant | None  # the place itself, when the candidate is a place (for `where`)
    is_person: bool
    joined: bool = False  # a later country of the same unnamed organisation: coordinated with the one before


@dataclass(frozen=True, slots=True)
class Group:
    """Coordinated candidates (X و Y) with the marker they share: a preposition, را, agent, or None."""

    members: tuple[Candidate, ...]
    marker: str | None
    apposition: bool

    @property
    def first(self) -> int:
        return self.members[0].first

    @property
    def last(self) -> int:
        return self.members[-1].last

    def participants(self) -> list[Participant]:
        """Distinct participants in order."""
        seen: list[Participant] = []
        for member in self.members:
            if member.participant not in seen:
                seen.append(member.participant)
        return seen


def entity_participant(entity: Entity, entities: dict[str, Entity], terms: ActorTerms) -> Participant:
    """An entity as an actor: a city stands for its country (کییف → Ukraine), an unnamed state organ for its state."""
    country = None
    if entity.type in {"LOC", "FAC"}:
        country = terms.country_of(entity)
    elif entity.type == "ORG" and entity.name_en is None and _state_organ(entity, terms):
        # A named organ (United States Department of State) acts under its own name; one the linker cannot
        # name (وزارت ورزش ایران) is coded as its state, as PLOVER coders do.
        words = fold(entity.name).split()
        if "در" in words[1:]:
            words = words[: words.index("در", 1)]  # "سفارت ایران در کویت" is Iran's: در names where it sits
        country = (
            terms.country_of(entity)
            or terms.name_country(" ".join(words[1:]))
            # "وزارت امور خارجه ایران" ends with its country; a longer name may end with a region's name
            # ("عضو شورای همکاری خلیج فارس": فارس is a province, the council is no organ of Iran).
            or (terms.name_country(words[-1]) if len(words) <= _ORGAN_WORDS else None)
        )
    if country and country != entity.name_en:
        return country_participant(country, entities)
    return Participant(entity=entity.id, name_en=entity.name_en)


def _state_organ(entity: Entity, terms: ActorTerms) -> bool:
    """An organisation named by a role noun (پلیس عراق, وزارت خارجه ایران) acts for its state."""
    words = fold(entity.name).split()
    return bool(words) and words[0] in terms.roles


def country_participant(country_en: str, entities: dict[str, Entity]) -> Participant:
    """A country by English name, linked to the article's entity for it when there is one."""
    for entity in entities.values():
        if entity.name_en == country_en and entity.type == "LOC":
            return Participant(entity=entity.id, name_en=country_en)
    return Participant(entity=None, name_en=country_en)


@dataclass(frozen=True, slots=True)
class Referents:
    """Article-wide answers for actor coding: whom an unknown person acts for, and where countries are named."""

    stand_ins: dict[str, Participant] = field(default_factory=dict)  # person entity id → affiliation
    countries: tuple[tuple[int, Participant], ...] = ()  # (start, country) of each country mention, in order
    owners: dict[str, Participant] = field(default_factory=dict)  # entity id → the country it belongs to

    def country_before(self, position: int) -> Participant | None:
        """The country named last before `position` (what "این کشور" refers back to)."""
        return next((p for start, p in reversed(self.countries) if start < position), None)


# Words after a name that describe whom a person is (spouse, son-in-law), not whom the person acts for.
_KIN_TITLES = frozenset({"همسر", "داماد"})
_AFFILIATION_REACH = 5  # words after the office word in which the affiliation's name must start


def article_referents(
    tokens: list[Token], words: list[str], entities: dict[str, Entity], terms: ActorTerms
) -> Referents:
    """Referents of an article: unknown people stand for the body their apposition names, country mentions."""
    starts = {m.start: e for e in entities.values() if e.type != "PER" for m in e.mentions}
    token_starts = [t.start for t in tokens]
    offices = (terms.titles | terms.pronouns) - _KIN_TITLES
    stand_ins: dict[str, Participant] = {}
    countries: list[tuple[int, Participant]] = []
    owners: dict[str, Participant] = {}
    for entity in entities.values():
        owner = terms.entity_country(entity)
        if owner:
            owners[entity.id] = country_participant(owner, entities)
        if entity.type == "LOC" and entity.name_en and terms.entity_country(entity) == entity.name_en:
            countries.extend((m.start, Participant(entity.id, entity.name_en)) for m in entity.mentions)
        if entity.type != "PER" or entity.name_en:
            continue
        for mention in entity.mentions:
            affiliation = _affiliation(tokens, words, bisect_left(token_starts, mention.end), starts, offices)
            if affiliation is not None:
                participant = entity_participant(affiliation, entities, terms)
                if participant.name_en:
                    # PLOVER codes a person it cannot name by the state or body the article says the person serves:
                    # "علی چگنی، سفیر ایران در کوبا" acts for Iran.
                    stand_ins[entity.id] = participant
                    break
    return Referents(stand_ins, tuple(sorted(countries, key=lambda c: c[0])), owners)


def _affiliation(
    tokens: list[Token], words: list[str], i: int, starts: dict[int, Entity], offices: frozenset[str]
) -> Entity | None:
    """The place or organisation of an apposition "<name>، <office> … <X>" that starts at token i."""
    while i < len(words) and words[i] in _QUOTE_MARKS:
        i += 1
    if i < len(words) and words[i] in {"،", ","}:
        i += 1
    if i >= len(words) or words[i] not in offices:
        return None
    named: list[Entity] = []
    for k in range(i + 1, len(words)):
        if words[k] in _PUNCTUATION:
            break
        entity = starts.get(tokens[k].start)
        if entity is not None:
            named.append(entity)
        elif not named and (k > i + _AFFILIATION_REACH or words[k] in PREPOSITIONS):
            return None
    # "نماینده زابل در مجلس شورای اسلامی": the body served outranks the place it is served from.
    return next((e for e in named if e.type == "ORG" and e.name_en), named[0] if named else None)


def _token_index(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
    return (inside[0], inside[-1]) if inside else None


def find_candidates(
    tokens: list[Token],
    entities: dict[str, Entity],
    terms: ActorTerms,
    last_person: Participant | None,
    words: list[str] | None = None,
    referents: Referents | None = None,
) -> list[Candidate]:
    """Candidates of one sentence in order: mentions first, then anaphors, demonyms and pronouns outside them."""
    found: list[Candidate] = []
    if not tokens:
        return found
    referents = referents or Referents()
    lo, hi = tokens[0].start, tokens[-1].end
    for entity in entities.values():
        for mention in entity.mentions:
            if mention.start < lo or mention.end > hi:
                continue
            index = _token_index(tokens, mention.start, mention.end)
            if index is None:
                continue
            place = Participant(entity.id, entity.name_en) if entity.type in {"LOC", "FAC"} else None
            participant = referents.stand_ins.get(entity.id) or entity_participant(entity, entities, terms)
            if entity.type == "ORG" and participant.name_en is None:
                countries = _countries_in(tokens, words, *index, terms, entities)
                if countries:
                    found.extend(countries)
                    continue
            found.append(Candidate(*index, participant, place, entity.type == "PER"))
    covered = {i for c in found for i in range(c.first, c.last + 1)}
    for i, token in enumerate(tokens):
        if i in covered:
            continue
        word = words[i] if words is not None else fold(token.text)
        following = (words[i + 1] if words is not None else fold(tokens[i + 1].text)) if i + 1 < len(tokens) else ""
        if i + 1 not in covered and f"{word} {following}" in terms.anaphors:
            named = referents.country_before(token.start)
            if named is not None:
                found.append(Candidate(i, i + 1, named, None, False))
                covered.add(i + 1)
                continue
        if word in terms.possessives and last_person is not None:
            # "کشورش آماده است": the country of the person the sentence is about (or of whom that person serves).
            owner = referents.owners.get(last_person.entity or "")
            if owner is not None:
                found.append(Candidate(i, i, owner, None, False))
            continue
        country = terms.demonym(word)
        if country:
            found.append(Candidate(i, i, country_participant(country, entities), None, False))
        elif word in terms.pronouns and last_person is not None:
            found.append(Candidate(i, i, last_person, None, True))
    found.sort(key=lambda c: (c.first, -c.last))
    # A mention inside a longer one (کاخ سفید inside a longer name) is dropped.
    kept: list[Candidate] = []
    for candidate in found:
        if kept and candidate.first <= kept[-1].last:
            continue
        kept.append(candidate)
    return kept


def _countries_in(
    tokens: list[Token], words: list[str] | None, first: int, last: int, terms: ActorTerms,
    entities: dict[str, Entity],
) -> list[Candidate]:
    """An organisation the linker does not know, by the countries its name names (وزارت ورزش ایران → Iran).

    PLOVER codes an unknown state body as its state; a name that joins two (معاونان وزیران راه ایران و
    حمل‌ونقل روسیه, read as one name) gives both, coordinated.
    """
    found: list[Candidate] = []
    start = first
    for i in range(first, last + 1):
        word = words[i] if words is not None else fold(tokens[i].text)
        if word == "در" and found:
            break  # "سفارت ایران در کویت": the country after در is where the body sits, not whose it is
        country = terms.country_name(word) or terms.demonym(word)
        if country is None or any(c.participant.name_en == country for c in found):
            continue
        found.append(Candidate(start, i, country_participant(country, entities), None, False, bool(found)))
        start = i + 1
    if found:  # the last country's candidate runs to the end of the name
        found[-1] = Candidate(found[-1].first, last, found[-1].participant, None, False, found[-1].joined)
    return found


def group_candidates(
    tokens: list[Token], candidates: list[Candidate], terms: ActorTerms, words: list[str] | None = None
) -> list[Group]:
    """Coordinated candidates grouped, each group with its marker and whether it is an apposition."""
    words = words if words is not None else [fold(t.text) for t in tokens]
    person_ends = {c.last for c in candidates if c.is_person}
    starts = frozenset(c.first for c in candidates)
    runs: list[tuple[list[Candidate], bool]] = []
    for candidate in candidates:
        apposition = _apposition(words, candidate.first, person_ends)
        if runs and candidate.joined:
            runs[-1][0].append(candidate)
            continue
        if runs and not apposition:
            gap = words[runs[-1][0][-1].last + 1 : candidate.first]
            coordinated = any(w in _COORDINATION for w in gap)
            if "و" not in gap and (
                runs[-1][1]
                or _marker(words, candidate.first, candidate.last, terms, starts) == "را"
                and _marker(words, runs[-1][0][0].first, runs[-1][0][-1].last, terms, starts) != "را"
            ):
                # "X، نماینده زابل در مجلس، دولت طالبان را …": the comma closes the apposition (or a phrase
                # of another role); no list goes on.
                coordinated = False
            if coordinated and all(_listed(w, terms) for w in gap):
                # "X، <title> Y، و Z": Z is coordinated with X, past the apposition.
                target = next((run for run, appos in reversed(runs) if not appos), None)
                if target is not None:
                    target.append(candidate)
                    continue
        runs.append(([candidate], apposition))
    groups = [
        Group(tuple(run), _marker(words, run[0].first, run[-1].last, terms, starts), appos) for run, appos in runs
    ]
    return sorted(groups, key=lambda g: g.first)


def _listed(word: str, terms: ActorTerms) -> bool:
    """A word that may stand between the members of a list of actors: و, a comma, a role or a number."""
    return word in _COORDINATION or word in terms.roles or word in terms.counts or word.isdigit()


def _marker(
    words: list[str], first: int, last: int, terms: ActorTerms, starts: frozenset[int] = frozenset()
) -> str | None:
    free = 0
    for j in range(first - 1, -1, -1):
        word = words[j]
        if word in terms.agents and j > 0 and words[j - 1] in {"از", "به"}:
            return "توسط"  # از سوی X, به دست X: the doer of a passive
        if word in PREPOSITIONS:
            return word
        if word in _PUNCTUATION or word in _CLAUSE_OPENERS:
            break
        if word in terms.roles or word in terms.titles or word in _QUOTE_MARKS:
            continue
        free += 1
        if free > _MAX_FREE_WORDS:
            break
    for j in range(last + 1, min(last + 3, len(words))):
        if words[j] == "را":
            return "را"
        if words[j] in _OBJECT_PRONOUNS or j in starts:
            break  # "الهاشمی آن را وتو کرد", "آمریکا ایران را تهدید کرد": را marks what stands between
        if words[j] in _QUOTE_MARKS:
            continue
        if words[j] in _PUNCTUATION or words[j] in PREPOSITIONS or words[j].startswith(("می", "نمی")):
            break  # a verb (می‌گوید) ends the phrase before any را
    return None


def _apposition(words: list[str], first: int, person_ends: set[int]) -> bool:
    """True for "<person>، <title> <X>": X describes the person and is not a participant itself."""
    for j in range(first - 1, max(first - 6, -1), -1):
        if words[j] in {"،", ","}:
            k = j - 1
            while k >= 0 and words[k] in _QUOTE_MARKS:
                k -= 1
            return k in person_ends
        if words[j] in PREPOSITIONS or words[j] in _PUNCTUATION:
            return False
    return False
