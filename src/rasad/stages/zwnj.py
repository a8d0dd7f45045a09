"""Half-space (ZWNJ) restoration: put lost half-spaces back inside Persian words, keeping offsets exact.

For every gap inside a run of Persian words the model decides none / ZWNJ / space:
- a lexicon of written forms with their corpus counts (`zwnj_lexicon.tsv.gz`: `می‌دهد`, `رئیس‌جمهور`,
  but also the glued `میامی` and the spaced `گفته بود`) picks the most frequent form compatible with the input;
- a word the lexicon does not know is labelled gap by gap by a CRF (`zwnj_gaps.crfsuite`) whose features
  include the rule back-off: verb prefixes می/نمی before a known verb, and right parts (`ها`, `ترین`,
  `کنندگان`, …) whose corpus odds of a half-space before them are high (`zwnj_parts.tsv.gz`), whether the rest
  is a known word or stem + ending (`zwnj_word_endings.txt`), and how foreign the word's letters look
  (`zwnj_shape.tsv.gz`: trigram odds of foreign place names against Persian words); a cut it is unsure of must
  leave pieces the data knows, so names and foreign words (`کمیساریا`, `سیمپسن`) stay whole; a final «های» is
  read as plural or as ه + «ای» by the better-known stem (`سوگندهای`, `کمینه‌ای`);
- each other space of a phrase is read by a second CRF (`zwnj_pairs.crfsuite`) over the phrase's spaces, whose
  features include lexicon counts of the pair written joined or spaced, the right part's odds, the odds of a left
  part that rarely stands alone (`بی`, `برمی`; `zwnj_lefts.tsv.gz`) and the rules' say; a part that all but
  never stands alone (`ها` after a known word) joins whatever the classifier says;
- a glued word of a name in the entity gazetteers (`کییف`, `میامی`) is never split, and the space inside a
  curated many-word name (`ناطق نوری`) is never joined;
- a text whose writer sets verb prefixes apart (`می شود` or `می‌شود`) and never glues them keeps the suffixes
  it glued by choice (`گروهها`, `مهمترین`; `zwnj_glued_suffixes.txt`).
Existing half-spaces are never removed and characters are never changed, so the text keeps its letters.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from rasad.errors import DataError
from rasad.lang import char_rules
from rasad.offsets import EditMap, apply_changes

ZWNJ = "\u200c"
# Persian/Arabic letters and the marks that may stay after folding (hamza above in «نقطهٔ»).
_LETTERS = "\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5"
WORD = re.compile(f"[{_LETTERS}]+(?:\u200c[{_LETTERS}]+)*")
# Letters that never join the next one: a half-space after them changes nothing on screen.
NON_JOINING = frozenset("اآأإٱدذرزژوؤۀةء")
VERB_PREFIXES = ("نمی", "می")
# Verb particles written glued before می (برمی‌گردد, درمی‌آید); "" is the plain verb.
PREVERBS = ("", "بر", "در", "فرو", "باز", "وا", "فرا", "ور")
VERB_HEADS = frozenset(preverb + prefix for preverb in PREVERBS for prefix in VERB_PREFIXES)
# Personal endings of present and past verbs, longest first, to generalise می‌X over a stem's other persons.
_VERB_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "")
# Endings that only verbs have in practice: an unknown می‌X with them is a verb (میروبند, میچسبیدم).
_PLURAL_VERB_ENDINGS = ("ند", "ید", "یم", "دم", "تم", "دی", "تی")

# Decision thresholds, tuned on UD PerDT dev (never on the test sets): see training/zwnj.py.
MIN_PART_EVIDENCE = 5
GLUED_SPLIT_ODDS = 0.5
# Right parts this sure (اند after ه, های after ه) split even an unknown left part.
SURE_SPLIT_ODDS = 0.9
SPACED_JOIN_ODDS = 0.8
# A right part this sure after a space (ها: 613 half-spaced, 10 spaced after ی) joins whatever the classifier says.
SURE_SPACED_ODDS = 0.85
SURE_PART_EVIDENCE = 20
LEFT_JOIN_ODDS = 0.9
# Spaces turned into half-spaces that show a writer's half-space habit without a verb prefix among them.
HABIT_JOINS = 2
# The space classifier's probability of a lost half-space above which a space joins: in text typed with
# spaces for half-spaces, and in text that glues or types its half-spaces (where spaces are mostly real).
SPACED_JOIN = 0.6
STRICT_JOIN = 0.85
KNOWN_WORD_COUNT = 2
# A space is kept unless a joined form is this many times as frequent as the spaced one.
SPACE_BIAS = 1.0
MEMO_SIZE = 200_000
SHAPE_FILE = "zwnj_shape.tsv.gz"
ENDINGS_FILE = "zwnj_word_endings.txt"
# Letters a stem keeps before a glued ending when a cut-off right piece is read as stem + ending.
MIN_STEM = 3
# The longest glued ending looked for (`هایی`).
MAX_ENDING = 4
# The gap classifier's probability of a half-space above which its cut stands without known pieces.
SURE_CUT = 0.9
PAIR_MEMO_SIZE = 1 << 15  # a pair's ~15 feature strings weigh far more than a restored word
GAP_MODEL = "zwnj_gaps.crfsuite"
PAIR_MODEL = "zwnj_pairs.crfsuite"
# A name word that the corpus writes with a half-space this many times more than glued is an ordinary word.
NAME_OVERRIDE_COUNT = 10
MIN_NAME_SPACE_WORD = 3
# A final «های»: a plural suffix, or ه + the indefinite «ای» (the same letters).
_PLURAL_OR_INDEFINITE = "های"


_LETTER_CLASSES = {"ه": "h", "ی": "y", **{char: "n" for char in NON_JOINING}}


def letter_class(char: str) -> str:
    """'h' heh and 'y' yeh (their half-space suffixes are special), 'n' non-joining letters, else 'j'."""
    return _LETTER_CLASSES.get(char, "j")


@dataclass(frozen=True, slots=True)
class PartOdds:
    """Corpus counts of one right part after one class of letter: joined by ZWNJ, glued, or spaced."""

    zwnj: int
    glued: int
    spaced: int


@dataclass(frozen=True, slots=True)
class ZwnjModel:
    """The restoration model: written forms by their letters-only key, part odds, verb rests after می."""

    forms: dict[str, tuple[tuple[str, int], ...]]
    parts: dict[tuple[str, str], PartOdds]
    verb_rests: frozenset[str]
    verb_stems: frozenset[str]
    # Letters of known names (gazetteers) that are never split: «کییف», «میامی», «ماهان».
    names: frozenset[str] = frozenset()
    # Word pairs (letters) of many-word names whose space is never joined («ناطق نوری»).
    name_spaces: frozenset[tuple[str, str]] = frozenset()
    # Suffixes a writer with a half-space habit may glue by choice (`ها`, `ترین`): kept glued for them.
    glued_suffixes: frozenset[str] = frozenset()
    # Letter trigrams ('^' and '$' mark the word's edges) → log-odds ×10 of a foreign name against a Persian word.
    shape: dict[str, int] = field(default_factory=dict)
    # Glued endings a known stem may carry in a right piece the gap classifier cut off (`ان`, `ی`, `ٔ`).
    word_endings: frozenset[str] = frozenset()
    # Left parts (`بی`, `نیم`) by their counts before a half-space and before a space: (zwnj, spaced).
    lefts: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The gap classifier for glued words the lexicon does not know (None: the back-off alone decides).
    gaps: object | None = field(default=None, compare=False, repr=False)
    # The space classifier over the spaces of a phrase (None: the spaced back-off rules decide).
    pairs: object | None = field(default=None, compare=False, repr=False)
    # Restored words by written word: news repeats its words, and the decision depends on the word only.
    memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # known() by key, counted once at build time.
    word_counts: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # Space features by the letters of the two words: news repeats its word pairs too.
    pair_memo: dict[tuple[str, str], list[str]] = field(default_factory=dict, compare=False, repr=False)
    # The space classifier's marginals of a run of spaces by the letters of its words (its features depend on
    # those alone): common pairs («است که») come back in every article. A model made by replace() with other
    # data must be given its own.
    run_memo: dict[tuple[str, ...], tuple[float, ...]] = field(default_factory=dict, compare=False, repr=False)

    # The words of `parts` (most words are no right part: one set lookup tells).
    part_words: frozenset[str] = field(default=frozenset(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "part_words", frozenset(part for part, _ in self.parts))

    def clear_memos(self) -> None:
        """Forget every memoized word, pair and run (as a fresh process would have them)."""
        self.memo.clear()
        self.pair_memo.clear()
        self.run_memo.clear()

    def known(self, key: str) -> int:
        """How often the letters `key` were written as one word (with or without half-spaces)."""
        return self.word_counts.get(key, 0)


def _data_lines(name: str) -> Iterator[tuple[int, list[str]]]:
    path = resources.files("rasad.lang").joinpath("fa", name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"language data file rasad/lang/fa/{name} is missing; run training/zwnj.py") from exc
    for lineno, line in enumerate(gzip.decompress(raw).decode("utf-8").splitlines(), start=1):
        if line and not line.startswith("#"):
            yield lineno, line.split("\t")


def strip_key(form: str) -> str:
    """The letters of a form without its half-spaces and spaces: the lexicon's key."""
    return form.replace(ZWNJ, "").replace(" ", "")


