"""Validation of the entity gazetteer files: schema, duplicates, conflicts and ambiguous aliases."""

from __future__ import annotations

from collections import defaultdict

import pytest

from rasad.entities.gazetteer import NAME_FILES, country_of, demonym_country, gazetteer, name_key, name_parts, read_name_file
from rasad.entities.features import word_clusters
from rasad.lang import data_rows
from rasad.stages.link import HEAD_KINDS

CURATED = ("gazetteer_people.tsv", "gazetteer_orgs.tsv", "gazetteer_places_curated.tsv")


def _aliases(file_name: str):
    for where, aliases, entry in read_name_file(file_name):
        for alias in aliases:
            yield where, alias, entry


@pytest.mark.parametrize("file_name", NAME_FILES)
def test_gazetteer_alias_names_one_thing_within_file(file_name: str) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _where, alias, entry in _aliases(file_name):
        owners[name_key(alias)].add(entry.name_en)
    conflicts = {k: v for k, v in owners.items() if len(v) > 1}
    assert not conflicts


@pytest.mark.parametrize("file_name", NAME_FILES)
def test_gazetteer_canonical_names_unique_within_file(file_name: str) -> None:
    # Places of one name in different countries (Santiago) are different entries.
    names = [(entry.name_en, entry.country) for _where, _aliases_, entry in read_name_file(file_name)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates


def test_gazetteer_curated_aliases_do_not_conflict_across_files() -> None:
    # Curated files are read first; an alias there must not name something else in another curated file.
    owners: dict[str, set[str]] = defaultdict(set)
    for file_name in CURATED:
        for _where, alias, entry in _aliases(file_name):
            owners[name_key(alias)].add(entry.name_en)
    assert not {k: v for k, v in owners.items() if len(v) > 1}


@pytest.mark.parametrize("file_name", NAME_FILES)
def test_gazetteer_one_word_aliases_are_not_common_words(file_name: str) -> None:
    common = gazetteer().common_words
    ambiguous = [f"{where}: {alias}" for where, alias, _e in _aliases(file_name)
                 if len(name_parts(alias)) == 1 and name_key(alias) in common]  # fmt: skip
    assert not ambiguous


def test_gazetteer_common_words_catch_ordinary_words() -> None:
    # The list must actually hold ordinary words, or the ambiguity test above could never fail.
    common = gazetteer().common_words
    assert {"کشور", "دولت", "گفت"} <= common


def test_gazetteer_countries_and_demonyms_name_known_entries() -> None:
    gaz = gazetteer()
    unknown = sorted({c for c in gaz.demonyms.values() if c not in gaz.by_name_en})
    for file_name in NAME_FILES:
        unknown += sorted({e.country for _w, _a, e in read_name_file(file_name) if e.country and e.country not in gaz.by_name_en})
    assert not unknown


def test_gazetteer_demonyms_unique() -> None:
    keys = [name_key(d) for _, (d, _c, _s) in data_rows("fa", "gazetteer_demonyms.tsv", 3)]
    assert len(keys) == len(set(keys))


def test_gazetteer_cues_unique_with_known_kinds() -> None:
    rows = [(cue, kind) for _, (cue, kind, _s) in data_rows("fa", "gazetteer_cues.tsv", 3)]
    assert len({c for c, _ in rows}) == len(rows)
    assert {k for _, k in rows} <= {"person", "office", "org", "loc", "government"}


def test_gazetteer_given_names_unique() -> None:
    names = [fa for _, (fa, _en, _g) in data_rows("fa", "gazetteer_given_names.tsv", 3)]
    assert len(names) == len(set(names))


def test_gazetteer_kb_ids_name_one_thing() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for file_name in CURATED + ("gazetteer_countries.tsv",):
        for _w, _a, entry in read_name_file(file_name):
            if entry.kb_id:
                owners[entry.kb_id].add(entry.name_en)
    assert not {k: v for k, v in owners.items() if len(v) > 1}


@pytest.mark.parametrize(
    ("text", "name_en"),
    [
        ("ترامپ", "Donald Trump"),  # surname alias of a curated person
        ("ایالات متحده", "United States"),  # generated country alias joins the curated canonical entry
        ("احمدی نژاد", "Mahmoud Ahmadinejad"),  # a space where the canonical name has a half-space
        ("کاخ سفید", "White House"),
    ],
)
def test_gazetteer_lookup_finds_aliases(text: str, name_en: str) -> None:
    entry = gazetteer().lookup(text)
    assert entry is not None and entry.name_en == name_en


@pytest.mark.parametrize(
    ("word", "country"),
    [("روسی", "Russia"), ("آمریکایی‌ها", "United States"), ("اوکراینی", "Ukraine"), ("میز", None)],
)
def test_gazetteer_demonym_country(word: str, country: str | None) -> None:
    assert demonym_country(word) == country


def test_gazetteer_country_of_organizations_and_people() -> None:
    assert country_of("کاخ سفید") == "United States"
    assert country_of("کرملین") == "Russia"
    assert country_of("پوتین") == "Russia"
    assert country_of("ناتو") is None  # international: no single country


def test_gazetteer_name_heads_unique_with_known_kinds() -> None:
    rows = [(word, kind) for _, (word, kind, _s) in data_rows("fa", "gazetteer_name_heads.tsv", 3)]
    assert len({w for w, _ in rows}) == len(rows)
    assert {k for _, k in rows} <= HEAD_KINDS
    # A head word is never itself a curated name, or stripping it would lose the name.
    gaz = gazetteer()
    assert not [w for w, _ in rows if gaz.lookup(w) is not None and gaz.lookup(w).source == "curated"]


def test_gazetteer_multiword_generated_aliases_are_not_all_common_words() -> None:
    # Machine-translated place names made only of ordinary words ("پول نقد") are dropped when generating.
    common = gazetteer().common_words
    bad = [f"{where}: {alias}" for where, alias, _e in _aliases("gazetteer_places.tsv")
           if len(name_parts(alias)) > 1 and all(p in common for p in name_parts(alias))]  # fmt: skip
    assert not bad


def test_gazetteer_word_clusters_file_is_well_formed() -> None:
    clusters = word_clusters()
    assert len(clusters) > 10_000
    assert all(len(ids) == 3 and all(i.isdigit() for i in ids) for ids in clusters.values())
    assert all(k == name_key(k) for k in clusters)  # keyed like the features look them up


def test_gazetteer_curated_ambiguous_words_are_common_words() -> None:
    ambiguous = [w for _, (w, _why) in data_rows("fa", "gazetteer_ambiguous.tsv", 2)]
    assert ambiguous and {name_key(w) for w in ambiguous} <= gazetteer().common_words
