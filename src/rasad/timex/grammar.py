"""Compile the rule templates of timex_rules.tsv into regexes and find candidate expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasad.timex.lexicon import Rule, lexicon, surface_forms
from rasad.timex.numbers import alternation, cardinal_pattern, hour_pattern, ordinal_pattern, year_words_pattern

GAP = r"[ \u200c]+"
OPTIONAL_GAP = r"[ \u200c]*"
_MACRO = re.compile(r"\{([A-Z][A-Z0-9]*)\}")
# A match must not start or end inside a word.
_LEFT_EDGE = r"(?<![^\W_])"
# A ZWNJ followed by a letter continues the word (این هفته‌نامه is a weekly, not this week), unless it is the
# copula written as a clitic (چهل دقیقه‌ست, دو سال‌است): the expression ends before it.
_RIGHT_EDGE = r"(?![^\W_]|\u200c(?!(?:ا?ست)(?![^\W_]))[^\W\d_])"
_NEXT_WORD = re.compile(r"[ \u200c]*[^\s\u200c]*")


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    index: int
    pattern: re.Pattern[str]
    needs: tuple[str, ...]  # the rule cannot match a text containing none of these (empty: no such test)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule's match: where it is and the named parts it captured."""

    start: int
    end: int
    rule: CompiledRule
    groups: dict[str, str]
    text: str
    after: str  # the text that follows, up to the end of the next word
    context: str = ""  # the matched text around the span when a rule's (?P<span>…) narrows it (a year cue)


@cache
def macros() -> dict[str, str]:
    """Regex fragments (named groups) for each {MACRO} of the templates."""
    f = surface_forms()
    words = lambda cls: alternation(f[cls])  # noqa: E731
    cardinal, ordinal = cardinal_pattern(), ordinal_pattern()
    # یکی دو سال: "one or two", a vague count like دو سه.
    number = (rf"(?:\d+(?:[.٫]\d+)?(?:{OPTIONAL_GAP}(?:هزار|میلیون))?|یکی{GAP}دو(?![^\W\d_])|{cardinal_pattern(True)}|چندین|چند|نیم)"
              rf"(?:{GAP}و{GAP}نیم)?")
    return {
        "WD": f"(?P<wd>{words('WD')})",
        "JM": f"(?P<jm>{words('JM')})",
        "GM": f"(?P<gm>{words('GM')})",
        "HM": f"(?P<hm>{words('HM')})",
        "SM": f"(?P<sm>{words('SM')})",
        "DAYN": rf"(?P<day>\d{{1,2}}(?:{OPTIONAL_GAP}ام)?(?!\d)|{ordinal})",
        "DAYW": f"(?P<day>{cardinal})",
        "YEAR": rf"(?P<year>\d{{4}}(?!\d)|\d{{2}}(?![\d.]?\d)|{year_words_pattern()})",
        "NUM": f"(?P<num>{number})",
        "UNIT": f"(?P<unit>{words('UNIT')})",
        "CUNIT": f"(?P<unit>{words('CUNIT')})",
        "REL": f"(?P<rel>{words('relafter')})",
        "WREL": f"(?P<wrel>{words('relafter')})",
        "DIR": f"(?P<dir>{words('countdir')})",
        "THIS": f"(?P<this>{words('this')})",
        "PART": f"(?P<part>{words('part')})",
        "DP": f"(?P<dp>{words('daypart')})",
        "DP2": f"(?P<dp2>{words('daypart')})",
        "DPA": f"(?P<dpa>{words('daypart_alone')})",
        "DPB": f"(?P<dpb>{words('daypart_bare')})",
        "DPX": f"(?:{words('daypart')})",
        "SAME": f"(?P<same>{words('same')})",
        "DAYD": f"(?P<dayd>{words('day')})",
        "NIGHT": f"(?P<night>{words('night')})",
        "YEARW": f"(?P<yearw>{words('year')})",
        "APPROX": f"(?P<approx>{words('approx')})",
        # The period after an abbreviation (ه.ش.) belongs to it; after a word (قمری.) it ends the sentence.
        "CAL": rf"(?P<cal>{words('calendar')})(?:(?<=[^\W\d_]\.[^\W\d_])\.)?",
        "SEASON": f"(?P<season>{words('season')})",
        "HH": rf"(?P<hh>\d{{1,2}}|{hour_pattern()})",
        "MM": r"(?P<mm>\d{2})",
        "MW": rf"(?P<mm>\d{{1,2}}|{cardinal})",
        "SS": r"(?P<ss>\d{2})",
        "SW": rf"(?P<ss>\d{{1,2}}|{cardinal})",
        "AMPM": f"(?P<ampm>{words('meridiem')})",
        "CDIR": f"(?P<cdir>{words('clockdir')})",
        "YCUE": f"(?P<ycue>{words('year_cue')})",
        "SEG": f"(?P<seg>{words('segment')})",
        "ORD": f"(?P<ord>{ordinal})",
        "ORDW": ordinal,
        "CENT": rf"(?P<cent>\d{{1,2}}(?!\d)|{ordinal})",
        "DECADE": rf"(?P<decade>\d{{4}}(?!\d)|\d{{2}}(?!\d)|{cardinal})",
        "HOL": f"(?P<hol>{words('HOL')})",
        "HOLS": f"(?P<hol>{words('HOLS')})",
    }


