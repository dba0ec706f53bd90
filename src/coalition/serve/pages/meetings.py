"""HTML pages of meetings: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import meeting_data, meetings_data
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render
from coalition.store.audit import record_history
from coalition.store.queries.common import Listing
from coalition.store.queries.meetings import MeetingDetail, MeetingRow

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/meetings", response_class=Response)
def meetings_page(request: Request, data: Annotated[Listing[MeetingRow], Depends(meetings_data)],
                  fmt: FormatQuery = None) -> Response:
    """Render /meetings as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="meetings.html",
                  name='meetings')


@router.get("/meetings/{meeting_id}", response_class=Response)
def meeting_page(request: Request, meeting_id: Id, session: SessionDep,
                 data: Annotated[MeetingDetail, Depends(meeting_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /meetings/{meeting_id} as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="meeting.html",
                  name=f'meeting-{data.id}',
                  context={'history': record_history(session, 'meeting', meeting_id)})
