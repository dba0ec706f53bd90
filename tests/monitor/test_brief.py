"""Briefings: sections, footnotes to source sentences, and the headings inside the PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coalition.cli import app
from coalition.serve.briefs import render_markdown, render_pdf
from coalition.settings import get_settings
from coalition.store.queries.brief import line_brief, meeting_brief, partner_brief

from .support import TRAINING

HEADINGS = ("Key facts", "Timeline", "Commitments and compliance", "Money", "Metrics")


def test_brief_partner_footnotes_every_statement(small: Session) -> None:
    brief = partner_brief(small, "CHL", facts="all")
    assert [s.heading for s in brief.sections] == list(HEADINGS)
    notes = {n.n: n for n in brief.notes}
    items = [i for s in brief.sections for i in s.items]
    assert items and all(i.notes and all(n in notes for n in i.notes) for i in items)
    timeline = brief.sections[1].items
    assert [i.text for i in timeline] == ["2020-03-02: attended the Oslo plenary"]
    note = notes[timeline[0].notes[0]]
    assert (note.document_title, note.quote) == (
        "Oslo statement", "Norway, Chile and the European Union attended")
    commitments = [i.text for i in brief.sections[2].items]
    assert commitments == [f"{TRAINING} Due 2020-12-31: {_status_2020_12_31()}."
                           " Compliance: not assessed."]


def _status_2020_12_31() -> str:
    from datetime import date

    return "overdue" if date.today().isoformat() > "2020-12-31" else "due"


def test_brief_confirmed_by_default_is_empty(small: Session) -> None:
    brief = partner_brief(small, "CHL")
    assert brief.notes == [] and all(s.items == [] for s in brief.sections)


def test_brief_meeting_and_line(small: Session) -> None:
    oslo = meeting_brief(small, 1, facts="all")
    assert oslo.title == "Briefing: Oslo plenary"
    assert {i.text for i in oslo.sections[1].items} == {
        "Norway attended.", "Chile attended.", "European Union attended."}
    metrics = [i.text for i in oslo.sections[4].items]
    assert "airstrikes: 1,200 count (2020-03-02)" in metrics
    assert line_brief(small, "finance", facts="all").sections[0].items == []


def test_brief_pdf_has_its_headings(small: Session) -> None:
    brief = partner_brief(small, "NOR", facts="all")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(brief))).pages)
    for heading in ("Briefing: Norway", *HEADINGS, "Sources"):
        assert heading in text, heading
    markdown = render_markdown(brief)
    assert "## Timeline" in markdown and '"Norway, Chile and the European Union' in markdown


def test_brief_pdf_renders_to_an_image(small: Session, tmp_path: Path) -> None:
    """The PDF draws: poppler renders its first page, and the page is not blank."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: scripts/test installs poppler-utils")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_pdf(partner_brief(small, "NOR", facts="all")))
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    page = next(tmp_path.glob("page*.png"))
    with Image.open(page) as image:
        lo, hi = image.convert("L").getextrema()
    assert hi - lo > 100, "the rendered page is blank"


def test_brief_cli_and_page(engine: Engine, small: Session, tmp_path: Path) -> None:
    url = engine.url.render_as_string(hide_password=False)
    out = tmp_path / "chl.pdf"
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["brief", "partner", "CHL", "--format", "pdf",
                                          "--facts", "all", "--output", str(out)],
                                    env={"COALITION_DATABASE_URL": url})
        md = CliRunner().invoke(app, ["brief", "line-of-effort", "nope"],
                                env={"COALITION_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Timeline" in PdfReader(out).pages[0].extract_text()
    assert md.exit_code == 1


def test_brief_page_formats(seeds_client: TestClient) -> None:
    html = seeds_client.get("/brief/partner/IRQ?facts=all")
    assert html.status_code == 200 and "<h2>Timeline</h2>" in html.text
    md = seeds_client.get("/brief/meeting/1?format=md&facts=all")
    assert md.text.startswith("# Briefing: Jeddah conference")
    pdf = seeds_client.get("/brief/line-of-effort/finance?format=pdf&facts=all")
    assert pdf.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert "Commitments and compliance" in "".join(p.extract_text() for p in pages)
    assert seeds_client.get("/brief/partner/XXX").status_code == 404
