"""JSON API of meetings: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import meeting_data, meetings_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, MeetingPublic, MeetingsPublic
from coalition.store.queries.common import Listing
from coalition.store.queries.meetings import MeetingDetail, MeetingRow

router = APIRouter(prefix="/api", tags=["meetings"], responses=ERRORS)


@router.get("/meetings", response_model=MeetingsPublic)
def meetings_api(request: Request, data: Annotated[Listing[MeetingRow], Depends(meetings_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /meetings as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="meetings.html",
                  name='meetings')


@router.get("/meetings/{meeting_id}", response_model=MeetingPublic)
def meeting_api(request: Request, data: Annotated[MeetingDetail, Depends(meeting_data)],
                fmt: FormatQuery = None) -> Response:
    """Render /meetings/{meeting_id} as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="meeting.html",
                  name=f'meeting-{data.id}')
