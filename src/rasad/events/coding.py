"""Coding events: trigger, actors and targets from the sentence around it, place and date."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rasad.events.lexicon import Lexicon, fold
from rasad.events.lookup import ActorTerms
from rasad.events.participants import (
    PREPOSITIONS,
    Candidate,
    Group,
    Referents,
    article_referents,
    country_participant,
    find_candidates,
    group_candidates,
)
from rasad.events.triggers import Trigger, candidate_triggers, overlaps, word_negated
from rasad.records import Doc, Entity, Event, Participant, Quote, Sentence, Span, Timex, Token

_WORD = re.compile(r"[^\W\d_](?:[\w\u200c]*[^\W_])?|\d+|\S")
_NOMINAL_REACH = 6  # tokens after a nominal trigger in which its partner phrase may stand
_OBJECT_REACH = 30
_GENITIVE_REACH = 4  # tokens after a nominal trigger in which the head of its genitive phrase may stand  # tokens before را in which a light verb's object phrase may open
# Entity types that can act or be acted on; an event (جنگ عراق) or a product is neither.
_PARTICIPANT_TYPES = frozenset({"PER", "ORG", "LOC", "FAC"})
_CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:\d{2}|W\d{2}|Q\d|H\d)(?:-\d{2})?)?(?=T|$)")  # not PAST_REF, T10:00, 198


@dataclass(frozen=True, slots=True)
class Context:
    """What coding one sentence needs from the rest of the article."""

    text: str
    entities: dict[str, Entity]
    timexes: tuple[Timex, ...]
    quotes: tuple[Quote, ...]
    lexicon: Lexicon
    terms: ActorTerms
    dateline: Participant | None
    referents: Referents = Referents()


def code_events(doc: Doc, lexicon: Lexicon, terms: ActorTerms) -> tuple[Event, ...]:
    """Every event of the article, in text order; a repeated one (same type and sides, no other date) once."""
    text = doc.text.value if doc.text else doc.raw.text
    sentences = doc.sentences or (Sentence(0, len(text)),)
    tokens = list(doc.tokens) if doc.tokens is not None else _tokens(text)
    entities = {e.id: e for e in doc.entities or () if e.type in _PARTICIPANT_TYPES}
    quotes = tuple(doc.quotes or ())
    folded = [fold(t.text) for t in tokens]
    referents = article_referents(tokens, folded, entities, terms)
    context = Context(text, entities, tuple(doc.timexes or ()), quotes, lexicon, terms, None, referents)
    context = replace(context, dateline=_dateline(sentences, tokens, context))
    persons = sorted(
        (m.start, referents.stand_ins.get(e.id) or Participant(e.id, e.name_en))
        for e in entities.values()
        if e.type == "PER"
        for m in e.mentions
    )
    events: list[Event] = []
    seen: dict[tuple, set[str | None]] = {}  # (type, actors, targets) → the dates already coded
    position = 0
    topic: Participant | None = None  # the person the article last spoke about as a subject
    sides: tuple[Participant, ...] = ()  # who took part in the last meeting or agreement (for "دو طرف")
    triggers = candidate_triggers(text, 0, lexicon)  # once per article: one pass of each cue's pattern
    for index, sentence in enumerate(sentences):
        while position < len(tokens) and tokens[position].end <= sentence.start:
            position += 1
        end = position
        while end < len(tokens) and tokens[end].start < sentence.end:
            end += 1
        sentence_tokens = tokens[position:end]
        last_person = next((p for start, p in reversed(persons) if start < sentence.start), None)
        inside = [t for t in triggers if sentence.start <= t.start and t.end <= sentence.end]
        found, subject, sides = _sentence_events(
            index, sentence, sentence_tokens, folded[position:end], inside, context, topic or last_person, sides
        )
        topic = subject or topic
        for event in found:
            key = (event.type, _names(event.actors), _names(event.targets))
            if not event.actors and event.targets and event.when is None and any(
                k[0] == key[0] and k[2] == key[2] for k in seen
            ):
                continue  # "محاکمه نتانیاهو" again, nobody named as doer: the act already coded with its doer
            dates = seen.setdefault(key, set())
            # The same act by the same sides is one event unless the article dates the two apart.
            if not dates or event.when is not None and None not in dates and event.when not in dates:
                dates.add(event.when)
                quote = quote_of(event, quotes)
                events.append(replace(event, quote=quotes.index(quote) if quote is not None else None))
    return tuple(events)


def _names(participants: tuple[Participant, ...]) -> frozenset[str | None]:
    return frozenset(p.name_en or p.entity for p in participants)


def _tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _sentence_events(
    index: int,
    sentence: Sentence,
    tokens: list[Token],
    words: list[str],
    triggers: list[Trigger],
    context: Context,
    referent: Participant | None,
    sides: tuple[Participant, ...] = (),
) -> tuple[list[Event], Participant | None, tuple[Participant, ...]]:
    """The events of one sentence, the person it is about (for later pronouns), and the last sides met."""
    if not tokens:
        return [], None, sides
    lexicon = context.lexicon
    candidates = find_candidates(tokens, context.entities, context.terms, referent, words, context.referents)
    # The reporter in "به گفته X، …" is no participant, and the comma after X closes no apposition.
    prefix_end = _attribution_end(list(words), lexicon)
    candidates = [c for c in candidates if c.first > prefix_end]
    groups = group_candidates(tokens, candidates, context.terms, words)
    words = list(words)
    _unquote_names(words, candidates)
    _unquote_phrases(words)
    subject = next((g for g in groups if g.marker is None and not g.apposition), None)
    topic = subject.members[0].participant if subject and subject.members[0].is_person else None
    if words and words[-1] in lexicon.questions:
        return [], topic, sides  # a question asks whether something happened; it does not report it
    events = []
    reciprocal: set[int] = set()  # trigger starts of events whose subject is "the two sides"
    claimed: list[Trigger] = []
    for trigger in triggers:  # best first
        if any(overlaps(trigger, other) for other in claimed):
            continue
        first = next((i for i, t in enumerate(tokens) if t.end > trigger.start), len(tokens) - 1)
        last = max((i for i, t in enumerate(tokens) if t.start < trigger.end), default=first)
        cue = trigger.cue
        if cue.objects and not _has_object(words, first, cue.objects, lexicon):
            continue  # another cue may read the same words (فراخواند: summon an envoy, or call on)
        own_clause = words[_clause_start(words, first, lexicon) :]
        if cue.context and not any(w.startswith(cue.context) for w in own_clause):
            continue  # the trigger's own context ("در گفت‌وگو با مطبوعات گفت که X آماده است …" has none)
        if cue.unless and any(w.startswith(cue.unless) for w in own_clause):
            continue  # "X یک جلسه سه‌جانبه پیشنهاد می‌دهد": a meeting not yet held, neither AGREE nor CONSULT
        claimed.append(trigger)
        type_ = _type(trigger, words, first, last, lexicon)
        if type_ is None:
            continue
        if any(w in cue.not_with for w in words[last + 1 : last + 4]):
            continue  # "گفت‌وگو با خبرگزاری …" is an interview, not a meeting
        roles = _roles(trigger, groups, words, first, last, lexicon)
        if roles is None:
            continue  # "دیدار" alone is no meeting of anyone
        actors, targets = roles
        if _reciprocal(words, groups, _clause_start(words, first, lexicon), first, lexicon) or (
            type_ in _SIDED and not actors and not targets and _has_phrase(words[:first], lexicon.meeting_references)
        ):
            actors, targets = list(sides), []  # resolved again below from a meeting earlier in this sentence
            reciprocal.add(trigger.start)
        where = _where(groups, first, _clause_start(words, first, lexicon)) or context.dateline
        if not actors and not trigger.passive and cue.genitive != "target":
            actors = _speaker(trigger, context)  # (a trial the speaker mentions is not the speaker's trial)
        if not actors and trigger.passive and cue.implicit_actor and where is not None:
            state = _state_of(where, context)
            actors = [state] if state is not None else []
        unnamed = _unnamed_target(words, first, cue.targets)
        if cue.requires_target and not targets and cue.kind != "nominal" and not unnamed:
            continue
        if not actors and not targets and trigger.start not in reciprocal:
            continue  # an event nobody did to nobody says nothing a reader can use
        events.append(
            Event(
                type=type_,  # type: ignore[arg-type]
                mode=cue.mode,
                trigger=Span(trigger.start, trigger.end, context.text[trigger.start : trigger.end]),
                actors=tuple(actors),
                targets=tuple(t for t in targets if t not in actors),
                where=where,
                when=_when(context.timexes, tokens, words, sentence, first, lexicon),
                sentence=index,
            )
        )
    events.sort(key=lambda e: e.trigger.start)
    return _resolve_sides(events, reciprocal, sides), topic, _last_sides(events, sides)


_SIDED = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _last_sides(events: list[Event], sides: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """Everyone in the last meeting, agreement or cooperation with two sides or more."""
    for event in reversed(events):
        everyone = tuple(dict.fromkeys(event.actors + event.targets))
        if event.type in _SIDED and len(everyone) >= 2:
            return everyone
    return sides


def _resolve_sides(events: list[Event], reciprocal: set[int], sides: tuple[Participant, ...]) -> list[Event]:
    """"X با Y دیدار کرد و دو طرف … توافق کردند": the two sides are X and Y, both actors, no target."""
    if not reciprocal:
        return events
    resolved = []
    for event in events:
        if event.trigger.start in reciprocal:
            if not sides:
                continue  # sides of nothing reported: nobody to code
            event = replace(event, actors=sides, targets=())
        resolved.append(event)
        sides = _last_sides([event], sides)
    return resolved


def _reciprocal(words: list[str], groups: list[Group], start: int, first: int, lexicon: Lexicon) -> bool:
    """True when the trigger's subject is "دو طرف" / "طرفین" (no named subject between it and the trigger)."""
    if not lexicon.reciprocal:
        return False
    lo = max(start, first - 12)
    for i in range(lo, first):
        if any(tuple(words[i : i + len(p)]) == p for p in lexicon.reciprocal):
            if i > 0 and words[i - 1] in PREPOSITIONS:
                continue  # "با دو طرف": a partner, not the subject
            return not any(g.marker is None and i < g.first < first for g in groups)
    return False


