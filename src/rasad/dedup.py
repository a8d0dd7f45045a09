"""Near-duplicate detection: MinHash signatures of word shingles, banded for LSH candidate lookup.

Syndicated copies of one story differ in a headline, a byline or a closing line; their sets of word
3-grams overlap far more than two different stories do. The store keeps each article's signature and
its band keys in ordinary tables, so candidates are found with an indexed lookup in any backend and the
index survives restarts (an in-memory LSH would not).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

from rasad.store.search import normalize_for_search, search_form_tokens

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.5 Jaccard become candidates with high probability
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
# Candidates at or above this estimated Jaccard similarity of shingles are the same story.
DUPLICATE_THRESHOLD = 0.7
_SEED = 1


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash values of an article's shingles and the LSH band keys made from them."""

    values: np.ndarray  # uint32[NUM_PERM]
    # Band keys computed once with the values (ingest needs them twice per article); empty: compute on demand.
    keys: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4"))

    def bands(self) -> list[int]:
        """One signed 63-bit key per band (fits SQLite INTEGER and PostgreSQL BIGINT), band number mixed in."""
        return list(self.keys) if self.keys else band_keys(self.values)

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(self.values == other.values))


def band_keys(values: np.ndarray) -> list[int]:
    """The LSH band keys of MinHash values: crc32 and adler32 of each band's little-endian bytes."""
    data = values.astype("<u4").tobytes()
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        chunk = data[band * width : (band + 1) * width]
        digest = zlib.crc32(chunk, band) | (zlib.adler32(chunk, band + 1) << 32)
        keys.append((digest & 0x7FFF_FFFF_FFFF_FFF0) | band)
    return keys


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32")
# datasketch's affine32 permutations h -> a*h + b (mod 2^32), applied here to a whole array of shingle hashes.
_A, _B = (np.asarray(p, dtype=np.uint32) for p in _TEMPLATE.permutations)
_EMPTY = np.full(NUM_PERM, 0xFFFF_FFFF, dtype=np.uint32)
# Odd 64-bit multipliers that combine three word hashes into one shingle hash (position-sensitive).
_MIX = (np.uint64(0x9E37_79B9_7F4A_7C15), np.uint64(0xC2B2_AE3D_27D4_EB4F), np.uint64(0x1656_67B1_9E37_79F9))


def signature(text: str) -> Signature:
    """MinHash signature of a text's shingles."""
    return signature_of_search_form(normalize_for_search(text))


def signature_of_search_form(search_text: str) -> Signature:
    """MinHash signature of a text already in its `normalize_for_search` form (skips normalizing again)."""
    words = search_form_tokens(search_text)
    if not words:
        return _signed(_EMPTY.copy())
    # Why not hash each shingle string: a crc32 per word and vectorized mixing is ~20x faster per article.
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE_WORDS:
        mixed = np.array([_hash_words(hashes)], dtype=np.uint64)
    else:
        with np.errstate(over="ignore"):  # wraparound mod 2^64 is the intent
            mixed = hashes[:-2] * _MIX[0] + hashes[1:-1] * _MIX[1] + hashes[2:] * _MIX[2]
    shingle = _fmix64(mixed).astype(np.uint32)
    with np.errstate(over="ignore"):
        permuted = shingle[:, None] * _A + _B
    return _signed(permuted.min(axis=0).astype(np.uint32))


def _signed(values: np.ndarray) -> Signature:
    return Signature(values, tuple(band_keys(values)))


def _hash_words(hashes: np.ndarray) -> np.uint64:
    """One hash for a text shorter than a shingle (its one or two word hashes, in order)."""
    with np.errstate(over="ignore"):
        total = np.uint64(len(hashes))
        for i, h in enumerate(hashes):
            total = total + h * _MIX[i]
    return total


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: spreads every input bit over the low 32 bits kept."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xFF51_AFD7_ED55_8CCD)
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xC4CE_B9FE_1A85_EC53)
        return x ^ (x >> np.uint64(33))


def best_match(sig: Signature, candidates: Sequence[tuple[str, bytes]]) -> str | None:
    """The id of the most similar candidate at or above the threshold, or None."""
    best, best_score = None, DUPLICATE_THRESHOLD
    for article_id, data in candidates:
        score = sig.similarity(Signature.from_bytes(data))
        if score >= best_score:
            best, best_score = article_id, score
    return best
