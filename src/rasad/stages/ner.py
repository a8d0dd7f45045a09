"""NER: a CRF over pipeline tokens finds names of people, organizations, places, facilities, events, products."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources as package_files

from rasad.entities.features import sentence_features
from rasad.entities.gazetteer import Gazetteer, gazetteer, name_key
from rasad.errors import DataError
from rasad.pipeline import stage
from rasad.records import Doc, Mention, Token
from rasad.resources import Resources

MODEL_FILE = "ner.crfsuite"


def load_tagger(lang: str = "fa"):
    """The trained CRF tagger shipped in rasad/lang/<lang>/ner.crfsuite."""
    import pycrfsuite

    path = package_files.files("rasad.lang").joinpath(lang, MODEL_FILE)
    if not path.is_file():
        raise DataError(f"NER model rasad/lang/{lang}/{MODEL_FILE} is missing; run `python training/ner.py train`")
    tagger = pycrfsuite.Tagger()
    with package_files.as_file(path) as real_path:
        tagger.open(str(real_path))
    return tagger


def tag_tokens(tagger, words: Sequence[str]) -> list[str]:
    """IOB2 labels for one sentence's words."""
    if not words:
        return []
    return tagger.tag(sentence_features(words))


def spans_from_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) for each labelled phrase; a stray I- opens a phrase."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, this_kind = label.partition("-")
        if start >= 0 and (prefix != "I" or this_kind != kind):
            spans.append((start, i, kind))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, this_kind
    return spans


def recognize(text: str, groups: Sequence[Sequence[Token]], tagger) -> list[Mention]:
    """Mentions found in each group of tokens (a sentence), in text order."""
    gaz = gazetteer()
    mentions: list[Mention] = []
    for tokens in groups:
        words = [t.text for t in tokens]
        found = spans_from_labels(tag_tokens(tagger, words))
        taken = [False] * len(tokens)
        for first, last, _kind in found:
            for i in range(first, last):
                taken[i] = True
        # A confident gazetteer name the model missed is added unless it is one ambiguous common word.
        for first, last, entry in gaz.match_tokens(words, confident_only=True):
            if any(taken[first:last]):
                continue
            if last - first == 1 and name_key(words[first]) in gaz.common_words:
                continue
            found.append((first, last, entry.type))
        for first, last, kind in sorted(_repair(words, found, gaz)):
            start, end = tokens[first].start, tokens[last - 1].end
            mentions.append(Mention(start, end, text[start:end], kind))
    return mentions


def _repair(words: Sequence[str], found: list[tuple[int, int, str]], gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """Fix what the model gets wrong in news: demonyms tagged as names, names inside titles and governments."""
    repaired = []
    for first, last, kind in found:
        text = " ".join(words[first:last])
        if gaz.lookup(text) is not None:
            repaired.append((first, last, kind))
            continue
        if last - first == 1 and gaz.demonym_country(text) is not None:
            continue  # "روسی", "اوکراینی‌ها": adjectives of nationality are no names (events read them apart)
        inner = gaz.match_tokens(words[first:last], confident_only=True)
        person = [m for m in inner if m[2].type == "PER"]
        place = [m for m in inner if m[2].type == "LOC"]
        if kind != "PER" and person and (person[0][0] == 0 or gaz.cues.get(words[first]) == "government"):
            # "دولت دونالد ترامپ" tagged ORG, "دونالد ترامپ" tagged PRODUCT: the known person is the name. Other
            # phrases that hold a person's name ("مصلی امام خمینی", "شرکت بوش") stay what the model said.
            repaired += [(first + a, first + b, "PER") for a, b, _e in person]
        elif (kind == "ORG" and place and last - first <= 3 and _after_title(words, first, gaz)
              and gaz.cues.get(words[first]) != "org"):  # fmt: skip
            # "وزیر [خارجه آمریکا]": a title's short tail is no organization; the country in it is the name
            # ("رئیس [اتاق بازرگانی و صنایع و معادن ایران]" is one).
            repaired += [(first + a, first + b, "LOC") for a, b, _e in place]
        else:
            repaired.append((first, last, kind))
    return repaired


def _after_title(words: Sequence[str], first: int, gaz: Gazetteer) -> bool:
    return first > 0 and gaz.cues.get(words[first - 1]) == "office"


def sentence_groups(doc: Doc) -> list[list[Token]]:
    """Tokens grouped by sentence (tokens outside every sentence form their own groups)."""
    tokens = doc.tokens or ()
    groups: list[list[Token]] = []
    i = 0
    for sentence in doc.sentences or ():
        loose: list[Token] = []
        while i < len(tokens) and tokens[i].start < sentence.start:
            loose.append(tokens[i])
            i += 1
        if loose:
            groups.append(loose)
        group: list[Token] = []
        while i < len(tokens) and tokens[i].start < sentence.end:
            group.append(tokens[i])
            i += 1
        if group:
            groups.append(group)
    if i < len(tokens):
        groups.append(list(tokens[i:]))
    return groups


@stage("ner", requires=("text", "sentences", "tokens"), provides=("mentions",))
def ner(doc: Doc, resources: Resources) -> Doc:
    """Attach the name mentions of the normalized text."""
    assert doc.text is not None
    tagger = resources.load("ner.tagger.fa", load_tagger)
    return doc.with_layers(mentions=tuple(recognize(doc.text.value, sentence_groups(doc), tagger)))
