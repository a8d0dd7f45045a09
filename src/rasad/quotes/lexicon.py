"""The quote-cue lexicon (lang/fa/quote_cues.yaml), validated and compiled into regexes once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from rasad.errors import DataError
from rasad.lang import data_text

FILE = "quote_cues.yaml"
# A space inside a data entry matches a space, a half-space or nothing (restored or lost ZWNJ).
SEP = "[\u200c ]?"
# Word edges: a cue must not be part of a longer word (ZWNJ joins word parts, so it counts as inside).
LEFT = r"(?<![\w\u200c])"
RIGHT = r"(?![\w\u200c])"

_PAST_PERSONS = "(?:م|ی|یم|ید|ند)?"
_PRESENT_PERSONS = "(?:م|ی|د|یم|ید|ند)"
_PERFECT_AUX = "(?:است|اند|ام|ای|ایم|اید|بود(?:م|ی|یم|ید|ند)?)"

LIST_KEYS = (
    "document_cues", "document_nouns", "according_to", "complement_openers", "source_attributions",
    "connectors", "subject_boundaries", "subject_keeps", "new_speaker_markers", "pronouns_singular",
    "pronouns_plural", "demonstratives", "unnamed_heads", "role_heads", "content_breaks", "continuation_cues", "prepositions", "honorifics",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CueInfo:
    """What a matched cue form is: its verb, whether it is negated, whether it needs a colon or که."""

    lemma: str
    negated: bool
    weak: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled quote cues and the word lists speaker finding needs."""

    cues: re.Pattern[str]
    cue_info: dict[str, CueInfo]  # regex group name -> what it matched
    document_cue: re.Pattern[str]
    document_nouns: frozenset[str]
    according_to: re.Pattern[str]
    complement_opener: re.Pattern[str]
    source_attribution: re.Pattern[str]
    connector: re.Pattern[str]
    content_break: re.Pattern[str]
    subject_boundaries: frozenset[str]
    subject_keeps: frozenset[str]
    new_speaker_markers: frozenset[str]
    pronouns_singular: frozenset[str]
    pronouns_plural: frozenset[str]
    demonstratives: frozenset[str]
    unnamed_heads: frozenset[str]
    role_heads: frozenset[str]
    continuation_cues: frozenset[str]
    prepositions: frozenset[str]
    honorifics: frozenset[str]

    def cue_at(self, match: re.Match[str]) -> CueInfo:
        """The cue information of a match of `cues`."""
        assert match.lastgroup is not None
        return self.cue_info[match.lastgroup]


def phrase_pattern(phrase: str) -> str:
    """Regex for a data entry: its spaces match a space, a half-space or nothing."""
    return SEP.join(re.escape(part) for part in phrase.split())


def verb_forms(past: str, present: str, *, negated: bool) -> str:
    """Regex for the finite forms of a verb from its stems: past, continuous, perfect, present, future."""
    return "(?:" + "|".join(verb_form_list(past, present, negated=negated)) + ")"


def verb_form_list(past: str, present: str, *, negated: bool) -> list[str]:
    """The regexes of verb_forms(), one per form, in the order they are tried."""
    neg = "ن" if negated else ""
    return [
        f"{neg}{past}{_PAST_PERSONS}",
        f"{neg}می{SEP}{past}{_PAST_PERSONS}",
        f"{neg}{past}ه{SEP}{_PERFECT_AUX}",
        f"{neg}می{SEP}{present}{_PRESENT_PERSONS}",
        f"{neg}خواه{_PRESENT_PERSONS} {past}",
    ]


def dispatched_alternation(forms: list[tuple[str, str]]) -> str:
    """The alternation of (group name, regex) forms, grouped by first letter behind a one-letter lookahead.

    Python's re tries every alternative at every word start; grouped, it tries only those that can begin with
    the letter there. Forms that can match at one position share their first letter and keep their relative
    order, so the first form to match (and the group it names) is the same as in the flat alternation.
    """
    named = [(form, f"(?P<{name}>{form})") for name, form in forms]
    if not all(form[:1].isalpha() and form[1:2] not in ("?", "*", "{") for form, _ in named):
        return "|".join(group for _, group in named)  # a form need not begin with its first letter: stay flat
    by_letter: dict[str, list[str]] = {}
    for form, group in named:
        by_letter.setdefault(form[0], []).append(group)
    return "|".join(f"(?={re.escape(letter)})(?:{'|'.join(group)})" for letter, group in by_letter.items())


def _strings(data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise DataError(f"rasad/lang/fa/{FILE}: '{key}' must be a non-empty list of strings")
    if len(set(values)) != len(values):
        dupes = sorted({v for v in values if values.count(v) > 1})
        raise DataError(f"rasad/lang/fa/{FILE}: '{key}' lists {dupes} more than once")
    return values


def _alternation(phrases: list[str]) -> str:
    # Longest first, so that "پیش از این نیز" wins over "پیش از این".
    return "|".join(phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))


