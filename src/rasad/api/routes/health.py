"""GET /api/health."""

from __future__ import annotations

from fastapi import APIRouter, Request

from rasad import __version__
from rasad.api.deps import SettingsDep, StoreDep
from rasad.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(request: Request, store: StoreDep, settings: SettingsDep) -> Health:
    """Liveness and a glance at the archive."""
    warming = request.app.state.warming
    return Health(status="ok", version=__version__, articles=store.count(), schema_version=store.schema_version(),
                  read_only=settings.read_only, warming=bool(warming and warming.is_alive()))  # fmt: skip
