"""Read the dashboard: membership over time, meetings, commitments by line of effort, the
partner x line-of-effort matrix, the latest metrics, money pledged and what falls due.

In the matrix a partner counts a commitment when the commitment binds it by name or was made
at a meeting it attended, hosted, signed or joined (a plenary's decisions bind who was there).

Counts (per line, the matrix, each meeting's commitments) are SQL GROUP BYs over the whole
store; rows are read only for what the dashboard lists (issue #7).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, true, union_all
from sqlalchemy.orm import Session

from coalition.store.queries import cache
from coalition.store.queries.commitments import (
    CommitmentRow,
    commitment_rows_where,
    confirmed_ids,
    meeting_table,
)
from coalition.store.queries.meetings import MeetingRow, list_meetings
from coalition.store.queries.merged_view import shown_deadlines, shown_meetings
from coalition.store.queries.partners import MoneyRow, money_rows
from coalition.store.tables import (
    CONFIRMED_STATES,
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    LineOfEffort,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
    Source,
)

MEMBER_ROLES = ("attended", "hosted", "signed", "joined")
MATRIX_PARTNERS = 20
TIMELINE_MEETINGS = 100  # the latest dated meetings on the timeline; /meetings lists them all


@dataclass(frozen=True)
class Point:
    """One labelled value of a chart."""

    label: str
    value: float


@dataclass(frozen=True)
class MatrixRow:
    """One partner's commitment counts, one per line of effort (in ``Dashboard.lines``)."""

    key: str
    name: str
    counts: list[int]


@dataclass(frozen=True)
class MetricRow:
    """One observed figure."""

    id: int
    value: float
    unit: str
    what: str | None
    text: str
    observed_on: str | None


@dataclass(frozen=True)
class Due:
    """What falls due: the next plenary, the dated commitments and the overdue ones (the
    latest ``DUE_LIMIT`` of each, in deadline order) and how many there are in all."""

    next_plenary: CommitmentRow | None
    deadlines: list[CommitmentRow]
    passed: list[CommitmentRow]
    deadlines_total: int = 0
    passed_total: int = 0


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows."""

    members: list[Point]
    meetings: list[MeetingRow]
    lines: list[Point]
    line_keys: list[str]
    matrix: list[MatrixRow]
    metrics: list[MetricRow]
    money: list[MoneyRow]
    money_totals: list[Point]
    due: Due
    today: str
    confirmed_only: bool = False  # True: only facts an analyst confirmed or edited


def members_over_time(session: Session) -> list[Point]:
    """Return the cumulative number of partners by the date of their first dated meeting."""
    stmt = (select(Participation.actor_id, func.min(Meeting.start))
            .join(Meeting, Meeting.id == Participation.meeting_id)
            .join(Actor, Actor.id == Participation.actor_id)
            .where(Meeting.start.is_not(None), Participation.role.in_(MEMBER_ROLES),
                   Actor.kind.in_(("state", "organization"))))
    shown = shown_meetings(session)
    if shown:  # by the dates the viewer is shown: each meeting's, one by one
        firsts: dict[int, str] = {}
        for actor_id, meeting_id, start in session.execute(
                stmt.with_only_columns(Participation.actor_id, Meeting.id, Meeting.start)):
            start = shown[meeting_id].start if meeting_id in shown else start
            if start and (actor_id not in firsts or start < firsts[actor_id]):
                firsts[actor_id] = start
        joined = Counter(firsts.values())
    else:
        joined = Counter(str(start) for _, start in session.execute(
            stmt.group_by(Participation.actor_id)))
    points, total = [], 0
    for day in sorted(joined):
        total += joined[day]
        points.append(Point(day, float(total)))
    return points


def _kept(confirmed: bool) -> Any:
    """The condition on :class:`Commitment` of the commitments the dashboard counts."""
    if not confirmed:
        return true()
    return Commitment.id.in_(select(Source.record_id).where(
        Source.record_type == "commitment", Source.review_state.in_(CONFIRMED_STATES)))


def _line_links(kept: Any) -> Any:
    """A subquery of the current (commitment_id, line) links of the counted commitments."""
    return (select(CommitmentLine.commitment_id, CommitmentLine.line_of_effort_key.label("line"))
            .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
            .where(CommitmentLine.superseded_at.is_(None), kept).subquery())


def _per_line(session: Session, kept: Any) -> Counter[str]:
    links = _line_links(kept)
    return Counter({line: int(n) for line, n in session.execute(
        select(links.c.line, func.count()).group_by(links.c.line))})


def _cells(session: Session, kept: Any) -> Counter[tuple[str, str]]:
    """Count (partner, line) pairs: the commitments on the line made at a meeting the partner
    was at, plus those that bind it by name elsewhere. Commitments at a meeting are summed per
    (meeting, line) first, so none fans out to the meeting's attendees; one statement, so the
    commitments' meetings are computed once."""
    links, cm = _line_links(kept), meeting_table().cte("commitment_meeting")
    member = Participation.role.in_(MEMBER_ROLES)
    per_meeting = (select(cm.c.meeting_id, links.c.line, func.count().label("n"))
                   .join(links, links.c.commitment_id == cm.c.commitment_id)
                   .group_by(cm.c.meeting_id, links.c.line).subquery())
    present = (select(Participation.meeting_id, Participation.actor_id).distinct()
               .where(member).subquery())
    at_meeting = (select(Actor.key, per_meeting.c.line, func.sum(per_meeting.c.n).label("n"))
                  .join(present, present.c.actor_id == Actor.id)
                  .join(per_meeting, per_meeting.c.meeting_id == present.c.meeting_id)
                  .group_by(Actor.key, per_meeting.c.line))
    there = exists().where(Participation.meeting_id == cm.c.meeting_id,
                           Participation.actor_id == CommitmentActor.actor_id, member)
    named_elsewhere = (select(Actor.key, links.c.line, func.count().label("n"))
                       .join(CommitmentActor, CommitmentActor.actor_id == Actor.id)
                       .join(links, links.c.commitment_id == CommitmentActor.commitment_id)
                       .join(cm, cm.c.commitment_id == CommitmentActor.commitment_id)
                       .where(~there).group_by(Actor.key, links.c.line))
    cells: Counter[tuple[str, str]] = Counter()
    for key, line, n in session.execute(union_all(at_meeting, named_elsewhere)):
        cells[(key, line)] += int(n)
    return cells


