"""Sentences and tokens: headlines, quotes, abbreviations, numbers, half-space words."""

from __future__ import annotations

import pytest

from rasad.stages.tokenize import split_sentences, tokenize_text


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def tokens(text: str) -> list[str]:
    return [t.text for t in tokenize_text(text)]


def test_tokenize_headline_line_is_a_sentence() -> None:
    text = "پوتین هیچ سازشی ارائه نمی‌دهد\n\nمنابع گزارش می‌دهند. او رفت."
    assert sentences(text) == ["پوتین هیچ سازشی ارائه نمی‌دهد", "منابع گزارش می‌دهند.", "او رفت."]


def test_tokenize_sentences_inside_quotes() -> None:
    text = "او گفت: «مذاکرات ادامه دارد. فردا هم ادامه می‌یابد.» سپس رفت."
    assert sentences(text) == ["او گفت: «مذاکرات ادامه دارد.", "فردا هم ادامه می‌یابد.»", "سپس رفت."]


def test_tokenize_quote_followed_by_speaker_stays_one_sentence() -> None:
    assert len(split_sentences("«ما آماده‌ایم.»، او گفت.")) == 1


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("He met U.S. officials. Then left.", 2),  # abbreviation
        ("J. Smith arrived.", 1),  # initial
        ("نرخ ۲.۵ درصد شد. بعد افت کرد.", 2),  # decimal point is not a stop
        ("آیا می‌آیی؟ بله!", 2),  # Persian question mark
        ("صبر کنید... ادامه دارد", 2),  # ellipsis
    ],
)
def test_tokenize_sentence_boundaries(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


def test_tokenize_zwnj_word_is_one_token() -> None:
    assert tokens("رئیس‌جمهور می‌گوید") == ["رئیس‌جمهور", "می‌گوید"]


def test_tokenize_punctuation_numbers_and_urls() -> None:
    assert tokens("«سلام»، ۱۲٫۵ درصد (F-35) در https://x.ir/a.") == [
        "«", "سلام", "»", "،", "۱۲٫۵", "درصد", "(", "F-35", ")", "در", "https://x.ir/a", ".",
    ]  # fmt: skip


def test_tokenize_splits_letters_glued_to_digits() -> None:
    assert tokens("جذب714 میلیارد") == ["جذب", "714", "میلیارد"]


def test_tokenize_offsets_cover_token_text() -> None:
    text = "دیمیتریف گفت: «مذاکرات سازنده است.»"
    for token in tokenize_text(text):
        assert text[token.start : token.end] == token.text
