"""Link: group mentions of the same name in an article and give each entity canonical Persian/English names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rasad.entities.gazetteer import GazEntry, Gazetteer, country_of, demonym_country, gazetteer, name_key
from rasad.entities.romanize import romanize_name
from rasad.pipeline import stage
from rasad.records import Doc, Entity, Mention, Span
from rasad.resources import Resources

__all__ = ["country_of", "demonym_country", "entity_country", "link", "link_mentions"]


@dataclass(slots=True)
class _Group:
    """Mentions gathered for one entity while linking."""

    type: str
    entry: GazEntry | None
    mentions: list[Mention] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # name words (keys) of the longest person mention


def _entry_for(mention: Mention, gaz: Gazetteer) -> GazEntry | None:
    """The gazetteer entry a mention names, if its type agrees (low-confidence places only as LOC)."""
    entry = gaz.lookup(mention.text)
    words = mention.text.split()
    if entry is None and len(words) > 1 and gaz.cues.get(words[0]) in ("org", "loc"):
        # "شبکه تلگرام", "شهر مشهد": a head word before a known name.
        entry = gaz.lookup(" ".join(words[1:]))
    if entry is None:
        return None
    if entry.low_confidence and mention.type != "LOC":
        return None
    # People are never places: a person's name tagged LOC (or the reverse) is a model error we do not fix here.
    if (entry.type == "PER") != (mention.type == "PER"):
        return None
    return entry


def link_mentions(mentions: Sequence[Mention], gaz: Gazetteer | None = None) -> tuple[list[Entity], list[str]]:
    """Entities (ids e1… in order of first mention) and the ids whose English name is only a romanization."""
    gaz = gaz or gazetteer()
    groups: list[_Group] = []
    by_key: dict[tuple, _Group] = {}
    people: list[_Group] = []
    pending: list[Mention] = []  # one-word person mentions, matched to full names once all are known
    for mention in mentions:
        entry = _entry_for(mention, gaz)
        parts = _words(mention.text)
        if entry is None and mention.type == "PER" and len(parts) == 1:
            pending.append(mention)
            continue
        key = ("kb", entry.name_en) if entry else (mention.type, "".join(parts))
        group = by_key.get(key)
        if group is None:
            group = _Group(entry.type if entry else mention.type, entry)
            by_key[key] = group
            groups.append(group)
            if group.type == "PER":
                people.append(group)
        group.mentions.append(mention)
        if group.type == "PER" and len(parts) > len(group.parts):
            group.parts = parts
    for mention in pending:
        word = name_key(mention.text)
        # A surname (or a given name) of exactly one full name in the article joins that person.
        matches = [g for g in people if len(g.parts) > 1 and word in (g.parts[-1], g.parts[0])]
        surname = [g for g in matches if g.parts[-1] == word]
        target = surname[0] if len(surname) == 1 else matches[0] if len(matches) == 1 else None
        if target is None:
            key = ("PER", word)
            target = by_key.get(key)
            if target is None:
                target = _Group("PER", None, parts=[word])
                by_key[key] = target
                groups.append(target)
        target.mentions.append(mention)
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    entities: list[Entity] = []
    romanized: list[str] = []
    for number, group in enumerate(groups, start=1):
        eid = f"e{number}"
        group.mentions.sort(key=lambda m: m.start)
        spans = tuple(Span(m.start, m.end, m.text) for m in group.mentions)
        if group.entry is not None:
            entry = group.entry
            entities.append(Entity(eid, entry.type, entry.name, entry.name_en, entry.kb_id, spans))  # type: ignore[arg-type]
            continue
        name = _canonical_text(group)
        name_en = None
        if group.type == "PER":
            name_en = romanize_name(name)
            if name_en:
                romanized.append(eid)
        entities.append(Entity(eid, group.type, name, name_en, None, spans))  # type: ignore[arg-type]
    return entities, romanized


def _words(text: str) -> list[str]:
    """Matching keys of a name's space-separated words (a half-space joins parts of one word)."""
    return [k for k in (name_key(w) for w in text.split()) if k]


def _canonical_text(group: _Group) -> str:
    """The most informative surface form: the longest, then the most frequent."""
    counts = Counter(m.text for m in group.mentions)
    return max(counts, key=lambda t: (len(_words(t)), counts[t], len(t)))


def entity_country(entity: Entity) -> str | None:
    """The country (English name) an entity stands for or belongs to, for event coding; None if unknown."""
    entry = gazetteer().by_name_en.get(entity.name_en) if entity.name_en else None
    if entry is not None and entry.country:
        return entry.country
    return country_of(entity.name)


@stage("link", requires=("text", "mentions"), provides=("entities",))
def link(doc: Doc, resources: Resources) -> Doc:
    """Attach entities grouping the article's mentions, with canonical names from the gazetteers."""
    entities, romanized = link_mentions(doc.mentions or ())
    doc = doc.with_layers(entities=tuple(entities))
    if romanized:
        names = ", ".join(f"{e.id} {e.name_en}" for e in entities if e.id in romanized)
        doc = doc.warn(f"English names romanized from Persian, not from a gazetteer (unverified): {names}")
    return doc