def _matrix(session: Session, kept: Any, keys: list[str]) -> list[MatrixRow]:
    names = dict(session.execute(select(Actor.key, Actor.name)).all())
    cells = _cells(session, kept)
    totals = Counter[str]()
    for (partner, _), n in cells.items():
        totals[partner] += n
    top = sorted(totals, key=lambda p: (-totals[p], names.get(p, p), p))[:MATRIX_PARTNERS]
    return [MatrixRow(p, names.get(p, p), [cells[(p, k)] for k in keys]) for p in top]


def _metrics(session: Session, limit: int = 10) -> list[MetricRow]:
    stmt = (select(MetricObservation)
            .order_by(MetricObservation.observed_on.is_(None), MetricObservation.observed_on.desc(),
                      MetricObservation.id.desc()).limit(limit))
    return [MetricRow(m.id, m.value, m.unit, m.what, m.text, m.observed_on)
            for m in session.scalars(stmt)]


def _due_where() -> Any:
    """The commitments :func:`_due` may list: dated ones, and undated ones with a deadline
    text that may name a plenary (``_due`` decides exactly)."""
    plenary = or_(func.lower(Commitment.text).contains("plenary"),
                  func.lower(Commitment.deadline_text).contains("plenary"))
    return or_(and_(Commitment.deadline.is_not(None), Commitment.deadline != ""),
               and_(Commitment.deadline_text.is_not(None), Commitment.deadline_text != "",
                    plenary))


def _money_totals(money: list[MoneyRow], pledges: set[int]) -> list[Point]:
    totals: dict[str, float] = {}
    for m in money:
        if m.per is None and m.id in pledges:  # committed or disbursed is no longer a pledge
            totals[m.currency] = totals.get(m.currency, 0.0) + m.amount
    return [Point(cur, amount) for cur, amount in sorted(totals.items())]


DUE_LIMIT = 25  # rows of each due list (an archive holds 100,000s of dated commitments)
PLENARY_CANDIDATES = 20  # latest plenary-like commitments checked exactly in Python
OVERLAID_CHUNK = 500  # ids per IN list when reading the commitments a viewer sees otherwise


