"""Property tests of tokenize: the fast word alternative and direct token building change no token."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.records import Token
from rasad.stages.tokenize import TOKEN_ALTERNATIVES, tokenize_text

# Letters, marks, digits of three scripts, e-mail and URL characters, half-spaces and punctuation.
ALPHABET = "ابپتجمیهکگ\u064e\u0650\u0670\u200c aAbzZ09۰۹٠٩@.+-_/:’'…،«»()\n"
PLAIN = re.compile("|".join(TOKEN_ALTERNATIVES))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_tokenize_properties_same_tokens_as_plain_alternatives(text: str) -> None:
    expected = tuple(Token(m.start(), m.end(), m.group(0)) for m in PLAIN.finditer(text))
    assert tokenize_text(text) == expected


def test_tokenize_properties_email_and_url_before_words() -> None:
    text = "نامه به علی.رضا@خبر.ir و x@y.com از www.x.ir رسید"
    texts = [t.text for t in tokenize_text(text)]
    assert "علی.رضا@خبر.ir" in texts and "x@y.com" in texts and "www.x.ir" in texts


def test_tokenize_properties_tokens_are_ordinary_records() -> None:
    token = tokenize_text("سلام")[0]
    assert type(token) is Token
    assert token == Token(0, 4, "سلام") and hash(token) == hash(Token(0, 4, "سلام"))
    assert Token.from_json(token.to_json()) == token