def expand(template: str) -> str:
    """A template as a regex: whitespace dropped, _ and ~ as gaps, macros replaced."""
    body = re.sub(r"\s+", "", template)
    body = body.replace("_", GAP).replace("~", OPTIONAL_GAP)
    table = macros()
    return _MACRO.sub(lambda m: table[m.group(1)], body)


@cache
def compiled_rules() -> tuple[CompiledRule, ...]:
    """Every rule of timex_rules.tsv compiled once per process."""
    compiled = []
    for index, rule in enumerate(lexicon().rules):
        pattern = re.compile(_LEFT_EDGE + "(?:" + expand(rule.template) + ")" + _RIGHT_EDGE)
        compiled.append(CompiledRule(rule, index, pattern, _needs(rule.needs)))
    return tuple(compiled)


def _needs(spec: str) -> tuple[str, ...]:
    """The strings of a rule's needs column; {class} becomes the last word of each form of that word list."""
    if spec == "-":
        return ()
    found: set[str] = set()
    for item in spec.split("|"):
        if item.startswith("{") and item.endswith("}"):
            found.update(re.split(r"[ \u200c]+", form.strip())[-1] for form in surface_forms()[item[1:-1]])
        else:
            found.add(item)
    return tuple(sorted(found))


@cache
def glued_preposition() -> re.Pattern[str]:
    """A preposition typed onto a whole month or weekday name (درژوئن, ازشنبه, درآذرماه); strict names never."""
    f = surface_forms()
    names = alternation(f["JM"] + f["GM"] + f["HM"] + f["WD"])
    return re.compile(rf"{_LEFT_EDGE}(?:{alternation(f['glued'])})(?=(?:{names})(?:{OPTIONAL_GAP}ماه)?(?:\u200cی)?(?![^\W_]))")


def _unglued(text: str) -> str:
    """The text with each glued preposition blanked (same length), so that the name after it starts a word."""
    # NUL is neither a word character nor a gap: no rule can take the blanked preposition into its span.
    return glued_preposition().sub(lambda m: "\x00" * len(m.group(0)), text)


def candidates(text: str) -> list[Candidate]:
    """Every rule match in the text (overlapping ones included)."""
    found = []
    source, text = text, _unglued(text)
    present: dict[tuple[str, ...], bool] = {}  # rules share word lists: test each list once
    for compiled in compiled_rules():
        # A substring test is far cheaper than a scan with the rule's optional prefixes.
        if compiled.needs:
            if compiled.needs not in present:
                present[compiled.needs] = any(word in text for word in compiled.needs)
            if not present[compiled.needs]:
                continue
        for match in compiled.pattern.finditer(text):
            if match.end() > match.start():
                found.append(_candidate(compiled, match, source))
    return found


def _candidate(compiled: CompiledRule, match: re.Match[str], text: str) -> Candidate:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    after = _NEXT_WORD.match(text, match.end())
    # A rule may match words around the expression that are not part of it (متولد ۱۳۱۳).
    start, end = match.span("span") if "span" in groups else match.span()
    return Candidate(start, end, compiled, groups, text[start:end], after.group(0), match.group(0))  # type: ignore[union-attr]


def remainder(c: Candidate, start: int, end: int, text: str) -> Candidate | None:
    """The rule's match within [start, end) of a candidate that lost the rest to a longer one.

    غروب جمعه after ساعت ۳ غروب keeps جمعه; ساعت ۸ صبح before صبح روز پنجشنبه keeps ساعت ۸.
    """
    match = c.rule.pattern.search(text, start, end)
    if match is None or match.end() <= match.start():
        return None
    # The search could not see past `end`: the match must also end a word in the whole text.
    if match.end() < len(text) and not (text[match.end()].isspace() or not text[match.end()].isalnum()):
        return None
    return _candidate(c.rule, match, text)


def longest_first(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring the longest, then the earlier rule; in text order."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.rule.index, c.start)):
        if any(cand.start < end and start < cand.end for start, end in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