def _due_capped(session: Session, kept: Any, today: str) -> Due:
    """Return :func:`_due` of the store with each list cut to its latest ``DUE_LIMIT``
    rows; only those rows and a few plenary candidates are read.

    A commitment whose deadline the viewer is shown otherwise than stored (one of its
    documents hidden from them: :mod:`coalition.store.queries.merged_view`) is listed and
    counted by the deadline they are shown, so no list or count reveals a hidden deadline.
    """
    has_date = and_(Commitment.deadline.is_not(None), Commitment.deadline != "")
    dated = and_(kept, has_date)
    passed = and_(dated, Commitment.deadline < today)
    plenary = and_(kept, _due_where(), or_(func.lower(Commitment.text).contains("plenary"),
                                           func.lower(Commitment.deadline_text)
                                           .contains("plenary")))
    overlaid = sorted(shown_deadlines(session))
    stored: dict[int, str | None] = {}  # the overlaid commitments' stored deadlines
    shown: list[CommitmentRow] = []  # and the rows the viewer is shown of them
    for start in range(0, len(overlaid), OVERLAID_CHUNK):
        chunk = and_(kept, Commitment.id.in_(overlaid[start:start + OVERLAID_CHUNK]))
        stored.update((i, d) for i, d in session.execute(
            select(Commitment.id, Commitment.deadline).where(chunk)))
        shown += commitment_rows_where(session, chunk)

    def order(deadline: str | None, cid: int) -> tuple[bool, str, int]:
        return bool(deadline), deadline or "", cid

    def latest(where: Any, wanted: Any, n: int) -> list[int]:
        """The ids of the latest ``n`` commitments: those ``where`` selects by their stored
        deadline, less the overlaid ones, with the overlaid rows ``wanted`` accepts."""
        found = [order(d, i) for i, d in session.execute(
            select(Commitment.id, Commitment.deadline).where(where)
            .order_by(case((has_date, 1), else_=0).desc(), Commitment.deadline.desc(),
                      Commitment.id.desc()).limit(n + len(stored))) if i not in stored]
        found += [order(r.deadline, r.id) for r in shown if wanted(r)]
        return [i for _, _, i in sorted(found, reverse=True)[:n]]

    def is_dated(deadline: str | None) -> bool:
        return bool(deadline)

    def is_passed(deadline: str | None) -> bool:
        return bool(deadline) and str(deadline) < today

    def is_plenary(row: CommitmentRow) -> bool:
        return (bool(row.deadline) or bool(row.deadline_text)) and any(
            "plenary" in (t or "").casefold() for t in (row.text, row.deadline_text))

    def count(where: Any, wanted: Any) -> int:
        total = int(session.scalar(select(func.count()).select_from(Commitment)
                                   .where(where)) or 0)
        return (total - sum(1 for d in stored.values() if wanted(d))
                + sum(1 for r in shown if wanted(r.deadline)))

    shown_ids = latest(dated, lambda r: is_dated(r.deadline), DUE_LIMIT)
    overdue = latest(passed, lambda r: is_passed(r.deadline), DUE_LIMIT)
    candidates = latest(plenary, is_plenary, PLENARY_CANDIDATES)
    rows = {r.id: r for r in commitment_rows_where(
        session, Commitment.id.in_(sorted(set(shown_ids + overdue + candidates))))}
    due = _due([rows[i] for i in candidates], today)

    def key(row: CommitmentRow) -> tuple[str, int]:
        return row.deadline or "", row.id

    return Due(due.next_plenary, sorted((rows[i] for i in shown_ids), key=key),
               sorted((rows[i] for i in overdue), key=key),
               count(dated, is_dated), count(passed, is_passed))


def _due(commitments: list[CommitmentRow], today: str) -> Due:
    dated = sorted((c for c in commitments if c.deadline), key=lambda c: (c.deadline, c.id))
    undated = [c for c in commitments if not c.deadline and c.deadline_text]
    plenaries = [c for c in dated + undated if "plenary" in c.text.casefold()
                 or "plenary" in (c.deadline_text or "").casefold()]
    # The latest dated one; an undated one (its meeting's date unknown) only when none is dated.
    plenary = max(plenaries, key=lambda c: (c.deadline is not None, c.deadline or "", c.id),
                  default=None)
    return Due(plenary, dated,
               [c for c in dated if (c.deadline or "") < today])


def dashboard(session: Session, *, today: date | None = None,
              confirmed: bool = False, audience_key: str | None = None) -> Dashboard:
    """Return everything the dashboard shows; ``today`` decides what has passed.

    ``confirmed`` keeps only the commitments and meetings an analyst confirmed or edited.
    The result is cached per (store generation, ``audience_key``): computed once, then
    again only after an ingest or an analyst's write.

    >>> # dashboard(session).due.next_plenary.deadline
    """
    day = (today or date.today()).isoformat()
    return cache.cached(session, "dashboard", (day, confirmed),
                        lambda: _dashboard(session, day, confirmed), audience_key=audience_key,
                        shared=True)


def _dashboard(session: Session, day: str, confirmed: bool) -> Dashboard:
    """Compute the dashboard (counts are SQL; rows are read only for what it lists: see
    :func:`dashboard` for the cache)."""
    kept = _kept(confirmed)
    kept_meetings = confirmed_ids(session, "meeting") if confirmed else None
    lines = list(session.execute(select(LineOfEffort.key, LineOfEffort.name)
                                 .order_by(LineOfEffort.number)))
    per_line = _per_line(session, kept)
    money = money_rows(session, where=True)
    pledges = set(session.scalars(select(MoneyAmount.id).where(MoneyAmount.state == "pledge")))
    latest = list_meetings(session, sort="-date", dated=True, per_page=TIMELINE_MEETINGS).rows
    meetings = [m for m in reversed(latest) if kept_meetings is None or m.id in kept_meetings]
    keys = [k for k, _ in lines]
    due = _due_capped(session, kept, day)
    return Dashboard(members_over_time(session), meetings,
                     [Point(k.replace("_", " "), float(per_line[k])) for k, _ in lines], keys,
                     _matrix(session, kept, keys), _metrics(session), money,
                     _money_totals(money, pledges), due, day, confirmed)