@cache
def zwnj_model() -> ZwnjModel:
    """The shipped model, loaded and validated once per process."""
    form_rows: list[tuple[str, int]] = []
    seen: set[str] = set()
    for lineno, fields in _data_lines("zwnj_lexicon.tsv.gz"):
        where = f"rasad/lang/fa/zwnj_lexicon.tsv.gz:{lineno}"
        if len(fields) != 2 or not fields[1].isdigit() or not all(WORD.fullmatch(w) for w in fields[0].split(" ")):
            raise DataError(f"{where}: expected 'form<TAB>count' with Persian words")
        if fields[0] in seen:
            raise DataError(f"{where}: {fields[0]!r} is listed twice")
        seen.add(fields[0])
        form_rows.append((fields[0], int(fields[1])))
    part_rows: list[tuple[str, str, int, int, int]] = []
    seen_parts: set[tuple[str, str]] = set()
    for lineno, fields in _data_lines("zwnj_parts.tsv.gz"):
        where = f"rasad/lang/fa/zwnj_parts.tsv.gz:{lineno}"
        if len(fields) != 5 or fields[1] not in ("h", "y", "j") or not all(f.isdigit() for f in fields[2:]):
            raise DataError(f"{where}: expected 'part<TAB>class<TAB>zwnj<TAB>glued<TAB>spaced'")
        if (fields[0], fields[1]) in seen_parts:
            raise DataError(f"{where}: {fields[0]!r} after class {fields[1]} is listed twice")
        seen_parts.add((fields[0], fields[1]))
        part_rows.append((fields[0], fields[1], int(fields[2]), int(fields[3]), int(fields[4])))
    left_rows: dict[str, tuple[int, int]] = {}
    for lineno, fields in _data_lines("zwnj_lefts.tsv.gz"):
        where = f"rasad/lang/fa/zwnj_lefts.tsv.gz:{lineno}"
        if len(fields) != 3 or not WORD.fullmatch(fields[0]) or not all(f.isdigit() for f in fields[1:]):
            raise DataError(f"{where}: expected 'left<TAB>zwnj<TAB>spaced'")
        if fields[0] in left_rows:
            raise DataError(f"{where}: {fields[0]!r} is listed twice")
        left_rows[fields[0]] = (int(fields[1]), int(fields[2]))
    shape: dict[str, int] = {}
    for lineno, fields in _data_lines(SHAPE_FILE):
        where = f"rasad/lang/fa/{SHAPE_FILE}:{lineno}"
        if len(fields) != 2 or len(fields[0]) != 3 or not re.fullmatch(r"-?\d+", fields[1]):
            raise DataError(f"{where}: expected 'trigram<TAB>log-odds×10'")
        if fields[0] in shape:
            raise DataError(f"{where}: {fields[0]!r} is listed twice")
        shape[fields[0]] = int(fields[1])
    model = build_model(
        form_rows,
        part_rows,
        protected_names(gazetteer_name_words(), form_rows),
        _tagger(GAP_MODEL),
        left_rows,
        shape=shape,
    )
    return replace(
        model,
        pairs=_tagger(PAIR_MODEL),
        glued_suffixes=glued_suffixes(),
        name_spaces=protected_spaces(gazetteer_aliases(SPACED_NAME_GAZETTEERS), form_rows),
    )


