"""Models and lexicons, loaded once per process and shared by every article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Resources:
    """A cache of loaded language resources: `load(key, loader)` calls each loader once."""

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def load(self, key: str, loader: Callable[[], T]) -> T:
        """The resource under `key`, loading it with `loader` the first time."""
        if key not in self._loaded:
            self._loaded[key] = loader()
        return self._loaded[key]

    def __getstate__(self) -> dict[str, Any]:
        # Shipped to worker processes empty: each worker loads its own copy once.
        return {"_loaded": {}}
