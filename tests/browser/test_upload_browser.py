"""An admin uploads a document for named partners through the upload page, in a real
browser (file chooser, form, redirect to the new document)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from coalition.store.accounts import create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.schema import upgrade
from releasability.support import PASSWORD
from releasability.test_upload_page import TEXT

from .conftest import serving

pytestmark = pytest.mark.browser


def test_upload_in_a_real_browser(browser: Any, tmp_path: Path, shots: Path) -> None:
    store = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(store)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        create_user(session, name="nor-admin", role="admin", password=PASSWORD,
                    partner_key="NOR")
    engine.dispose()
    file = tmp_path / "readout.txt"
    file.write_text(TEXT, encoding="utf-8")
    with serving(store) as base:
        page = browser.new_context().new_page()
        page.set_default_timeout(15_000)
        page.goto(base + "/login?next=/documents/new")
        page.fill("input[name=name]", "nor-admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit] >> text=Log in")
        page.wait_for_url(base + "/documents/new")
        page.set_input_files("input[name=file]", str(file))
        page.fill("input[name=releasable_to]", "partners:JOR")
        with page.expect_navigation():
            page.click("button[type=submit] >> text=Upload")
        assert re.fullmatch(rf"{re.escape(base)}/documents/\d+", page.url), page.url
        assert "Harbourlight" in page.content()
        assert "JOR" in page.inner_text("main")  # the document page names its audience
        page.screenshot(path=str(shots / "upload.png"), full_page=True)