def glued_suffixes() -> frozenset[str]:
    """The suffixes of `zwnj_glued_suffixes.txt`, validated."""
    return suffix_list("zwnj_glued_suffixes.txt")


def suffix_list(name: str) -> frozenset[str]:
    """A validated list of glued Persian suffixes, one a line, from rasad/lang/fa/`name`."""
    path = resources.files("rasad.lang").joinpath("fa", name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"language data file rasad/lang/fa/{name} is missing") from exc
    out: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        if not WORD.fullmatch(line) or ZWNJ in line:
            raise DataError(f"rasad/lang/fa/{name}:{lineno}: expected one glued Persian suffix")
        if line in out:
            raise DataError(f"rasad/lang/fa/{name}:{lineno}: {line!r} is listed twice")
        out.add(line)
    return frozenset(out)


_PAIRS_LOCK = threading.Lock()
_GAPS_LOCK = threading.Lock()


def _tagger(name: str):
    """A shipped classifier (python-crfsuite), or None where it was not trained."""
    import pycrfsuite

    path = resources.files("rasad.lang").joinpath("fa", name)
    if not path.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as real_path:
        tagger.open(str(real_path))
    return tagger


# The entity gazetteers (owned by the NER step; read only): file → columns holding names ('|'-separated aliases).
NAME_GAZETTEERS = {
    "gazetteer_places_curated.tsv": (0, 5),
    "gazetteer_places.tsv": (0, 5),
    "gazetteer_countries.tsv": (0, 5),
    "gazetteer_people.tsv": (0, 5),
    "gazetteer_orgs.tsv": (0, 5),
    "gazetteer_given_names.tsv": (0,),
}


def gazetteer_aliases(files: Iterable[str] = tuple(NAME_GAZETTEERS)) -> list[str]:
    """Every Persian alias of a name in the entity gazetteers `files`, folded; a missing gazetteer adds nothing."""
    fold = {ord(src): dst for src, dst in char_rules("fa") if len(src) == 1 and len(dst) <= 1}
    aliases: list[str] = []
    for name in files:
        try:
            text = resources.files("rasad.lang").joinpath("fa", name).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            for column in NAME_GAZETTEERS[name]:
                if column < len(fields):
                    aliases.extend(alias.translate(fold) for alias in fields[column].split("|") if alias)
    return aliases


def gazetteer_name_words() -> set[str]:
    """Every glued Persian word of a name in the entity gazetteers."""
    return {w for alias in gazetteer_aliases() for w in alias.split() if ZWNJ not in w and WORD.fullmatch(w)}


# Gazetteers whose many-word names are curated: their spaces are the names' spelling (ناطق نوری). The generated
# places list is left out: its Persian names are partly machine-made.
SPACED_NAME_GAZETTEERS = (
    "gazetteer_places_curated.tsv",
    "gazetteer_countries.tsv",
    "gazetteer_people.tsv",
    "gazetteer_orgs.tsv",
)


def protected_spaces(aliases: Iterable[str], form_rows: Iterable[tuple[str, int]]) -> frozenset[tuple[str, str]]:
    """Word pairs (letters) that a many-word name sets apart by a space, kept spaced, except pairs the corpus
    clearly writes as one half-spaced word (رئیس جمهور in «دفتر رئیس جمهور»)."""
    pairs = {
        (a, b)
        for alias in aliases
        for a, b in zip(alias.split(), alias.split()[1:])
        if WORD.fullmatch(a) and WORD.fullmatch(b)
    }
    joined: dict[str, int] = {}
    spaced: dict[str, int] = {}
    for form, count in form_rows:
        if form.count(" ") == 1:
            spaced[strip_key(form)] = spaced.get(strip_key(form), 0) + count
        elif " " not in form and ZWNJ in form:
            joined[strip_key(form)] = joined.get(strip_key(form), 0) + count
    out = set()
    for a, b in pairs:
        a_key, b_key = strip_key(a), strip_key(b)
        # Letter names of acronyms (بی بی سی) and short particles (عبدالله بن) are half-spaced as often as not.
        if min(len(a_key), len(b_key)) >= MIN_NAME_SPACE_WORD and joined.get(
            a_key + b_key, 0
        ) < NAME_OVERRIDE_COUNT * (1 + spaced.get(a_key + b_key, 0)):
            out.add((a_key, b_key))
    return frozenset(out)


def protected_names(words: Iterable[str], form_rows: Iterable[tuple[str, int]]) -> frozenset[str]:
    """Name words kept whole, except ordinary words the corpus clearly writes with a half-space."""
    split_count: dict[str, int] = {}
    glued_count: dict[str, int] = {}
    for form, count in form_rows:
        if " " in form:
            continue
        target = split_count if ZWNJ in form else glued_count
        target[strip_key(form)] = target.get(strip_key(form), 0) + count
    return frozenset(
        word
        for word in words
        if len(word) > 2
        and split_count.get(word, 0) < NAME_OVERRIDE_COUNT * (1 + glued_count.get(word, 0))
    )


