"""Read commitments: the list with filters, and one commitment in the text that states it.

A commitment's meeting is the one the store links it to, else the own meeting of the first
document that states it (the plenary whose statement lists it). Its review state is the
review state of its first source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, exists, func, select, true
from sqlalchemy.orm import Session, aliased

from coalition.errors import NotFound
from coalition.store.queries.common import (
    Listing,
    SourceRow,
    clamp_limit,
    count_of,
    document_title,
    keyset_page,
    sources_of,
)
from coalition.store.queries.documents import primary_meeting_expr, primary_meetings
from coalition.store.queries.merged_view import show_deadlines, shown_names
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
MANY = 2000  # more ids than this: read the whole table rather than pass a list of ids


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


def _many(session: Session, stmt: object) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for cid, value in session.execute(stmt):  # type: ignore[call-overload]
        out.setdefault(cid, []).append(value)
    return out


def _first_source_table(ids: Any = None) -> Any:
    """A subquery of the first source of every commitment (or of those the SELECT ``ids``
    gives): ``commitment_id``, ``source_id``."""
    stmt = (select(Source.record_id.label("commitment_id"), func.min(Source.id).label("source_id"))
            .where(Source.record_type == "commitment").group_by(Source.record_id))
    if ids is not None:
        stmt = stmt.where(Source.record_id.in_(ids))
    return stmt.subquery()


def _own_meeting_table() -> Any:
    """A subquery of every document's own meeting, ``document_id``, ``meeting_id`` (the
    choice of :func:`primary_meetings`, ranked by a window function)."""
    same_city = case((and_(Meeting.city.is_not(None), Meeting.city != "",
                           Meeting.city == Document.city), 0), else_=1)
    rank = func.row_number().over(partition_by=Source.document_id,
                                  order_by=(same_city, func.min(Source.start), Meeting.id))
    ranked = (select(Source.document_id, Meeting.id.label("meeting_id"), rank.label("rank"))
              .join(Meeting, Meeting.id == Source.record_id)
              .join(Document, Document.id == Source.document_id)
              .where(Source.record_type == "meeting")
              .group_by(Source.document_id, Meeting.id, Meeting.city, Document.city).subquery())
    return (select(ranked.c.document_id, ranked.c.meeting_id).where(ranked.c.rank == 1)
            .subquery())


def meeting_table() -> Any:
    """The SELECT of every commitment and its meeting (NULL when none), ``commitment_id``,
    ``meeting_id``: the meeting the module's docstring defines, for the whole store."""
    first, src, own = _first_source_table(), aliased(Source), _own_meeting_table()
    return (select(Commitment.id.label("commitment_id"),
                   func.coalesce(Commitment.meeting_id, own.c.meeting_id).label("meeting_id"))
            .outerjoin(first, first.c.commitment_id == Commitment.id)
            .outerjoin(src, src.id == first.c.source_id)
            .outerjoin(own, own.c.document_id == src.document_id))


def _with_first_source(stmt: Any, ids: Any = None) -> Any:
    """Add the review state, document, start and end of each commitment's first source to
    ``stmt`` (a SELECT from :class:`Commitment`)."""
    first, src = _first_source_table(ids), aliased(Source)
    return (stmt.add_columns(src.review_state, src.document_id, src.start, src.end)
            .outerjoin(first, first.c.commitment_id == Commitment.id)
            .outerjoin(src, src.id == first.c.source_id))