def _unquote_names(words: list[str], candidates: list[Candidate]) -> None:
    """«name»: guillemets around a single name quote the name, they do not open a clause."""
    for c in candidates:
        if 0 < c.first and c.last + 1 < len(words) and words[c.first - 1] == "«" and words[c.last + 1] == "»":
            words[c.first - 1] = words[c.last + 1] = '"'


_SCARE_QUOTE_WORDS = 5  # a «…» this short, not opened after a colon, quotes a phrase, not speech


def _unquote_phrases(words: list[str]) -> None:
    """«ساخت سدهای غیرمجاز»: guillemets around a short phrase mark its wording, they do not open a clause."""
    i = 0
    while i < len(words):
        if words[i] == "«" and not (i > 0 and words[i - 1] == ":"):
            close = next((j for j in range(i + 1, min(len(words), i + _SCARE_QUOTE_WORDS + 2)) if words[j] == "»"), None)
            if close is not None:
                words[i] = words[close] = '"'
                i = close
        i += 1


def _attribution_end(words: list[str], lexicon: Lexicon) -> int:
    """Index of the comma closing a leading "به گزارش خبرگزاری فارس،", or -1."""
    if not any(tuple(words[: len(opening)]) == opening for opening in lexicon.attribution):
        return -1
    return next((i for i, w in enumerate(words) if w in {"،", ","}), -1)