def build_model(
    form_rows: Iterable[tuple[str, int]],
    part_rows: Iterable[tuple[str, str, int, int, int]],
    names: Iterable[str] = (),
    gaps: object | None = None,
    lefts: dict[str, tuple[int, int]] | None = None,
    *,
    shape: dict[str, int] | None = None,
) -> ZwnjModel:
    """A model from (form, count) and (part, class, zwnj, glued, spaced) rows, left-part odds and letter shape."""
    forms: dict[str, list[tuple[str, int]]] = {}
    for form, count in form_rows:
        forms.setdefault(strip_key(form), []).append((form, count))
    parts = {(part, cls): PartOdds(z, g, sp) for part, cls, z, g, sp in part_rows}
    rests = frozenset(
        strip_key(form[len(prefix) + 1 :])
        for entries in forms.values()
        for form, _ in entries
        for prefix in VERB_PREFIXES
        if form.startswith(prefix + ZWNJ) and " " not in form
    )
    stems = frozenset(
        rest[: len(rest) - len(ending)]
        for rest in rests
        for ending in _VERB_ENDINGS
        if rest.endswith(ending) and len(rest) - len(ending) >= 2
    )
    ordered = {key: tuple(sorted(entries, key=lambda e: (-e[1], e[0]))) for key, entries in forms.items()}
    word_counts: dict[str, int] = {}
    for key, entries in ordered.items():
        total = sum(count for form, count in entries if " " not in form)
        if total:
            word_counts[key] = total
    return ZwnjModel(
        ordered,
        parts,
        rests,
        stems,
        frozenset(names),
        word_endings=suffix_list(ENDINGS_FILE),
        shape=dict(shape or {}),
        lefts=dict(lefts or {}),
        gaps=gaps,
        word_counts=word_counts,
    )


def restore_zwnj(text: str) -> tuple[str, EditMap]:
    """Text with lost half-spaces restored, and the edit map of the insertions and replacements.

    The writer's habits decide how much is in doubt. One glued «میدهد» means half-spaces were lost by
    gluing: every glued gap is in doubt and a space joins only on strong evidence. A writer who never glues
    می/نمی to a verb but sets it apart by a space has a half-space habit (typed as a space): the suffixes
    they glued («گروهها», «مهمترین») are glued by choice, and their spaces are what is in doubt. A writer
    who types «می‌» keeps their glued suffixes too, and their spaces join only on strong evidence.
    """
    model = zwnj_model()
    phrases = list(_phrases(text))

    def changes(keep_glued: bool, threshold: float) -> list[tuple[int, int, str]]:
        # (start, end, replacement) in `text`, sorted, disjoint; end > start: a space became a half-space.
        out: list[tuple[int, int, str]] = []
        for start, phrase in phrases:
            out.extend(_restore_phrase(model, start, phrase, keep_glued, threshold))
        return out

    if _glues_verbs(model, text):
        return apply_changes(text, changes(False, STRICT_JOIN))
    # A verb prefix set apart by a typed half-space shows the habit, and outranks spaced prefixes: restored
    # text (whose glued prefixes became typed ones) is then read as the first pass read it (idempotence).
    if any(word.startswith(_TYPED_HEADS) for _, phrase in phrases if ZWNJ in phrase for word in phrase.split(" ")):
        return apply_changes(text, changes(True, STRICT_JOIN))
    spaced = changes(True, SPACED_JOIN)
    joined_at = {start for start, end, _ in spaced if end > start}
    # A verb prefix set apart by a space shows the habit; one other join may be a mistake, two are evidence.
    if len(joined_at) >= HABIT_JOINS or any(
        end in joined_at and strip_key(word) in VERB_HEADS for word, _, end in _words(phrases)
    ):
        return apply_changes(text, spaced)
    # Half-spaces typed where the space classifier would join a space show the habit too; they are also what
    # the spaced reading above leaves behind, so reading its output again keeps the glued suffixes (idempotence).
    if _typed_joins(model, phrases):
        return apply_changes(text, changes(True, STRICT_JOIN))
    return apply_changes(text, changes(False, STRICT_JOIN))


def _typed_joins(model: ZwnjModel, phrases: list[tuple[int, str]]) -> bool:
    """Whether some word has a typed half-space that the space classifier would put there were it a space."""
    return any(
        any(space_labels(model, word.split(ZWNJ), SPACED_JOIN))
        for _, phrase in phrases
        if ZWNJ in phrase
        for word in phrase.split(" ")
        if ZWNJ in word
    )


_TYPED_HEADS = tuple(head + ZWNJ for head in VERB_HEADS if head)


# The first piece (up to a half-space) of a word that starts with می/نمی and goes on with a letter: a word
# starts where WORD's matches start, at a letter after neither a letter nor a half-space that follows a letter.
_GLUED_HEAD = re.compile(f"(?<![{_LETTERS}])(?<![{_LETTERS}]\u200c)({'|'.join(VERB_PREFIXES)})[{_LETTERS}]+")


def _glues_verbs(model: ZwnjModel, text: str) -> bool:
    """Whether a word glues می/نمی to its verb («میدهد»): restoration would split it after the prefix."""
    return any(
        len(m.group(1)) in split_points(restore_word(model, m.group(0))) for m in _GLUED_HEAD.finditer(text)
    )


# Runs of Persian words separated by single spaces. Each word matches as WORD does, greedily: a run is the
# words that WORD finds one after another with one space between them.
_PHRASE = re.compile(f"{WORD.pattern}(?: {WORD.pattern})*")


def _phrases(text: str) -> Iterator[tuple[int, str]]:
    """Runs of Persian words separated by single spaces, with their starts: the stretches where gaps are decided."""
    for match in _PHRASE.finditer(text):
        yield match.start(), match.group(0)


def _words(phrases: Iterable[tuple[int, str]]) -> Iterator[tuple[str, int, int]]:
    """Each word of the phrases with its start and end."""
    for start, phrase in phrases:
        for word in phrase.split(" "):
            yield word, start, start + len(word)
            start += len(word) + 1


