"""Candidate quotes: content spans, their cues, and where each one's speaker phrase is to be found."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from rasad.quotes.lexicon import Lexicon
from rasad.quotes.speaker import MentionIndex, words
from rasad.records import QuoteKind, Sentence

_OPEN_CLOSE = {"«": "»", "“": "”"}
_LINE = re.compile(r"[^\n]+")
_COLON = re.compile(r"[ \u200c]*:[ \u200c]*")
_THAT = re.compile(r"[ \u200c]*[،,]?[ \u200c]*که(?![\w\u200c])[ \u200c]*")
_TRAILING = " \u200c\t.،,؛;:!?؟…-—"
_HEADLINE = re.compile(r"[ \t]*([^:\n]{2,60}?)[ \t]*:[ \t]*(\S[^\n]*)")
_MIN_CONTENT_WORDS = 3
_MAX_GAP_WORDS = 6  # words between a closing » and its cue: «…»، رئیس‌جمهور آمریکا گفت.
_MAX_NAMED_WORDS = 8  # "به گفته X، …": X longer than this has no comma-delimited end
_MAX_HEADLINE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote before its speaker is resolved."""

    kind: QuoteKind
    start: int
    end: int
    cue: str
    cue_start: int
    region: tuple[int, int]  # where the subject phrase of the cue is
    lemma: str = ""
    plural: bool = False
    explicit: bool = False  # region holds the speaker itself ("به گفته X")


def quote_pairs(text: str) -> dict[int, int]:
    """Opening quote mark position -> closing position, for «» and “” (nested ones too) and "…" on a line."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPEN_CLOSE:
            stack.append(i)
        elif ch in "»”" and stack and _OPEN_CLOSE[text[stack[-1]]] == ch:
            pairs[stack.pop()] = i
        elif ch == "\n":
            stack.clear()
    for line in _LINE.finditer(text):
        marks = [m.start() for m in re.finditer('"', line.group(0))]
        for a, b in zip(marks[::2], marks[1::2]):
            pairs[line.start() + a] = line.start() + b
    return dict(sorted(pairs.items()))


@dataclass(frozen=True, slots=True)
class QuotedSpans:
    """Quote-mark pairs long enough to be quoted speech (short ones are names: «المنجی»)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def build(cls, text: str, pairs: dict[int, int]) -> QuotedSpans:
        spans = [(a, b) for a, b in pairs.items() if len(words(text, a, b)) >= _MIN_CONTENT_WORDS]
        return cls(tuple(a for a, _ in spans), tuple(b for _, b in spans))

    def inside(self, pos: int) -> bool:
        """Whether `pos` lies strictly inside a quoted span."""
        i = bisect_right(self.starts, pos) - 1
        while i >= 0:
            if self.starts[i] < pos < self.ends[i]:
                return True
            i -= 1
            if i >= 0 and self.ends[i] < pos and self.starts[i] < pos - 5000:
                break
        return False


def units(text: str, sentences: tuple[Sentence, ...], pairs: dict[int, int]) -> list[tuple[int, int]]:
    """Sentences merged so that none ends inside a quote-mark pair; a unit never crosses a line."""
    merged: list[tuple[int, int]] = []
    open_until = -1
    for s in sentences:
        if merged and s.start < open_until and "\n" not in text[merged[-1][1] : s.start]:
            merged[-1] = (merged[-1][0], s.end)
        else:
            merged.append((s.start, s.end))
        for a, b in pairs.items():
            if s.start <= a < s.end and b > open_until:
                open_until = b
    return merged


def find_candidates(
    text: str, sentences: tuple[Sentence, ...], lex: Lexicon, mentions: MentionIndex
) -> list[Candidate]:
    """Every quote candidate in the text, in order of position."""
    pairs = quote_pairs(text)
    quoted = QuotedSpans.build(text, pairs)
    all_units = units(text, sentences, pairs)
    found: list[Candidate] = []
    for line in _LINE.finditer(text):
        line_units = [u for u in all_units if line.start() <= u[0] < line.end()]
        before = len(found)
        for index, unit in enumerate(line_units):
            found.extend(_unit_candidates(text, unit, line_units[index + 1 :], lex, pairs, quoted))
        if len(found) == before:
            found.extend(_headline(text, line.start(), line.end(), mentions, pairs))
    return sorted(found, key=lambda c: (c.start, c.end))


def _cues(text: str, start: int, end: int, lex: Lexicon, quoted: QuotedSpans) -> list[re.Match[str]]:
    return [m for m in lex.cues.finditer(text, start, end) if not quoted.inside(m.start())]


def _has_cue(text: str, unit: tuple[int, int], lex: Lexicon, quoted: QuotedSpans) -> bool:
    start, end = unit
    return bool(
        _cues(text, start, end, lex, quoted)
        or lex.according_to.search(text, start, end)
        or lex.document_cue.search(text, start, end)
    )


