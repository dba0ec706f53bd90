"""An analyst logs in, confirms a fact with the "c" key and undoes it with "u", in a real
browser (JavaScript on) against uvicorn over a small store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.schema import upgrade
from coalition.store.tables import Source
from review.support import PASSWORD, fill

from .conftest import serving

pytestmark = pytest.mark.browser


@pytest.fixture
def review_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Serve a small store with an analyst; yield the base URL and the store URL."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine)
    engine.dispose()
    with serving(url) as base:
        yield base, url


def _state(url: str, source_id: int) -> str:
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as s:
            source = s.get(Source, source_id)
            assert source is not None
            return source.review_state
    finally:
        engine.dispose()


def test_browser_review_confirm_with_keyboard_and_undo(
        browser: Any, review_server: tuple[str, str], shots: Path) -> None:
    base, store = review_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(base + "/login?next=/review")
    page.fill("input[name=name]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit] >> text=Log in")
    page.wait_for_url(base + "/review")
    left = int(page.inner_text("#remaining"))
    first = page.locator("article.fact").first
    fact = int(first.get_attribute("data-id") or 0)
    assert "current" in (first.get_attribute("class") or "")
    with page.expect_navigation():
        page.keyboard.press("c")
    assert page.locator(".flash").inner_text().endswith("confirmed")
    assert int(page.inner_text("#remaining")) == left - 1
    assert _state(store, fact) == "confirmed"
    page.screenshot(path=str(shots / "review-confirmed.png"), full_page=True)
    page.keyboard.press("j")
    assert "current" in (page.locator("article.fact").nth(1).get_attribute("class") or "")
    with page.expect_navigation():
        page.keyboard.press("u")
    assert "undo done" in page.locator(".flash").inner_text()
    assert int(page.inner_text("#remaining")) == left
    assert _state(store, fact) == "unreviewed"
    context.close()
