"""Whatever text comes in, analysis either succeeds with a valid record or raises a RasadError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from record_checks import assert_valid_record

from rasad.errors import RasadError
from rasad.pipeline import Pipeline
from rasad.records import RawArticle

# Persian words, punctuation, digits, Latin and the characters normalization has to deal with.
PIECES = [
    "رئیسجمهور", "می‌گوید", "میدهد", "گفت", "که", "«", "»", "،", ".", "؟", ":", " ", "\n", "\n\n",
    "روز شنبه", "۳۰ آذر ۱۴۰۴", "فوریه ۲۰۲۲", "دونالد ترامپ", "پوتین", "آمریکا", "دیدار کردند",
    "ي", "ك", "\u200c", "\u064e", "\u0640", "\u200f", "\t", "\u00a0", "ﻻ", "U.S.", "3.5", "١٢", "http://x.ir/a",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40).map("".join)
PIPELINE = Pipeline.build()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2025-12-21"]))
def test_pipeline_any_text_gives_valid_record_or_rasad_error(text: str, published: str | None) -> None:
    try:
        record = PIPELINE.run(RawArticle(text=text, published=published, origin="hypothesis"))
    except RasadError:
        return
    assert_valid_record(record.to_json())