def commitment_rows_where(session: Session, where: Any) -> list[CommitmentRow]:
    """Return the commitments matching ``where`` (a condition on :class:`Commitment`), by
    id, in a fixed number of queries however many match. Each query reads only the
    commitments matched, their documents and their meetings."""
    wanted = select(Commitment.id).where(where)
    stmt = _with_first_source(select(Commitment.id, Commitment.text, Commitment.deadline,
                                     Commitment.deadline_text, Commitment.meeting_id), wanted)
    found = session.execute(stmt.where(where).order_by(Commitment.id)).all()
    docs = sorted({r[6] for r in found if r[4] is None and r[6] is not None})
    own = primary_meetings(session, docs if len(docs) <= MANY else None)
    mids = {r[4] if r[4] is not None else own.get(r[6]) for r in found} - {None}
    named = select(Meeting.id, Meeting.name)
    if len(mids) <= MANY:  # a long list (an export) reads every name instead
        named = named.where(Meeting.id.in_(sorted(mids)))
    names = shown_names(session, dict(session.execute(named).all()))
    actors = _many(session, select(CommitmentActor.commitment_id, Actor.key)
                   .join(Actor, Actor.id == CommitmentActor.actor_id)
                   .where(CommitmentActor.commitment_id.in_(wanted)).order_by(Actor.key))
    lines = _many(session, select(CommitmentLine.commitment_id, CommitmentLine.line_of_effort_key)
                  .where(CommitmentLine.superseded_at.is_(None),
                         CommitmentLine.commitment_id.in_(wanted))
                  .order_by(CommitmentLine.line_of_effort_key))
    rows = []
    for cid, text, deadline, deadline_text, linked, state, doc, start, end in found:
        mid = linked if linked is not None else own.get(doc)
        rows.append(CommitmentRow(cid, text, deadline, deadline_text, mid,
                                  names.get(mid) if mid else None, actors.get(cid, []),
                                  lines.get(cid, []), state or "unreviewed", doc, start, end))
    return show_deadlines(session, rows)


def meeting_documents(session: Session, meeting_id: int) -> tuple[list[int], list[int]]:
    """Return the ids of the documents that mention a meeting, and of those among them whose
    own meeting it is (only a document that mentions it can be)."""
    reports = sorted(set(session.scalars(select(Source.document_id).where(
        Source.record_type == "meeting", Source.record_id == meeting_id))))
    own = sorted(d for d, m in primary_meetings(session, reports).items() if m == meeting_id)
    return reports, own


def meeting_commitment_ids(session: Session, meeting_id: int,
                           own: list[int] | None = None) -> list[int]:
    """Return the ids of the commitments that belong to one meeting: those linked to it,
    and the unlinked ones whose first source lies in a document whose own meeting it is
    (``own``, from :func:`meeting_documents` if not given).
    Every step is an index look-up by id; as one statement (a correlated own-meeting per
    commitment) PostgreSQL took 3.7 s for a meeting of 38 commitments at 100,000 documents."""
    if own is None:
        own = meeting_documents(session, meeting_id)[1]
    ids = set(session.scalars(select(Commitment.id).where(Commitment.meeting_id == meeting_id)))
    stated = sorted(set(session.scalars(select(Source.record_id).where(
        Source.record_type == "commitment", Source.document_id.in_(own)))) - ids)
    mine = set(own)
    for i in range(0, len(stated), MANY):
        stmt = select(Commitment.id, _first_of(Source.document_id)).where(
            Commitment.meeting_id.is_(None), Commitment.id.in_(stated[i:i + MANY]))
        ids.update(c for c, doc in session.execute(stmt) if doc in mine)
    return sorted(ids)


def meeting_commitments(session: Session, meeting_id: int,
                        own: list[int] | None = None) -> list[CommitmentRow]:
    """Return the commitments that belong to one meeting, by id (``own``: as for
    :func:`meeting_commitment_ids`)."""
    return commitment_rows_where(session, Commitment.id.in_(
        meeting_commitment_ids(session, meeting_id, own)))


def commitments_per_meeting(session: Session) -> dict[int, int]:
    """Return how many commitments belong to each meeting that has any (as
    :func:`meeting_table` decides), for the whole store in one statement."""
    belongs = meeting_table().subquery()
    stmt = (select(belongs.c.meeting_id, func.count()).where(belongs.c.meeting_id.is_not(None))
            .group_by(belongs.c.meeting_id))
    return {meeting: int(n) for meeting, n in session.execute(stmt)}


def confirmed_ids(session: Session, record_type: str) -> set[int]:
    """Return the ids of the records of ``record_type`` with a confirmed or edited source."""
    return set(session.scalars(select(Source.record_id).where(
        Source.record_type == record_type, Source.review_state.in_(CONFIRMED_STATES))))


def _first_source_expr() -> Any:
    """The SQL expression of a commitment's first source (the lowest id)."""
    return (select(func.min(Source.id)).where(Source.record_type == "commitment",
                                              Source.record_id == Commitment.id)
            .correlate(Commitment).scalar_subquery())


def _first_of(column: Any) -> Any:
    """The SQL expression of ``column`` of a commitment's first source."""
    return (select(column).where(Source.id == _first_source_expr())
            .correlate(Commitment).scalar_subquery())


