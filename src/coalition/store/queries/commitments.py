"""Read commitments: the list with filters, and one commitment in the text that states it.

A commitment's meeting is the one the store links it to, else the own meeting of the first
document that states it (the plenary whose statement lists it). Its review state is the
review state of its first source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition.errors import NotFound
from coalition.store.queries.common import (
    Listing,
    SourceRow,
    document_title,
    page_slice,
    sources_of,
)
from coalition.store.queries.documents import primary_meetings
from coalition.store.tables import (
    CONFIRMED_STATES,
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    ComplianceAssessment,
    Document,
    Meeting,
    Source,
)

COMMITMENT_SORTS = ("id", "deadline", "-deadline", "meeting", "text")
DEADLINE_FILTERS = ("any", "none", "passed", "upcoming")
CONTEXT_CHARS = 400


@dataclass(frozen=True)
class CommitmentRow:
    """One commitment with who is bound, its lines of effort, meeting and first source."""

    id: int
    text: str
    deadline: str | None
    deadline_text: str | None
    meeting_id: int | None
    meeting_name: str | None
    actors: list[str]
    lines_of_effort: list[str]
    review_state: str
    document_id: int | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class BoundActor:
    """A partner bound by a commitment."""

    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class Assessment:
    """A compliance assessment of one partner against one commitment."""

    actor_key: str
    score: int | None
    period: str | None
    rationale: str | None
    evidence: str | None
    assessor: str | None


@dataclass(frozen=True)
class CommitmentDetail:
    """One commitment, its sentence in context, who is bound and how they complied."""

    commitment: CommitmentRow
    document_title: str | None
    before: str
    sentence: str
    after: str
    bound: list[BoundActor]
    assessments: list[Assessment]
    sources: list[SourceRow]


def _first_sources(session: Session) -> dict[int, Source]:
    first = (select(func.min(Source.id)).where(Source.record_type == "commitment")
             .group_by(Source.record_id))
    return {s.record_id: s for s in session.scalars(select(Source).where(Source.id.in_(first)))}


def meeting_of(session: Session) -> dict[int, int]:
    """Return the meeting of every commitment that has one (linked, else by its document)."""
    own = primary_meetings(session)
    firsts = _first_sources(session)
    out: dict[int, int] = {}
    for cid, mid in session.execute(select(Commitment.id, Commitment.meeting_id)):
        doc = firsts[cid].document_id if cid in firsts else None
        meeting = mid if mid is not None else own.get(doc) if doc is not None else None
        if meeting is not None:
            out[cid] = meeting
    return out


def _many(session: Session, stmt: object) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for cid, value in session.execute(stmt):  # type: ignore[call-overload]
        out.setdefault(cid, []).append(value)
    return out


def commitment_rows(session: Session, ids: list[int] | None = None) -> list[CommitmentRow]:
    """Return the given commitments (all when ``ids`` is None), by id."""
    stmt = select(Commitment).order_by(Commitment.id)
    if ids is not None:
        stmt = stmt.where(Commitment.id.in_(ids))
    commitments = list(session.scalars(stmt))
    meetings = meeting_of(session)
    names = dict(session.execute(select(Meeting.id, Meeting.name)).all())
    actors = _many(session, select(CommitmentActor.commitment_id, Actor.key)
                   .join(Actor, Actor.id == CommitmentActor.actor_id).order_by(Actor.key))
    lines = _many(session, select(CommitmentLine.commitment_id, CommitmentLine.line_of_effort_key)
                  .where(CommitmentLine.superseded_at.is_(None))
                  .order_by(CommitmentLine.line_of_effort_key))
    firsts = _first_sources(session)
    rows = []
    for c in commitments:
        mid, src = meetings.get(c.id), firsts.get(c.id)
        rows.append(CommitmentRow(
            c.id, c.text, c.deadline, c.deadline_text, mid, names.get(mid) if mid else None,
            actors.get(c.id, []), lines.get(c.id, []),
            src.review_state if src else "unreviewed", src.document_id if src else None,
            src.start if src else None, src.end if src else None))
    return rows


def confirmed_ids(session: Session, record_type: str) -> set[int]:
    """Return the ids of the records of ``record_type`` with a confirmed or edited source."""
    return set(session.scalars(select(Source.record_id).where(
        Source.record_type == record_type, Source.review_state.in_(CONFIRMED_STATES))))


def _deadline_ok(row: CommitmentRow, deadline: str, today: str) -> bool:
    if deadline == "none":
        return row.deadline is None
    if row.deadline is None:
        return deadline not in ("any", "passed", "upcoming")
    if deadline == "passed":
        return row.deadline < today
    if deadline == "upcoming":
        return row.deadline >= today
    return True


def list_commitments(session: Session, *, line: str | None = None, meeting: int | None = None,
                     actor: str | None = None, deadline: str | None = None,
                     review: str | None = None, q: str | None = None, sort: str = "id",
                     page: int = 1, per_page: int = 50, today: date | None = None,
                     confirmed: bool = False) -> Listing[CommitmentRow]:
    """Return a page of commitments filtered by line, meeting, actor, deadline, review state.

    ``deadline`` is ``any`` (has one), ``none``, ``passed`` or ``upcoming`` (against
    ``today``, default the current date). ``confirmed`` keeps only commitments an analyst
    confirmed or edited (``filters["confirmed"]`` says so).

    >>> # list_commitments(session, deadline="passed").rows
    """
    rows = commitment_rows(session)
    if confirmed:
        keep = confirmed_ids(session, "commitment")
        rows = [r for r in rows if r.id in keep]
    day = (today or date.today()).isoformat()
    tests: list[tuple[object, Callable[[CommitmentRow], bool]]] = [
        (line, lambda r: line in r.lines_of_effort),
        (meeting, lambda r: r.meeting_id == meeting),
        (actor, lambda r: actor in r.actors),
        (deadline, lambda r: _deadline_ok(r, deadline or "", day)),
        (review, lambda r: r.review_state == review),
        (q, lambda r: (q or "").casefold() in r.text.casefold())]
    for value, test in tests:
        if value is not None and value != "":
            rows = [r for r in rows if test(r)]
    order = {"id": lambda r: (r.id,), "deadline": lambda r: (r.deadline or "9999", r.id),
             "-deadline": lambda r: (r.deadline or "", r.id),
             "meeting": lambda r: (r.meeting_name or "~", r.id),
             "text": lambda r: (r.text.casefold(), r.id)}
    rows.sort(key=order.get(sort, order["id"]), reverse=sort == "-deadline")  # type: ignore[arg-type]
    filters = {k: str(v) for k, v in (("line", line), ("meeting", meeting), ("actor", actor),
                                      ("deadline", deadline), ("review", review), ("q", q),
                                      ("confirmed", "1" if confirmed else None)) if v}
    return Listing(page_slice(rows, page=page, per_page=per_page), len(rows), page, per_page,
                   sort, filters)


def commitment_detail(session: Session, commitment_id: int) -> CommitmentDetail:
    """Return one commitment with its sentence in the surrounding text of its document.

    Raises :class:`coalition.errors.NotFound` for an unknown id.
    """
    rows = commitment_rows(session, [commitment_id])
    if not rows:
        raise NotFound(f"no commitment {commitment_id}")
    row = rows[0]
    title, before, sentence, after = None, "", row.text, ""
    if row.document_id is not None and row.start is not None and row.end is not None:
        doc = session.get(Document, row.document_id)
        if doc is not None:
            title = document_title(doc.id, doc.title, doc.text[:200])
            lo, hi = max(0, row.start - CONTEXT_CHARS), row.end + CONTEXT_CHARS
            before, sentence, after = (doc.text[lo:row.start], doc.text[row.start:row.end],
                                       doc.text[row.end:hi])
    bound = [BoundActor(*r) for r in session.execute(
        select(Actor.key, Actor.name, Actor.kind)
        .join(CommitmentActor, CommitmentActor.actor_id == Actor.id)
        .where(CommitmentActor.commitment_id == commitment_id).order_by(Actor.key))]
    assessments = [Assessment(*r) for r in session.execute(
        select(Actor.key, ComplianceAssessment.score, ComplianceAssessment.period,
               ComplianceAssessment.rationale, ComplianceAssessment.evidence,
               ComplianceAssessment.assessor)
        .join(Actor, Actor.id == ComplianceAssessment.actor_id)
        .where(ComplianceAssessment.commitment_id == commitment_id,
               ComplianceAssessment.superseded_by.is_(None))
        .order_by(ComplianceAssessment.created_at))]
    return CommitmentDetail(row, title, before, sentence, after, bound, assessments,
                            sources_of(session, "commitment", [commitment_id]))
