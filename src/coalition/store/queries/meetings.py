"""Read meetings: the list (for the timeline too) and one meeting with who came and what
was decided.

A commitment belongs to the meeting the store links it to; one the store left unlinked
belongs to the own meeting of the document that states it (see
:func:`coalition.store.queries.documents.primary_meetings`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.store.queries import cache
from coalition.store.queries.commitments import (
    CommitmentRow,
    commitments_per_meeting,
    meeting_commitments,
    meeting_documents,
)
from coalition.store.queries.common import (
    Listing,
    SourceRow,
    document_title,
    head_of,
    page_slice,
    sources_of,
)
from coalition.store.queries.documents import document_dates
from coalition.store.queries.merged_view import show_meetings, show_rows
from coalition.store.queries.partners import MoneyRow, money_rows
from coalition.store.tables import Actor, Document, Meeting, MoneyAmount, Participation, Source

MEETING_SORTS = ("date", "-date", "name", "kind", "place", "-participants", "-commitments")


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in the list."""

    id: int
    name: str
    kind: str
    start: str | None
    end: str | None
    city: str | None
    country_iso3: str | None
    participants: int
    commitments: int


@dataclass(frozen=True)
class Participant:
    """A partner at a meeting, in one role (attended, hosted, signed, declined, ...)."""

    key: str
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class DocumentRef:
    """A document that reports a meeting."""

    id: int
    title: str
    kind: str
    date: str | None


@dataclass(frozen=True)
class MeetingDetail:
    """One meeting: when, where, who, what documents report it and what was decided."""

    id: int
    key: str
    name: str
    kind: str
    start: str | None
    end: str | None
    city: str | None
    country_iso3: str | None
    hosts: list[Participant]
    participants: list[Participant]
    documents: list[DocumentRef]
    commitments: list[CommitmentRow]
    money: list[MoneyRow]
    resolutions: list[int]
    sources: list[SourceRow]


def meeting_rows(session: Session) -> list[MeetingRow]:
    """Return every current meeting as the viewer is shown it, with its participant and
    commitment counts, in date order. Cached per store generation and audience (and shared
    between processes): computed once after each write, so every page, filter and sort of
    the list is a slice of it."""
    def compute() -> list[MeetingRow]:
        present = dict(session.execute(select(Participation.meeting_id,
                                              func.count(func.distinct(Participation.actor_id)))
                                       .group_by(Participation.meeting_id)).all())
        decided = commitments_per_meeting(session)
        columns = (Meeting.id, Meeting.name, Meeting.kind, Meeting.start, Meeting.end,
                   Meeting.city, Meeting.country_iso3)
        rows = show_rows(session, [
            MeetingRow(*m, int(present.get(m[0], 0)), decided.get(m[0], 0))
            for m in session.execute(select(*columns).where(Meeting.superseded_by.is_(None)))])
        rows.sort(key=_by_date)
        return rows

    return cache.cached(session, "meeting_rows", (), compute, shared=True)


def _by_date(r: MeetingRow) -> tuple[str, int]:
    return r.start or "9999", r.id


_ORDER: dict[str, Callable[[MeetingRow], Any]] = {
    "date": _by_date, "name": lambda r: (r.name, r.id), "kind": lambda r: (r.kind, r.start or ""),
    "place": lambda r: (r.city or r.country_iso3 or "~", r.id),
    "-participants": lambda r: (-r.participants, r.id),
    "-commitments": lambda r: (-r.commitments, r.id)}


def list_meetings(session: Session, *, kind: str | None = None, year: str | None = None,
                  place: str | None = None, sort: str = "date", page: int = 1,
                  per_page: int = 50, dated: bool = False) -> Listing[MeetingRow]:
    """Return a page of meetings filtered by kind, year and place (city or ISO3); ``dated``
    keeps only those with a start date.

    >>> # list_meetings(session, kind="ministerial_plenary").total
    """
    rows = meeting_rows(session)
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if year:
        rows = [r for r in rows if (r.start or "")[:4] == year]
    if place:
        rows = [r for r in rows if place in (r.city, r.country_iso3)]
    if dated:
        rows = [r for r in rows if r.start]
    if sort == "-date":
        rows = rows[::-1]  # already in date order
    elif sort != "date":
        rows = sorted(rows, key=_ORDER.get(sort, _by_date))
    filters = {k: v for k, v in (("kind", kind), ("year", year), ("place", place)) if v}
    return Listing(page_slice(rows, page=page, per_page=per_page), len(rows), page, per_page,
                   sort, filters)


def _participants(session: Session, meeting_id: int) -> list[Participant]:
    stmt = (select(Actor.key, Actor.name, Actor.kind, Participation.role)
            .join(Participation, Participation.actor_id == Actor.id)
            .where(Participation.meeting_id == meeting_id)
            .order_by(Participation.role, Actor.name))
    return [Participant(*row) for row in session.execute(stmt)]


def _documents(session: Session, reports: list[int]) -> list[DocumentRef]:
    """The documents that report a meeting (``reports``: their ids)."""
    dates = document_dates(session, reports)
    stmt = (select(Document.id, Document.title, head_of(Document.text), Document.kind)
            .where(Document.id.in_(reports)).order_by(Document.id))
    return [DocumentRef(i, document_title(i, t, h), k, dates.get(i))
            for i, t, h, k in session.execute(stmt)]


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    """Return one meeting with hosts, participants, documents, commitments and money.

    Raises :class:`coalition.errors.NotFound` for an unknown id.
    """
    stored = session.get(Meeting, meeting_id)
    if stored is None:
        raise NotFound(f"no meeting {meeting_id}")
    m = show_meetings(session, [stored])[0]
    people = _participants(session, m.id)
    reports, own = meeting_documents(session, m.id)
    money_ids = sorted(set(session.scalars(select(Source.record_id).where(
        Source.record_type == "money", Source.document_id.in_(own)))))  # a list: index probes
    resolutions = session.scalars(select(Source.record_id).distinct().where(
        Source.record_type == "resolution", Source.document_id.in_(own))).all()
    return MeetingDetail(
        m.id, m.key, m.name, m.kind, m.start, m.end, m.city, m.country_iso3,
        [p for p in people if p.role == "hosted"], people, _documents(session, reports),
        meeting_commitments(session, m.id, own),
        money_rows(session, where=MoneyAmount.id.in_(money_ids)), sorted(resolutions),
        sources_of(session, "meeting", [m.id]))
