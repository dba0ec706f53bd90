"""Read deadlines and cadence: which commitments fall due, are overdue, or were met.

A commitment's due date is its stored deadline, else one computed from a relative deadline
("within 180 days", "within six weeks") counted from the full date of its meeting. When that
meeting has no (full) date, the due date stays unknown and the row says why: a date is never
invented. For a commitment about meeting again ("subsequent plenary", "next meeting"), the
next meeting of the same kind after its meeting tells whether it was met, and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from coalition.store.queries.commitments import commitment_rows_where
from coalition.store.queries.common import SourceRow, sources_of
from coalition.store.queries.merged_view import show_meetings
from coalition.store.queries.monitor import allowed_states
from coalition.store.tables import Commitment, Meeting, Source

CADENCE_WORDS = ("plenary", "plenaries", "meeting", "gathering", "convene", "meet again",
                 "conference", "session")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "thirty": 30, "sixty": 60,
           "ninety": 90}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
STATUSES = ("met", "late", "overdue", "due", "unknown")
_RELATIVE = re.compile(r"\b(\d+|" + "|".join(NUMBERS) + r")\s+(day|week|month|year)s?\b")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DueRow:
    """One commitment with a deadline: when it is due, its status and what met it."""

    commitment_id: int
    text: str
    deadline_text: str | None
    due: str | None
    status: str
    note: str
    meeting_id: int | None
    meeting_name: str | None
    meeting_date: str | None
    next_meeting_id: int | None
    next_meeting: str | None
    next_meeting_date: str | None
    sources: list[SourceRow]


@dataclass(frozen=True)
class DueList:
    """The commitments with deadlines, sorted by due date (unknown last)."""

    rows: list[DueRow]
    today: str
    facts: str


def relative_days(text: str | None) -> int | None:
    """Return the days of a relative deadline ("within 180 days"), or None.

    >>> relative_days("no later than within 180 days"), relative_days("within six weeks")
    (180, 42)
    """
    found = _RELATIVE.search((text or "").casefold())
    if found is None:
        return None
    count, unit = found.groups()
    n = int(count) if count.isdigit() else NUMBERS[count]
    return n * UNIT_DAYS[unit]


def is_cadence(text: str) -> bool:
    """Say whether a commitment is about meeting again (so a later meeting can meet it)."""
    low = text.casefold()
    return any(word in low for word in CADENCE_WORDS)


def _next_meeting(meetings: list[Meeting], base: Meeting) -> Meeting | None:
    if not base.start:
        return None
    later = [m for m in meetings if m.kind == base.kind and m.id != base.id and m.start
             and m.start > (base.end or base.start)]
    return min(later, key=lambda m: (m.start or "", m.id), default=None)


def _due_date(deadline: str | None, deadline_text: str | None,
              base: Meeting | None) -> tuple[str | None, str]:
    if deadline:
        return deadline, "deadline stated"
    days = relative_days(deadline_text)
    if days is None:
        return None, "the deadline gives no date"
    if base is None:
        return None, "no meeting is known to count the deadline from"
    if not base.start or not _FULL_DATE.match(base.start):
        return None, f"the {base.name} has no known day, so no due date is computed"
    due = date.fromisoformat(base.start) + timedelta(days=days)
    return due.isoformat(), f"{days} days after the {base.name} ({base.start})"


def _status(due: str | None, nxt: Meeting | None, cadence: bool, today: str) -> str:
    if cadence and nxt is not None and nxt.start:
        return "met" if due is None or nxt.start[:len(due)] <= due else "late"
    if due is None:
        return "unknown"
    return "overdue" if due < today else "due"


def due_list(session: Session, *, today: date | None = None,
             facts: str = "confirmed") -> DueList:
    """Return every commitment with a deadline: due date, status and the meeting that met it.

    >>> # due_list(session, facts="all").rows[0].status
    """
    day = (today or date.today()).isoformat()
    states = allowed_states(facts)
    dated = and_(or_(Commitment.deadline.is_not(None), Commitment.deadline_text.is_not(None)),
                 Commitment.id.in_(select(Source.record_id).where(
                     Source.record_type == "commitment", Source.review_state.in_(states))))
    sources: dict[int, list[SourceRow]] = {}
    for s in sources_of(session, "commitment", select(Commitment.id).where(dated)):
        if s.review_state in states:
            sources.setdefault(s.record_id, []).append(s)
    meetings = show_meetings(session, session.scalars(
        select(Meeting).where(Meeting.superseded_by.is_(None)).order_by(Meeting.id)))
    by_id = {m.id: m for m in meetings}
    rows = []
    for c in commitment_rows_where(session, dated):
        if not (c.deadline or c.deadline_text):
            continue
        base = by_id.get(c.meeting_id) if c.meeting_id is not None else None
        due, note = _due_date(c.deadline, c.deadline_text, base)
        cadence = is_cadence(c.text)
        nxt = _next_meeting(meetings, base) if base is not None and cadence else None
        if cadence and base is not None and not base.start:
            note += "; the next meeting of its kind cannot be told without the date"
        rows.append(DueRow(
            c.id, c.text, c.deadline_text, due, _status(due, nxt, cadence, day), note,
            base.id if base else None, base.name if base else None,
            base.start if base else None, nxt.id if nxt else None,
            nxt.name if nxt else None, nxt.start if nxt else None, sources.get(c.id, [])))
    rows.sort(key=lambda r: (r.due is None, r.due or "", r.commitment_id))
    return DueList(rows, day, facts)