def _speaker(trigger: Trigger, context: Context) -> list[Participant]:
    """Inside a quote with no subject of its own ("ما … توافق کردیم"), the speaker did it."""
    for quote in context.quotes:
        if quote.start <= trigger.start and trigger.end <= quote.end and quote.speaker.entity:
            entity = context.entities.get(quote.speaker.entity)
            if entity is not None:
                return [context.referents.stand_ins.get(entity.id) or Participant(entity.id, entity.name_en)]
    return []


def quote_of(event: Event, quotes: tuple[Quote, ...]) -> Quote | None:
    """The quote an event was reported in (who claimed it), or None for the article's own voice."""
    return next((q for q in quotes if q.start <= event.trigger.start and event.trigger.end <= q.end), None)


def _type(trigger: Trigger, words: list[str], first: int, last: int, lexicon: Lexicon) -> str | None:
    """The event type after negation, modality, conditions and proposals; None when there is no event."""
    cue = trigger.cue
    negated, subjunctive = trigger.negated, trigger.subjunctive
    if cue.kind == "word":
        negated, aux = word_negated(words, last + 1, lexicon.clause_boundaries)
        subjunctive = aux < len(words) and _subjunctive_aux(words[aux])
    if cue.kind == "nominal" and any(
        w in lexicon.hypothetical_words for w in words[max(0, first - 2) : first]
    ):
        return None  # "هرگونه حمله": any attack, not one that happened
    clause = words[_clause_start(words, first, lexicon) : first]
    conditional = _has_phrase(words[:first], lexicon.conditional)
    if subjunctive and lexicon.subjunctive_drops:
        return None  # wished, allowed or feared: not (yet) an event
    if _has_phrase(clause, lexicon.plans):
        return None  # "قرار است خواستار … شوند": planned, not done
    if any(w in lexicon.negation_words for w in words[max(0, first - 2) : first]):
        negated = True
    if negated:
        return cue.negated  # a negated AGREE is no AGREE; a refused concession is a REJECT
    if cue.type in lexicon.proposal_blocks and _proposed(words, first, last, cue.kind, lexicon):
        return None  # a proposal to meet is not a meeting
    if conditional and cue.type in lexicon.if_conditional:
        return lexicon.if_conditional[cue.type]  # "if they do not agree, he will veto it again": a threat
    if trigger.future and cue.type in lexicon.if_future:
        return lexicon.if_future[cue.type]  # an attack announced is a threat, a meeting announced an AGREE
    return cue.type


