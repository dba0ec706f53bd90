"""The dashboard's counts (issue #7: computed in SQL) against answers worked out in plain
Python from the generated rows of a random store: commitments by line, the partner x line
matrix (named partners and those at the commitment's meeting), what falls due, and how many
commitments each meeting on the timeline has. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert, true, update
from sqlalchemy.orm import Session

from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries import cache
from coalition.store.queries import dashboard as dashboard_module
from coalition.store.queries.commitments import (
    commitment_rows_where,
    commitments_per_meeting,
    meeting_commitments,
)
from coalition.store.queries.dashboard import MATRIX_PARTNERS, MEMBER_ROLES, dashboard
from coalition.store.queries.meetings import list_meetings, meeting_detail
from coalition.store.tables import Commitment, CommitmentLine, Participation, Source

from .synthetic import LINES, Synthetic, build

TODAY = date(2019, 3, 1)
ROLES = ("attended", "hosted", "signed", "joined", "declined")


class World:
    """A synthetic store plus participations, second sources, deadline texts and removed
    lines of effort, and what was added (for the expected answers)."""

    def __init__(self, session: Session, seed: int) -> None:
        rng = random.Random(seed)
        self.made: Synthetic = build(session, documents=70, seed=seed)
        made = self.made
        self.present: dict[int, set[str]] = {}
        parts = set()
        for meeting in made.meetings:
            for actor in rng.sample(range(1, 6), rng.randint(0, 4)):
                for role in rng.sample(ROLES, rng.randint(1, 2)):
                    parts.add((meeting, actor, role))
                    if role in MEMBER_ROLES:
                        self.present.setdefault(meeting, set()).add(f"P{actor}")
        session.execute(insert(Participation), [
            {"meeting_id": m, "actor_id": a, "role": r} for m, a, r in sorted(parts)])
        # A later source in another document never changes a commitment's first source.
        extra = []
        for c in rng.sample(sorted(made.commitments), len(made.commitments) // 3):
            extra.append({"id": len(made.sources) + len(extra) + 1,
                          "document_id": rng.choice(sorted(made.docs)),
                          "record_type": "commitment", "record_id": c, "start": 500,
                          "end": 505, "quote": "q", "extractor": "synthetic",
                          "extractor_version": "1", "confidence": 0.5,
                          "review_state": "confirmed"})
        session.execute(insert(Source), extra)
        made.sources += extra
        for c, row in made.commitments.items():
            pick = rng.random()
            text = (None if pick < 0.5 else "at the next Plenary" if pick < 0.65
                    else "by mid-year" if pick < 0.8 else "")
            if text is not None:
                row["deadline_text"] = text
            if row["deadline"] is None and rng.random() < 0.2:
                row["deadline"] = ""  # an empty deadline is no deadline
            if rng.random() < 0.1:
                row["text"] = f"{row['text']} before the PLENARY"
            session.execute(update(Commitment).where(Commitment.id == c).values(
                deadline_text=row.get("deadline_text"), deadline=row["deadline"],
                text=row["text"]))
        self.removed: set[tuple[int, str]] = set()
        for c, keys in made.lines.items():
            spare = [k for k in LINES if k not in keys]
            if spare and rng.random() < 0.3:
                self.removed.add((c, spare[0]))
        session.execute(insert(CommitmentLine), [
            {"commitment_id": c, "line_of_effort_key": k,
             "superseded_at": datetime(2024, 1, 1, tzinfo=UTC)} for c, k in sorted(self.removed)])

    def partners_of(self, c: int) -> set[str]:
        """Named partners and the members at the commitment's meeting."""
        meeting = self.made.meeting_of(c)
        return self.made.bound[c] | self.present.get(meeting or -1, set())

    def cells(self) -> Counter[tuple[str, str]]:
        return Counter((p, line) for c in self.made.commitments
                       for p in self.partners_of(c) for line in self.made.lines[c])

    def due_ids(self) -> tuple[list[int], list[int], int | None]:
        """The dated commitments in order, the overdue ones, and the next plenary."""
        rows = self.made.commitments
        dated = sorted((c for c in rows if rows[c]["deadline"]),
                       key=lambda c: (str(rows[c]["deadline"]), c))
        undated = [c for c in rows if not rows[c]["deadline"] and rows[c].get("deadline_text")]
        plenaries = [c for c in dated + undated
                     if "plenary" in f"{rows[c]['text']} {rows[c].get('deadline_text')}".lower()]
        plenary = max(plenaries, default=None, key=lambda c: (
            bool(rows[c]["deadline"]), str(rows[c]["deadline"] or ""), c))
        return dated, [c for c in dated if str(rows[c]["deadline"]) < TODAY.isoformat()], plenary


@pytest.fixture(params=[3, 17])
def world(engine: Engine, request: pytest.FixtureRequest) -> Iterator[tuple[Session, World]]:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        made = World(session, request.param)
    with factory() as session:
        yield session, made


