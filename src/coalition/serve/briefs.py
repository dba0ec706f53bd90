"""Render a briefing as HTML, Markdown or PDF (WeasyPrint), for the pages and the CLI.

Every statement carries its footnote numbers; the notes list the document title and the
quoted sentence, so a printed briefing still says where each statement comes from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.serve.formats import templates
from coalition.store.queries.brief import Briefing, line_brief, meeting_brief, partner_brief

BriefFormat = Literal["html", "md", "pdf"]
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
               "pdf": "application/pdf"}


def _scope(brief: Briefing) -> str:
    return ("Confirmed facts only." if brief.facts != "all"
            else "All extracted facts, reviewed or not.")


def render_html(brief: Briefing, *, served: bool = False) -> str:
    """Return the briefing as HTML: standalone (its stylesheet inline) for files and PDFs, or
    linking /static/brief.css when the app serves it (the CSP allows no inline style)."""
    css = None if served else _stylesheet()
    return templates.get_template("brief.html").render(brief=brief, scope=_scope(brief),
                                                       css=css)


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return resources.files("coalition.serve").joinpath("static/brief.css").read_text("utf-8")


def render_markdown(brief: Briefing) -> str:
    """Return the briefing as Markdown with footnotes (``[^1]``).

    >>> # render_markdown(partner_brief(session, "IRQ")).startswith("# Briefing")
    """
    lines = [f"# {brief.title}", "", f"_{_scope(brief)}_", ""]
    for section in brief.sections:
        lines += [f"## {section.heading}", ""]
        lines += [f"- {item.text}" + "".join(f"[^{n}]" for n in item.notes)
                  for item in section.items] or ["- Nothing recorded."]
        lines.append("")
    if brief.notes:
        lines += ["## Sources", ""]
        lines += [f'[^{n.n}]: {n.document_title}: "{" ".join(n.quote.split())}"'
                  for n in brief.notes]
    return "\n".join(lines) + "\n"


def render_pdf(brief: Briefing) -> bytes:
    """Return the briefing as a PDF drawn by WeasyPrint from its HTML."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=render_html(brief)).write_pdf()
    return pdf


def render_brief(brief: Briefing, fmt: BriefFormat, *, served: bool = False) -> bytes:
    """Return the briefing in ``fmt`` as bytes (UTF-8 for html and md)."""
    if fmt == "pdf":
        return render_pdf(brief)
    text = render_html(brief, served=served) if fmt == "html" else render_markdown(brief)
    return text.encode("utf-8")


def build_brief(session: Session, kind: str, subject: str, *, facts: str) -> Briefing:
    """Return the briefing of ``kind`` (partner, meeting, line-of-effort) on ``subject``.

    Raises :class:`coalition.errors.NotFound` for an unknown kind or subject.
    """
    if kind == "partner":
        return partner_brief(session, subject, facts=facts)
    if kind == "meeting" and subject.isdigit():
        return meeting_brief(session, int(subject), facts=facts)
    if kind == "line-of-effort":
        return line_brief(session, subject, facts=facts)
    raise NotFound(f"no {kind} {subject!r}")
