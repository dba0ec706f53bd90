"""JSON API of compliance: assessments, aggregates, frozen reports, suggested evidence.
Writes need an analyst."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from coalition.serve.auth import Analyst
from coalition.serve.deps import FormatQuery, SessionDep
from coalition.serve.formats import render
from coalition.serve.schemas import WRITE_ERRORS
from coalition.serve.workflow import (
    AssessmentBody,
    ReportBody,
    compliance_data,
    suggestions_data,
)
from coalition.store.compliance import actor_id_of, freeze_report, record_assessment
from coalition.store.queries.compliance import Compliance, Suggestion

router = APIRouter(prefix="/api", tags=["compliance"], responses=WRITE_ERRORS)


@router.get("/compliance", response_model=Compliance)
def compliance_api(request: Request, data: Annotated[Compliance, Depends(compliance_data)],
                   fmt: FormatQuery = None) -> Response:
    """Aggregates beside coverage, the heat map and the assessments (?report= a frozen one)."""
    return render(request, data, fmt=fmt or "json", template="compliance.html",
                  name="compliance")


@router.get("/compliance/suggestions", response_model=list[Suggestion])
def suggestions_api(data: Annotated[list[Suggestion], Depends(suggestions_data)]
                    ) -> JSONResponse:
    """Stored sentences naming the member that speak to the commitment's lines of effort."""
    return JSONResponse([asdict(s) for s in data])


@router.post("/compliance/assessments", status_code=201)
def assess_api(body: AssessmentBody, session: SessionDep, user: Analyst) -> JSONResponse:
    """Record an assessment; it supersedes the member's last one for the same period."""
    new_id = record_assessment(
        session, user=user, actor_id=actor_id_of(session, body.member),
        commitment_id=body.commitment_id,
        score=None if body.score == "no_evidence" else body.score, period=body.period,
        rationale=body.rationale, evidence=[e.to_evidence() for e in body.evidence])
    session.commit()
    return JSONResponse({"id": new_id}, status_code=201)


@router.post("/compliance/reports", status_code=201)
def freeze_api(body: ReportBody, session: SessionDep, user: Analyst) -> JSONResponse:
    """Freeze the current assessments into a dated interim or final report."""
    report_id = freeze_report(session, user=user, title=body.title, kind=body.kind,
                              period=body.period)
    session.commit()
    return JSONResponse({"id": report_id}, status_code=201)
