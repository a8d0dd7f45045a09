"""Compile the rule templates of timex_rules.tsv into regexes and find candidate expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasad.timex.lexicon import Rule, lexicon, surface_forms
from rasad.timex.numbers import alternation, cardinal_pattern, ordinal_pattern

GAP = r"[ \u200c]+"
OPTIONAL_GAP = r"[ \u200c]*"
_MACRO = re.compile(r"\{([A-Z][A-Z0-9]*)\}")
# A match must not start or end inside a word.
_LEFT_EDGE = r"(?<![^\W_])"
# A ZWNJ followed by a letter continues the word (این هفته‌نامه is a weekly, not this week).
_RIGHT_EDGE = r"(?![^\W_]|\u200c[^\W\d_])"
_NEXT_WORD = re.compile(r"[ \u200c]*[^\s\u200c]*")


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    index: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule's match: where it is and the named parts it captured."""

    start: int
    end: int
    rule: CompiledRule
    groups: dict[str, str]
    text: str
    after: str  # the text that follows, up to the end of the next word


@cache
def macros() -> dict[str, str]:
    """Regex fragments (named groups) for each {MACRO} of the templates."""
    f = surface_forms()
    words = lambda cls: alternation(f[cls])  # noqa: E731
    cardinal, ordinal = cardinal_pattern(), ordinal_pattern()
    number = rf"(?:\d+(?:[.٫]\d+)?(?:{OPTIONAL_GAP}(?:هزار|میلیون))?|{cardinal}|چندین|چند|نیم)(?:{GAP}و{GAP}نیم)?"
    return {
        "WD": f"(?P<wd>{words('WD')})",
        "JM": f"(?P<jm>{words('JM')})",
        "GM": f"(?P<gm>{words('GM')})",
        "HM": f"(?P<hm>{words('HM')})",
        "SM": f"(?P<sm>{words('SM')})",
        "DAYN": rf"(?P<day>\d{{1,2}}(?:{OPTIONAL_GAP}ام)?(?!\d)|{ordinal})",
        "DAYW": f"(?P<day>{cardinal})",
        "YEAR": rf"(?P<year>\d{{4}}(?!\d)|\d{{2}}(?![\d.]?\d)|{cardinal})",
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
        "DAYD": f"(?P<dayd>{words('day')})",
        "NIGHT": f"(?P<night>{words('night')})",
        "YEARW": f"(?P<yearw>{words('year')})",
        "APPROX": f"(?P<approx>{words('approx')})",
        "CAL": rf"(?P<cal>{words('calendar')})\.?",
        "SEASON": f"(?P<season>{words('season')})",
        "HH": rf"(?P<hh>\d{{1,2}}|{cardinal})",
        "MM": r"(?P<mm>\d{2})",
        "MW": rf"(?P<mm>\d{{1,2}}|{cardinal})",
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
        compiled.append(CompiledRule(rule, index, pattern))
    return tuple(compiled)


def candidates(text: str) -> list[Candidate]:
    """Every rule match in the text (overlapping ones included)."""
    found = []
    for compiled in compiled_rules():
        for match in compiled.pattern.finditer(text):
            if match.end() > match.start():
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                after = _NEXT_WORD.match(text, match.end())
                found.append(
                    Candidate(match.start(), match.end(), compiled, groups, match.group(0), after.group(0))
                )
    return found


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
