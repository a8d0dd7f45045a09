"""Declared stages chained into a pipeline: RawArticle in, Record out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rasad.errors import InputError, PipelineError, RasadError, StageError
from rasad.records import LAYERS, Doc, Failure, RawArticle, Record
from rasad.resources import Resources

StageFn = Callable[[Doc, Resources], Doc]

# The stages `Pipeline.build()` runs when none are named, in order.
DEFAULT_STAGES: tuple[str, ...] = ("normalize", "tokenize", "ner", "link", "timex", "quotes", "events")
# Articles longer than this (in characters) are refused rather than risk exhausting memory.
DEFAULT_MAX_CHARS = 5_000_000
# Spaces, ZWNJ/ZWJ, bidi marks, embeddings and isolates, BOM and soft hyphen show nothing on their own.
_VISIBLE = re.compile(r"[^\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_PERSIAN_LETTER = re.compile(r"[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\ufb50-\ufdff\ufe70-\ufefc]")


@dataclass(frozen=True, slots=True)
class Stage:
    """A named pure function over Doc, with the layers it reads and the layers it adds."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    fn: StageFn


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: Sequence[str] = (), provides: Sequence[str] = ()) -> Callable[[StageFn], StageFn]:
    """Register `fn(doc, resources) -> doc` as a pipeline stage."""

    def register(fn: StageFn) -> StageFn:
        unknown = sorted((set(requires) | set(provides)) - LAYERS)
        if unknown:
            raise PipelineError(f"stage {name!r} names unknown layers {unknown}; layers are {sorted(LAYERS)}")
        _REGISTRY[name] = Stage(name, tuple(requires), tuple(provides), fn)
        return fn

    return register


def registered_stages() -> dict[str, Stage]:
    """Every stage known to this process, by name."""
    import rasad.stages  # noqa: F401  (importing the package registers its stages)

    return dict(_REGISTRY)


def article_id(raw: RawArticle) -> str:
    """sha1 of source + original text, hex (SCHEMA.md)."""
    return hashlib.sha1(((raw.source or "") + raw.text).encode("utf-8")).hexdigest()


class Pipeline:
    """An ordered, checked chain of stages with the resources they share."""

    def __init__(self, stages: Sequence[Stage], resources: Resources, max_chars: int) -> None:
        self.stages = tuple(stages)
        self.resources = resources
        self.max_chars = max_chars

    @classmethod
    def build(
        cls,
        names: Sequence[str] = DEFAULT_STAGES,
        *,
        resources: Resources | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> Pipeline:
        """Resolve stage names and check that each stage's requirements come from an earlier stage."""
        known = registered_stages()
        available = {"raw", "id"}
        chain: list[Stage] = []
        for name in names:
            if name not in known:
                raise PipelineError(f"no stage named {name!r}; known stages: {', '.join(sorted(known))}")
            stage_ = known[name]
            for need in stage_.requires:
                if need not in available:
                    providers = [s.name for s in known.values() if need in s.provides]
                    hint = f" (provided by: {', '.join(providers)})" if providers else ""
                    raise PipelineError(
                        f"stage {name!r} requires {need!r}, which no earlier stage provides{hint}"
                    )
            available.update(stage_.provides)
            chain.append(stage_)
        return cls(chain, resources or Resources(), max_chars)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def run(self, raw: RawArticle) -> Record:
        """Analyze one article; raises InputError or StageError naming the article."""
        self._check(raw)
        doc = Doc(raw=raw, id=article_id(raw))
        if not _PERSIAN_LETTER.search(raw.text):
            doc = doc.warn(f"{raw.origin}: no Persian (Arabic-script) letters; rasad analyzes Persian news")
        for stage_ in self.stages:
            try:
                doc = stage_.fn(doc, self.resources)
            except RasadError:
                raise
            except Exception as exc:  # a bug in a stage must not end the batch
                raise StageError(
                    f"{raw.origin}: stage {stage_.name!r} failed: {type(exc).__name__}: {exc}"
                ) from exc
        return doc.to_record()

    def run_many(self, items: Iterable[RawArticle | Failure]) -> Iterator[Record | Failure]:
        """Analyze many articles; each failure is yielded in its place and the batch goes on."""
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            try:
                yield self.run(item)
            except RasadError as exc:
                yield Failure(origin=item.origin, reason=str(exc), error=type(exc).__name__)

    def _check(self, raw: RawArticle) -> None:
        if not _VISIBLE.search(raw.text):
            raise InputError(f"{raw.origin}: the article is empty (no visible characters)")
        if len(raw.text) > self.max_chars:
            raise InputError(
                f"{raw.origin}: the article has {len(raw.text):,} characters, over the limit of "
                f"{self.max_chars:,}; split it or raise the limit (--max-chars)"
            )