def _unit_candidates(
    text: str,
    unit: tuple[int, int],
    following: list[tuple[int, int]],
    lex: Lexicon,
    pairs: dict[int, int],
    quoted: QuotedSpans,
) -> list[Candidate]:
    u_start, u_end = unit
    out: list[Candidate] = []
    cues = _cues(text, u_start, u_end, lex, quoted)

    for opener in lex.complement_opener.finditer(text, u_start, u_end):
        if quoted.inside(opener.start()):
            continue
        next_cue = next((m for m in cues if m.start() > opener.end()), None)
        stop = next_cue.start() if next_cue else u_end
        comma = max(text.rfind("،", opener.end(), stop), text.rfind(",", opener.end(), stop))
        # "با بیان اینکه …، افزود": the comma closes the reported words only when little follows it.
        if comma < 0 or len(words(text, comma, stop)) > _MAX_GAP_WORDS:
            comma = stop
        content = _trim(text, opener.end(), comma)
        if content and len(words(text, *content)) >= _MIN_CONTENT_WORDS:
            out.append(
                Candidate("indirect", *content, opener.group(0), opener.start(), (u_start, opener.start()))
            )

    for m in cues:
        info = lex.cue_at(m)
        covering = next((c for c in out if c.start <= m.start() < c.end), None)
        if covering is not None:
            if not _coordinated(text, u_start, m.start()):
                continue  # a cue inside reported content belongs to the reported words
            out[out.index(covering)] = _cut(text, covering, _coordination_start(text, m.start()))
        previous_end = max((c.end for c in out if c.end <= m.start()), default=u_start)
        region = (max(u_start, previous_end), m.start())
        plural = m.group(0).endswith("ند") or m.group(0).endswith("اند")
        made = _after_cue(text, m, info.negated, info.weak, u_end, following, lex, pairs, quoted)
        if made is None:
            made = _before_cue(text, m, u_start, u_end, pairs)
            if made is not None:
                kind, start, end, region = made
                out.append(Candidate(kind, start, end, m.group(0), m.start(), region, info.lemma, plural))
            continue
        kind, start, end = made
        out.append(Candidate(kind, start, end, m.group(0), m.start(), region, info.lemma, plural))

    if not cues:
        out.extend(_according_to(text, unit, lex))
        out.extend(_document(text, unit, lex))
    return out


def _after_cue(
    text: str,
    m: re.Match[str],
    negated: bool,
    weak: bool,
    u_end: int,
    following: list[tuple[int, int]],
    lex: Lexicon,
    pairs: dict[int, int],
    quoted: QuotedSpans,
) -> tuple[QuoteKind, int, int] | None:
    """(kind, start, end) of the content after a cue: after a colon, after که, or right after the verb."""
    if negated:
        return None
    colon = _COLON.match(text, m.end())
    if colon:
        start = colon.end()
        if start < len(text) and start in pairs and len(words(text, start, pairs[start])) >= 1:
            return _direct(text, start, pairs[start])
        end = u_end
        for unit in following:  # unquoted speech after a colon runs on until someone else speaks
            if _has_cue(text, unit, lex, quoted):
                break
            end = unit[1]
        return _indirect(text, start, end, lex)
    that = _THAT.match(text, m.end())
    if that:
        start = that.end()
        if start in pairs and _trim(text, pairs[start] + 1, u_end) is None:
            return _direct(text, start, pairs[start])
        return _indirect(text, start, u_end, lex)
    if weak:
        return None
    start = m.end()
    while start < u_end and text[start] in " \u200c":
        start += 1
    if start >= u_end or text[start] in "،,.؛;:!?؟)»”" or text.startswith("و ", start):
        return None
    return _indirect(text, start, u_end, lex)


def _before_cue(
    text: str, m: re.Match[str], u_start: int, u_end: int, pairs: dict[int, int]
) -> tuple[QuoteKind, int, int, tuple[int, int]] | None:
    """«…»، او گفت. — quoted words before the speaker and a cue that ends the sentence."""
    if _trim(text, m.end(), u_end) is not None:
        return None
    closes = [(a, b) for a, b in pairs.items() if u_start <= a and b < m.start()]
    if not closes:
        return None
    open_, close = max(closes, key=lambda p: p[1])
    gap = text[close + 1 : m.start()]
    if not gap.strip(" \u200c").startswith(("،", ",")) or len(words(text, close + 1, m.start())) > _MAX_GAP_WORDS:
        return None
    direct = _direct(text, open_, close)
    if direct is None:
        return None
    kind, start, end = direct
    return kind, start, end, (close + 1, m.start())