def _restore_phrase(
    model: ZwnjModel, start: int, phrase: str, keep_glued: bool = False, threshold: float = 0.5
) -> list[tuple[int, int, str]]:
    """Changes of one phrase (at `start`): joined multi-word forms first, then each word, then its other spaces.

    keep_glued: a glued suffix of `glued_suffixes` stays glued (the writer's choice). threshold: the space classifier's
    probability of a lost half-space above which a space joins.
    """
    texts = phrase.split(" ")
    # Words never hold a space: their letters are the words without half-spaces.
    keys = phrase.replace(ZWNJ, "").split(" ") if ZWNJ in phrase else texts
    n = len(texts)
    pairs = [a + b for a, b in zip(keys, keys[1:])]
    joins = _space_labels(model, texts, keys, pairs, threshold)
    forms, memo = model.forms, model.memo
    out: list[tuple[int, int, str]] = []
    i, at = 0, start  # at: where word i starts
    while i < n:
        word = texts[i]
        if i + 1 < n and pairs[i] in forms or i + 2 < n and pairs[i] + keys[i + 2] in forms:
            group = _restore_group(model, texts, keys, pairs, i, keep_glued)
            if group is not None:
                given, form = group
                out.extend(_diff(at, given, form))
                size = given.count(" ") + 1
                i += size
                at += len(given) + 1
                # The space after the group is read like any other (بی‌انصافی ها → بی‌انصافی‌ها).
                if i < n and joins[i - 1]:
                    end = at - 1
                    out.append((end, end + 1, "" if texts[i - 1][-1] in NON_JOINING else ZWNJ))
                continue
        restored = memo.get(word)
        if restored is None:
            restored = restore_word(model, word)
        if restored != word:
            if keep_glued:
                restored = _reglue_suffixes(model, word, restored)
            if restored != word:
                out.extend(_diff(at, word, restored))
        at += len(word) + 1
        if i + 1 < n and joins[i]:
            out.append((at - 1, at, "" if word[-1] in NON_JOINING else ZWNJ))
        i += 1
    return out


def _restore_group(
    model: ZwnjModel, texts: list[str], keys: list[str], pairs: list[str], i: int, keep_glued: bool
) -> tuple[str, str] | None:
    """The known multi-word form (three words, else two) starting at word i that changes them: (given, form)."""
    for size in (3, 2):
        # Only letters the lexicon knows can be a multi-word form: check them before building strings.
        if i + size > len(texts):
            continue
        key = pairs[i] + keys[i + 2] if size == 3 else pairs[i]
        if key not in model.forms:
            continue
        given = " ".join(texts[i : i + size])
        form = _best_form(model, given, spaced=True)
        if keep_glued and form is not None and len(split_points(form)) > given.count(" "):
            form = None
        if form is not None and _joins_name_space(model, keys[i : i + size], form):
            form = None
        if form is not None and form != given:
            return given, form
    return None


def _joins_name_space(model: ZwnjModel, keys: list[str], form: str) -> bool:
    """Whether `form` of the words `keys` joins a space that a many-word name keeps."""
    if not model.name_spaces:
        return False
    joined = split_points(form)
    at = 0
    for a, b in zip(keys, keys[1:]):
        at += len(a)
        if (at in joined or " " not in form) and (a, b) in model.name_spaces:
            return True
    return False


def _reglue_suffixes(model: ZwnjModel, word: str, restored: str) -> str:
    """`restored` with the half-spaces it added before a glued suffix (`ها`, `ترین`) taken out again."""
    pieces = restored.split(ZWNJ)
    typed = split_points(word)
    out = pieces[0]
    at = len(pieces[0])
    for piece in pieces[1:]:
        out += piece if piece in model.glued_suffixes and at not in typed else ZWNJ + piece
        at += len(piece)
    return out


def _compatible(given: str, form: str) -> bool:
    """Whether `form` keeps every half-space of `given` and only fills its gaps with half-spaces.

    A space may become a half-space but never vanish: «ما در» must not become «مادر».
    """
    gi = fi = 0
    while gi < len(given) and fi < len(form):
        g, f = given[gi], form[fi]
        if g == f:
            gi += 1
            fi += 1
        elif g == " " and f == ZWNJ:
            gi += 1
            fi += 1
        elif f == ZWNJ and g != " ":
            fi += 1  # a half-space the form adds to a glued gap
        else:
            return False
    return gi == len(given) and fi == len(form)


def _best_form(model: ZwnjModel, given: str, *, spaced: bool) -> str | None:
    """The most frequent known form of `given`'s letters that fits its half-spaces; spaces win ties."""
    if not spaced and ZWNJ not in given and " " not in given:
        # A glued given word fits exactly the forms of its letters that have no space: take the first one.
        for form, _ in model.forms.get(given, ()):
            if " " not in form:
                return form
        return None
    entries = model.forms.get(strip_key(given))
    if not entries:
        return None
    best_form, best_count = None, 0
    kept_count = 0
    for form, count in entries:
        if not _compatible(given, form):
            continue
        if form == given:
            kept_count = count
        if best_form is None:
            best_form, best_count = form, count
    if best_form is None:
        return None
    if spaced and best_form != given and best_count <= kept_count * SPACE_BIAS:
        return given
    return best_form


def restore_word(model: ZwnjModel, word: str) -> str:
    """One written word with its half-spaces restored from the lexicon, else by back-off (memoized)."""
    restored = model.memo.get(word)
    if restored is None:
        if len(model.memo) >= MEMO_SIZE:
            model.memo.clear()
        restored = _restore_word(model, word)
        # A second pass reads the new half-spaces as typed and completes the pieces between them:
        # settle that now so that restoration is idempotent (it only adds half-spaces, so this ends).
        while ZWNJ in restored and (again := _plain_word(model, restored)) != restored:
            restored = again
        model.memo[word] = restored
    return restored


def _restore_word(model: ZwnjModel, word: str) -> str:
    """One written word: a known name stays whole, a known word takes its most frequent form."""
    if strip_key(word) in model.names:
        return word
    if ZWNJ not in word and not model.known(word):
        if len(word) > 4 and word.endswith("ای") and word[-3] != "ه" and not model.known(word[:-2]):
            # After a final alef the ezafe or indefinite «ی» is glued (کمیساریای, آمریکای): restore the stem.
            # (After a known word in ی the «ای» is its own: سنتی‌ای.)
            return restore_word(model, word[:-1]) + "ی"
        return _guess(model, word)
    return _plain_word(model, word)


def _plain_word(model: ZwnjModel, word: str) -> str:
    """A word restored from the lexicon, else by the rule back-off (no classifier: its features use this)."""
    form = _best_form(model, word, spaced=False)
    if form is not None:
        return form
    if ZWNJ in word:
        # Somebody typed half-spaces here: trust them and only complete the glued pieces.
        return ZWNJ.join(_plain_word(model, piece) for piece in word.split(ZWNJ))
    return _backoff(model, word)


