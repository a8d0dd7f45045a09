"""Pipeline stages; importing this package registers them all."""

from rasad.stages import normalize, tokenize  # noqa: F401