def _subjunctive_aux(word: str) -> bool:
    """A bare present auxiliary (شود, شوند, باشد, کند): the word trigger before it is not asserted."""
    return word.startswith(("شو", "نشو", "بشو", "باش", "نباش", "کن", "نکن", "بکن")) and len(word) <= 6


def _has_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """True when one of the word sequences occurs in `words` (a one-word phrase may be glued: درصورتیکه)."""
    present = set(words)
    for phrase in phrases:
        glued = "".join(phrase)
        if glued in present:
            return True
        if phrase[0] not in present:
            continue
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def _has_object(words: list[str], first: int, objects: tuple[str, ...], lexicon: Lexicon) -> bool:
    """One of the cue's objects just before it, or opening its را phrase ("آمادگی … را اعلام کرد")."""
    before = words[max(0, first - 7) : first]
    if "را" in before:  # the object phrase ends at را: it may open long before it
        start = _clause_start(words, first, lexicon)
        cut = first - 1 - before[::-1].index("را")
        return any(w.startswith(objects) for w in words[max(start, cut - _OBJECT_REACH) : cut])
    before = [w for w in before[-3:] if w not in {"هیچ", "یک"}]
    return any(w.startswith(objects) for w in before)


def _proposed(words: list[str], first: int, last: int, kind: str, lexicon: Lexicon) -> bool:
    """A proposal word just before a nominal trigger, or anywhere in the rest of its clause."""
    lo = max(0, first - lexicon.proposal_window)
    for i in range(lo, first):
        # "درباره برنامه هسته‌ای ایران مذاکره کردند": a programme talked about is no plan to talk.
        if words[i] in lexicon.proposal_words and not (i > 0 and words[i - 1] in lexicon.proposal_topics):
            return True
    for word in words[last + 1 :]:
        if word in lexicon.clause_boundaries:
            break
        if word in lexicon.proposal_words:
            return kind == "nominal" or word.startswith("پیشنهاد")
    return False


def _clause_start(words: list[str], first: int, lexicon: Lexicon) -> int:
    """Index of the first token of the trigger's clause; a relative clause closed by a comma is skipped."""
    boundaries = lexicon.clause_boundaries
    j = first - 1
    while j >= 0:
        if words[j] in boundaries:
            if words[j] == "که" and "،" in words[j + 1 : first]:
                j -= 1  # "X را که …، VERB": the relative clause ended at the comma
                continue
            return j + 1
        j -= 1
    return 0


def _clause_end(words: list[str], last: int, lexicon: Lexicon) -> int:
    """Index of the last token of the clause that goes on after the trigger."""
    for j in range(last + 1, len(words)):
        if words[j] in lexicon.clause_boundaries:
            return j - 1
    return len(words) - 1