def _guess(model: ZwnjModel, word: str) -> str:
    """An unknown glued word: the gap classifier's labelling, else the back-off's."""
    if model.gaps is None or len(word) < 3:
        return _backoff(model, word)
    with _GAPS_LOCK:  # set() then tag() and marginal() share the tagger's state
        model.gaps.set(gap_features(model, word))
        labels = model.gaps.tag()
        cuts = [i + 1 for i, (char, label) in enumerate(zip(word, labels)) if label == "Z" and char not in NON_JOINING]
        # Only the cuts' marginals are read: most words have none.
        sure = {cut: model.gaps.marginal("Z", cut - 1) >= SURE_CUT for cut in cuts}
    bounds = [0, *cuts, len(word)]
    # A hesitant cut must leave pieces the data knows: a name or foreign word (کمیساریا) stays whole.
    kept = [
        cut
        for k, cut in enumerate(cuts, start=1)
        if sure[cut] or _plausible_cut(model, word, bounds[k - 1], cut, bounds[k + 1])
    ]
    return _join_at(word, _settle_plural_or_indefinite(model, word, kept))


def _settle_plural_or_indefinite(model: ZwnjModel, word: str, cuts: list[int]) -> list[int]:
    """A final «های» cut as a plural (کمین‌های) or as ه + indefinite «ای» (کمینه‌ای): the stem the data knows better.

    The letters are the same; the classifier reads only letters around the gap, the lexicon counts whole stems.
    """
    plural, indefinite = len(word) - 3, len(word) - 2
    if not word.endswith(_PLURAL_OR_INDEFINITE) or plural < 2 or not {plural, indefinite} & set(cuts):
        return cuts
    as_plural, as_indefinite = model.known(word[:plural]), model.known(word[:indefinite])
    if as_plural == as_indefinite:
        return cuts
    rest = [cut for cut in cuts if cut not in (plural, indefinite)]
    if as_plural > as_indefinite:
        # After a non-joining letter the plural's half-space changes nothing: سوگندهای stays as it is.
        return rest if word[plural - 1] in NON_JOINING else [*rest, plural]
    return [*rest, indefinite]


def foreign_shape(model: ZwnjModel, word: str) -> float:
    """How much the letters of `word` look like a foreign name rather than a Persian word (mean trigram log-odds)."""
    padded = "^" + word + "$"
    if not model.shape or len(padded) < 3:
        return 0.0
    return sum(model.shape.get(padded[i : i + 3], 0) for i in range(len(padded) - 2)) / (10 * (len(padded) - 2))


def _known_stem(model: ZwnjModel, piece: str) -> bool:
    """Whether `piece` is a known word plus one glued ending (نشین+ان, کننده+ٔ)."""
    for size in range(1, min(MAX_ENDING, len(piece) - MIN_STEM) + 1):
        if piece[-size:] in model.word_endings and model.word_counts.get(piece[:-size], 0) >= KNOWN_WORD_COUNT:
            return True
    return False


def _join_at(word: str, cuts: Iterable[int]) -> str:
    """`word` with a half-space before each offset of `cuts`."""
    out, last = [], 0
    for cut in cuts:
        out.append(word[last:cut])
        last = cut
    out.append(word[last:])
    return ZWNJ.join(out)


def _plausible_cut(model: ZwnjModel, word: str, start: int, cut: int, end: int) -> bool:
    """Whether the classifier's half-space at `cut` leaves pieces the data knows: a verb after می, or a right
    piece seen as a word or as a half-spaced right part. A name or foreign word (کمیساریا, سیمپسن) cut into
    unknown pieces stays whole."""
    left, right, rest = word[start:cut], word[cut:end], word[cut:]
    if left in VERB_HEADS and start == 0:
        return _is_verb_rest(model, rest)
    if model.known(right) >= KNOWN_WORD_COUNT or _known_stem(model, right):
        return True
    for part in {right, rest}:
        odds = model.parts.get((part, letter_class(word[cut - 1])))
        if odds is not None and odds.zwnj >= MIN_PART_EVIDENCE:
            return True
    return False


def _bucket(count: int) -> int:
    """A log2 bucket of a count: 0, 1, 2-3, 4-7, … capped at 7."""
    return min(count.bit_length(), 7)


def gap_features(model: ZwnjModel, word: str) -> list[list[str]]:
    """Features of each gap inside a glued word: letters around it, its parts' counts, the back-off's say."""
    split_at = split_points(_backoff(model, word))
    n = len(word)
    # A foreign name's letters (کمیساریا, سیمپسن) rarely hide a half-space: the whole word's shape, bucketed.
    shape_feature = f"fs={max(-3, min(3, round(2 * foreign_shape(model, word))))}"
    # Hot loop (one gap each): lookups bound once, bucket and position strings from tables.
    known, parts = model.word_counts.get, model.parts
    # _known_stem(right) for every right rest: the rests share the word's end, so the endings it may carry
    # are the same for all of them.
    ending_sizes = [size for size in range(1, MAX_ENDING + 1) if word[-size:] in model.word_endings]
    out = []
    for i in range(1, n):
        left, right = word[:i], word[i:]
        a, b = word[i - 1], word[i]
        known_right = known(right, 0)
        aa = word[i - 2 : i] if i >= 2 else left
        feats = [
            "a=" + a, "b=" + b, "ab=" + a + b,
            "aa=" + aa, "bb=" + right[:2],
            "aaa=" + (word[i - 3 : i] if i >= 3 else left), "bbb=" + right[:3], "aab=" + aa + b,
            "abb=" + a + right[:2],
            "R=" + (right if len(right) <= 5 else "+"), "L=" + (left if i <= 3 else "+"),
            _LI[min(i, 6)], _RI[min(n - i, 6)],
            _KL[min(known(left, 0).bit_length(), 7)], _KR[min(known_right.bit_length(), 7)],
        ]
        odds = parts.get((right, _LETTER_CLASSES.get(a, "j")))
        if odds is not None and odds.zwnj >= MIN_PART_EVIDENCE:
            feats.append(f"po={int(10 * odds.zwnj / (odds.zwnj + odds.glued + 1))}")
        # The right rest is a word the data knows, or a known stem with an ending: names and foreign words
        # (کمیساریا, سیمپسن) cut anywhere leave a rest that is neither.
        known_rest = known_right >= KNOWN_WORD_COUNT
        if not known_rest and ending_sizes:
            known_rest = any(
                size <= len(right) - MIN_STEM and known(right[:-size], 0) >= KNOWN_WORD_COUNT for size in ending_sizes
            )
        if known_rest:
            feats.append("rw")
        head = i <= _LONGEST_HEAD and left in VERB_HEADS
        verb = head and _is_verb_rest(model, right)
        if head and not verb:
            feats.append("nv")
        feats.append(shape_feature)
        if i in split_at:
            feats.append("bo")
        if verb:
            feats.append("verb")
        if a in NON_JOINING:
            feats.append("nj")
        out.append(feats)
    return out


