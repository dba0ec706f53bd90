"""The ``*_data`` functions: one per view, shared by the HTML pages and the JSON API.

Each is a FastAPI dependency that reads the query parameters and calls one store query, so
``/partners/IRQ`` and ``/api/partners/IRQ`` differ only in the renderer.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query

from coalition.serve.deps import PageQuery, PerPageQuery, SessionDep
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
from coalition.store.queries.common import Listing
from coalition.store.queries.dashboard import Dashboard
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.queries.due import DueList
from coalition.store.queries.meetings import MeetingDetail, MeetingRow
from coalition.store.queries.monitor import Membership, Metrics
from coalition.store.queries.opendata import Money
from coalition.store.queries.partners import PartnerProfile, PartnerRow
from coalition.store.queries.search import SearchResults

Text = Annotated[str | None, Query(max_length=200)]


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


def partner_data(session: SessionDep, key: str) -> PartnerProfile:
    """Return one partner's profile."""
    return partners.partner_profile(session, key)


def meetings_data(session: SessionDep, kind: Text = None, year: Text = None,
                  place: Text = None, sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "date",
                  page: PageQuery = 1, per_page: PerPageQuery = 50) -> Listing[MeetingRow]:
    """Return a page of meetings."""
    return meetings.list_meetings(session, kind=kind, year=year, place=place, sort=sort,
                                  page=page, per_page=per_page)


def meeting_data(session: SessionDep, meeting_id: int) -> MeetingDetail:
    """Return one meeting."""
    return meetings.meeting_detail(session, meeting_id)


def commitments_data(session: SessionDep, line: Text = None,
                     meeting: Annotated[int | None, Query()] = None, actor: Text = None,
                     deadline: Text = None, review: Text = None, q: Text = None,
                     sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "id",
                     page: PageQuery = 1, per_page: PerPageQuery = 50,
                     confirmed: Confirmed = False) -> Listing[CommitmentRow]:
    """Return a page of commitments (deadline: any, none, passed, upcoming)."""
    return commitments.list_commitments(session, line=line, meeting=meeting, actor=actor,
                                        deadline=deadline, review=review, q=q, sort=sort,
                                        page=page, per_page=per_page, confirmed=confirmed)


def commitment_data(session: SessionDep, commitment_id: int) -> CommitmentDetail:
    """Return one commitment in context."""
    return commitments.commitment_detail(session, commitment_id)


def documents_data(session: SessionDep, kind: Text = None, year: Text = None,
                   place: Text = None, sort: Annotated[str, Query(pattern="^-?[a-z]+$")] = "date",
                   page: PageQuery = 1, per_page: PerPageQuery = 50) -> DocumentListing:
    """Return a page of documents with facets."""
    return documents.list_documents(session, kind=kind, year=year, place=place, sort=sort,
                                    page=page, per_page=per_page)


def document_data(session: SessionDep, document_id: int) -> DocumentDetail:
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