def parse_lexicon(text: str) -> Lexicon:
    """Validate the YAML text of the cue file and compile it; raises DataError naming the problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"rasad/lang/fa/{FILE}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(f"rasad/lang/fa/{FILE}: expected a mapping at the top level")
    lists = {key: _strings(data, key) for key in LIST_KEYS}
    if set(lists["pronouns_singular"]) & set(lists["pronouns_plural"]):
        raise DataError(f"rasad/lang/fa/{FILE}: a pronoun is listed as both singular and plural")

    stems: dict[str, str] = {}
    for item in data.get("light_stems") or []:
        past, present = item.get("past"), item.get("present")
        if not past or not present or past in stems:
            raise DataError(f"rasad/lang/fa/{FILE}: light stem {item!r} is incomplete or repeated")
        stems[past] = present

    alternatives: list[tuple[str, str]] = []  # (group name, form regex)
    info: dict[str, CueInfo] = {}
    seen: set[str] = set()

    def add(lemma: str, forms_for, weak: bool) -> None:
        if lemma in seen:
            raise DataError(f"rasad/lang/fa/{FILE}: cue {lemma!r} is listed twice")
        seen.add(lemma)
        for negated in (False, True):
            cue = CueInfo(lemma, negated, weak)
            for form in forms_for(negated):
                name = f"c{len(info)}"
                info[name] = cue  # one group per form: the grouped alternation (see below) needs them apart
                alternatives.append((name, form))

    for item in data.get("verbs") or []:
        past, present = item.get("past"), item.get("present")
        if not past or not present:
            raise DataError(f"rasad/lang/fa/{FILE}: verb {item!r} needs 'past' and 'present'")
        add(past, lambda neg, p=past, r=present: verb_form_list(p, r, negated=neg), bool(item.get("weak")))
    for item in data.get("light_verbs") or []:
        preverb, lights = item.get("preverb"), item.get("lights")
        if not preverb or not lights:
            raise DataError(f"rasad/lang/fa/{FILE}: light verb {item!r} needs 'preverb' and 'lights'")
        for light in lights:
            if light not in stems:
                raise DataError(f"rasad/lang/fa/{FILE}: light verb {light!r} of {preverb!r} has no light_stems entry")
            add(
                f"{preverb} {light}",
                lambda neg, pv=preverb, lv=light: [
                    phrase_pattern(pv) + SEP + verb_forms(lv, stems[lv], negated=neg)
                ],
                bool(item.get("weak")),
            )
    unknown = sorted(set(lists["continuation_cues"]) - seen)
    if unknown:
        raise DataError(f"rasad/lang/fa/{FILE}: continuation cues {unknown} are not listed cues")
    if not alternatives:
        raise DataError(f"rasad/lang/fa/{FILE}: no cue verbs")
    # Longer phrases first within the alternation would matter only for shared prefixes; the word-edge
    # guard already stops "گفت" from matching inside "گفته است". "گفت و گو" (conversation) is no cue.
    cues = re.compile(LEFT + "(?:" + dispatched_alternation(alternatives) + ")" + RIGHT + r"(?!\s*و\s*گو)")
    return Lexicon(
        cues=cues,
        cue_info=info,
        document_cue=re.compile(LEFT + "(?:" + _alternation(lists["document_cues"]) + ")" + RIGHT),
        document_nouns=frozenset(lists["document_nouns"]),
        according_to=re.compile(LEFT + "(?:" + _alternation(lists["according_to"]) + ")" + RIGHT),
        complement_opener=re.compile(LEFT + "(?:" + _alternation(lists["complement_openers"]) + ")" + RIGHT),
        source_attribution=re.compile(LEFT + "(?:" + _alternation(lists["source_attributions"]) + ")" + RIGHT),
        connector=re.compile(r"\s*(?:" + _alternation(lists["connectors"]) + ")" + RIGHT + r"[\s،,]*"),
        content_break=re.compile(r"[،,]\s*(?:" + _alternation(lists["content_breaks"]) + ")" + RIGHT),
        subject_boundaries=frozenset(lists["subject_boundaries"]),
        subject_keeps=frozenset(lists["subject_keeps"]),
        new_speaker_markers=frozenset(lists["new_speaker_markers"]),
        pronouns_singular=frozenset(lists["pronouns_singular"]),
        pronouns_plural=frozenset(lists["pronouns_plural"]),
        demonstratives=frozenset(lists["demonstratives"]),
        unnamed_heads=frozenset(lists["unnamed_heads"]),
        role_heads=frozenset(lists["role_heads"]),
        continuation_cues=frozenset(lists["continuation_cues"]),
        prepositions=frozenset(lists["prepositions"]),
        honorifics=frozenset(lists["honorifics"]),
    )


@cache
def lexicon() -> Lexicon:
    """The shipped cue lexicon, parsed once per process."""
    return parse_lexicon(data_text("fa", FILE))
