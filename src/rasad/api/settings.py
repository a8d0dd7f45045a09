"""Server settings: where the archive is, the write token, and the limits on what a request may ask."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from rasad.store import default_db

TOKEN_ENV = "RASAD_API_TOKEN"
WARM_ENV = "RASAD_WARM_ENTITIES"
WARM_ENTITIES = 20


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app needs besides the store; read-only unless a write token is set."""

    db: str = "rasad.db"
    token: str | None = None  # POST /api/articles needs it as a bearer token; None refuses all writes
    max_body_bytes: int = 1_000_000
    max_query_string: int = 4_000  # characters of the URL's query string
    max_analyze_chars: int = 100_000
    max_page_size: int = 100
    max_offset: int = 1_000  # search ranks at most offset + limit results; deeper pages are refused
    warm_entities: int = WARM_ENTITIES  # at start, aggregate the pages of this many most written-about entities ahead

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from $RASAD_DB, $RASAD_API_TOKEN and $RASAD_WARM_ENTITIES, then the given overrides."""
        settings = cls(db=default_db(), token=os.environ.get(TOKEN_ENV) or None,
                       warm_entities=int(os.environ.get(WARM_ENV) or WARM_ENTITIES))  # fmt: skip
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def read_only(self) -> bool:
        return not self.token
