"""Browser fixtures: a real uvicorn server on 127.0.0.1 and Debian's Chromium.

Chromium is the system package (`apt-get install chromium`, see
scripts/ensure-chromium.sh) driven by Playwright through `executable_path`; the
Playwright-managed browser download is never used. Without Chromium the tests skip
with the reason, except under CSOPS_REQUIRE_BROWSER=1 (CI), where that fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from tests.page_seed import page_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1440, "height": 1000}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    if os.environ.get("CSOPS_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{reason} (CSOPS_REQUIRE_BROWSER=1: run scripts/ensure-chromium.sh)"
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium, or a skip naming how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        _unavailable("Chromium not found: apt-get install -y chromium")
    return found


@pytest.fixture(scope="session")
def playwright(chromium_path) -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as driver:
        yield driver


@dataclass
class LiveServer:
    """A uvicorn server running `app` in a thread; `url` has no trailing slash."""

    app: FastAPI
    url: str

    @property
    def services(self):
        return self.app.state.services


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """csops on a free 127.0.0.1 port with an empty store and the offline engine."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = page_app(tmp_path_factory.mktemp("csops-data"), public_url=url)
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield LiveServer(app=app, url=url)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def open_page(playwright, chromium_path, tmp_path) -> Iterator[Callable]:
    """Open a page in a fresh Chromium profile: `open_page(viewport, **options)`."""
    contexts = []

    def opened(viewport: dict = DESKTOP, **options):
        profile = tmp_path / f"chromium-profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport,
            **options,
        )
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield opened
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot() -> Callable:
    """`screenshot(page, name)` saves a full page under test-artifacts/screenshots/."""

    def saved(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return saved
