"""The REST API and web UI server: `create_app(settings, store)`."""

from rasad.api.app import create_app
from rasad.api.settings import Settings

__all__ = ["Settings", "create_app"]
