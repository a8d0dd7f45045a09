"""Speaker resolution: pronouns, zero subjects and role descriptions point to the speaker they stand for."""

from __future__ import annotations

from rasad.quotes.find import Candidate
from rasad.quotes.lexicon import Lexicon
from rasad.quotes.speaker import MentionIndex, Phrase, subject_phrase
from rasad.records import Quote, Speaker

_STANDS_IN = ("pronoun", "anaphor", "zero")


def sentence_subjects(
    text: str, units: list[tuple[int, int]], taken: set[int], lex: Lexicon, mentions: MentionIndex
) -> list[tuple[int, Phrase]]:
    """Subjects of sentences that quote no one: antecedents for a later "وی گفت" or "این سخنگو گفت"."""
    subjects = []
    for index, (start, end) in enumerate(units):
        if index in taken:
            continue
        phrase = subject_phrase(text, start, end, lex, mentions)
        if phrase.kind in ("named", "unnamed", "description"):
            subjects.append((start, phrase))
    return subjects


def _is_person(text: str, phrase: Phrase) -> bool:
    """A named person: a PER entity, or (without entities) a name in quote marks."""
    if phrase.kind != "named":
        return False
    if phrase.entity is not None:
        return phrase.entity.type == "PER"
    return phrase.start > 0 and text[phrase.start - 1] in "«\"“"


def resolve_speakers(
    text: str,
    candidates: list[Candidate],
    subjects: list[tuple[int, Phrase]],
    lex: Lexicon,
    mentions: MentionIndex,
) -> list[Quote]:
    """Quotes with speakers: stand-in subjects take the most recent compatible speaker or person."""
    resolved: list[Phrase] = []
    history: list[Phrase] = []  # speakers and sentence-opening people, in text order
    described: list[Phrase] = []  # every speaker and sentence subject, for "این سخنگو" to find
    pending: list[int] = []  # quotes whose stand-in subject has no antecedent yet (cataphora)
    subjects_left = list(subjects)
    for index, cand in enumerate(candidates):
        while subjects_left and subjects_left[0][0] < cand.cue_start:
            subject = subjects_left.pop(0)[1]
            described.append(subject)
            if _is_person(text, subject):
                history.append(subject)
        phrase = subject_phrase(text, *cand.region, lex, mentions, plural_cue=cand.plural)
        speaker = phrase
        if phrase.kind in _STANDS_IN:
            head = _head(phrase)
            speaker = (head and _described_as(described, head)) or _antecedent(history, phrase.plural) or phrase
            if speaker is phrase:
                pending.append(index)
        elif phrase.kind == "description" and not phrase.new_speaker and history:
            last = history[-1]
            # Elegant variation: "کوفی عنان، دبیر کل سازمان ملل … دبیر کل سازمان ملل تاکید کرد" is one
            # person, unless the last one was introduced with another role ("… سخنگوی وزارت دفاع").
            if last.kind == "named" and not last.plural and _same_role(last, phrase, lex):
                speaker = last
        elif phrase.kind == "named" and cand.lemma in lex.continuation_cues and resolved:
            last = resolved[-1]
            # "شهردار مشهد نیز گفت … بنی‌هاشمی افزود": the description named by whoever continues.
            if last.kind == "description" and last.new_speaker:
                resolved = [phrase if p is last else p for p in resolved]
        if speaker.kind not in _STANDS_IN:
            for waiting in pending:
                resolved[waiting] = speaker
            pending.clear()
        resolved.append(speaker)
        if speaker.kind not in _STANDS_IN:
            history.append(speaker)
            described.append(speaker)
    return [_quote(text, cand, phrase) for cand, phrase in zip(candidates, resolved)]


def _head(phrase: Phrase) -> str | None:
    """The noun after the demonstrative of "این سخنگوی وزارت خارجه"."""
    parts = phrase.text.split()
    return parts[1] if phrase.kind == "anaphor" and len(parts) > 1 else None


def _described_as(described: list[Phrase], head: str) -> Phrase | None:
    for phrase in reversed(described):
        if head in phrase.context.split() or head in phrase.text.split():
            return phrase
    return None


def _same_role(named: Phrase, description: Phrase, lex: Lexicon) -> bool:
    """Whether a role description can be the named speaker: same role word, or no known role."""
    head = description.text.split()[0]
    context = named.context.split()
    return head in context or not any(word in lex.role_heads for word in context)


def _antecedent(history: list[Phrase], plural: bool) -> Phrase | None:
    for phrase in reversed(history):
        if phrase.kind not in _STANDS_IN and phrase.plural == plural:
            return phrase
    return None


def _quote(text: str, cand: Candidate, phrase: Phrase) -> Quote:
    entity = phrase.entity.id if phrase.entity is not None else None
    return Quote(
        kind=cand.kind,
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        cue=cand.cue,
        speaker=Speaker(entity=entity, text=phrase.text),
    )
