"""Review actions on a real store: states, edits, merges, undo, and the audit trail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, func, select

from coalition.errors import AuthError, ReviewError
from coalition.review import actions
from coalition.review.states import next_state
from coalition.store.accounts import Account, account_by_name
from coalition.store.audit import audit_rows, record_history
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries.review import review_queue
from coalition.store.tables import (
    Commitment,
    CommitmentLine,
    Meeting,
    Participation,
    Source,
)

from .support import Workflow


def _user(engine: Engine, name: str) -> Account:
    with session_scope(make_session_factory(engine)) as s:
        account = account_by_name(s, name)
    assert account is not None
    return account


def test_states_next_state_refuses_illegal_moves() -> None:
    assert next_state("unreviewed", "reject") == "rejected"
    with pytest.raises(ReviewError):
        next_state("rejected", "confirm")
    with pytest.raises(ReviewError):
        next_state("unreviewed", "requeue")


def test_actions_confirm_undo_and_requeue(engine: Engine, workflow: Workflow) -> None:
    factory, analyst = make_session_factory(engine), _user(engine, "analyst")
    fact = workflow.fact["commitment"]
    with session_scope(factory) as s:
        before = review_queue(s).remaining
        assert actions.confirm(s, analyst, fact).state == "confirmed"
    with session_scope(factory) as s:
        source = s.get(Source, fact)
        assert source is not None and source.review_state == "confirmed"
        assert source.reviewed_by == analyst.id and source.reviewed_at is not None
        assert source.extractor == "test_commitment"  # who extracted stays apart
        assert review_queue(s).remaining == before - 1
        actions.undo(s, analyst)
    with session_scope(factory) as s:
        assert s.get(Source, fact).review_state == "unreviewed"  # type: ignore[union-attr]
        assert s.get(Source, fact).reviewed_by is None  # type: ignore[union-attr]
        actions.reject(s, analyst, fact)
        actions.requeue(s, analyst, fact)
        assert s.get(Source, fact).review_state == "unreviewed"  # type: ignore[union-attr]
        with pytest.raises(ReviewError, match="nothing to undo"):
            actions.undo(s, _user(engine, "admin"))


def test_actions_refuse_a_viewer(engine: Engine, workflow: Workflow) -> None:
    with session_scope(make_session_factory(engine)) as s, pytest.raises(AuthError):
        actions.confirm(s, _user(engine, "viewer"), workflow.fact["meeting"])


def _sequence(engine: Engine, workflow: Workflow) -> None:
    """Edit a date, a line of effort and a role; merge the meetings; reject a fact."""
    factory, analyst = make_session_factory(engine), _user(engine, "analyst")
    with session_scope(factory) as s:
        actions.edit(s, analyst, workflow.fact["meeting"], field="start", value="2014-12-04")
        actions.edit(s, analyst, workflow.fact["commitment"], field="lines_of_effort",
                     value="finance,political")
        actions.edit(s, analyst, workflow.fact["participation"], field="role", value="hosted")
    with session_scope(factory) as s:
        actions.merge(s, analyst, survivor_id=workflow.meetings["Brussels plenary"],
                      loser_id=workflow.meetings["Lima small group"])
        actions.reject(s, analyst, workflow.fact["actor"])


def test_actions_audit_trail_after_edits_merge_and_rejection(engine: Engine,
                                                             workflow: Workflow) -> None:
    _sequence(engine, workflow)
    keep, lose = workflow.meetings["Brussels plenary"], workflow.meetings["Lima small group"]
    with session_scope(make_session_factory(engine)) as s:
        rows = audit_rows(s)
        assert {r.user for r in rows} == {"analyst"}
        assert [r.action for r in rows if r.record_type != "source"][:3] == ["edit"] * 3
        date = next(r for r in rows if r.record_type == "meeting" and r.action == "edit")
        assert json.loads(date.before or "")["start"] == "2014-12-03"
        assert json.loads(date.after or "")["start"] == "2014-12-04"
        lines = next(r for r in rows if r.record_type == "commitment_lines")
        assert json.loads(lines.before or "") == {"lines": ["finance"]}
        assert json.loads(lines.after or "") == {"lines": ["finance", "political"]}
        merged = next(r for r in rows if r.record_type == "meeting" and r.action == "merge")
        assert (merged.record_id, json.loads(merged.after or "")["superseded_by"]) == (lose, keep)
        rejected = [r for r in rows if r.action == "reject"]
        assert len(rejected) == 1 and json.loads(rejected[0].after or "")["review_state"] \
            == "rejected"
        # nothing deleted: both meetings stay, the loser superseded; its facts moved
        loser = s.get(Meeting, lose)
        assert loser is not None and loser.superseded_by == keep
        assert s.scalar(select(func.count()).select_from(Meeting)) == 2
        assert not s.scalars(select(Source).where(Source.record_type == "meeting",
                                                  Source.record_id == lose)).all()
        # Chile attended both: that participation stays on the loser, its fact moves
        parts = {p.id: p.meeting_id for p in s.scalars(select(Participation))}
        assert sorted(parts.values()) == [keep, keep, lose]
        facts = s.scalars(select(Source.record_id).where(
            Source.record_type == "participation")).all()
        assert {parts[f] for f in facts} == {keep}
        history = record_history(s, "meeting", keep)
        assert {"edit", "merge"} <= {h.action for h in history}
        assert {s.review_state for s in s.scalars(select(Source))} >= {"edited", "rejected"}


def test_actions_undo_restores_an_edit_and_a_merge(engine: Engine, workflow: Workflow) -> None:
    _sequence(engine, workflow)
    factory, analyst = make_session_factory(engine), _user(engine, "analyst")
    keep, lose = workflow.meetings["Brussels plenary"], workflow.meetings["Lima small group"]
    with session_scope(factory) as s:
        actions.undo(s, analyst)  # the rejection
        actions.undo(s, analyst)  # the merge
        actions.undo(s, analyst, workflow.fact["commitment"])  # the lines of effort
    with session_scope(factory) as s:
        assert s.get(Meeting, lose).superseded_by is None  # type: ignore[union-attr]
        assert sorted(s.scalars(select(Participation.meeting_id))) == [keep, keep, lose]
        current = select(CommitmentLine.line_of_effort_key).where(
            CommitmentLine.superseded_at.is_(None))
        assert s.scalars(current).all() == ["finance"]
        # the line the edit added and the undo took away is superseded, not deleted
        assert s.scalars(select(CommitmentLine.line_of_effort_key).where(
            CommitmentLine.superseded_at.is_not(None))).all() == ["political"]
        assert s.get(Source, workflow.fact["actor"]).review_state == "unreviewed"  # type: ignore[union-attr]
        assert s.get(Meeting, keep).start == "2014-12-04"  # type: ignore[union-attr]
        commitment = s.get(Commitment, workflow.commitment_id)
        assert commitment is not None and commitment.meeting_id == keep
        undos = [r for r in audit_rows(s) if r.action == "undo"]
        assert undos and all(r.reverts for r in undos)


@pytest.mark.parametrize(("field", "value"), [("start", "3 Dec"), ("country_iso3", "be"),
                                              ("nope", "x")])
def test_actions_edit_refuses_bad_values(engine: Engine, workflow: Workflow, field: str,
                                         value: str) -> None:
    with session_scope(make_session_factory(engine)) as s, pytest.raises(ReviewError):
        actions.edit(s, _user(engine, "analyst"), workflow.fact["meeting"], field=field,
                     value=value)


def test_review_queue_groups_by_document_and_highlights(engine: Engine,
                                                        workflow: Workflow) -> None:
    with session_scope(make_session_factory(engine)) as s:
        queue = review_queue(s)
    assert [d.title for d in queue.documents] == ["a", "b"]
    fact = next(f for d in queue.documents for f in d.facts if f.record_type == "commitment")
    assert fact.quote.startswith("The partners agreed")
    assert fact.fields == {"deadline": "2015-06", "deadline_text": "by mid-2015",
                           "lines_of_effort": "finance"}
    assert queue.remaining == sum(len(d.facts) for d in queue.documents)


def test_actions_undo_refuses_to_overwrite_a_later_change(engine: Engine,
                                                          workflow: Workflow) -> None:
    factory = make_session_factory(engine)
    analyst, admin = _user(engine, "analyst"), _user(engine, "admin")
    fact = workflow.fact["meeting"]
    with session_scope(factory) as s:
        actions.edit(s, analyst, fact, field="city", value="Bruxelles")
    with session_scope(factory) as s:
        actions.edit(s, admin, fact, field="city", value="Brussel")
    with session_scope(factory) as s, pytest.raises(ReviewError, match="changed since"):
        actions.undo(s, analyst)
    with session_scope(factory) as s:
        actions.undo(s, admin)
        actions.undo(s, analyst)
    with session_scope(factory) as s:
        assert s.get(Meeting, workflow.meetings["Brussels plenary"]).city == "Brussels"  # type: ignore[union-attr]
