"""Compliance aggregates against figures worked out by hand, frozen reports, suggestions.

The hand-built store: NOR and CHL are bound by C1 (finance), NOR by C2 (military), CHL and
BEL by C3 (finance): five pairs identified. Scores: NOR-C1 +1, CHL-C1 0, NOR-C2 -1 then
re-assessed +1, CHL-C3 no evidence; BEL-C3 not assessed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coalition.errors import ReviewError
from coalition.store.accounts import Account, create_user
from coalition.store.compliance import Evidence, freeze_report, record_assessment
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.queries.compliance import Aggregate, compliance, suggest_evidence
from coalition.store.tables import Actor, Commitment, CommitmentActor, CommitmentLine

from .support import Workflow, actor_id

BOUND = {"C1": (["NOR", "CHL"], "finance"), "C2": (["NOR"], "military"),
         "C3": (["CHL", "BEL"], "finance")}


def _build(s: Session) -> tuple[Account, dict[str, int], dict[str, int]]:
    actors = {k: Actor(key=k, kind="state", name=k, iso3=k) for k in ("NOR", "CHL", "BEL")}
    s.add_all(actors.values())
    commitments = {k: Commitment(key=k, text=f"commitment {k}") for k in BOUND}
    s.add_all(commitments.values())
    s.flush()
    for key, (members, line) in BOUND.items():
        s.add(CommitmentLine(commitment_id=commitments[key].id, line_of_effort_key=line))
        s.add_all(CommitmentActor(commitment_id=commitments[key].id, actor_id=actors[m].id)
                  for m in members)
    user = create_user(s, name="ana", role="analyst", password="long enough")
    return user, {k: a.id for k, a in actors.items()}, {k: c.id for k, c in commitments.items()}


def _assess(s: Session, user: Account, a: dict[str, int], c: dict[str, int]) -> None:
    for member, commitment, score in (("NOR", "C1", 1), ("CHL", "C1", 0), ("NOR", "C2", -1),
                                      ("NOR", "C2", 1), ("CHL", "C3", None)):
        record_assessment(s, user=user, actor_id=a[member], commitment_id=c[commitment],
                          score=score, period="2015", rationale="by hand",
                          evidence=[Evidence(url="https://example.org/report")])


def _by_key(rows: list[Aggregate]) -> dict[str, tuple[object, ...]]:
    return {r.key: (r.identified, r.assessed, r.no_evidence, r.average, r.percent, r.coverage)
            for r in rows}


def test_compliance_aggregates_match_hand_figures(engine: Engine) -> None:
    with session_scope(make_session_factory(engine)) as s:
        user, a, c = _build(s)
        _assess(s, user, a, c)
    with session_scope(make_session_factory(engine)) as s:
        data = compliance(s)
    assert _by_key(data.members) == {
        "NOR": (2, 2, 0, 1.0, 100.0, 1.0), "CHL": (2, 1, 1, 0.0, 50.0, 0.5),
        "BEL": (1, 0, 0, None, None, 0.0)}
    assert _by_key(data.commitments) == {
        str(c["C1"]): (2, 2, 0, 0.5, 75.0, 1.0), str(c["C2"]): (1, 1, 0, 1.0, 100.0, 1.0),
        str(c["C3"]): (2, 0, 1, None, None, 0.0)}
    assert _by_key(data.lines) == {"finance": (4, 2, 1, 0.5, 75.0, 0.5),
                                   "military": (1, 1, 0, 1.0, 100.0, 1.0)}
    assert _by_key([data.overall]) == {"all": (5, 3, 1, 0.6667, 83.33, 0.6)}
    assert data.heat.members == ["BEL", "CHL", "NOR"]
    assert data.heat.cells == [["", "", "todo"], ["0", "", "n/e"], ["1", "1", ""]]
    assert len(data.assessments) == 4  # the -1 was superseded, not counted


def test_compliance_frozen_report_ignores_later_edits(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with session_scope(factory) as s:
        user, a, c = _build(s)
        _assess(s, user, a, c)
        report = freeze_report(s, user=user, title="Interim 2015", kind="interim")
    with session_scope(factory) as s:
        record_assessment(s, user=user, actor_id=a["BEL"], commitment_id=c["C3"], score=-1,
                          period="2015", rationale="later", evidence=None)
        record_assessment(s, user=user, actor_id=a["NOR"], commitment_id=c["C1"], score=-1,
                          period="2015", rationale="changed mind", evidence=None)
    with session_scope(factory) as s:
        frozen, live = compliance(s, report_id=report), compliance(s)
    assert frozen.overall.average == 0.6667 and frozen.report is not None
    assert frozen.report.kind == "interim" and len(frozen.assessments) == 4
    # NOR-C1 -1, CHL-C1 0, NOR-C2 +1, BEL-C3 -1: -1 / 4; (−0.25 + 1) / 2 = 37.5 %; 4 of 5
    assert (live.overall.average, live.overall.percent, live.overall.coverage) == (
        -0.25, 37.5, 0.8)
    assert {r.evidence[0]["url"] for r in frozen.assessments} == {"https://example.org/report"}


def test_compliance_refuses_bad_scores_and_spans(engine: Engine) -> None:
    with session_scope(make_session_factory(engine)) as s:
        user, a, c = _build(s)
        with pytest.raises(ReviewError):
            record_assessment(s, user=user, actor_id=a["NOR"], commitment_id=c["C1"], score=2,
                              period=None, rationale=None)
        with pytest.raises(ReviewError):
            record_assessment(s, user=user, actor_id=a["NOR"], commitment_id=c["C1"], score=1,
                              period=None, rationale=None, evidence=[Evidence(99, 0, 5)])
        viewer = Account(user.id, "v", "viewer")
        with pytest.raises(ReviewError):
            freeze_report(s, user=viewer, title="x", kind="final")


def test_compliance_suggests_sentences_naming_the_member(engine: Engine,
                                                          workflow: Workflow) -> None:
    with session_scope(make_session_factory(engine)) as s:
        found = suggest_evidence(s, actor_id=actor_id(s, "NOR"),
                                 commitment_id=workflow.commitment_id)
        assert found, "a finance sentence names Norway"
        assert found[0].sentence.startswith("Norway will freeze the assets")
        assert all("Norway" in f.sentence for f in found)
        assert found[0].score >= found[-1].score
        text_start = found[0].start
        record_assessment(s, user=Account(1, "analyst", "analyst"),
                          actor_id=actor_id(s, "NOR"), commitment_id=workflow.commitment_id,
                          score=1, period=None, rationale="froze assets",
                          evidence=[Evidence(found[0].document_id, text_start, found[0].end)])
        row = compliance(s).assessments[0]
    assert row.evidence[0]["quote"] == found[0].sentence