def _direct(text: str, open_: int, close: int) -> tuple[QuoteKind, int, int] | None:
    span = _trim(text, open_ + 1, close, strip_final=False)
    return None if span is None else ("direct", *span)


def _indirect(text: str, start: int, end: int, lex: Lexicon) -> tuple[QuoteKind, int, int] | None:
    brk = lex.content_break.search(text, start, end)
    if brk:
        end = brk.start()
    span = _trim(text, start, end)
    if span is None or len(words(text, *span)) < _MIN_CONTENT_WORDS:
        return None
    # Reported words wholly inside quote marks are quoted words.
    if text[span[0]] in _OPEN_CLOSE and text[span[1] - 1] == _OPEN_CLOSE[text[span[0]]]:
        inner = _trim(text, span[0] + 1, span[1] - 1, strip_final=False)
        if inner is not None:
            return ("direct", *inner)
    return ("indirect", *span)


def _trim(text: str, start: int, end: int, *, strip_final: bool = True) -> tuple[int, int] | None:
    """The span without surrounding spaces (and final punctuation); None when nothing is left."""
    while start < end and text[start] in " \u200c\t":
        start += 1
    strip = _TRAILING if strip_final else " \u200c\t"
    while end > start and text[end - 1] in strip:
        end -= 1
    return (start, end) if start < end else None


def _coordinated(text: str, u_start: int, cue_start: int) -> bool:
    """Whether the cue directly follows "و": a second verb of the same speaker ("… و افزود که …")."""
    head = text[max(u_start, cue_start - 6) : cue_start]
    return bool(re.search(r"(?:^|[\s،,»”])و[ \u200c]+$", head))


def _coordination_start(text: str, cue_start: int) -> int:
    return text.rfind("و", 0, cue_start)


def _cut(text: str, candidate: Candidate, end: int) -> Candidate:
    span = _trim(text, candidate.start, end)
    return candidate if span is None else replace(candidate, end=span[1])


def _according_to(text: str, unit: tuple[int, int], lex: Lexicon) -> list[Candidate]:
    """به گفته X، … — the speaker first, then the reported words, with no verb of saying."""
    u_start, u_end = unit
    m = lex.according_to.search(text, u_start, u_end)
    if m is None:
        return []
    comma = re.compile(r"[،,]").search(text, m.end(), u_end)
    if comma and len(words(text, m.end(), comma.start())) <= _MAX_NAMED_WORDS:
        speaker_end, content_start = comma.start(), comma.end()
    else:
        two = words(text, m.end(), u_end)[:2]
        if len(two) < 2:
            return []
        speaker_end = content_start = two[-1].end()
    made = _indirect(text, content_start, u_end, lex)
    if made is None:
        return []
    kind, start, end = made
    return [Candidate(kind, start, end, m.group(0), m.start(), (m.end(), speaker_end), explicit=True)]


def _document(text: str, unit: tuple[int, int], lex: Lexicon) -> list[Candidate]:
    """در بیانیه X آمده است که … — a document speaks for its author."""
    u_start, u_end = unit
    m = lex.document_cue.search(text, u_start, u_end)
    if m is None:
        return []
    head = words(text, u_start, m.start())
    for i in range(len(head) - 2, -1, -1):
        if head[i].group(0) == "در" and i + 1 < len(head) and head[i + 1].group(0) in lex.document_nouns:
            speaker = (head[i + 1].end(), m.start())
            break
    else:
        return []
    that = _THAT.match(text, m.end())
    made = _indirect(text, that.end() if that else m.end(), u_end, lex)
    if made is None or speaker[0] >= speaker[1]:
        return []
    kind, start, end = made
    return [Candidate(kind, start, end, m.group(0), m.start(), speaker, explicit=True)]


def _headline(
    text: str, start: int, end: int, mentions: MentionIndex, pairs: dict[int, int]
) -> list[Candidate]:
    """گورباچف: ابرقدرت بودن آمریکا توهم است — a headline line naming a speaker before a colon."""
    line = text[start:end]
    if len(words(text, start, end)) > _MAX_HEADLINE_WORDS or line.rstrip().endswith("."):
        return []
    m = _HEADLINE.match(text, start, end)
    if m is None or len(words(text, m.start(1), m.end(1))) > 4:
        return []
    named = [x for x in mentions.within(m.start(1), m.end(1)) if x[2].type in ("PER", "ORG")]
    if not named:
        return []
    content_start = m.start(2)
    if content_start in pairs and pairs[content_start] < end:
        made = _direct(text, content_start, pairs[content_start])
    else:
        span = _trim(text, content_start, end, strip_final=False)
        made = None if span is None else ("direct", *span)
    if made is None:
        return []
    kind, s, e = made
    return [Candidate(kind, s, e, ":", m.end(1), (m.start(1), m.end(1)), explicit=True)]
