"""One JSON error shape for the API (`{"error": {status, code, message, details}}`), HTML pages for the UI."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from rasad.errors import InputError, RasadError, StoreError
from rasad.store.search import QueryError

log = logging.getLogger("rasad.api")
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 414: "uri_too_long", 415: "unsupported_media_type", 422: "invalid_input",
         500: "internal_error", 503: "unavailable"}  # fmt: skip


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    code = CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def error_response(request: Request | None, status: int, message: str,
                   details: list[dict[str, Any]] | None = None) -> Response:  # fmt: skip
    """JSON for API paths, a small HTML page for the UI."""
    path = request.url.path if request is not None else "/api"
    if path.startswith("/api") or path.startswith("/static"):
        return JSONResponse(error_body(status, message, details), status_code=status)
    from rasad.web.render import error_page

    return HTMLResponse(error_page(status, message), status_code=status)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": str(err.get("msg", ""))}
        for err in exc.errors()
    ]


def install(app: FastAPI) -> None:
    """Route every failure to the one error shape; unexpected ones are logged, never shown."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        summary = "; ".join(f"{d['where']}: {d['problem']}" for d in details[:3])
        return error_response(request, 422, f"invalid request: {summary}", details)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        log.exception("store error on %s", request.url.path, exc_info=exc)
        return error_response(request, 503, "the archive could not answer; try again")

    @app.exception_handler(RasadError)
    async def rasad_failed(request: Request, exc: RasadError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error")
