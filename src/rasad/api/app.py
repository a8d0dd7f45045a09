"""The app factory: REST API under /api (OpenAPI docs at /api/docs), the RTL web UI at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from rasad import __version__
from rasad.api import errors, warm
from rasad.api.deps import PipelineHolder, StoreAccess
from rasad.api.limits import RequestLimits
from rasad.api.routes import articles, entities, events, health, pages
from rasad.api.settings import Settings
from rasad.store import Store

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
# The UI needs no script and no outside resource; inline SVG charts are part of the page.
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The rasad server over `store` (else the database named by settings.db)."""
    access = StoreAccess(store.url if store is not None else settings.db, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.warming = warm.start(access.url, settings.warm_entities)
        yield
        access.close()

    app = FastAPI(
        title="rasad", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url="/api/openapi.json",
        description="Persian news as records: search articles; who met whom, who said what, where and when. "
        "Errors always have the shape {\"error\": {\"status\", \"code\", \"message\", \"details\"}}.",
    )  # fmt: skip
    app.state.settings = settings
    app.state.stores = access
    app.state.warming = None  # the warm-up thread, once the server has started
    app.state.pipeline = PipelineHolder(settings.max_analyze_chars)
    errors.install(app)
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes, max_query_string=settings.max_query_string)
    responses = {400: {"model": errors_model()}, 422: {"model": errors_model()}}
    for module in (health, articles, entities, events):
        app.include_router(module.router, prefix="/api", responses=responses)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="rasad API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js", swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )  # fmt: skip

    @app.middleware("http")
    async def security_headers(request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.headers.get("content-type", "").startswith("text/html") and request.url.path != "/api/docs":
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return app


def errors_model() -> type:
    from rasad.api.schemas import ErrorBody

    return ErrorBody
