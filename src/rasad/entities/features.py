"""CRF features of tokens for the NER tagger: the word, affixes, shape, neighbours, gazetteers, cues."""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources as package_files

from rasad.entities.gazetteer import GazEntry, Gazetteer, gazetteer, name_key
from rasad.lang import data_rows

_LATIN = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]")
_PERSIAN = re.compile(r"[\u0600-\u06ff]")
CLUSTERS_FILE = "ner_clusters.tsv.gz"
_NO_CLUSTER = ("-", "-", "-")


@cache
def given_names() -> frozenset[str]:
    """Keys of Persian given names (gazetteer_given_names.tsv)."""
    return frozenset(name_key(fa) for _, (fa, _en, _g) in data_rows("fa", "gazetteer_given_names.tsv", 3))


@cache
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Word key → cluster ids at three granularities (ner_clusters.tsv.gz, learned from unlabelled text)."""
    path = package_files.files("rasad.lang").joinpath("fa", CLUSTERS_FILE)
    if not path.is_file():
        return {}  # a model trained without clusters still runs; one trained with them needs the file
    clusters: dict[str, tuple[str, ...]] = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            key, *ids = line.split("\t")
            clusters[key] = tuple(ids)
    return clusters


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """A coarse shape class of a token."""
    if _DIGITS.search(word):
        return "num"
    if _LATIN.search(word):
        return "latin"
    if _PERSIAN.search(word):
        return "fa-zwnj" if "\u200c" in word else "fa"
    return "punct" if len(word) == 1 else "other"


@lru_cache(maxsize=1 << 14)  # the gazetteer and name list are loaded once, so a word's features never change
def _own_features(word: str) -> tuple[str, ...]:
    """Features of a word on its own, remembered across sentences."""
    return tuple(_word_features(word, name_key(word), gazetteer(), given_names()))


def _word_features(word: str, key: str, gaz: Gazetteer, names: frozenset[str]) -> list[str]:
    """Features of a token on its own (computed once per token, then shared with its neighbours)."""
    feats = ["w=" + word, "k=" + key, "s1=" + key[-1:], "s2=" + key[-2:], "s3=" + key[-3:], "s4=" + key[-4:],
             "p2=" + key[:2], "p3=" + key[:3], "p4=" + key[:4], "sh=" + shape(word), "len=" + str(min(len(key), 8))]  # fmt: skip
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


@lru_cache(maxsize=1 << 14)
def _token_features(word: str) -> tuple[str, ...]:
    """A word's own features and clusters: the same wherever it stands."""
    c = word_clusters().get(name_key(word), _NO_CLUSTER)
    # Clusters of distributionally similar words let the model generalize to names it never saw labelled.
    return ("bias", "c1=" + c[0], "c2=" + c[1], "c3=" + c[2], *_own_features(word))


@lru_cache(maxsize=1 << 15)
def _neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """What a token tells the token `offset` places away (the gazetteer tag, which depends on context, aside)."""
    key, c = name_key(word), word_clusters().get(name_key(word), _NO_CLUSTER)
    tag = f"{offset:+d}"
    feats = [f"{tag}k={key}", f"{tag}c2={c[1]}"]
    if offset in (-1, 1):
        feats += [f"{tag}c3={c[2]}", f"{tag}s2={key[-2:]}", f"{tag}sh={shape(word)}"]
    cue = gazetteer().cues.get(word)
    if cue is not None:
        feats.append(f"{tag}cue={cue}")
    return tuple(feats)


_EDGES = {offset: f"{offset:+d}=edge" for offset in (-2, -1, 1, 2)}


def sentence_features(
    words: Sequence[str], matches: Sequence[tuple[int, int, GazEntry]] | None = None
) -> list[list[str]]:
    """CRF feature lists for each token of one sentence (matches: its gazetteer.match_tokens(), if known)."""
    gaz = gazetteer()
    names = given_names()
    clusters = word_clusters()
    keys = [name_key(w) for w in words]
    cids = [clusters.get(k, _NO_CLUSTER) for k in keys]
    cues = [gaz.cues.get(w) for w in words]
    gaz_tags = [""] * len(words)
    for first, last, entry in gaz.match_tokens(words) if matches is None else matches:
        tag_type = entry.type + ("?" if entry.low_confidence else "")
        for i in range(first, last):
            gaz_tags[i] = ("B-" if i == first else "I-") + tag_type
        if last - first == 1 and keys[first] in gaz.common_words:
            gaz_tags[first] = "amb-" + tag_type
    n = len(words)
    # Per-sentence tables first, so the token loop only concatenates (the same lists, in the same order, as
    # building each token's features from scratch).
    before2 = [_neighbour_features(w, -2) for w in words]
    before1 = [_neighbour_features(w, -1) for w in words]
    after1 = [_neighbour_features(w, 1) for w in words]
    after2 = [_neighbour_features(w, 2) for w in words]
    pairs = [f"{keys[i]}|{keys[i + 1]}" for i in range(n - 1)]
    cluster_pairs = [f"{cids[i][1]}|{cids[i + 1][1]}" for i in range(n - 1)]
    out: list[list[str]] = []
    for i in range(n):
        feats = list(_token_features(words[i]))
        if gaz_tags[i]:
            feats.append("gaz=" + gaz_tags[i])
        if i >= 2:
            feats += before2[i - 2]
        else:
            feats.append(_EDGES[-2])
        if i >= 1:
            feats += before1[i - 1]
            if gaz_tags[i - 1]:
                feats.append("-1gaz=" + gaz_tags[i - 1])
        else:
            feats.append(_EDGES[-1])
        if i + 1 < n:
            feats += after1[i + 1]
            if gaz_tags[i + 1]:
                feats.append("+1gaz=" + gaz_tags[i + 1])
        else:
            feats.append(_EDGES[1])
        if i + 2 < n:
            feats += after2[i + 2]
        else:
            feats.append(_EDGES[2])
        # A head word a few tokens back ("سازمان میادین میوه و تره‌بار") keeps a long name open.
        feats += ["near=" + cue for cue in cues[max(0, i - 3) : i] if cue is not None]
        if i > 0:
            if keys[i - 1] in names:
                feats.append("-1given")
            feats.append("bi-=" + pairs[i - 1])
            feats.append("cb-=" + cluster_pairs[i - 1])
        if i < n - 1:
            feats.append("bi+=" + pairs[i])
            feats.append("cb+=" + cluster_pairs[i])
        out.append(feats)
    return out
