"""Read the dashboard: membership over time, meetings, commitments by line of effort, the
partner x line-of-effort matrix, the latest metrics, money pledged and what falls due.

In the matrix a partner counts a commitment when the commitment binds it by name or was made
at a meeting it attended, hosted, signed or joined (a plenary's decisions bind who was there).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.store.queries import cache
from coalition.store.queries.commitments import CommitmentRow, commitment_rows, confirmed_ids
from coalition.store.queries.meetings import MeetingRow, list_meetings
from coalition.store.queries.partners import MoneyRow, money_rows
from coalition.store.tables import (
    Actor,
    LineOfEffort,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
)

MEMBER_ROLES = ("attended", "hosted", "signed", "joined")
MATRIX_PARTNERS = 20


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
    """What falls due: the next plenary, every dated commitment, the overdue ones."""

    next_plenary: CommitmentRow | None
    deadlines: list[CommitmentRow]
    passed: list[CommitmentRow]


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
    stmt = (select(Participation.actor_id, Meeting.start)
            .join(Meeting, Meeting.id == Participation.meeting_id)
            .join(Actor, Actor.id == Participation.actor_id)
            .where(Meeting.start.is_not(None), Participation.role.in_(MEMBER_ROLES),
                   Actor.kind.in_(("state", "organization"))))
    first: dict[int, str] = {}
    for actor_id, start in session.execute(stmt):
        if start is not None and (actor_id not in first or start < first[actor_id]):
            first[actor_id] = start
    joined = Counter(first.values())
    points, total = [], 0
    for day in sorted(joined):
        total += joined[day]
        points.append(Point(day, float(total)))
    return points


def _matrix(session: Session, commitments: list[CommitmentRow],
            keys: list[str]) -> list[MatrixRow]:
    names = dict(session.execute(select(Actor.key, Actor.name)).all())
    present: dict[int, set[str]] = {}
    for mid, key in session.execute(select(Participation.meeting_id, Actor.key)
                                    .join(Actor, Actor.id == Participation.actor_id)
                                    .where(Participation.role.in_(MEMBER_ROLES))):
        present.setdefault(mid, set()).add(key)
    cells: Counter[tuple[str, str]] = Counter()
    for c in commitments:
        partners = set(c.actors) | present.get(c.meeting_id or -1, set())
        for partner in partners:
            for line in c.lines_of_effort:
                cells[(partner, line)] += 1
    totals = Counter[str]()
    for (partner, _), n in cells.items():
        totals[partner] += n
    top = sorted(totals, key=lambda p: (-totals[p], names.get(p, p)))[:MATRIX_PARTNERS]
    return [MatrixRow(p, names.get(p, p), [cells[(p, k)] for k in keys]) for p in top]


def _metrics(session: Session, limit: int = 10) -> list[MetricRow]:
    stmt = (select(MetricObservation)
            .order_by(MetricObservation.observed_on.is_(None), MetricObservation.observed_on.desc(),
                      MetricObservation.id.desc()).limit(limit))
    return [MetricRow(m.id, m.value, m.unit, m.what, m.text, m.observed_on)
            for m in session.scalars(stmt)]


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
                        lambda: _dashboard(session, day, confirmed), audience_key=audience_key)


def _dashboard(session: Session, day: str, confirmed: bool) -> Dashboard:
    """Compute the dashboard (every fact is read: see :func:`dashboard` for the cache)."""
    commitments = commitment_rows(session)
    kept_meetings: set[int] | None = None
    if confirmed:
        kept = confirmed_ids(session, "commitment")
        commitments = [c for c in commitments if c.id in kept]
        kept_meetings = confirmed_ids(session, "meeting")
    lines = list(session.execute(select(LineOfEffort.key, LineOfEffort.name)
                                 .order_by(LineOfEffort.number)))
    per_line = Counter(k for c in commitments for k in c.lines_of_effort)
    money = money_rows(session, where=True)
    pledges = set(session.scalars(select(MoneyAmount.id).where(MoneyAmount.state == "pledge")))
    totals: dict[str, float] = {}
    for m in money:
        if m.per is None and m.id in pledges:  # committed or disbursed is no longer a pledge
            totals[m.currency] = totals.get(m.currency, 0.0) + m.amount
    meetings = [m for m in list_meetings(session, per_page=500).rows
                if m.start and (kept_meetings is None or m.id in kept_meetings)]
    keys = [k for k, _ in lines]
    return Dashboard(members_over_time(session), meetings,
                     [Point(k.replace("_", " "), float(per_line[k])) for k, _ in lines], keys,
                     _matrix(session, commitments, keys), _metrics(session), money,
                     [Point(cur, amount) for cur, amount in sorted(totals.items())],
                     _due(commitments, day), day, confirmed)