def _meeting_expr() -> Any:
    """The SQL expression of a commitment's meeting (as :func:`meeting_table` decides)."""
    return func.coalesce(Commitment.meeting_id,
                         primary_meeting_expr(_first_of(Source.document_id)))


def _deadline_where(deadline: str, today: str) -> Any:
    tests = {"none": Commitment.deadline.is_(None), "any": Commitment.deadline.is_not(None),
             "passed": Commitment.deadline < today, "upcoming": Commitment.deadline >= today}
    return tests.get(deadline, true())


def _order(sort: str) -> tuple[str, list[Any], bool]:
    """Return the sort's name, its SQL keys (never NULL, the id last) and its direction."""
    if sort == "meeting":  # built only when asked: the meeting expression is large
        name = (select(Meeting.name).where(Meeting.id == _meeting_expr())
                .correlate(Commitment).scalar_subquery())
        return sort, [func.coalesce(name, "~"), Commitment.id], False
    keys: dict[str, list[Any]] = {
        "id": [], "deadline": [func.coalesce(Commitment.deadline, "9999")],
        "-deadline": [func.coalesce(Commitment.deadline, "")],
        "text": [func.lower(Commitment.text)]}
    if sort not in keys:
        sort = "id"
    return sort, [*keys[sort], Commitment.id], sort == "-deadline"


def list_commitments(session: Session, *, line: str | None = None, meeting: int | None = None,
                     actor: str | None = None, deadline: str | None = None,
                     review: str | None = None, q: str | None = None, sort: str = "id",
                     page: int = 1, per_page: int = 50, today: date | None = None,
                     confirmed: bool = False, after: str | None = None) -> Listing[CommitmentRow]:
    """Return a page of commitments filtered by line, meeting, actor, deadline, review state.

    ``deadline`` is ``any`` (has one), ``none``, ``passed`` or ``upcoming`` (against
    ``today``, default the current date). ``confirmed`` keeps only commitments an analyst
    confirmed or edited (``filters["confirmed"]`` says so). Filters, sort and page are SQL;
    ``after`` is the keyset cursor of the previous page's ``next``.

    >>> # list_commitments(session, deadline="passed").rows
    """
    day = (today or date.today()).isoformat()
    stmt = select(Commitment.id)
    if confirmed:
        stmt = stmt.where(Commitment.id.in_(select(Source.record_id).where(
            Source.record_type == "commitment", Source.review_state.in_(CONFIRMED_STATES))))
    if line:  # EXISTS: a line holds a large share of all commitments, so probing them in
        # order finds a page at once; IN first read every commitment on the line
        stmt = stmt.where(exists().where(
            CommitmentLine.commitment_id == Commitment.id,
            CommitmentLine.line_of_effort_key == line, CommitmentLine.superseded_at.is_(None)))
    if meeting is not None:
        stmt = stmt.where(Commitment.id.in_(meeting_commitment_ids(session, meeting)))
    if actor:
        stmt = stmt.where(Commitment.id.in_(
            select(CommitmentActor.commitment_id).join(Actor, Actor.id == CommitmentActor.actor_id)
            .where(Actor.key == actor)))
    if deadline:
        stmt = stmt.where(_deadline_where(deadline, day))
    if review:
        stmt = stmt.where(func.coalesce(_first_of(Source.review_state), "unreviewed") == review)
    if q:
        stmt = stmt.where(func.lower(Commitment.text).contains(q.lower(), autoescape=True))
    sort, keys, descending = _order(sort)
    found, cursor = keyset_page(session, stmt, keys, sort=sort, descending=descending,
                                after=after, page=page, per_page=per_page)
    order = {cid: n for n, (cid,) in enumerate(found)}
    rows = sorted(commitment_rows_where(session, Commitment.id.in_(list(order))),
                  key=lambda r: order[r.id])
    filters = {k: str(v) for k, v in (("line", line), ("meeting", meeting), ("actor", actor),
                                      ("deadline", deadline), ("review", review), ("q", q),
                                      ("confirmed", "1" if confirmed else None)) if v}
    return Listing(rows, count_of(session, stmt), page, clamp_limit(per_page), sort, filters,
                   cursor)


def commitment_detail(session: Session, commitment_id: int) -> CommitmentDetail:
    """Return one commitment with its sentence in the surrounding text of its document.

    Raises :class:`coalition.errors.NotFound` for an unknown id.
    """
    rows = commitment_rows_where(session, Commitment.id == commitment_id)
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