# Feature strings of gap_features by bucket or position (built once, not per gap).
_LONGEST_HEAD = max(map(len, VERB_HEADS))
_LI = [f"li={k}" for k in range(7)]
_RI = [f"ri={k}" for k in range(7)]
_KL = [f"kl={k}" for k in range(8)]
_KR = [f"kr={k}" for k in range(8)]


def _backoff(model: ZwnjModel, word: str) -> str:
    """An unknown glued word: split off a verb prefix before a known verb, or a likely right part."""
    for preverb in PREVERBS:
        if not word.startswith(preverb):
            continue
        for prefix in VERB_PREFIXES:
            rest = word[len(preverb) + len(prefix) :]
            if word.startswith(prefix, len(preverb)) and _is_verb_rest(model, rest):
                # The rest is a verb: look it up, or split its suffix, but never find another می in it.
                return preverb + prefix + ZWNJ + (_best_form(model, rest, spaced=False) or _split_right(model, rest))
    return _split_right(model, word)


def _is_verb_rest(model: ZwnjModel, rest: str) -> bool:
    """Whether `rest` after می is a verb: seen so, or a seen stem with another ending, or verb-shaped."""
    if len(rest) < 2:
        return False
    if rest in model.verb_rests or (len(rest) >= 3 and rest.endswith(_PLURAL_VERB_ENDINGS)):
        return True
    return any(
        rest.endswith(ending) and rest[: len(rest) - len(ending)] in model.verb_stems
        for ending in _VERB_ENDINGS
        if len(rest) - len(ending) >= 2
    )


def _split_right(model: ZwnjModel, word: str) -> str:
    """Split the glued word before its most likely half-space right part, if the left part is a word."""
    best_at, best_odds = 0, GLUED_SPLIT_ODDS
    for at in range(2, len(word) - 1):
        left_end = word[at - 1]
        if left_end in NON_JOINING:
            continue
        odds = model.parts.get((word[at:], letter_class(left_end)))
        if odds is None or odds.zwnj < MIN_PART_EVIDENCE:
            continue
        p = odds.zwnj / (odds.zwnj + odds.glued + 1)
        if p > best_odds and (p >= SURE_SPLIT_ODDS or model.known(word[:at]) >= KNOWN_WORD_COUNT):
            best_at, best_odds = at, p
    if not best_at:
        return word
    return _plain_word(model, word[:best_at]) + ZWNJ + _plain_word(model, word[best_at:])


def _join_spaced(model: ZwnjModel, left: str, right: str, *, classify: bool = True) -> bool:
    """Whether a space between two words, neither pair known to the lexicon, was a lost half-space.

    classify=False: the rules alone, without asking the gap classifier (as the space classifier learnt them).
    """
    left_key, right_key = strip_key(left), strip_key(right)
    if left_key in VERB_HEADS:
        return _is_verb_rest(model, right_key) or (classify and _classifier_joins(model, left_key, right_key))
    if _left_joins(model, left_key, right_key):
        return True
    odds = model.parts.get((right_key, letter_class(left[-1])))
    if odds is None or odds.zwnj < MIN_PART_EVIDENCE:
        return False
    if odds.zwnj / (odds.zwnj + odds.spaced + 1) <= SPACED_JOIN_ODDS:
        return False
    # A right part that rarely stands alone (ها, اند, ترین) joins a known word, or one the classifier splits there.
    return model.known(left_key) >= KNOWN_WORD_COUNT or (classify and _classifier_joins(model, left_key, right_key))


def space_labels(model: ZwnjModel, texts: list[str], threshold: float = 0.5) -> list[bool]:
    """For each space of a phrase, whether it was a lost half-space: the space classifier's say, else the rules'."""
    keys = [strip_key(text) for text in texts]
    return _space_labels(model, texts, keys, [a + b for a, b in zip(keys, keys[1:])], threshold)


def _space_labels(model: ZwnjModel, texts: list[str], keys: list[str], pairs: list[str], threshold: float) -> list[bool]:
    """space_labels() given the words' letters `keys` and the letters of each pair joined, `pairs`."""
    if len(texts) < 2:
        return []
    if model.pairs is None:
        return [_join_spaced(model, a, b) for a, b in zip(texts, texts[1:])]
    forms, lefts, parts, part_words = model.forms, model.lefts, model.parts, model.part_words
    # Only runs of spaces with some evidence of a lost half-space go to the classifier (most spaces have none,
    # and it never joins those): a run is read as a phrase of its own. (The evidence is _may_join's.)
    may = [
        pair in forms
        or left in lefts
        or left in VERB_HEADS
        or right in part_words
        and (right, _LETTER_CLASSES.get(left[-1], "j")) in parts
        for pair, left, right in zip(pairs, keys, keys[1:])
    ]
    out = [False] * len(may)
    if True not in may:
        return out
    said = out.copy()
    i = 0
    while i < len(may):
        if not may[i]:
            i += 1
            continue
        end = may.index(False, i) if False in may[i:] else len(may)
        run = tuple(keys[i : end + 1])
        marginals = model.run_memo.get(run)
        if marginals is None:
            features = space_features(model, texts[i : end + 1])
            with _PAIRS_LOCK:  # set() then marginal() share the tagger's state: one run at a time across threads
                model.pairs.set(features)
                marginals = tuple(model.pairs.marginal("Z", k) for k in range(end - i))
            if len(model.run_memo) >= PAIR_MEMO_SIZE:
                model.run_memo.clear()
            model.run_memo[run] = marginals
        for k, marginal in enumerate(marginals, start=i):
            said[k] = marginal > threshold
        i = end
    name_spaces = model.name_spaces
    for i, evidence in enumerate(may):
        # A space without evidence never joins: its right part is not a part (_never_alone is false too).
        if evidence:
            a, b = keys[i], keys[i + 1]
            out[i] = (said[i] or _never_alone(model, a, b)) and (a, b) not in name_spaces
    return out