def test_lines_and_matrix_count_what_binds_each_partner(world: tuple[Session, World]) -> None:
    session, w = world
    board = dashboard(session, today=TODAY)
    per_line = Counter(k for keys in w.made.lines.values() for k in keys)
    assert {p.label: p.value for p in board.lines if p.label in LINES} == {
        k: float(per_line[k]) for k in LINES}
    cells = w.cells()
    totals = Counter[str]()
    for (p, _), n in cells.items():
        totals[p] += n
    names = {f"P{i}": f"Partner {i}" for i in range(1, 6)}
    top = sorted(totals, key=lambda p: (-totals[p], names[p], p))[:MATRIX_PARTNERS]
    assert [r.key for r in board.matrix] == top
    for row in board.matrix:
        assert row.counts == [cells[(row.key, k)] for k in board.line_keys]
    assert any(w.present.values()) and any(w.made.bound.values())


def test_what_falls_due_and_the_meetings_commitments(world: tuple[Session, World]) -> None:
    session, w = world
    board = dashboard(session, today=TODAY)
    dated, passed, plenary = w.due_ids()
    assert [c.id for c in board.due.deadlines] == dated
    assert [c.id for c in board.due.passed] == passed
    assert (board.due.next_plenary.id if board.due.next_plenary else None) == plenary
    assert plenary is not None
    for row in board.due.deadlines:
        assert row.meeting_id == w.made.meeting_of(row.id)
        assert row.actors == sorted(w.made.bound[row.id])
        assert row.lines_of_effort == sorted(w.made.lines[row.id])
        assert row.document_id == w.made.first_source(row.id)["document_id"]
    per_meeting = Counter(w.made.meeting_of(c) for c in w.made.commitments)
    assert board.meetings, "no dated meeting on the timeline"
    assert {m.id: m.commitments for m in board.meetings} == {
        m: per_meeting[m] for m, row in w.made.meetings.items() if row["start"]}


def test_every_commitments_row_and_meeting_against_the_generated_rows(
        world: tuple[Session, World]) -> None:
    session, w = world
    rows = commitment_rows_where(session, true())
    assert [r.id for r in rows] == sorted(w.made.commitments)
    for row in rows:
        first = w.made.first_source(row.id)
        assert row.meeting_id == w.made.meeting_of(row.id)
        assert row.actors == sorted(w.made.bound[row.id])
        assert row.lines_of_effort == sorted(w.made.lines[row.id])
        assert (row.document_id, row.start, row.end, row.review_state) == (
            first["document_id"], first["start"], first["end"], first["review_state"])
    belongs = {c: w.made.meeting_of(c) for c in w.made.commitments}
    expected = Counter(m for m in belongs.values() if m is not None)
    assert commitments_per_meeting(session) == dict(expected)
    assert len(expected) > 3 and None in belongs.values()
    for meeting in expected:
        assert [r.id for r in meeting_commitments(session, meeting)] == sorted(
            c for c, m in belongs.items() if m == meeting)


def test_the_meeting_list_counts_and_sorts_every_meetings_commitments(
        world: tuple[Session, World]) -> None:
    session, w = world
    expected = Counter(w.made.meeting_of(c) for c in w.made.commitments)
    listing = list_meetings(session, sort="-commitments", per_page=1000)
    assert listing.total == len(w.made.meetings) == len(listing.rows)
    assert {r.id: r.commitments for r in listing.rows} == {m: expected[m] for m in w.made.meetings}
    assert [r.id for r in listing.rows] == sorted(w.made.meetings, key=lambda m: (-expected[m], m))
    assert listing.rows[0].commitments > listing.rows[-1].commitments
    for m in w.made.meetings:
        assert [r.id for r in meeting_detail(session, m).commitments] == sorted(
            c for c in w.made.commitments if w.made.meeting_of(c) == m)


def test_due_lists_keep_their_latest_rows_and_count_all(world: tuple[Session, World],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A store's dated commitments can number 100,000s: the dashboard lists the latest
    ``DUE_LIMIT`` of each list, in deadline order, and counts them all."""
    session, w = world
    limit = 2
    monkeypatch.setattr(dashboard_module, "DUE_LIMIT", limit)
    cache.clear(session)
    board = dashboard(session, today=TODAY)
    dated, passed, plenary = w.due_ids()
    assert len(dated) > limit
    assert [c.id for c in board.due.deadlines] == dated[-limit:]
    assert [c.id for c in board.due.passed] == passed[-limit:]
    assert (board.due.deadlines_total, board.due.passed_total) == (len(dated), len(passed))
    assert (board.due.next_plenary.id if board.due.next_plenary else None) == plenary


def test_the_timeline_shows_the_latest_dated_meetings(world: tuple[Session, World],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    session, w = world
    monkeypatch.setattr(dashboard_module, "TIMELINE_MEETINGS", 2)
    cache.clear(session)
    board = dashboard(session, today=TODAY)
    dated = sorted((row["start"], m) for m, row in w.made.meetings.items() if row["start"])
    assert len(dated) > 2
    assert [m.id for m in board.meetings] == [m for _, m in dated[-2:]]
