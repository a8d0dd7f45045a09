"""One sense per article: a known name the tagger found once is the same entity wherever else it is written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rasad.entities.gazetteer import Gazetteer, name_key, name_parts
from rasad.records import Entity, Span

_MIN_KEY = 3  # shorter words (دو, بن) are too often something else
_EDGE = "\\w\u200c"


def _forms(entity: Entity, gaz: Gazetteer) -> set[str]:
    """Surface forms to look for: the entity's mention texts, and a linked person's surname (if no common word)."""
    forms = {m.text for m in entity.mentions if len(name_key(m.text)) >= _MIN_KEY}
    if entity.type == "PER":
        parts = entity.name.split()
        surname = parts[-1] if len(parts) > 1 else ""
        # "بوش" after "جورج دبلیو بوش": only a surname that is no ordinary Persian word ("صدر" is "head").
        if len(name_key(surname)) >= _MIN_KEY and name_key(surname) not in gaz.common_words:
            forms.add(surname)
    return {f for f in forms if len(name_parts(f)) > 1 or name_key(f) not in gaz.common_words}


def propagate_mentions(text: str, entities: Sequence[Entity], gaz: Gazetteer) -> list[Entity]:
    """Entities with unlabelled occurrences of their known names added as mentions (linked entities only)."""
    taken = sorted((m.start, m.end) for e in entities for m in e.mentions)
    owners: dict[str, str] = {}
    for entity in entities:
        if entity.name_en is None:
            continue  # an unknown name may be a common word the tagger was right to skip elsewhere
        for form in _forms(entity, gaz):
            # A form two entities share ("کامرون" the man and the country) is left to the tagger.
            owners[form] = entity.id if owners.get(form, entity.id) == entity.id else ""
    forms = sorted((f for f, owner in owners.items() if owner), key=len, reverse=True)
    if not forms:
        return list(entities)
    pattern = re.compile(f"(?<![{_EDGE}])(?:{'|'.join(map(re.escape, forms))})(?![{_EDGE}])")
    added: dict[str, list[Span]] = {}
    by_id = {e.id: e for e in entities}
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        owner = by_id[owners[match.group()]]
        if _inside_longer_name(text, start, end, owner, gaz):
            continue
        added.setdefault(owner.id, []).append(Span(start, end, match.group()))
    return with_mentions(entities, added)


def with_mentions(entities: Sequence[Entity], added: Mapping[str, Sequence[Span]]) -> list[Entity]:
    """The entities, each with the mentions `added` under its id merged in text order."""
    out = []
    for entity in entities:
        extra = added.get(entity.id)
        if extra:
            mentions = tuple(sorted((*entity.mentions, *extra), key=lambda s: s.start))
            entity = Entity(entity.id, entity.type, entity.name, entity.name_en, entity.kb_id, mentions)
        out.append(entity)
    return out


def _inside_longer_name(text: str, start: int, end: int, owner: Entity, gaz: Gazetteer) -> bool:
    """True when the word with its neighbour names something else ("فارس" in "خلیج فارس")."""
    before = text[:start].split()[-1:]
    after = text[end:].split()[:1]
    for phrase in ([*before, text[start:end]], [text[start:end], *after]):
        entry = gaz.lookup(" ".join(phrase)) if len(phrase) == 2 else None
        if entry is not None and entry.name_en != owner.name_en:
            return True
    return False