def _may_join(model: ZwnjModel, left: str, right: str) -> bool:
    """Whether the space between the letters `left` and `right` has any of the evidence the classifier joins on:
    the pair is a known word, the right part was seen after a half-space, the left part is a known left part or a
    verb head."""
    if left + right in model.forms or left in model.lefts or left in VERB_HEADS:
        return True
    return (right, letter_class(left[-1])) in model.parts


def _never_alone(model: ZwnjModel, left: str, right: str) -> bool:
    """Whether the letters `right` are a part that all but never stands alone after such a letter (ها, ترین) and
    the letters `left` a known word. The classifier hesitates on rare left words (شاکی ها); the part settles it."""
    odds = model.parts.get((right, letter_class(left[-1])))
    return (
        odds is not None
        and odds.zwnj >= SURE_PART_EVIDENCE
        and odds.zwnj / (odds.zwnj + odds.spaced + 1) >= SURE_SPACED_ODDS
        and model.known(left) >= KNOWN_WORD_COUNT
    )


def space_features(model: ZwnjModel, texts: list[str]) -> list[list[str]]:
    """Features of each space between two words of a phrase: the words' edges, lexicon counts, the rules' say."""
    out = []
    for left_word, right_word in zip(texts, texts[1:]):
        # Letters only, so that the features stay the same once half-spaces are restored (idempotence).
        pair = (strip_key(left_word), strip_key(right_word))
        feats = model.pair_memo.get(pair)
        if feats is None:
            if len(model.pair_memo) >= PAIR_MEMO_SIZE:
                model.pair_memo.clear()
            feats = model.pair_memo[pair] = _pair_features(model, *pair)
        out.append(feats)
    return out


def _pair_features(model: ZwnjModel, a: str, b: str) -> list[str]:
    """Features of the space between the words with letters `a` and `b`."""
    joined = spaced = glued = 0
    for form, count in model.forms.get(a + b, ()):
        if " " in form:
            spaced += count if form == a + " " + b else 0
        elif len(a) in split_points(form):
            joined += count
        else:
            glued += count
    feats = [
        "a1=" + a[-1:], "a2=" + a[-2:], "b1=" + b[:1], "b2=" + b[:2], "b3=" + b[:3],
        "A=" + (a if len(a) <= 4 else "+"), "B=" + (b if len(b) <= 5 else "+"),
        f"kj={_bucket(joined)}", f"ks={_bucket(spaced)}", f"kg={_bucket(glued)}",
        f"ka={_bucket(model.known(a))}", f"kb={_bucket(model.known(b))}",
        f"la={min(len(a), 6)}", f"lb={min(len(b), 6)}",
    ]
    if a[-1:] in NON_JOINING:
        feats.append("nj")
    evidence = joined > 0
    odds = model.parts.get((b, letter_class(a[-1])))
    if odds is not None and odds.zwnj >= MIN_PART_EVIDENCE:
        feats.append(f"po={int(10 * odds.zwnj / (odds.zwnj + odds.spaced + 1))}")
        feats.append(f"pg={int(10 * odds.zwnj / (odds.zwnj + odds.glued + 1))}")
        evidence = True
    left_odds = model.lefts.get(a)
    if left_odds is not None:
        feats.append(f"lo={int(10 * left_odds[0] / (left_odds[0] + left_odds[1] + 1))}")
        evidence = True
    if a in VERB_HEADS and _is_verb_rest(model, b):
        feats.append("verb")
        evidence = True
    # The lexicon and the rules split a+b at the space, or join the space, only where one of the cheap
    # signals above fires: most spaces skip them.
    if evidence:
        if len(a) in split_points(_plain_word(model, a + b)):
            feats.append("pw")
        if _join_spaced(model, a, b, classify=False):
            feats.append("rule")
    return feats


def _left_joins(model: ZwnjModel, left: str, right: str) -> bool:
    """Whether a left part that rarely stands alone (بی, نیم) joins the known word after it."""
    odds = model.lefts.get(left)
    if odds is None or left[-1] in NON_JOINING or left + right in model.forms:
        return False
    zwnj, spaced = odds
    return (
        zwnj >= MIN_PART_EVIDENCE
        and zwnj / (zwnj + spaced + 1) > LEFT_JOIN_ODDS
        and model.known(right) >= KNOWN_WORD_COUNT
    )


def _classifier_joins(model: ZwnjModel, left: str, right: str) -> bool:
    """Whether the gap classifier, reading the two words glued, puts a half-space between them."""
    if model.gaps is None or model.known(left + right) or left + right in model.names:
        return False
    return len(left) in split_points(restore_word(model, left + right))


def split_points(form: str) -> set[int]:
    """Letter offsets before which `form` has a half-space."""
    points, at = set(), 0
    for char in form:
        if char == ZWNJ:
            points.add(at)
        else:
            at += 1
    return points


def _diff(start: int, given: str, form: str) -> Iterator[tuple[int, int, str]]:
    """Changes turning `given` (at `start`) into the compatible `form`, gap by gap."""
    gi = fi = 0
    given_len, form_len = len(given), len(form)
    while gi < given_len or fi < form_len:
        g = given[gi] if gi < given_len else ""
        f = form[fi] if fi < form_len else ""
        if g == f:
            gi += 1
            fi += 1
        elif g == " " and f == ZWNJ:
            yield (start + gi, start + gi + 1, ZWNJ)
            gi += 1
            fi += 1
        elif g == " ":
            yield (start + gi, start + gi + 1, "")
            gi += 1
        else:  # f is a half-space added to a glued gap
            yield (start + gi, start + gi, ZWNJ)
            fi += 1



__all__ = ["WORD", "ZWNJ", "ZwnjModel", "build_model", "restore_word", "letter_class", "restore_zwnj", "strip_key", "zwnj_model"]
