"""Finding event triggers in a sentence, with their polarity, tense and voice."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasad.events.lexicon import Cue, Lexicon, fold

_IGNORED = frozenset("\u200c\u200d\u200e\u200f")
# The auxiliary or copula that settles the polarity of a trigger word (خواستار … شد / نشد), as a whole word.
_AUX_WORD = re.compile(
    r"(?P<neg>ن)?(?:می)?(?:شد|شو|بود|باش|کرد|کن|خواه|داشت|دار|یست|است|هست)(?:ه|ند|یم|ید|م|ی|د)?(?:اند|است)?"
)


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Text without ZWNJ and direction marks, with the position in the original of each character."""

    value: str
    origin: tuple[
        int, ...
    ]  # origin[i]: index in the original text of folded character i; one past the end last

    @classmethod
    def of(cls, text: str) -> FoldedText:
        """Fold `text`, keeping the map back."""
        if _IGNORED.isdisjoint(text):  # most sentences: nothing to drop, every character stays where it is
            return cls(fold(text), tuple(range(len(text) + 1)))
        origin = [i for i, ch in enumerate(text) if ch not in _IGNORED]
        origin.append(len(text))
        return cls(fold("".join([text[i] for i in origin[:-1]])), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A matched cue: where it is (original offsets) and how the verb is inflected."""

    cue: Cue
    start: int
    end: int
    negated: bool
    future: bool
    passive: bool
    subjunctive: bool


def _verb_negated(verb: str, cue: Cue) -> bool:
    """True when the inflected verb carries the negative prefix ن (ننمود, نمی‌کند, نخواهد, نیست)."""
    verb = re.sub(r"\s+", "", verb)
    if verb.startswith(("نیست", "نبود")):
        return True
    if not verb.startswith("ن"):
        return False
    rest = verb[1:]
    stems = [re.sub(r"\s+", "", fold(s)) for v in cue.verbs for s in (v.past, v.present)]
    if any(verb.startswith(s) for s in stems if s.startswith("ن")) and not any(
        rest.startswith(s) for s in stems
    ):
        return False  # the ن belongs to the stem: نمود, نما
    return rest.startswith(("می", "خواه", "ب", *stems))


def _subjunctive(verb: str, cue: Cue) -> bool:
    """True for the subjunctive: a present stem without می (کند, بدهد, شود) or a passive with bare شود."""
    verb = re.sub(r"\s+", "", verb)
    if _verb_negated(verb, cue):
        verb = verb[1:]
    if verb.startswith("می") or verb.startswith("خواه") and not any(v.mi_only for v in cue.verbs):
        return False
    if re.search(r"(?<!می)شو(?:د|ند|م|ی|یم|ید)$", verb) and len(verb) > 4:
        return True  # گرفته شود
    for v in cue.verbs:
        past, present = (re.sub(r"\s+", "", fold(x)) for x in (v.past, v.present))
        if v.bare_present or v.copula and not verb.startswith(present):
            continue
        if verb.startswith((present, "ب" + present)) and not verb.startswith(past):
            return True
    return False


def _passive(verb: str, cue: Cue) -> bool:
    if cue.intransitive:
        return False
    # Either stem: "قرار دارند" is as passive as "قرار داشتند".
    if any(v.passive and (fold(v.past) in verb or fold(v.present) in verb) for v in cue.verbs):
        return True
    # A past participle with a form of شدن after it: گرفته شدند, رد شده است.
    return bool(re.search(r"ه\s*(?:ن?می\s*)?(?:شد|شده|شود|شوند)", verb))


def candidate_triggers(sentence: str, offset: int, lexicon: Lexicon) -> list[Trigger]:
    """Every cue match of one sentence, best first: verbal over words over nominal ones, longer first."""
    folded = FoldedText.of(sentence)
    found: list[tuple[int, int, int, Trigger]] = []
    for cue in lexicon.cues:
        if not any(anchor in folded.value for anchor in cue.anchors):
            continue
        for match in cue.pattern.finditer(folded.value):
            start, end = folded.span(match.start(), match.end())
            verb = match.groupdict().get("verb") or ""
            trigger = Trigger(
                cue=cue,
                start=offset + start,
                end=offset + end,
                negated=_verb_negated(verb, cue) if verb else False,
                future="خواه" in verb and not any(v.mi_only for v in cue.verbs),
                passive=_passive(verb, cue) if verb else False,
                subjunctive=_subjunctive(verb, cue) if verb else False,
            )
            rank = {"verbal": 0, "word": 1, "nominal": 2}[cue.kind]
            found.append((rank, -(end - start), cue.index, trigger))
    return [trigger for *_, trigger in sorted(found, key=lambda item: item[:3])]


def find_triggers(sentence: str, offset: int, lexicon: Lexicon) -> list[Trigger]:
    """Non-overlapping triggers in one sentence; verbal ones win over words, words over nominal ones."""
    chosen: list[Trigger] = []
    for trigger in candidate_triggers(sentence, offset, lexicon):
        if not any(overlaps(trigger, other) for other in chosen):
            chosen.append(trigger)
    return sorted(chosen, key=lambda t: t.start)


def overlaps(a: Trigger, b: Trigger) -> bool:
    """True when two triggers share a character."""
    return a.start < b.end and b.start < a.end


def word_negated(words: list[str], after: int, boundaries: frozenset[str]) -> tuple[bool, int]:
    """Polarity of a trigger word from the next auxiliary of its clause (خواستار … نشد), and where that is."""
    for i in range(after, len(words)):
        text = words[i]
        if text in boundaries:
            return False, i - 1
        match = _AUX_WORD.fullmatch(text)
        if match:
            return bool(match["neg"]) or text.startswith("نیست"), i
    return False, len(words) - 1
