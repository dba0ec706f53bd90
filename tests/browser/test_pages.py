"""Drive the site in a real browser: every page, the dashboard-to-document path, search and
an export, on a desktop and a phone viewport. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = {"dashboard": "/", "partners": "/partners", "partner": "/partners/IRQ",
         "meetings": "/meetings", "meeting": "/meetings/1", "commitments": "/commitments",
         "commitment": "/commitments/12", "documents": "/documents",
         "document": "/documents/2", "search": "/search?q=foreign+fighters",
         "not-found": "/partners/NOPE"}


def _page(browser: Any, **kwargs: Any) -> Any:
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, **kwargs)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_browser_opens_every_page(browser: Any, server: str, shots: Path) -> None:
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    for name, path in PAGES.items():
        response = page.goto(server + path)
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), path
        assert page.locator("h1").first.inner_text().strip()
        assert "Traceback" not in page.content()
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    context.close()


def test_browser_dashboard_to_partner_meeting_commitment_and_sentence(
        browser: Any, server: str, shots: Path) -> None:
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.locator("table.matrix a:not([href='/partners/COALITION'])").first.click()
    assert page.url.startswith(server + "/partners/")
    page.locator("#meetings-h ~ ul a").first.click()
    assert "/meetings/" in page.url
    page.goto(server + "/")
    page.locator("p.next-plenary a", has_text="Brussels").click()
    assert "Brussels" in page.locator("h1").inner_text()
    page.locator("table.commitments a", has_text="180 days").first.click()
    assert "/commitments/" in page.url
    assert "180 days" in page.locator("blockquote mark.focus").inner_text()
    page.locator("a.in-document").click()
    focus = page.locator("#focus")
    assert focus.count() == 1 and "no later" in page.locator("mark.focus").all_inner_texts()[-1]
    page.screenshot(path=str(shots / "sentence-in-document.png"))
    context.close()


def test_browser_search_and_export(browser: Any, server: str, shots: Path) -> None:
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(server + "/search")
    page.get_by_label("Words or \"a phrase\"").fill("Kuwait")
    page.get_by_role("button", name="Search").last.click()
    assert page.locator("p.snippet mark").count() > 0
    page.screenshot(path=str(shots / "search-results.png"), full_page=True)
    page.goto(server + "/commitments?line=finance")
    with page.expect_download() as info:
        page.locator("a.export-csv").first.click()
    download = info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert rows and all("finance" in r["lines_of_effort"] for r in rows)
    context.close()


def test_browser_pages_fit_a_phone(browser: Any, server: str, shots: Path) -> None:
    context, page = _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    for name in ("dashboard", "meeting", "document"):
        page.goto(server + PAGES[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{name} scrolls sideways ({width}px)"
        page.screenshot(path=str(shots / f"phone-{name}.png"), full_page=True)
    context.close()
