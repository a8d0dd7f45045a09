"""CRF features of tokens for the NER tagger: the word, affixes, shape, neighbours, gazetteers, cues."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from rasad.entities.gazetteer import Gazetteer, gazetteer, name_key
from rasad.lang import data_rows

_LATIN = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]")
_PERSIAN = re.compile(r"[\u0600-\u06ff]")


@cache
def given_names() -> frozenset[str]:
    """Keys of Persian given names (gazetteer_given_names.tsv)."""
    return frozenset(name_key(fa) for _, (fa, _en, _g) in data_rows("fa", "gazetteer_given_names.tsv", 3))


def shape(word: str) -> str:
    """A coarse shape class of a token."""
    if _DIGITS.search(word):
        return "num"
    if _LATIN.search(word):
        return "latin"
    if _PERSIAN.search(word):
        return "fa-zwnj" if "\u200c" in word else "fa"
    return "punct" if len(word) == 1 else "other"


def _word_features(word: str, key: str, gaz: Gazetteer, names: frozenset[str]) -> list[str]:
    """Features of a token on its own (computed once per token, then shared with its neighbours)."""
    feats = ["w=" + word, "k=" + key, "s1=" + key[-1:], "s2=" + key[-2:], "s3=" + key[-3:],
             "p2=" + key[:2], "p3=" + key[:3], "sh=" + shape(word), "len=" + str(min(len(key), 8))]  # fmt: skip
    cue = gaz.cues.get(word)
    if cue is not None:
        feats.append("cue=" + cue)
    if key in names:
        feats.append("given")
    if key in gaz.common_words:
        feats.append("common")
    if key in gaz.demonyms:
        feats.append("demonym")
    return feats


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """CRF feature lists for each token of one sentence."""
    gaz = gazetteer()
    names = given_names()
    keys = [name_key(w) for w in words]
    own = [_word_features(w, k, gaz, names) for w, k in zip(words, keys, strict=True)]
    gaz_tags = [""] * len(words)
    for first, last, entry in gaz.match_tokens(words):
        tag_type = entry.type + ("?" if entry.low_confidence else "")
        for i in range(first, last):
            gaz_tags[i] = ("B-" if i == first else "I-") + tag_type
        if last - first == 1 and keys[first] in gaz.common_words:
            gaz_tags[first] = "amb-" + tag_type
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias"] + own[i]
        if gaz_tags[i]:
            feats.append("gaz=" + gaz_tags[i])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                tag = f"{offset:+d}"
                feats.append(f"{tag}k={keys[j]}")
                if offset in (-1, 1):
                    feats.append(f"{tag}s2={keys[j][-2:]}")
                    feats.append(f"{tag}sh={shape(words[j])}")
                    if gaz_tags[j]:
                        feats.append(f"{tag}gaz={gaz_tags[j]}")
                cue = gaz.cues.get(words[j])
                if cue is not None:
                    feats.append(f"{tag}cue={cue}")
            else:
                feats.append(f"{offset:+d}=edge")
        if i > 0:
            feats.append(f"bi-={keys[i - 1]}|{keys[i]}")
        if i < n - 1:
            feats.append(f"bi+={keys[i]}|{keys[i + 1]}")
        out.append(feats)
    return out
