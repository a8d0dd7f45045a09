"""NER: a CRF and a compact BiLSTM over pipeline tokens, mixed, find names of people, organizations and places."""

from __future__ import annotations

from collections.abc import Sequence
import threading
from dataclasses import dataclass, field
from importlib import resources as package_files

import numpy as np

from rasad.entities.features import sentence_features
from rasad.entities.gazetteer import Gazetteer, gazetteer, name_key
from rasad.errors import DataError
from rasad.ner.neural import LABELS, NeuralTagger, viterbi_batch
from rasad.pipeline import stage
from rasad.records import Doc, Mention, Token
from rasad.resources import Resources

MODEL_FILE = "ner.crfsuite"
NEURAL_FILE = "ner_bilstm.bin"  # a numpy .npz archive; .bin is among the packaged data suffixes
# The CRF's share of the mixed label log-probabilities (the BiLSTM has the rest), chosen on PEYMA dev, where a
# weighted product of the two distributions beat their weighted average (0.800 vs 0.797 with the same models) and
# weights 0.2-0.4 scored alike (0.803 with the shipped BiLSTM-CRF).
CRF_WEIGHT = 0.3
# The BiLSTM is asked only about sentences where some token has a CRF name-label probability of at least this.
NEURAL_GATE = 0.03


@dataclass(frozen=True)
class Taggers:
    """The trained taggers: the CRF, and the BiLSTM whose probabilities are mixed with the CRF's (None: CRF alone)."""

    crf: object
    neural: NeuralTagger | None
    crf_weight: float = CRF_WEIGHT
    # set() then marginal() are separate calls on one shared CRF tagger: threads must not interleave them.
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)


def load_tagger(lang: str = "fa") -> Taggers:
    """The trained taggers shipped in rasad/lang/<lang>/ (ner.crfsuite, and ner_bilstm.bin when present)."""
    import pycrfsuite

    folder = package_files.files("rasad.lang").joinpath(lang)
    path = folder.joinpath(MODEL_FILE)
    if not path.is_file():
        raise DataError(f"NER model rasad/lang/{lang}/{MODEL_FILE} is missing; run `python training/ner.py train`")
    crf = pycrfsuite.Tagger()
    with package_files.as_file(path) as real_path:
        crf.open(str(real_path))
    neural = None
    if folder.joinpath(NEURAL_FILE).is_file():
        with package_files.as_file(folder.joinpath(NEURAL_FILE)) as real_path, np.load(real_path) as data:
            neural = NeuralTagger.from_npz(data)
    return Taggers(crf, neural)


def tag_tokens(taggers: Taggers, words: Sequence[str]) -> list[str]:
    """IOB2 labels for one sentence's words."""
    return tag_sentences(taggers, [words])[0]


def tag_sentences(taggers: Taggers, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """IOB2 labels for each sentence: the CRF's alone, or the best valid sequence under the mixed log-probabilities."""
    crf = taggers.crf
    if taggers.neural is None:
        return [crf.tag(sentence_features(words)) if words else [] for words in sentences]
    crf_labels = set(crf.labels())
    columns = [(j, label) for j, label in enumerate(LABELS) if label in crf_labels]
    crf_probs = []
    # The CRF features and the BiLSTM both read the gazetteer matches: find them once.
    gaz = gazetteer()
    matches = [gaz.match_tokens(words) for words in sentences]
    for words, found in zip(sentences, matches, strict=True):
        probs = np.zeros((len(words), len(LABELS)))
        if words:
            features = sentence_features(words, found)
            with taggers.lock:
                crf.set(features)
                positions = range(len(words))
                for j, label in columns:
                    probs[:, j] = [crf.marginal(label, t) for t in positions]
        crf_probs.append(probs)
    # Where the CRF sees no name at all the mix hardly ever finds one (on PEYMA dev, with the weighted product too:
    # same F1, a quarter of the sentences skipped), so the BiLSTM runs only on the others.
    ask = [i for i, probs in enumerate(crf_probs) if len(probs) and probs[:, 1:].max() >= NEURAL_GATE]
    mixed = [np.log(probs + 1e-9) for probs in crf_probs]
    nn_logps = _batched_log_probs(taggers.neural, [sentences[i] for i in ask], [matches[i] for i in ask])
    for i, nn_logp in zip(ask, nn_logps, strict=True):
        mixed[i] = taggers.crf_weight * mixed[i] + (1.0 - taggers.crf_weight) * nn_logp
    return [[LABELS[j] for j in path] for path in viterbi_batch(mixed)]


def _batched_log_probs(
    neural: NeuralTagger, sentences: Sequence[Sequence[str]], matches: Sequence | None = None, size: int = 64
) -> list[np.ndarray]:
    """The BiLSTM's log-probabilities, sentences batched by similar length so that little is padding.

    matches: each sentence's gazetteer.match_tokens(), when known (computed here otherwise).
    """
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    result: list[np.ndarray] = [np.zeros((0, len(LABELS)))] * len(sentences)
    for k in range(0, len(order), size):
        ids = [i for i in order[k : k + size] if sentences[i]]
        found = None if matches is None else [matches[i] for i in ids]
        for i, logp in zip(ids, neural.log_probs([sentences[i] for i in ids], found), strict=True):
            result[i] = logp
    return result


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


def recognize(text: str, groups: Sequence[Sequence[Token]], taggers: Taggers) -> list[Mention]:
    """Mentions found in each group of tokens (a sentence), in text order."""
    gaz = gazetteer()
    mentions: list[Mention] = []
    all_labels = tag_sentences(taggers, [[t.text for t in tokens] for tokens in groups])
    all_found = []
    for tokens, labels in zip(groups, all_labels, strict=True):
        words = [t.text for t in tokens]
        found = spans_from_labels(labels)
        # A confident gazetteer name the model missed is added unless it is one ambiguous common word.
        for first, last, entry in gaz.match_tokens(words, confident_only=True):
            if any(_taken(found, len(words))[first:last]):
                continue
            if last - first == 1 and name_key(words[first]) in gaz.common_words:
                continue
            found.append((first, last, entry.type))
        all_found.append(found)
    surnames = _surnames(groups, all_found, gaz)
    for tokens, found in zip(groups, all_found, strict=True):
        words = [t.text for t in tokens]
        taken = _taken(found, len(words))
        # News names a person in full once, then by surname ("سعید نوروزی" … "نوروزی:"): a lone untagged surname
        # of a full name found elsewhere in the article is that person.
        found += [(i, i + 1, "PER") for i, w in enumerate(words) if not taken[i] and name_key(w) in surnames]
        repaired = _repair(words, _balance_quotes(words, found), gaz)
        for first, last, kind in sorted(_organizations(words, repaired, gaz)):
            start, end = tokens[first].start, tokens[last - 1].end
            mentions.append(Mention(start, end, text[start:end], kind))
    return mentions


def _taken(found: Sequence[tuple[int, int, str]], n: int) -> list[bool]:
    taken = [False] * n
    for first, last, _kind in found:
        for i in range(first, last):
            taken[i] = True
    return taken


def _surnames(groups: Sequence[Sequence[Token]], all_found, gaz: Gazetteer) -> frozenset[str]:
    """Keys of the last words of the article's person names of two or more words that are no common words."""
    keys = set()
    for tokens, found in zip(groups, all_found, strict=True):
        for first, last, kind in found:
            key = name_key(tokens[last - 1].text)
            if kind == "PER" and last - first >= 2 and len(key) >= 3 and key not in gaz.common_words:
                keys.add(key)
    return frozenset(keys)


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
              and gaz.cues.get(words[first]) != "org" and not any(m[2].type == "ORG" for m in inner)):  # fmt: skip
            # "وزیر [خارجه آمریکا]": a title's short tail is no organization; the country in it is the name
            # ("رئیس [اتاق بازرگانی و صنایع و معادن ایران]" is one, and so is "رئیس [حشد الشعبی عراق]", which holds
            # a known organization).
            repaired += [(first + a, first + b, "LOC") for a, b, _e in place]
        else:
            repaired.append((first, last, kind))
    return repaired


