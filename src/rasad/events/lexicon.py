"""The PLOVER trigger lexicon (plover_cues.yaml): validated on load and compiled to regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args

import yaml

from rasad.errors import DataError
from rasad.lang import data_text
from rasad.records import PloverType

FILE = "plover_cues.yaml"
PLOVER_TYPES: frozenset[str] = frozenset(get_args(PloverType))
_IGNORED = str.maketrans({"\u200c": None, "\u200d": None, "\u200e": None, "\u200f": None, "ي": "ی", "ك": "ک"})
_PERSON_PAST = "(?:ند|یم|ید|م|ی)?"
_PERSON_PRESENT = "(?:ند|یم|ید|د|م|ی)"
# Auxiliaries after a past participle or past stem: perfect (کرده است), pluperfect, passive (شده است).
_AUX = (
    r"(?:\s*(?:است|اند|ام|ای|ایم|اید|بود" + _PERSON_PAST + r"|باشد|باشند"
    r"|(?:ن?می\s*)?(?:شد|شده|شود|شوند)" + _PERSON_PAST + r"(?:\s*(?:است|اند))?|خواهد\s*شد|خواهند\s*شد))?"
)
_COPULA = r"(?:\s*(?:است|هستند|هست|نیست|نیستند|نبود|نبودند|بود|بودند|اند|ایم)|ند|یم)"
_VERB_KEYS = {"past", "present", "voice", "mi_only", "copula", "bare_present"}
_CUE_KEYS = {
    "type", "nouns", "verbs", "words", "nominal", "object", "target", "negated", "mode", "intransitive",
    "requires",
    "implicit_actor", "not_with", "context", "genitive", "alone", "complement", "unless",
}  # fmt: skip


def fold(text: str) -> str:
    """Matching form: no ZWNJ or direction marks, Persian ی/ک."""
    return text.translate(_IGNORED)


def term_pattern(term: str) -> str:
    """Regex for a lexicon term: spaces and half-spaces may be a space, a half-space or nothing."""
    parts = [re.escape(p) for p in fold(term).split()]
    return r"\s*".join(parts)


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb lemma with its stems."""

    lemma: str
    past: str
    present: str
    passive: bool
    mi_only: bool
    copula: bool
    bare_present: bool  # the present without می is indicative (داریم), not subjunctive

    def pattern(self) -> str:
        """Regex for the inflected forms of this verb (group-free)."""
        past, present = term_pattern(self.past), term_pattern(self.present)
        forms = [
            rf"ن?خواه{_PERSON_PRESENT}\s*{past}",  # future: خواهد کرد, نخواهد کرد
            rf"ن?(?:می\s*)?{past}(?:ه)?{_PERSON_PAST}{_AUX}",  # past, perfect, passive
            rf"ن?می\s*{present}{_PERSON_PRESENT}"
            if self.mi_only
            else rf"ن?(?:می\s*|ب)?{present}{_PERSON_PRESENT}",
        ]
        if self.copula:
            forms.append(_COPULA)
        return "(?:" + "|".join(forms) + ")"


@dataclass(frozen=True, slots=True)
class Cue:
    """One trigger family of the lexicon, compiled."""

    index: int
    type: str
    kind: str  # "verbal" | "word" | "nominal"
    pattern: re.Pattern[str]
    verbs: tuple[Verb, ...]
    objects: tuple[str, ...]
    targets: tuple[str, ...]
    negated: str | None  # the type a negated trigger becomes; None drops it
    mode: str | None
    intransitive: bool
    requires_target: bool
    implicit_actor: bool  # a passive without agent was done by the state where it happened
    not_with: tuple[str, ...]
    anchors: tuple[str, ...] = ()  # strings one of which any match contains: cheap to test before the regex
    context: tuple[str, ...] = ()  # words one of which must stand in the trigger's clause or after it (هشدار: "if")
    genitive: str = "actor"  # the role of the phrase right after a nominal trigger (محاکمه X: target)
    alone: bool = False  # a nominal trigger is an event with its genitive alone, without partner phrase
    complement: bool = False  # the target is the first participant after the verb (مدعی شد X …)
    unless: tuple[str, ...] = ()  # words in the trigger's clause that cancel it (a proposed meeting is no AGREE)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every cue, plus the modality and clause rules of plover_cues.yaml."""

    cues: tuple[Cue, ...]
    verbs: dict[str, Verb]
    proposal_words: frozenset[str]
    proposal_blocks: frozenset[str]
    proposal_window: int
    negation_words: frozenset[str]
    hypothetical_words: frozenset[str]
    clause_boundaries: frozenset[str]
    subjunctive_drops: bool
    attribution: tuple[tuple[str, ...], ...]  # word sequences that open a "به گزارش X،" prefix
    conditional: tuple[tuple[str, ...], ...] = ()  # word sequences that open a condition (اگر, در صورتی که)
    plans: tuple[tuple[str, ...], ...] = ()  # word sequences that make what follows a plan (قرار است)
    if_conditional: dict[str, str] = field(default_factory=dict)  # type → its type under a condition
    if_future: dict[str, str] = field(default_factory=dict)  # type → its type announced for the future
    questions: frozenset[str] = frozenset()  # sentence-final marks of a question
    proposal_topics: frozenset[str] = frozenset()  # words after which a proposal word is only a topic
    reciprocal: tuple[tuple[str, ...], ...] = ()  # subjects that name the sides met before (دو طرف, طرفین)
    meeting_references: tuple[tuple[str, ...], ...] = ()  # "در این دیدار": a sideless agreement was the meeting's


