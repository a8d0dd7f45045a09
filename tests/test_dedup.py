"""MinHash signatures: copies of a story are similar, different stories are not; bands are stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.dedup import BANDS, DUPLICATE_THRESHOLD, Signature, best_match, signature

STORY = " ".join(f"جمله شماره {i} دربارهٔ دیدار مقامات در شهر {i % 7} است." for i in range(40))
OTHER = " ".join(f"گزارش {i} از بازار ارز و طلا و سکه در روز {i % 5} منتشر شد." for i in range(40))


def test_dedup_copy_with_new_byline_is_a_duplicate() -> None:
    a, b = signature(STORY), signature("به گزارش ایرنا، " + STORY + " انتهای پیام")
    assert a.similarity(b) >= DUPLICATE_THRESHOLD
    assert set(a.bands()) & set(b.bands())


def test_dedup_different_stories_are_not() -> None:
    assert signature(STORY).similarity(signature(OTHER)) < 0.2


def test_dedup_signature_is_stable_and_serializable() -> None:
    sig = signature(STORY)
    assert Signature.from_bytes(sig.to_bytes()).similarity(sig) == 1.0
    assert sig.bands() == signature(STORY).bands() and len(sig.bands()) == BANDS
    assert best_match(sig, [("x", signature(OTHER).to_bytes()), ("y", sig.to_bytes())]) == "y"
    assert best_match(sig, [("x", signature(OTHER).to_bytes())]) is None


def test_dedup_empty_text_has_a_signature() -> None:
    assert len(signature("").bands()) == BANDS


def test_dedup_band_keys_stay_those_stored_by_earlier_versions() -> None:
    import zlib

    from rasad.dedup import ROWS

    sig = signature(STORY)
    # The original definition (one numpy slice per band): stored band keys must keep matching new ones.
    reference = []
    for band in range(BANDS):
        chunk = sig.values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = zlib.crc32(chunk, band) | (zlib.adler32(chunk, band + 1) << 32)
        reference.append((digest & 0x7FFF_FFFF_FFFF_FFF0) | band)
    assert sig.bands() == reference == Signature.from_bytes(sig.to_bytes()).bands()


_PERSIAN_AND_PUNCTUATION = "ابپتسکگیيكه‌‍ ‌٫،؛«».,:!?_-()123۴۵\u064b\u0670\t\n\u00a0\u2009aZé²½"


@settings(max_examples=300, deadline=None)
@given(text=st.text() | st.text(alphabet=_PERSIAN_AND_PUNCTUATION))
def test_dedup_search_form_tokens_are_the_token_pattern_matches(text: str) -> None:
    # Why: the fast word split that signatures use must cut exactly where the FTS term pattern does.
    from rasad.store.search import _TOKEN, normalize_for_search, search_form_tokens

    assert search_form_tokens(text) == _TOKEN.findall(text)
    form = normalize_for_search(text)
    assert search_form_tokens(form) == _TOKEN.findall(form)
