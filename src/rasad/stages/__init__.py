"""Pipeline stages; importing this package registers them all."""

from rasad.stages import events, link, ner, normalize, quotes, timex, tokenize  # noqa: F401
