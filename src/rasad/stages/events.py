"""Events: PLOVER-coded events (who did what to whom, where and when) from the trigger lexicon."""

from __future__ import annotations

from rasad.events.coding import code_events
from rasad.events.lexicon import lexicon
from rasad.events.lookup import actor_terms
from rasad.pipeline import stage
from rasad.records import Doc
from rasad.resources import Resources


@stage(
    "events", requires=("text", "sentences", "tokens", "entities", "timexes", "quotes"), provides=("events",)
)
def events(doc: Doc, resources: Resources) -> Doc:
    """Attach the article's events; empty entity, time or quote layers give fewer details, not errors."""
    found = code_events(
        doc,
        resources.load("events.lexicon", lexicon),
        resources.load("events.actor_terms", actor_terms),
    )
    return doc.with_layers(events=found)
