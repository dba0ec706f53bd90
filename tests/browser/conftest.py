"""A real server and a real browser: uvicorn on a free loopback port over a store holding the
ingested seeds, and Debian's headless chromium driven by Playwright.

Without chromium the browser tests skip locally; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from coalition.serve.app import create_app
from coalition.settings import Settings
from corpus_support import seed_store

CHROMIUM = Path(os.environ.get("COALITION_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--headless"]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(store_url: str) -> Iterator[str]:
    """Serve the store at ``store_url`` with uvicorn in a thread; yield the base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(database_url=store_url)), host="127.0.0.1",
                            port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the seeded store; yield the base URL."""
    with serving(seed_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}")
                 ) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless chromium (Debian's), or a skip (a failure in CI) when it is missing."""
    if not CHROMIUM.exists():
        message = f"chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def shots() -> Path:
    """The folder screenshots are saved in."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
