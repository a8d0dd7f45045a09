"""Title coreference: a title phrase ("رئیس‌جمهور آمریکا") that an article ties to one named person denotes that person."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rasad.entities.gazetteer import Gazetteer, name_key
from rasad.entities.propagate import with_mentions
from rasad.records import Entity, Span

_MAX_TITLE_WORDS = 5  # office word + up to four words before the country or organization that closes it
_WORD = re.compile(r"[^\s،,.:؛!?«»\"()]+")
# "X، رئیس‌جمهور آمریکا" or «X» رئیس‌جمهور آمریکا: a comma, or a closing quote mark, then the title.
_APPOSITION_GAP = re.compile(r"[»\"”]?\s*[،,]\s*|[»\"”]\s*")
_NAME_GAP = re.compile(r"\s*")


def _title_at(text: str, pos: int, ends: dict[int, int], gaz: Gazetteer) -> tuple[int, int] | None:
    """(start, end) of a title phrase starting at `pos`: an office word, then words up to the end of a place or org."""
    words = list(_WORD.finditer(text, pos, pos + 120))
    if not words or words[0].start() != pos or gaz.cues.get(words[0].group()) != "office":
        return None
    for k, word in enumerate(words[1:_MAX_TITLE_WORDS], start=1):
        if text[words[k - 1].end() : word.start()].strip():
            return None  # punctuation inside: the phrase ended before any place or organization
        end = ends.get(word.start())
        if end is not None:
            return pos, end
    return None


def link_titles(text: str, entities: Sequence[Entity], gaz: Gazetteer) -> list[Entity]:
    """Entities with the title phrases that denote them added as mentions (only titles tied to one person)."""
    # Places and organizations close a title ("وزیر خارجه [روسیه]"); their mentions start → end.
    ends = {m.start: m.end for e in entities if e.type in ("LOC", "ORG") for m in e.mentions}
    owners: dict[str, set[str]] = defaultdict(set)
    tied: set[tuple[int, int]] = set()
    starts = {m.start: e for e in entities if e.type == "PER" for m in e.mentions}
    for entity in entities:
        if entity.type != "PER":
            continue
        for m in entity.mentions:
            # "X، رئیس‌جمهور آمریکا": apposition after the name.
            gap = _APPOSITION_GAP.match(text, m.end)
            title = _title_at(text, gap.end(), ends, gaz) if gap and gap.end() > m.end else None
            if title is not None:
                owners[name_key(text[title[0] : title[1]])].add(entity.id)
                tied.add(title)
    for pos, person in starts.items():
        # "رئیس‌جمهور آمریکا دونالد ترامپ": the title right before the name.
        for word in _WORD.finditer(text, max(0, pos - 80), pos):
            if gaz.cues.get(word.group()) != "office":
                continue
            title = _title_at(text, word.start(), ends, gaz)
            if title is not None and _NAME_GAP.fullmatch(text, title[1], pos):
                owners[name_key(text[title[0] : title[1]])].add(person.id)
                tied.add(title)
    unique = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
    if not unique:
        return list(entities)
    added: dict[str, list[Span]] = defaultdict(list)
    for word in _WORD.finditer(text):
        if gaz.cues.get(word.group()) != "office":
            continue
        title = _title_at(text, word.start(), ends, gaz)
        if title is None or title in tied:
            continue
        owner = unique.get(name_key(text[title[0] : title[1]]))
        if owner is not None:
            added[owner].append(Span(title[0], title[1], text[title[0] : title[1]]))
    return with_mentions(entities, added)