def _where(detail: str) -> str:
    return f"rasad/lang/fa/{FILE}: {detail}"


def _words(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(_where(f"{where} must be a list of non-empty strings"))
    folded = [fold(v) for v in value]
    duplicates = sorted({v for v in folded if folded.count(v) > 1})
    if duplicates:
        raise DataError(_where(f"{where} lists {duplicates} twice"))
    return tuple(value)


def _verbs(data: Any) -> dict[str, Verb]:
    if not isinstance(data, dict) or not data:
        raise DataError(_where("'verbs' must map lemmas to their stems"))
    verbs = {}
    for lemma, spec in data.items():
        if not isinstance(spec, dict) or not {"past", "present"} <= set(spec) or set(spec) - _VERB_KEYS:
            raise DataError(
                _where(f"verb {lemma!r} needs past and present stems (keys {sorted(_VERB_KEYS)})")
            )
        if spec.get("voice", "active") not in {"active", "passive"}:
            raise DataError(_where(f"verb {lemma!r}: voice must be active or passive"))
        verbs[lemma] = Verb(
            lemma, spec["past"], spec["present"], spec.get("voice") == "passive",
            bool(spec.get("mi_only")), bool(spec.get("copula")), bool(spec.get("bare_present")),
        )  # fmt: skip
    return verbs


def _cue(index: int, spec: Any, verbs: dict[str, Verb]) -> Cue:
    where = f"cue #{index + 1}"
    if not isinstance(spec, dict) or set(spec) - _CUE_KEYS:
        raise DataError(_where(f"{where} has unknown keys {sorted(set(spec) - _CUE_KEYS)}"))
    kind_ = spec.get("type")
    if kind_ not in PLOVER_TYPES:
        raise DataError(_where(f"{where}: {kind_!r} is not a PLOVER type"))
    negated = spec.get("negated", "drop")
    if negated != "drop" and negated not in PLOVER_TYPES:
        raise DataError(_where(f"{where}: negated must be drop or a PLOVER type, not {negated!r}"))
    forms = [k for k in ("verbs", "words", "nominal") if k in spec]
    if len(forms) != 1:
        raise DataError(_where(f"{where} needs exactly one of verbs, words, nominal (has {forms})"))
    targets = _words(spec.get("target"), f"{where} target")
    objects = _words(spec.get("object"), f"{where} object")
    cue_verbs: tuple[Verb, ...] = ()
    if "verbs" in spec:
        names = _words(spec["verbs"], f"{where} verbs")
        unknown = [v for v in names if v not in verbs]
        if unknown:
            raise DataError(_where(f"{where} uses verbs {unknown} not listed under 'verbs'"))
        cue_verbs = tuple(verbs[v] for v in names)
        nouns = _words(spec.get("nouns", []), f"{where} nouns")
        verb_alt = "|".join(v.pattern() for v in cue_verbs)
        if nouns:
            noun_alt = "|".join(term_pattern(n) for n in sorted(nouns, key=len, reverse=True))
            body = rf"(?P<noun>{noun_alt})\s*(?P<verb>{verb_alt})"
        else:
            body = rf"(?P<verb>{verb_alt})"
        kind = "verbal"
    else:
        terms = _words(spec[forms[0]], f"{where} {forms[0]}")
        if not terms:
            raise DataError(_where(f"{where}: {forms[0]} is empty"))
        body = "(?P<noun>" + "|".join(term_pattern(t) for t in sorted(terms, key=len, reverse=True)) + ")"
        kind = "word" if forms[0] == "words" else "nominal"
    if spec.get("implicit_actor") not in {None, "place"}:
        raise DataError(_where(f"{where}: implicit_actor may only be 'place'"))
    if spec.get("genitive", "actor") not in {"actor", "target"}:
        raise DataError(_where(f"{where}: genitive must be actor or target"))
    if kind != "nominal" and (spec.get("alone") or "genitive" in spec):
        raise DataError(_where(f"{where}: genitive and alone are for nominal cues"))
    if spec.get("requires") not in {None, "target"}:
        raise DataError(_where(f"{where}: requires may only be 'target'"))
    pattern = re.compile(rf"(?<!\w){body}(?!\w)")
    return Cue(
        index, kind_, kind, pattern, cue_verbs, tuple(fold(o) for o in objects), targets,
        None if negated == "drop" else negated, spec.get("mode"), bool(spec.get("intransitive")),
        spec.get("requires") == "target" or kind == "nominal",
        spec.get("implicit_actor") == "place",
        tuple(fold(w) for w in _words(spec.get("not_with"), f"{where} not_with")),
        _anchors(spec, cue_verbs),
        tuple(fold(w) for w in _words(spec.get("context"), f"{where} context")),
        spec.get("genitive", "actor"), bool(spec.get("alone")), bool(spec.get("complement")),
        tuple(fold(w) for w in _words(spec.get("unless"), f"{where} unless")),
    )  # fmt: skip


def _anchors(spec: dict[str, Any], verbs: tuple[Verb, ...]) -> tuple[str, ...]:
    """The first word of each noun or term, or for a bare verb its stems: every match contains one."""
    terms = spec.get("nouns") or spec.get("words") or spec.get("nominal") or []
    if terms:
        return tuple(sorted({fold(t).split()[0] for t in terms}))
    stems = {fold(s).split()[0] for v in verbs for s in (v.past, v.present)}
    return tuple(sorted(stems | ({"است", "هست", "نیست", "بود", "ند", "یم"} if any(v.copula for v in verbs) else set())))


def parse_lexicon(text: str) -> Lexicon:
    """Validate and compile the YAML text of plover_cues.yaml; raises DataError naming the problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(_where(f"not valid YAML: {exc}")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise DataError(_where("needs a 'cues' list"))
    verbs = _verbs(data.get("verbs"))
    cues = tuple(_cue(i, spec, verbs) for i, spec in enumerate(data["cues"]))
    proposal = data.get("proposal") or {}
    blocks = _words(proposal.get("blocks"), "proposal blocks")
    if set(blocks) - PLOVER_TYPES:
        raise DataError(_where(f"proposal blocks unknown types {sorted(set(blocks) - PLOVER_TYPES)}"))
    _check_conflicts(data["cues"])
    retype = data.get("retype") or {}
    if not isinstance(retype, dict):
        raise DataError(_where("'retype' must map conditional and future to type maps"))
    return Lexicon(
        cues=cues,
        verbs=verbs,
        proposal_words=frozenset(fold(w) for w in _words(proposal.get("words"), "proposal words")),
        proposal_blocks=frozenset(blocks),
        proposal_window=int(proposal.get("window", 4)),
        negation_words=frozenset(fold(w) for w in _words(data.get("negation_words"), "negation_words")),
        hypothetical_words=frozenset(
            fold(w) for w in _words(data.get("hypothetical_words"), "hypothetical_words")
        ),
        clause_boundaries=frozenset(
            fold(w) for w in _words(data.get("clause_boundaries"), "clause_boundaries")
        ),
        subjunctive_drops=_subjunctive(data.get("subjunctive", "keep")),
        attribution=_phrases(data.get("attribution"), "attribution"),
        conditional=_phrases(data.get("conditional"), "conditional"),
        plans=_phrases(data.get("plans"), "plans"),
        if_conditional=_retype(retype.get("conditional"), "retype conditional"),
        if_future=_retype(retype.get("future"), "retype future"),
        questions=frozenset(_words(data.get("questions"), "questions")),
        proposal_topics=frozenset(fold(w) for w in _words(proposal.get("topics"), "proposal topics")),
        reciprocal=_phrases(data.get("reciprocal"), "reciprocal"),
        meeting_references=_phrases(data.get("meeting_references"), "meeting_references"),
    )


def _phrases(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w).split()) for w in _words(value, where))


def _retype(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(_where(f"{where} must map PLOVER types to PLOVER types"))
    unknown = sorted({str(t) for pair in value.items() for t in pair} - PLOVER_TYPES)
    if unknown:
        raise DataError(_where(f"{where}: unknown types {unknown}"))
    return dict(value)


def _subjunctive(value: Any) -> bool:
    if value not in {"drop", "keep"}:
        raise DataError(_where("subjunctive must be drop or keep"))
    return value == "drop"


def _check_conflicts(cues: list[dict[str, Any]]) -> None:
    """The same noun + verb (or word) may not be cued as two different types."""
    seen: dict[tuple[str, str, str], str] = {}
    for spec in cues:
        objects = tuple(sorted(fold(o) for o in [*(spec.get("object") or ()), *(spec.get("context") or ())]))
        keys: list[tuple[str, str, str]] = []
        for verb in spec.get("verbs") or ():
            for noun in spec.get("nouns") or [""]:
                keys.append((fold(noun), verb, ",".join(objects)))
        for field in ("words", "nominal"):
            keys.extend((fold(term), field, "") for term in spec.get(field) or ())
        for key in keys:
            if seen.setdefault(key, spec["type"]) != spec["type"]:
                raise DataError(
                    _where(f"{key[0]!r} + {key[1]!r} is cued as both {seen[key]} and {spec['type']}")
                )


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return parse_lexicon(data_text("fa", FILE))
