"""Export -> import -> export stays byte-identical with the workflow tables filled in:
accounts, tokens, reviews, a merge, assessments, a frozen report and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coalition.review import actions
from coalition.store.accounts import account_by_name
from coalition.store.compliance import Evidence, freeze_report, record_assessment
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.transfer import export_store, import_store

from .support import actor_id, fill


def _work(engine: Engine) -> None:
    wf = fill(engine)
    with session_scope(make_session_factory(engine)) as s:
        user = account_by_name(s, "analyst")
        assert user is not None
        actions.confirm(s, user, wf.fact["commitment"])
        actions.edit(s, user, wf.fact["meeting"], field="city", value="Bruxelles")
        actions.merge(s, user, survivor_id=wf.meetings["Brussels plenary"],
                      loser_id=wf.meetings["Lima small group"])
        record_assessment(s, user=user, actor_id=actor_id(s, "NOR"),
                          commitment_id=wf.commitment_id, score=None, period="2015",
                          rationale="none found", evidence=[Evidence(1, 0, 8)])
        freeze_report(s, user=user, title="Final", kind="final")


def _export(engine: Engine, folder: Path) -> dict[str, bytes]:
    with session_scope(make_session_factory(engine)) as s:
        return {p.name: p.read_bytes() for p in export_store(s, folder)}


@pytest.mark.parametrize(("origin", "target"), [("sqlite", "postgresql"),
                                                ("postgresql", "sqlite")])
def test_transfer_round_trip_keeps_the_workflow(make_store: Callable[[str], Engine],
                                                tmp_path: Path, origin: str,
                                                target: str) -> None:
    first, second = make_store(origin), make_store(target)
    _work(first)
    before = _export(first, tmp_path / "one")
    with session_scope(make_session_factory(second)) as s:
        import_store(s, tmp_path / "one")
    after = _export(second, tmp_path / "two")
    assert before == after
    for table in ("users", "api_tokens", "audit_log", "compliance_reports",
                  "report_assessments"):
        assert before[f"{table}.jsonl"].strip(), table
    assert b"superseded_by\": 1" in before["meetings.jsonl"]
