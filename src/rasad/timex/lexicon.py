"""The time-expression word lists and rules of lang/fa, loaded and validated once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasad.errors import DataError
from rasad.lang import data_rows
from rasad.timex.calendars import to_date

CALENDARS = ("jalali", "gregorian", "hijri")
UNITS = ("Y", "M", "W", "D", "H", "MIN", "S", "DE", "CE")
WORD_CLASSES = {
    "day": int, "night": int, "year": int, "relafter": int, "countdir": str, "this": str, "part": str,
    "daypart": str, "approx": str, "calendar": str, "future": int, "speech": int, "block_before": int,
    "block_after": int, "strict_follow": int, "season": str, "meridiem": str, "clockdir": int, "year_cue": int,
    "range": int, "segment": str, "signal": int, "daypart_alone": str, "period_after": int,
    "daypart_bare": str, "daypart_block": int, "same": str, "year_follow": int, "count_noun": int, "glued": int,
    "topic": int,
}  # fmt: skip
WORD_VALUES = {
    "countdir": {"ago", "later", "span"},
    "part": {"START", "MID", "END"},
    "daypart": {"MO", "MI", "AF", "EV", "NI"},
    "daypart_alone": {"MO", "MI", "AF", "EV", "NI"},
    "daypart_bare": {"MO", "MI", "AF", "EV", "NI"},
    "same": {"this"},
    "approx": {"APPROX", "MORE_THAN", "LESS_THAN"},
    "calendar": {*CALENDARS, "bc"},
    "season": {"SP", "SU", "FA", "WI"},
    "this": {"this"},
    "meridiem": {"AM", "PM"},
    "clockdir": {-1, 1},
    "year_cue": {2, 4},
    "range": {1},
    "segment": {"H", "Q"},
}
RULE_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class Month:
    calendar: str
    number: int
    strict: bool


@dataclass(frozen=True, slots=True)
class Holiday:
    calendar: str
    month: int
    day: int
    strict: bool


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    type: str
    needs: str
    template: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the time-expression grammar is built from, keyed by the word's matching key."""

    months: dict[str, Month]
    weekdays: dict[str, int]
    numbers: dict[str, tuple[int, str]]
    units: dict[str, tuple[str, bool]]
    words: dict[str, dict[str, str | int]]  # class -> key -> value
    holidays: dict[str, Holiday]
    rules: tuple[Rule, ...]


def word_key(word: str) -> str:
    """The form a word is compared in: without spaces and ZWNJs (they may be lost or added)."""
    return word.replace("\u200c", "").replace(" ", "")


def _add(table: dict, key: str, value: object, where: str) -> None:
    if key in table:
        kind = "conflicts with" if table[key] != value else "repeats"
        raise DataError(f"{where}: entry {kind} an earlier line ({table[key]!r})")
    table[key] = value


