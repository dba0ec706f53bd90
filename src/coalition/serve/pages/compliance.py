"""HTML pages of compliance: aggregates, the heat map, the assessment and report forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from coalition.errors import CoalitionError
from coalition.serve.auth import Analyst, CurrentUser
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render
from coalition.serve.workflow import compliance_data
from coalition.store.compliance import (
    Evidence,
    actor_id_of,
    freeze_report,
    record_assessment,
)
from coalition.store.queries.compliance import Compliance, Suggestion, suggest_evidence

router = APIRouter(tags=["pages"], include_in_schema=False)
Short = Annotated[str, Form(max_length=300)]


def _back(request: Request, message: str, target: str = "/compliance") -> Response:
    request.session["flash"] = message
    return RedirectResponse(target, status_code=303)


@router.get("/compliance", response_class=Response)
def compliance_page(request: Request, data: Annotated[Compliance, Depends(compliance_data)],
                    session: SessionDep, user: CurrentUser, fmt: FormatQuery = None,
                    member: Annotated[str | None, Query(max_length=120)] = None,
                    commitment: Annotated[Id | None, Query()] = None) -> Response:
    """Compliance: aggregates with coverage, the heat map, forms for analysts, and the
    suggested evidence for ``?member=&commitment=``."""
    flash = request.session.pop("flash", None)
    hints: list[Suggestion] = []
    if member and commitment is not None:
        hints = suggest_evidence(session, actor_id=actor_id_of(session, member),
                                 commitment_id=commitment)
    return render(request, data, fmt=fmt or "html", template="compliance.html",
                  name="compliance", context={"user": user, "flash": flash,
                                              "suggestions": hints, "member": member,
                                              "commitment": commitment})


def _evidence(text: str) -> list[Evidence]:
    """Parse evidence lines: ``DOC:START-END`` spans or http(s) links."""
    out = []
    for line in text.split():
        if line.startswith(("http://", "https://")):
            out.append(Evidence(url=line))
            continue
        doc, _, span = line.partition(":")
        start, _, end = span.partition("-")
        if not (doc.isdigit() and start.isdigit() and end.isdigit()):
            raise ValueError(f"evidence {line!r}: write DOC:START-END or a link")
        out.append(Evidence(int(doc), int(start), int(end)))
    return out


@router.post("/compliance/assess", response_class=Response)
def assess_post(request: Request, session: SessionDep, user: Analyst, member: Short,
                commitment_id: Annotated[int, Form()], score: Short, period: Short = "",
                rationale: Annotated[str, Form(max_length=10_000)] = "",
                evidence: Annotated[str, Form(max_length=10_000)] = "") -> Response:
    """Record an assessment from the form (score -1, 0, 1 or no_evidence)."""
    try:
        value = None if score == "no_evidence" else int(score)
        record_assessment(session, user=user, actor_id=actor_id_of(session, member),
                          commitment_id=commitment_id, score=value, period=period,
                          rationale=rationale, evidence=_evidence(evidence))
    except (CoalitionError, ValueError) as err:
        session.rollback()
        return _back(request, f"assessment refused: {getattr(err, 'reason', err)}")
    session.commit()
    return _back(request, f"assessed {member} on commitment {commitment_id}")


@router.post("/compliance/reports", response_class=Response)
def freeze_post(request: Request, session: SessionDep, user: Analyst, title: Short,
                kind: Short, period: Short = "") -> Response:
    """Freeze the current assessments into a report."""
    try:
        report_id = freeze_report(session, user=user, title=title, kind=kind, period=period)
    except CoalitionError as err:
        session.rollback()
        return _back(request, f"report refused: {err.reason}")
    session.commit()
    return _back(request, f"report {report_id} frozen", f"/compliance?report={report_id}")
