"""Write compliance assessments and freeze them into dated reports.

An assessment scores one member against one commitment for a period: -1, 0, +1, or ``None``
for "no evidence available" (a state of its own, never averaged as zero). A new assessment of
the same member, commitment and period supersedes the old one, which stays stored. Evidence
is a JSON list of spans in stored documents (``document_id``, ``start``, ``end``, ``quote``)
or outside links (``url``). ``freeze_report`` copies the current assessments into
``report_assessments``, so later edits never change a frozen report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.errors import NotFound, ReviewError
from coalition.store.accounts import Account
from coalition.store.audit import changed, log_change, new_group, snapshot
from coalition.store.tables import (
    Actor,
    Commitment,
    ComplianceAssessment,
    ComplianceReport,
    Document,
    ReportAssessment,
)

SCORES = (-1, 0, 1)
REPORT_KINDS = ("interim", "final")


@dataclass(frozen=True)
class Evidence:
    """A span of a stored document, or an outside link."""

    document_id: int | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None


def _evidence_json(session: Session, items: list[Evidence]) -> str | None:
    out: list[dict[str, Any]] = []
    for item in items:
        if item.url:
            if not item.url.startswith(("http://", "https://")):
                raise ReviewError(f"evidence links must be http(s) URLs: {item.url!r}")
            out.append({"url": item.url})
            continue
        doc = session.get(Document, item.document_id) if item.document_id else None
        if doc is None or item.start is None or item.end is None:
            raise ReviewError("evidence needs a stored document id, start and end, or a url")
        if not 0 <= item.start < item.end <= len(doc.text):
            raise ReviewError(f"span {item.start}-{item.end} is outside document {doc.id}")
        out.append({"document_id": doc.id, "start": item.start, "end": item.end,
                    "quote": doc.text[item.start:item.end]})
    return json.dumps(out, sort_keys=True, ensure_ascii=False) if out else None


def actor_id_of(session: Session, key: str) -> int:
    """Return the id of the actor with ``key`` or raise NotFound."""
    actor_id = session.scalar(select(Actor.id).where(Actor.key == key))
    if actor_id is None:
        raise NotFound(f"no member {key}")
    return int(actor_id)


def record_assessment(session: Session, *, user: Account, actor_id: int, commitment_id: int,
                      score: int | None, period: str | None, rationale: str | None,
                      evidence: list[Evidence] | None = None) -> int:
    """Store an assessment (``score`` None = no evidence available); return its id.

    It supersedes the current assessment of the same member, commitment and period.

    >>> # record_assessment(session, user=me, actor_id=3, commitment_id=7, score=1,
    >>> #                   period="2015", rationale="did it", evidence=[Evidence(url=...)])
    """
    if not user.can("analyst"):
        raise ReviewError(f"{user.name} is a {user.role}: scoring needs an analyst")
    if score is not None and score not in SCORES:
        raise ReviewError(f"a score is -1, 0 or +1 (or no evidence), not {score!r}")
    if session.get(Actor, actor_id) is None or session.get(Commitment, commitment_id) is None:
        raise NotFound(f"no member {actor_id} or no commitment {commitment_id}")
    group = new_group()
    row = ComplianceAssessment(
        actor_id=actor_id, commitment_id=commitment_id, score=score, period=period or None,
        rationale=rationale or None, evidence=_evidence_json(session, evidence or []),
        assessor=user.name, user_id=user.id, created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    log_change(session, user=user, action="assess", record_type="compliance_assessment",
               record_id=row.id, before=None, after=snapshot(row), group=group)
    stmt = select(ComplianceAssessment).where(
        ComplianceAssessment.actor_id == actor_id,
        ComplianceAssessment.commitment_id == commitment_id,
        ComplianceAssessment.superseded_by.is_(None), ComplianceAssessment.id != row.id)
    stmt = stmt.where(ComplianceAssessment.period.is_(None) if row.period is None
                      else ComplianceAssessment.period == row.period)
    for old in session.scalars(stmt):
        with changed(session, old, user=user, action="supersede",
                     record_type="compliance_assessment", group=group):
            old.superseded_by = row.id
    return row.id


def freeze_report(session: Session, *, user: Account, title: str, kind: str,
                  period: str | None = None) -> int:
    """Freeze the current assessments (of ``period``, or all) into a dated report."""
    if not user.can("analyst"):
        raise ReviewError(f"{user.name} is a {user.role}: reports need an analyst")
    if kind not in REPORT_KINDS:
        raise ReviewError(f"a report is interim or final, not {kind!r}")
    report = ComplianceReport(title=title.strip() or f"{kind} report", kind=kind,
                              period=period or None, frozen_at=datetime.now(UTC),
                              user_id=user.id)
    session.add(report)
    session.flush()
    stmt = (select(ComplianceAssessment).where(ComplianceAssessment.superseded_by.is_(None))
            .order_by(ComplianceAssessment.id))
    if period:
        stmt = stmt.where(ComplianceAssessment.period == period)
    for a in session.scalars(stmt):
        session.add(ReportAssessment(
            report_id=report.id, assessment_id=a.id, actor_id=a.actor_id,
            commitment_id=a.commitment_id, score=a.score, period=a.period,
            rationale=a.rationale, evidence=a.evidence, assessor=a.assessor))
    session.flush()
    log_change(session, user=user, action="freeze", record_type="compliance_report",
               record_id=report.id, before=None, after=snapshot(report), group=new_group())
    return report.id