@cache
def lexicon(lang: str = "fa") -> Lexicon:
    """Load and check the timex_*.tsv files; duplicates, conflicts and unknown values are errors."""
    months: dict[str, Month] = {}
    for lineno, (cal, number, name, strict) in data_rows(lang, "timex_months.tsv", 4):
        where = f"rasad/lang/{lang}/timex_months.tsv:{lineno}"
        if cal not in CALENDARS or not number.isdigit() or not 1 <= int(number) <= 12 or strict not in "01":
            raise DataError(f"{where}: expected calendar in {CALENDARS}, month 1-12, strict 0/1")
        _add(months, word_key(name), Month(cal, int(number), strict == "1"), where)
    weekdays: dict[str, int] = {}
    for lineno, (name, iso) in data_rows(lang, "timex_weekdays.tsv", 2):
        where = f"rasad/lang/{lang}/timex_weekdays.tsv:{lineno}"
        if not iso.isdigit() or not 1 <= int(iso) <= 7:
            raise DataError(f"{where}: iso weekday must be 1-7")
        _add(weekdays, word_key(name), int(iso), where)
    numbers: dict[str, tuple[int, str]] = {}
    for lineno, (word, value, kind) in data_rows(lang, "timex_numbers.tsv", 3):
        where = f"rasad/lang/{lang}/timex_numbers.tsv:{lineno}"
        if not value.isdigit() or kind not in ("cardinal", "scale", "ordinal"):
            raise DataError(f"{where}: expected an integer and kind cardinal/scale/ordinal")
        _add(numbers, word_key(word), (int(value), kind), where)
    units: dict[str, tuple[str, bool]] = {}
    for lineno, (word, unit, calendar) in data_rows(lang, "timex_units.tsv", 3):
        where = f"rasad/lang/{lang}/timex_units.tsv:{lineno}"
        if unit not in UNITS or calendar not in ("0", "1"):
            raise DataError(f"{where}: unit must be one of {UNITS}, calendar 0/1")
        _add(units, word_key(word), (unit, calendar == "1"), where)
    words: dict[str, dict[str, str | int]] = {name: {} for name in WORD_CLASSES}
    for lineno, (word, cls, value) in data_rows(lang, "timex_words.tsv", 3):
        where = f"rasad/lang/{lang}/timex_words.tsv:{lineno}"
        if cls not in WORD_CLASSES:
            raise DataError(f"{where}: unknown class {cls!r}")
        try:
            parsed = WORD_CLASSES[cls](value)
        except ValueError as exc:
            raise DataError(f"{where}: value {value!r} is not valid for class {cls}") from exc
        if cls in WORD_VALUES and parsed not in WORD_VALUES[cls]:
            raise DataError(f"{where}: value {value!r} is not one of {sorted(WORD_VALUES[cls])}")
        _add(words[cls], word_key(word), parsed, where)
    holidays: dict[str, Holiday] = {}
    for lineno, (name, cal, month, day, strict) in data_rows(lang, "timex_holidays.tsv", 5):
        where = f"rasad/lang/{lang}/timex_holidays.tsv:{lineno}"
        if cal not in CALENDARS or not (month.isdigit() and day.isdigit()) or strict not in ("0", "1"):
            raise DataError(f"{where}: expected calendar in {CALENDARS}, month and day numbers, strict 0/1")
        if to_date(cal, 1404 if cal == "jalali" else 1446 if cal == "hijri" else 2024, int(month), int(day)) is None:
            raise DataError(f"{where}: {cal} {month}/{day} is not a day of that calendar")
        _add(holidays, word_key(name), Holiday(cal, int(month), int(day), strict == "1"), where)
    rules: list[Rule] = []
    names: set[str] = set()
    for lineno, (name, kind, type_, needs, template) in data_rows(lang, "timex_rules.tsv", 5):
        where = f"rasad/lang/{lang}/timex_rules.tsv:{lineno}"
        if name in names:
            raise DataError(f"{where}: rule {name!r} is defined twice")
        if type_ not in RULE_TYPES:
            raise DataError(f"{where}: type must be one of {RULE_TYPES}")
        names.add(name)
        rules.append(Rule(name, kind, type_, needs, template))
    return Lexicon(months, weekdays, numbers, units, words, holidays, tuple(rules))


@cache
def surface_forms(lang: str = "fa") -> dict[str, tuple[str, ...]]:
    """The written forms of each word list (as in the files, before keying), for building patterns."""
    forms: dict[str, list[str]] = {}
    for _, (cal, _n, name, strict) in data_rows(lang, "timex_months.tsv", 4):
        forms.setdefault("SM" if strict == "1" else {"jalali": "JM", "gregorian": "GM", "hijri": "HM"}[cal], []).append(name)
    forms["WD"] = [name for _, (name, _iso) in data_rows(lang, "timex_weekdays.tsv", 2)]
    for _, (word, _v, kind) in data_rows(lang, "timex_numbers.tsv", 3):
        forms.setdefault(kind, []).append(word)
    for _, (word, _u, calendar) in data_rows(lang, "timex_units.tsv", 3):
        forms.setdefault("UNIT", []).append(word)
        if calendar == "1":
            forms.setdefault("CUNIT", []).append(word)
    for _, (word, cls, _v) in data_rows(lang, "timex_words.tsv", 3):
        forms.setdefault(cls, []).append(word)
    for _, (name, _c, _m, _d, strict) in data_rows(lang, "timex_holidays.tsv", 5):
        forms.setdefault("HOLS" if strict == "1" else "HOL", []).append(name)
    return {key: tuple(values) for key, values in forms.items()}
