"""Near-duplicate detection: MinHash signatures of word shingles, banded for LSH candidate lookup.

Syndicated copies of one story differ in a headline, a byline or a closing line; their sets of word
3-grams overlap far more than two different stories do. The store keeps each article's signature and
its band keys in ordinary tables, so candidates are found with an indexed lookup in any backend and the
index survives restarts (an in-memory LSH would not).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from rasad.store.search import search_tokens

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.5 Jaccard become candidates with high probability
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
# Candidates at or above this estimated Jaccard similarity of shingles are the same story.
DUPLICATE_THRESHOLD = 0.7
_SEED = 1


def _hash32(data: bytes) -> int:
    """A stable 32-bit hash (Python's hash() changes between processes)."""
    return zlib.crc32(data)


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash values of an article's shingles and the LSH band keys made from them."""

    values: np.ndarray  # uint32[NUM_PERM]

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4"))

    def bands(self) -> list[int]:
        """One signed 63-bit key per band (fits SQLite INTEGER and PostgreSQL BIGINT), band number mixed in."""
        keys = []
        for band in range(BANDS):
            chunk = self.values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
            digest = zlib.crc32(chunk, band) | (zlib.adler32(chunk, band + 1) << 32)
            keys.append((digest & 0x7FFF_FFFF_FFFF_FFF0) | band)
        return keys

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(self.values == other.values))


def shingles(text: str) -> set[bytes]:
    """Word 3-grams of the search form of a text (whole text when shorter)."""
    words = search_tokens(text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_hash32, scheme="affine32")


def signature(text: str) -> Signature:
    """MinHash signature of a text's shingles."""
    minhash = MinHash(
        num_perm=NUM_PERM, seed=_SEED, hashfunc=_hash32, permutations=_TEMPLATE.permutations, scheme="affine32"
    )
    items = shingles(text)
    if items:
        minhash.update_batch(list(items))
    return Signature(minhash.hashvalues.astype(np.uint32))


def best_match(sig: Signature, candidates: Sequence[tuple[str, bytes]]) -> str | None:
    """The id of the most similar candidate at or above the threshold, or None."""
    best, best_score = None, DUPLICATE_THRESHOLD
    for article_id, data in candidates:
        score = sig.similarity(Signature.from_bytes(data))
        if score >= best_score:
            best, best_score = article_id, score
    return best