def _roles(
    trigger: Trigger, groups: list[Group], words: list[str], first: int, last: int, lexicon: Lexicon
) -> tuple[list[Participant], list[Participant]] | None:
    """Actors and targets of a trigger from the groups of its sentence; None when a noun names no event."""
    cue = trigger.cue
    start = _clause_start(words, first, lexicon)
    usable = [g for g in groups if not g.apposition]
    stop = _clause_end(words, last, lexicon)
    relative = _relative_clauses(words, start, first)
    before = [g for g in usable if start <= g.first and g.last < first and not any(a < g.first < b for a, b in relative)]
    after = [g for g in usable if last < g.first <= min(last + _NOMINAL_REACH, stop)]
    targets: list[Participant] = []
    actors: list[Participant] = []
    if cue.kind == "nominal":
        genitive = _genitive(after, words, last, lexicon)
        partner = _marked(after, cue.targets, nearest_first=True)
        # "دیدار با رهبران گروه‌ها": a partner phrase right after the trigger, even if nobody named is in it.
        opened = any(words[j] in cue.targets for j in range(last + 1, min(last + 2, len(words))))
        if cue.genitive == "target":
            # "محاکمه نتانیاهو": the genitive is who undergoes it; the clause's subject only talks about it.
            targets = genitive.participants() if genitive else partner.participants() if partner else []
            return ([], targets) if targets else None
        if partner is None and not opened and not (cue.alone and genitive):
            return None
        targets = partner.participants() if partner else []
        subject = genitive or _subject(before) or _fallback_subject(usable, start, words)
        actors = subject.participants() if subject else []
        return (actors, targets) if actors or targets else None
    if cue.complement:
        # "مدعی شد X …", "ادعا کرد که X …": the claim's first participant is whom it is about.
        rest = [g for g in usable if g.first > last and g.marker != "در"]
        subject = _subject(before) or _fallback_subject(usable, start, words)
        # "به اتحادیه اروپا پیشنهاد کردند": a marked addressee before the verb outranks the complement.
        addressee = _marked(before, cue.targets, nearest_first=False) if cue.targets else None
        object_ = addressee or (rest[0] if rest else None)
        return (subject.participants() if subject else []), (object_.participants() if object_ else [])
    subject = _subject(before) or _fallback_subject(usable, start, words)
    if trigger.passive:
        agent = _marked(before, ("توسط",), nearest_first=False)
        # "هرگونه دیدار بین X و Y رد شده است": X and Y inside the subject phrase are what was rejected.
        subject = _subject(before) or _marked(before, ("بین", "میان"), nearest_first=True)
        if subject is None:  # "از مواضع ترامپ انتقاد شده است": the marked phrase is still the target
            subject = _marked(before, tuple(m for m in cue.targets if m != "را"), nearest_first=False)
        targets = subject.participants() if subject else []
        actors = agent.participants() if agent else []
        return actors, targets
    object_ = _marked(before, cue.targets, nearest_first=False)
    if object_ is None and cue.kind == "word":
        # "خواستار بازگشت بازرسان به ایران شد": what is asked for names whom it is asked of.
        _, aux = word_negated(words, last + 1, lexicon.clause_boundaries)
        rest = [g for g in usable if last < g.first <= min(stop, aux) and g.marker != "در"]
        object_ = _marked(rest, cue.targets, nearest_first=True) or (rest[0] if rest else None)
    actors = subject.participants() if subject else []
    targets = object_.participants() if object_ and object_ is not subject else []
    return actors, targets


_COPULAS = frozenset({"است", "بود", "اند", "هست", "باشد"})


_UNNAMED_TARGET_REACH = 3  # tokens before a verb in which its target's preposition may stand


def _unnamed_target(words: list[str], first: int, markers: tuple[str, ...]) -> bool:
    """"از آدم‌ربایان می‌خواهم": the verb has its target phrase, though nobody in it is named."""
    return any(w in markers and w != "را" for w in words[max(0, first - _UNNAMED_TARGET_REACH) : first])


def _relative_clauses(words: list[str], start: int, first: int) -> list[tuple[int, int]]:
    """(که, comma) index pairs of the relative clauses the trigger's clause holds ("زمینی را که …، واگذار …")."""
    spans = []
    for i in range(start, first):
        # After a copula ("این در حالی است که …") که opens the statement itself, not a relative clause.
        if words[i] == "که" and not (i > 0 and words[i - 1] in _COPULAS):
            end = next((j for j in range(i + 1, first) if words[j] in {"،", ","}), None)
            if end is not None:
                spans.append((i, end))
    return spans


def _genitive(after: list[Group], words: list[str], last: int, lexicon: Lexicon) -> Group | None:
    """The phrase a nominal trigger is the head of: "سفر بوش", "بازدید هیات اقتصادی ترکیه از …"."""
    # No preposition may stand between: one before the trigger ("پس از سفر X") marks the trigger, not X.
    group = next((g for g in after if g.marker is None or g.marker in PREPOSITIONS), None)
    if group is None or group.first > last + _GENITIVE_REACH:
        return None
    between = words[last + 1 : group.first]
    if any(w in PREPOSITIONS or w in lexicon.clause_boundaries or not w.isalpha() for w in between):
        return None  # the phrase is not attached to the trigger
    return group


