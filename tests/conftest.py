"""Shared test fixtures: the repo's paths and the optional ../shared development data."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import PostgresServer, start_server

from rasad.pipeline import Pipeline
from rasad.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
SEED_DIR = SHARED / "fixtures" / "seed-article"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: evaluation tests need it, the product does not."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (evaluation data is for development only)")
    return SHARED


@pytest.fixture(scope="session")
def seed_dir(shared_dir: Path) -> Path:
    if not SEED_DIR.is_dir():
        pytest.skip("seed fixture missing")
    return SEED_DIR


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline, built once per test session."""
    return Pipeline.build()


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server per test process, stopped at the end of the session."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend: SQLite in a temporary folder, a fresh PostgreSQL database."""
    if request.param == "sqlite":
        opened: Store = open_store(tmp_path / "rasad.db")
    else:
        opened = open_store(request.getfixturevalue("pg_server").create_database("t_" + uuid.uuid4().hex[:12]))
    yield opened
    opened.close()


CHROMIUM = "/usr/bin/chromium"  # Debian's package (make system-deps), never a downloaded browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright, with the flags the project's browser tests run under."""
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )  # fmt: skip
        yield launched
        launched.close()
