"""normalize_for_search folds spelling variants; any user text becomes a valid, fully quoted FTS5/tsquery query."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.store.search import QueryError, normalize_for_search, parse_query, snippet, to_fts5, to_tsquery

queries = st.text(alphabet=st.sampled_from(list('ab "*()-:^\'NEAROR\\ مذاکره‌کنندگانيكَ۱٢\u200c')), max_size=30) | st.text(max_size=30)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("مذاکره‌کنندگان", "مذاکرهکنندگان"),  # ZWNJ parts glue into one token
        ("علي", "علی"),  # Arabic yeh
        ("كتاب", "کتاب"),  # Arabic kaf
        ("مُذاکِره", "مذاکره"),  # harakat
        ("آمریکا", "امریکا"),  # madda
        ("۱۴۰۴", "1404"),  # Persian digits
        ("Gorbachev", "gorbachev"),  # case
    ],
)
def test_search_normalize_folds_variants(variant: str, canonical: str) -> None:
    assert normalize_for_search(variant) == normalize_for_search(canonical)


@given(st.text(max_size=50))
def test_search_normalize_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once


@given(st.text(alphabet=st.sampled_from(list("ab AZ مذاکره‌کنندگانيكَُۀأإؤئةآ۱٢\u200c\u200d\u0640ﻻ")), max_size=80) | st.text())
def test_search_normalize_folds_like_the_fold_table(text: str) -> None:
    import unicodedata

    from rasad.store.search import _fold_table

    table = _fold_table()
    assert not any(chr(code) in output for code in table for output in table.values())
    expected = text.casefold() if text.isascii() else unicodedata.normalize("NFKC", text).translate(table).casefold()
    assert normalize_for_search(text) == expected


@settings(max_examples=300, deadline=None)
@given(queries)
def test_search_any_text_is_a_valid_fts5_query(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('near or and مذاکرهکنندگان')")
    try:
        query = parse_query(text)
    except QueryError:
        return
    if query.empty:
        return
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (to_fts5(query),)).fetchall()
    assert to_tsquery(query).count("(") == to_tsquery(query).count(")")


def test_search_glued_and_spaced_queries_offer_each_other() -> None:
    for text in ("مذاکره‌کنندگان", "مذاکره کنندگان"):
        expression = to_fts5(parse_query(text))
        assert '"مذاکرهکنندگان"' in expression and '"مذاکره کنندگان"' in expression


def test_search_english_name_expands_to_persian_names() -> None:
    # ئ folds to ی in the search form.
    query = parse_query("Gorbachev", lambda key: ["میخائیل گورباچف"] if key == "gorbachev" else [])
    assert '"میخاییل گورباچف"' in to_fts5(query) and '"gorbachev"' in to_fts5(query)


def test_search_overlong_query_is_refused() -> None:
    with pytest.raises(QueryError):
        parse_query("خبر " * 400)


def test_search_snippet_highlights_original_spelling() -> None:
    text = "مقدمه. " * 40 + "هیئت مذاکره‌کنندگان آمریکایی به ژنو رسید. " + "پایان. " * 40
    out = snippet(text, parse_query("مذاکره کنندگان"))
    assert "<mark>مذاکره\u200cکنندگان</mark>" in out and out.startswith("…") and len(out) < 260


@pytest.mark.parametrize("filtered", ["none", "date", "entity"])
def test_search_ranks_within_the_newest_window_of_matches(empty_store, monkeypatch, filtered: str) -> None:
    # A window of 4 gathered in slices of 2 article keys: the hits are exactly the 4 newest matches passing
    # the filter, whatever the slices (non-matching articles sit between the matches).
    import rasad.store.postgres
    import rasad.store.sqlite
    from rasad.store import Filters
    from test_store import entity, make_record

    monkeypatch.setattr(rasad.store.sqlite, "RANK_WINDOW", 4)
    monkeypatch.setattr(rasad.store.postgres, "RANK_WINDOW", 4)
    monkeypatch.setattr(rasad.store.postgres, "_FIRST_SLICE", 2)
    records = []
    for i in range(24):
        text = f"گزارش شماره {i} از بارش باران" if i % 3 else f"خبر شماره {i} درباره بازار"
        if i % 2:
            text += " در تهران"
        places = (entity("e1", "LOC", "تهران", "Tehran", text),) if i % 2 else ()
        records.append(make_record(text, published=f"2025-01-{1 + i % 2:02d}", entities=places))
    empty_store.add_many(records)
    filters = {"none": Filters(), "date": Filters(date_from="2025-01-02", date_to="2025-01-02"),
               "entity": Filters(entities=("Tehran",))}[filtered]  # fmt: skip
    matching = [r.id for r in records if "باران" in r.text and (filtered == "none" or "تهران" in r.text)]
    assert len(matching) > 4
    hits = empty_store.search("باران", filters, limit=20)
    assert sorted(h.id for h in hits) == sorted(matching[-4:])
