"""Briefing pages: a partner, a meeting or a line of effort as HTML, Markdown or PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from coalition.serve.briefs import MEDIA_TYPES, BriefFormat, render_brief
from coalition.serve.data import Facts
from coalition.serve.deps import Id, SessionDep
from coalition.serve.schemas import PAGE_ERRORS
from coalition.store.queries.brief import Briefing, line_brief, meeting_brief, partner_brief

router = APIRouter(tags=["briefings"], responses=PAGE_ERRORS)
BriefFormatQuery = Annotated[BriefFormat, Query(alias="format",
                                                description="html (default), md or pdf")]


def _respond(brief: Briefing, fmt: BriefFormat) -> Response:
    headers = {"X-Coalition-Facts": brief.facts}
    if fmt != "html":
        name = f"brief-{brief.kind}-{brief.subject}.{fmt}"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(render_brief(brief, fmt, served=True), media_type=MEDIA_TYPES[fmt],
                    headers=headers)


@router.get("/brief/partner/{key}", response_class=Response)
def partner_brief_page(session: SessionDep, key: str, fmt: BriefFormatQuery = "html",
                       facts: Facts = "confirmed") -> Response:
    """Render the briefing on one partner."""
    return _respond(partner_brief(session, key, facts=facts), fmt)


@router.get("/brief/meeting/{meeting_id}", response_class=Response)
def meeting_brief_page(session: SessionDep, meeting_id: Id, fmt: BriefFormatQuery = "html",
                       facts: Facts = "confirmed") -> Response:
    """Render the briefing on one meeting."""
    return _respond(meeting_brief(session, meeting_id, facts=facts), fmt)


@router.get("/brief/line-of-effort/{key}", response_class=Response)
def line_brief_page(session: SessionDep, key: str, fmt: BriefFormatQuery = "html",
                    facts: Facts = "confirmed") -> Response:
    """Render the briefing on one line of effort."""
    return _respond(line_brief(session, key, facts=facts), fmt)