def _subject(groups: list[Group]) -> Group | None:
    """The first unmarked group of the clause: Persian puts the subject first."""
    return next((g for g in groups if g.marker is None), None)


def _fallback_subject(groups: list[Group], clause_start: int, words: list[str]) -> Group | None:
    """For a clause without its own subject, the nearest unmarked group before it in the sentence."""
    # "مسکو این پروژه را «بخش کلیدی کریدور …» می‌داند و از آن حمایت می‌کند": what is quoted is said, it acts not.
    return next(
        (
            g
            for g in reversed(groups)
            if g.last < clause_start and g.marker is None and not _quoted_before(words, g.first, clause_start)
        ),
        None,
    )


def _quoted_before(words: list[str], index: int, clause_start: int) -> bool:
    """Whether the word at `index` stands inside a «…» quotation that closes before `clause_start`."""
    opened = words[:index].count("«") > words[:index].count("»")
    return opened and "»" in words[index:clause_start]


def _marked(groups: list[Group], markers: tuple[str, ...], nearest_first: bool) -> Group | None:
    for marker in markers:
        matching = [g for g in groups if g.marker == marker]
        if matching:
            return matching[0] if nearest_first else matching[-1]
    return None


def _state_of(place: Participant, context: Context) -> Participant | None:
    """The country a place lies in (itself when it is a country), as an actor; None for a place of no known state."""
    entity = context.entities.get(place.entity or "")
    if entity is None:
        return place
    if context.terms.entity_country(entity) == entity.name_en and entity.name_en:
        return place  # a country acts itself
    country = context.terms.country_of(entity)
    # A city of no known (or a disputed) state says where, not who: no actor rather than a city as one.
    return country_participant(country, context.entities) if country else None


def _dateline(sentences: tuple[Sentence, ...], tokens: list[Token], context: Context) -> Participant | None:
    """The place an agency reports from: "به گزارش خبرگزاری رویتر از مادرید" → Madrid."""
    for sentence in sentences[:2]:
        inside = [t for t in tokens if sentence.start <= t.start and t.end <= sentence.end]
        words = [fold(t.text) for t in inside]
        if "گزارش" not in words[:4]:
            continue
        candidates = find_candidates(inside, context.entities, context.terms, None, None, context.referents)
        for group in group_candidates(inside, candidates, context.terms):
            if group.marker == "از" and group.first < 10 and group.members[0].place is not None:
                return group.members[0].place
    return None


def _where(groups: list[Group], first: int, clause_start: int) -> Participant | None:
    """A place marked by در: the first in the trigger's clause (places come early), else in the sentence."""
    places = [
        (g.first, m.place) for g in groups if g.marker == "در" for m in g.members if m.place is not None
    ]
    in_clause = [p for pos, p in places if clause_start <= pos < first]
    before = [p for pos, p in places if pos < first]
    chosen = in_clause or before or [p for _, p in places]
    return chosen[0] if chosen else None


def _when(
    timexes: tuple[Timex, ...],
    tokens: list[Token],
    words: list[str],
    sentence: Sentence,
    first: int,
    lexicon: Lexicon,
) -> str | None:
    """The date of the trigger's clause, else of the sentence's statement, else None."""
    dated = [
        t for t in timexes
        if sentence.start <= t.start and t.end <= sentence.end and t.value and t.type in {"DATE", "TIME"}
    ]  # fmt: skip
    if not dated:
        return None
    trigger_at = tokens[first].start
    clause_at = tokens[_clause_start(words, first, lexicon)].start
    clause_end = tokens[_clause_end(words, first, lexicon)].end
    in_clause = [t for t in dated if clause_at <= t.start < clause_end and not (t.value or "").startswith("T")]
    before = [t for t in dated if t.start < trigger_at and _CALENDAR_VALUE.match(t.value or "")]
    if in_clause:
        chosen = min(in_clause, key=lambda t: abs(t.start - trigger_at))
    elif before:
        chosen = before[-1]  # the date of the statement that reports the event
    else:
        return None
    if not _CALENDAR_VALUE.match(chosen.value or ""):
        return None  # "ماه‌ها پیش" (PAST_REF) dates the event, but to no calendar date
    return (chosen.value or "").split("T")[0]  # SCHEMA: a resolved date
