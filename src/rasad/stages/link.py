"""Link: group mentions of the same name in an article and give each entity canonical Persian/English names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rasad.entities.gazetteer import GazEntry, Gazetteer, country_of, demonym_country, gazetteer, name_key
from rasad.entities.propagate import propagate_mentions
from rasad.entities.titles import link_titles
from rasad.lang import data_rows
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
    cores: list[str] = field(default_factory=list)  # each mention's name core, the source of the canonical name
    parts: list[str] = field(default_factory=list)  # name words (keys) of the longest person mention


HEAD_KINDS = frozenset({"place", "direction", "media"})
_OPEN_QUOTES = "«\"“"
_QUOTE_CHARS = re.compile("[«»\"“”()]")
_NAME_HONORIFICS = frozenset({"سید"})  # part of the name as Iranian news writes it ("سید حسن حسینی")


@cache
def name_heads() -> dict[str, str]:
    """Head word → kind (place | direction | media) from gazetteer_name_heads.tsv."""
    return {word: kind for _, (word, kind, _src) in data_rows("fa", "gazetteer_name_heads.tsv", 3)}


def name_core(mention: Mention, gaz: Gazetteer) -> tuple[str, str]:
    """(core text, type) of a mention: quoted names out of their heads, places without place and direction words."""
    heads = name_heads()
    text, kind = mention.text, mention.type
    opening = next((i for i, ch in enumerate(text) if ch in _OPEN_QUOTES), -1)
    if opening > 0:
        before = text[:opening].split()
        inner = _QUOTE_CHARS.split(text[opening + 1 :])[0].strip()
        # "روزنامه کویتی «الوطن»", "شهر «سنفورد»": the quoted words are the name, the words before only say what it is.
        if inner and all(w in heads or gaz.demonym_country(w) or gaz.cues.get(w) in ("org", "loc") for w in before):
            if any(heads.get(w) == "media" for w in before):
                kind = "ORG"
            text = inner
    words = _QUOTE_CHARS.sub(" ", text).split()
    if kind in ("ORG", "PRODUCT") and len(words) > 1 and heads.get(words[0]) == "media":
        # "روزنامه اماراتی الخلیج", "شبکه خبری بی‌بی‌سی": a media noun (and origin) before the outlet's name.
        rest = list(words)
        while len(rest) > 1 and (heads.get(rest[0]) == "media" or gaz.demonym_country(rest[0])):
            rest = rest[1:]
        if rest != words and (gaz.lookup(" ".join(rest)) is not None or gaz.demonym_country(words[1])):
            words, kind = rest, "ORG"
    if kind == "ORG" and len(words) > 1:
        rest_entry = gaz.lookup(" ".join(words[1:]))
        if gaz.cues.get(words[0]) == "government" and rest_entry is not None and rest_entry.type in ("LOC", "ORG"):
            # "دولت بحرین", "دولت طالبان": the government of a country (or a movement) stands for it.
            words, kind = words[1:], rest_entry.type
        else:
            for k in range(1, len(words) - 1):
                tail = gaz.lookup(" ".join(words[k:]))
                # "عضو شورای همکاری خلیج فارس": ordinary words before a known organization are no part of it.
                if tail is not None and tail.type == "ORG" and not any(gaz.cues.get(w) for w in words[:k]):
                    words = words[k:]
                    break
    if kind == "LOC":
        while len(words) > 1 and heads.get(words[0]) in ("place", "direction"):
            words = words[1:]
    elif kind == "PER":
        # "آقای ...", "ملا عبدالرحیم صافی": an honorific before a name is no part of it ("سید" is, in Iranian names).
        while len(words) > 1 and gaz.cues.get(words[0]) == "person" and words[0] not in _NAME_HONORIFICS:
            words = words[1:]
    return " ".join(words) or mention.text, kind


def _entry_for(text: str, kind: str, gaz: Gazetteer) -> GazEntry | None:
    """The gazetteer entry a name core names, if its type agrees (low-confidence places only as LOC)."""
    entry = gaz.lookup(text)
    words = text.split()
    if entry is None and len(words) > 1 and gaz.cues.get(words[0]) in ("org", "loc", "person"):
        # "شبکه تلگرام", "شهر مشهد", "سید عبدالملک الحوثی": a head word or honorific before a known name.
        entry = gaz.lookup(" ".join(words[1:]))
    if kind == "ORG" and len(words) == 1 and (entry is None or entry.type != "ORG"):
        # "به گزارش فارس": a news agency called by its short name (not the province of that name).
        agency = gaz.lookup("خبرگزاری " + text)
        if agency is not None and agency.type == "ORG":
            entry = agency
    if entry is None:
        return None
    if entry.low_confidence and kind != "LOC":
        return None
    if (entry.type == "PER") != (kind == "PER"):
        # The whole name is a curated person or place the model typed wrongly ("زاهدان" tagged PER): the
        # gazetteer wins; a low-confidence place never overrides a person.
        return None if entry.low_confidence else entry
    return entry


def link_mentions(mentions: Sequence[Mention], gaz: Gazetteer | None = None) -> list[Entity]:
    """Entities (ids e1… in order of first mention); names the gazetteers do not know get no English name."""
    gaz = gaz or gazetteer()
    groups: list[_Group] = []
    by_key: dict[tuple, _Group] = {}

    def add(mention: Mention, core: str, kind: str, entry: GazEntry | None) -> _Group:
        parts = _words(core)
        key = ("kb", entry.name_en) if entry else (kind, "".join(parts))
        group = by_key.get(key)
        if group is None:
            group = _Group(entry.type if entry else kind, entry)
            by_key[key] = group
            groups.append(group)
        group.mentions.append(mention)
        group.cores.append(core)
        if group.type == "PER" and len(parts) > len(group.parts):
            group.parts = parts
        return group

    # One-word names wait until the article's full names are known: "خاتمی" next to "سید احمد خاتمی" is that man,
    # whatever Khatami the gazetteer knows best, and "کامرون" tagged LOC next to "دیوید کامرون" is no country.
    pending: list[tuple[Mention, str, str, GazEntry | None]] = []
    for mention in mentions:
        core, kind = name_core(mention, gaz)
        entry = _entry_for(core, kind, gaz)
        # Every one-word name waits, even a person the gazetteer reads as a place ("کامرون" by "دیوید کامرون").
        if len(_words(core)) == 1 and kind in ("LOC", "ORG", "PER"):
            pending.append((mention, core, kind, entry))
        else:
            add(mention, core, kind, entry)
    people = [g for g in groups if g.type == "PER" and len(g.parts) > 1]
    for mention, core, kind, entry in pending:
        word = name_key(core)
        # A surname (or, for person mentions, a given name) of exactly one full name in the article joins that person.
        surname = [g for g in people if g.parts[-1] == word]
        given = [g for g in people if g.parts[0] == word] if kind == "PER" else []
        target = surname[0] if len(surname) == 1 else given[0] if not surname and len(given) == 1 else None
        if target is not None:
            target.mentions.append(mention)
            target.cores.append(core)
        else:
            add(mention, core, kind, entry)
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    entities: list[Entity] = []
    for number, group in enumerate(groups, start=1):
        eid = f"e{number}"
        group.mentions.sort(key=lambda m: m.start)
        spans = tuple(Span(m.start, m.end, m.text) for m in group.mentions)
        if group.entry is not None:
            entry = group.entry
            entities.append(Entity(eid, entry.type, entry.name, entry.name_en, entry.kb_id, spans))  # type: ignore[arg-type]
            continue
        # SCHEMA: name_en is the canonical English name, null when unknown (a letter-by-letter guess is no name).
        entities.append(Entity(eid, group.type, _canonical_text(group), None, None, spans))  # type: ignore[arg-type]
    return entities


def _words(text: str) -> list[str]:
    """Matching keys of a name's space-separated words (a half-space joins parts of one word)."""
    return [k for k in (name_key(w) for w in text.split()) if k]


def _canonical_text(group: _Group) -> str:
    """The most informative surface form: the longest, then the most frequent."""
    counts = Counter(group.cores)
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
    assert doc.text is not None
    gaz = gazetteer()
    entities = link_titles(doc.text.value, link_mentions(doc.mentions or (), gaz), gaz)
    return doc.with_layers(entities=tuple(propagate_mentions(doc.text.value, entities, gaz)))