CONJUNCTION = "و"


def _organizations(
    words: Sequence[str], found: list[tuple[int, int, str]], gaz: Gazetteer
) -> list[tuple[int, int, str]]:
    """Organization phrases mended: joined across a dangling "و", typed by their head, split after a known one."""
    found = sorted(found)
    starts = {first: (last, kind) for first, last, kind in found}
    fixed: list[tuple[int, int, str]] = []
    skip = -1
    for first, last, kind in found:
        if first < skip:
            continue
        if kind == "ORG" and last - first > 1 and words[last - 1] == CONJUNCTION:
            # "[کمیته فنی و] [سازمان تیم‌های ملی]": a name never ends in "and"; it goes on into the next one.
            nxt = starts.get(last)
            if nxt is not None and nxt[1] == "ORG":
                fixed.append((first, nxt[0], kind))
                skip = nxt[0]
                continue
            last -= 1
        if (kind in ("LOC", "PER") and last - first >= 2 and gaz.cues.get(words[first]) == "org"
                and gaz.lookup(" ".join(words[first:last])) is None):  # fmt: skip
            # "[شورای کتاب کودک]" tagged LOC: a phrase headed by an organization word is an organization (a
            # facility, event or product the model saw in it keeps its type).
            kind = "ORG"
        if kind == "ORG":
            # "[خبرگزاری فارس شورای نگهبان]": a known organization followed by another organization word is two.
            for k in range(first + 2, last - 1):
                head = gaz.lookup(" ".join(words[first:k]))
                if gaz.cues.get(words[k]) == "org" and head is not None and head.type == "ORG":
                    fixed.append((first, k, kind))
                    first = k
                    break
        fixed.append((first, last, kind))
    return fixed


_OPENING = {"«": "»", '"': '"', "“": "”"}  # opening quote → its closing quote
_CLOSING = {"»", '"', "”"}
_QUOTES = _OPENING.keys() | _CLOSING
_BREAKS = {"،", ",", ".", ":", "؛", ";", "؟", "?", "!"}


def _balance_quotes(words: Sequence[str], found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Names never end in an opening quote or a quote they did not open; a name that opens a quote closes it."""
    balanced = []
    starts = {first for first, _last, _kind in found}
    for first, last, kind in found:
        # «کریدور شمال - جنوب »: the closing quote belongs to the quotation around the name, not to the name.
        while last - first > 1 and words[last - 1] in _QUOTES:
            opener = _unclosed(words[first : last - 1])
            if opener is not None and _OPENING[opener] == words[last - 1]:
                break
            last -= 1
        while last - first > 1 and words[first] in _CLOSING and words[first] not in _OPENING:
            first += 1
        opener = _unclosed(words[first:last])
        if opener is not None:
            closer = _OPENING[opener]
            for j in range(last, min(last + 3, len(words))):
                if words[j] == closer:
                    last = j + 1
                    break
                if words[j] in _BREAKS or words[j] in _OPENING or j in starts:
                    break  # never across punctuation, or into the next name
        balanced.append((first, last, kind))
    return balanced


def _unclosed(words: Sequence[str]) -> str | None:
    """The quote a phrase opens and leaves open, if any."""
    pending: list[str] = []
    for w in words:
        if pending and w == _OPENING[pending[-1]]:
            pending.pop()
        elif w in _OPENING:
            pending.append(w)
    return pending[-1] if pending else None


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
