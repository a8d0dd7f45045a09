"""The timex_*.tsv language data: schema, duplicates, conflicts, and rules that compile."""

from __future__ import annotations

import pytest

from rasad.errors import DataError
from rasad.lang import data_rows
from rasad.timex.grammar import compiled_rules
from rasad.timex.lexicon import _add, lexicon, word_key

FILES = {"timex_months.tsv": 4, "timex_weekdays.tsv": 2, "timex_numbers.tsv": 3, "timex_units.tsv": 3,
         "timex_words.tsv": 3, "timex_rules.tsv": 5, "timex_holidays.tsv": 5}  # fmt: skip


@pytest.mark.parametrize(("name", "columns"), FILES.items())
def test_timex_data_rows_have_their_columns_and_no_blank_fields(name: str, columns: int) -> None:
    rows = list(data_rows("fa", name, columns))
    assert rows
    assert all(all(field.strip() == field and field for field in fields) for _, fields in rows)


def test_timex_data_loads_without_duplicates_or_conflicts() -> None:
    lex = lexicon()  # raises DataError on a repeated or conflicting entry
    assert {m.calendar for m in lex.months.values()} == {"jalali", "gregorian", "hijri"}
    for calendar in ("jalali", "gregorian", "hijri"):
        assert {m.number for m in lex.months.values() if m.calendar == calendar} == set(range(1, 13))
    assert set(lex.weekdays.values()) == set(range(1, 8))


def test_timex_data_repeated_or_conflicting_entry_is_an_error() -> None:
    table: dict[str, int] = {"شنبه": 6}
    with pytest.raises(DataError, match="repeats"):
        _add(table, "شنبه", 6, "here")
    with pytest.raises(DataError, match="conflicts"):
        _add(table, "شنبه", 1, "here")


def test_timex_data_no_name_is_both_a_month_and_a_weekday_or_unit() -> None:
    lex = lexicon()
    assert not set(lex.months) & set(lex.weekdays)
    assert not set(lex.months) & set(lex.units)


def test_timex_data_ambiguous_month_names_are_strict() -> None:
    # می (verb prefix), مه (fog), صفر (zero) must never count as months on their own.
    assert all(lexicon().months[word_key(name)].strict for name in ("می", "مه", "صفر"))


def test_timex_data_rules_compile_and_name_known_resolvers() -> None:
    from rasad.timex.resolve import RESOLVERS

    rules = compiled_rules()
    assert len(rules) == len(lexicon().rules)
    assert {r.rule.kind for r in rules} <= set(RESOLVERS)


def test_timex_data_holidays_are_days_of_their_calendar_and_not_month_names() -> None:
    lex = lexicon()  # raises DataError on a day its calendar does not have
    assert lex.holidays
    assert {h.calendar for h in lex.holidays.values()} <= {"jalali", "gregorian", "hijri"}
    assert not set(lex.holidays) & (set(lex.months) | set(lex.weekdays))


def test_timex_data_rule_needs_are_strings_the_rule_requires() -> None:
    # A rule's needs are a prefilter: a text lacking all of them must never match the rule.
    for rule in compiled_rules():
        if rule.needs:
            assert all(rule.needs), rule.rule.name
            assert not rule.pattern.search("متنی بدون هیچ عبارت زمانی"), rule.rule.name


def test_timex_data_signal_and_range_words_are_not_time_words() -> None:
    words = lexicon().words
    assert not (set(words["signal"]) | set(words["range"])) & (set(lexicon().units) | set(words["day"]))


def test_timex_data_bare_parts_of_day_agree_with_the_daypart_codes() -> None:
    words = lexicon().words
    for word, code in words["daypart_bare"].items():
        assert words["daypart"].get(word) == code, word


def test_timex_data_blocking_and_follower_words_are_not_time_words() -> None:
    words, lex = lexicon().words, lexicon()
    time_words = set(lex.units) | set(lex.months) | set(lex.weekdays) | set(words["daypart"]) | set(words["day"])
    for cls in ("daypart_block", "year_follow", "count_noun"):
        assert not set(words[cls]) & time_words, cls
    # A word after a year cannot both allow it (a function word) and make the number a count.
    assert not set(words["year_follow"]) & set(words["count_noun"])
