"""The ``*_data`` functions: one per view, shared by the HTML pages and the JSON API.

Each is a FastAPI dependency that reads the query parameters and calls one store query, so
``/partners/IRQ`` and ``/api/partners/IRQ`` differ only in the renderer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query, Request

from coalition.serve.deps import Id, PageQuery, PerPageQuery, SessionDep
from coalition.store.queries import (
    commitments,
    dashboard,
    documents,
    due,
    meetings,
    monitor,
    opendata,
    partners,
)
from coalition.store.queries import search as search_queries
from coalition.store.queries.commitments import CommitmentDetail, CommitmentRow
from coalition.store.queries.common import MAX_LIMIT, BadCursor, Listing
from coalition.store.queries.dashboard import Dashboard
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.queries.due import DueList
from coalition.store.queries.meetings import MeetingDetail, MeetingRow
from coalition.store.queries.monitor import Membership, Metrics
from coalition.store.queries.opendata import Money
from coalition.store.queries.partners import PartnerProfile, PartnerRow
from coalition.store.queries.search import SearchResults

Text = Annotated[str | None, Query(max_length=200)]
AfterQuery = Annotated[str | None, Query(
    max_length=500, description="continue after this cursor (the `next` of the previous page)")]
LimitQuery = Annotated[int | None, Query(
    ge=1, le=MAX_LIMIT, description="rows per page with `after` (default: per_page)")]


@contextmanager
def _cursor_checked() -> Iterator[None]:
    """Answer 400, naming the cursor, when ``after`` is not a cursor of the list."""
    try:
        yield
    except BadCursor as err:
        raise HTTPException(status_code=400, detail=str(err)) from err


Confirmed = Annotated[bool, Query(description="1: only facts an analyst confirmed or edited")]


def dashboard_data(session: SessionDep, confirmed: Confirmed = False) -> Dashboard:
    """Return the dashboard (``?confirmed=1``: confirmed facts only)."""
    return dashboard.dashboard(session, confirmed=confirmed)


def partners_data(session: SessionDep, kind: Text = None, line: Text = None,
                  region: Text = None, q: Text = None,
                  sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "name",
                  page: PageQuery = 1, per_page: PerPageQuery = 50) -> Listing[PartnerRow]:
    """Return a page of partners (kind: state, organization, armed_group, person)."""
    return partners.list_partners(session, kind=kind, line=line, region=region, q=q,
                                  sort=sort, page=page, per_page=per_page)


def _partner(request: Request, session: SessionDep, key: str,
             default_format: str) -> PartnerProfile:
    """Return one partner's profile: every source for a CSV download, else the first of
    each kind (fewer on the HTML page, which a person reads, than in the JSON)."""
    fmt = request.query_params.get("format") or default_format
    limit = {"csv": None, "html": partners.PAGE_LIMIT}.get(fmt, partners.SOURCE_LIMIT)
    return partners.partner_profile(session, key, source_limit=limit)


def partner_data(request: Request, session: SessionDep, key: str) -> PartnerProfile:
    """Return one partner's profile for the API (JSON unless ``?format=`` says otherwise)."""
    return _partner(request, session, key, "json")


def partner_page_data(request: Request, session: SessionDep, key: str) -> PartnerProfile:
    """Return one partner's profile for its page (HTML unless ``?format=`` says otherwise)."""
    return _partner(request, session, key, "html")


def meetings_data(session: SessionDep, kind: Text = None, year: Text = None,
                  place: Text = None, sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "date",
                  page: PageQuery = 1, per_page: PerPageQuery = 50) -> Listing[MeetingRow]:
    """Return a page of meetings."""
    return meetings.list_meetings(session, kind=kind, year=year, place=place, sort=sort,
                                  page=page, per_page=per_page)


def meeting_data(session: SessionDep, meeting_id: Id) -> MeetingDetail:
    """Return one meeting."""
    return meetings.meeting_detail(session, meeting_id)


def commitments_data(session: SessionDep, line: Text = None,
                     meeting: Annotated[Id | None, Query()] = None, actor: Text = None,
                     deadline: Text = None, review: Text = None, q: Text = None,
                     sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "id",
                     page: PageQuery = 1, per_page: PerPageQuery = 50,
                     confirmed: Confirmed = False, after: AfterQuery = None,
                     limit: LimitQuery = None) -> Listing[CommitmentRow]:
    """Return a page of commitments (deadline: any, none, passed, upcoming)."""
    with _cursor_checked():
        return commitments.list_commitments(
            session, line=line, meeting=meeting, actor=actor, deadline=deadline,
            review=review, q=q, sort=sort, page=page, per_page=limit or per_page,
            confirmed=confirmed, after=after)


def commitment_data(session: SessionDep, commitment_id: Id) -> CommitmentDetail:
    """Return one commitment in context."""
    return commitments.commitment_detail(session, commitment_id)


def documents_data(session: SessionDep, kind: Text = None, year: Text = None,
                   place: Text = None, sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "date",
                   page: PageQuery = 1, per_page: PerPageQuery = 50,
                   after: AfterQuery = None, limit: LimitQuery = None) -> DocumentListing:
    """Return a page of documents with facets."""
    with _cursor_checked():
        return documents.list_documents(session, kind=kind, year=year, place=place, sort=sort,
                                        page=page, per_page=limit or per_page, after=after)


def document_data(session: SessionDep, document_id: Id) -> DocumentDetail:
    """Return one document with its facts."""
    return documents.document_detail(session, document_id)


def search_data(session: SessionDep, q: Annotated[str, Query(max_length=200)] = "",
                page: PageQuery = 1, per_page: PerPageQuery = 20) -> SearchResults:
    """Return the documents and facts matching ``q``."""
    return search_queries.search(session, q, limit=per_page, offset=(page - 1) * per_page)


Facts = Annotated[Literal["confirmed", "all"], Query(
    description="confirmed (default): facts an analyst confirmed or edited; all: unreviewed too")]


def metrics_data(session: SessionDep, facts: Facts = "confirmed") -> Metrics:
    """Return every metric as a dated series (``?facts=all``: unreviewed facts too)."""
    return monitor.metric_series(session, facts=facts)


def membership_data(session: SessionDep, facts: Facts = "confirmed") -> Membership:
    """Return who was a partner when, beside the counts the documents state."""
    return monitor.membership(session, facts=facts)


def due_data(session: SessionDep, facts: Facts = "confirmed") -> DueList:
    """Return the commitments with deadlines: due, overdue, met by a later meeting."""
    return due.due_list(session, facts=facts)


def popolo_data(session: SessionDep, facts: Facts = "confirmed") -> dict[str, list[dict[str, Any]]]:
    """Return people, organizations, memberships and meetings as Popolo JSON."""
    return opendata.popolo(session, facts=facts)


def money_data(session: SessionDep, facts: Facts = "confirmed",
               as_of: Annotated[date | None, Query(description="YYYY-MM-DD: what was known "
                                                   "by that day")] = None) -> Money:
    """Return the money as IATI-style transactions (extracted amounts are pledges)."""
    return opendata.money(session, facts=facts, as_of=as_of.isoformat() if as_of else None)
