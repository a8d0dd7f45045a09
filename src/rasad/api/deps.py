"""Request dependencies as Annotated aliases: the store, settings, paging, the write token."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request

from rasad.api.settings import Settings
from rasad.pipeline import Pipeline
from rasad.store import Store, open_store


class StoreAccess:
    """One store connection per server thread (SQLite connections must stay in the thread that opened them)."""

    def __init__(self, url: str, first: Store | None = None) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []
        self._first = first
        self._first_thread = threading.get_ident() if first is not None else None

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            if self._first is not None and threading.get_ident() == self._first_thread:
                store = self._first
            else:
                store = open_store(self.url)
                with self._lock:
                    self._opened.append(store)
            self._local.store = store
        return store

    def close(self) -> None:
        """Close the connections this object opened (the store handed in belongs to the caller)."""
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - closing at shutdown is best effort; a thread may hold it
                    pass
            self._opened.clear()


class ThreadStore:
    """The store of whichever thread uses it: FastAPI may resolve a sync dependency in one worker thread and run
    the endpoint in another, so the connection is looked up per call rather than when the dependency resolves."""

    __slots__ = ("_access",)

    def __init__(self, access: StoreAccess) -> None:
        self._access = access

    def __getattr__(self, name: str) -> object:
        return getattr(self._access.get(), name)


class PipelineHolder:
    """The analysis pipeline, built on first use (it loads models) and shared by all requests."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def get(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline.build(max_chars=self.max_chars)
            return self._pipeline


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return ThreadStore(request.app.state.stores)  # type: ignore[return-value]


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline.get()


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def get_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=1000, description="Items to skip.")] = 0,
) -> Page:
    settings: Settings = request.app.state.settings
    return Page(min(limit, settings.max_page_size), min(offset, settings.max_offset))


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer token (the server's RASAD_API_TOKEN).")] = None,
) -> None:
    """Refuse writes unless the server has a token and the request carries it (compared in constant time)."""
    settings: Settings = request.app.state.settings
    if not settings.token:
        raise HTTPException(403, "this server is read-only: start it with RASAD_API_TOKEN set to allow writes")
    scheme, _, given = (authorization or "").partition(" ")
    # HTTP headers arrive decoded as Latin-1: back to their bytes, compared with the token's UTF-8 bytes.
    sent = given.strip().encode("latin-1", errors="replace")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent, settings.token.encode()):
        raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer <token>)")


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
PageDep = Annotated[Page, Depends(get_page)]
WriteAccess = Depends(require_token)
