"""Browser fixtures: a live server on committed data and Debian's chromium via Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app.database import Database
from tests.conftest import make_app
from tests.content.conftest import FIXTURE

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Debian's chromium is missing: run `make test` as root, or apt-get install chromium"
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@contextmanager
def serve(database_url: str, **config: object) -> Iterator[Flask]:
    """An app instance on the test database, served over HTTP in a thread."""
    served = make_app(database_url, SERVER_NAME=None, **config)
    server = make_server("127.0.0.1", 0, served, threaded=True)
    served.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        thread.join(timeout=5)
        Database.engine_of(served).dispose()


@pytest.fixture
def live_app(app: Flask, database_url: str, committed: object) -> Iterator[Flask]:
    """A second app instance on the same database, served over HTTP in a thread."""
    with serve(database_url) as served:
        yield served


@pytest.fixture
def small_course_app(app: Flask, database_url: str, committed: object) -> Iterator[Flask]:
    """The same, on the content engine's small fixture course (one module, two lessons)."""
    with serve(database_url, COURSE_PATH=str(FIXTURE)) as served:
        yield served


@pytest.fixture
def page(browser: Browser, live_app: Flask) -> Iterator[Page]:
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
