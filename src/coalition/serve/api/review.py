"""JSON API of the review workflow: the queue, the actions on a fact, merges, the audit log.

Every POST needs an analyst (a bearer token, or the session cookie plus the CSRF header).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from coalition.review import actions
from coalition.serve.auth import Analyst
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render
from coalition.serve.schemas import WRITE_ERRORS
from coalition.serve.workflow import EditBody, MergeBody, audit_data, review_data
from coalition.store.audit import AuditRow
from coalition.store.queries.review import ReviewQueue

router = APIRouter(prefix="/api", tags=["review"], responses=WRITE_ERRORS)
Move = Literal["confirm", "reject", "requeue"]


def _done(session: SessionDep, outcome: actions.Outcome) -> JSONResponse:
    session.commit()
    return JSONResponse(asdict(outcome))


@router.get("/review", response_model=ReviewQueue)
def review_api(request: Request, data: Annotated[ReviewQueue, Depends(review_data)]) -> Any:
    """The review queue: facts of one state, grouped by document, with what is left."""
    return render(request, data, fmt="json", template="review.html", name="review")


@router.post("/review/undo")
def undo_last_api(session: SessionDep, user: Analyst) -> JSONResponse:
    """Undo the acting user's latest review action."""
    return _done(session, actions.undo(session, user))


@router.post("/review/merge")
def merge_api(body: MergeBody, session: SessionDep, user: Analyst) -> JSONResponse:
    """Merge two meetings; the loser is marked superseded by the survivor."""
    return _done(session, actions.merge(session, user, survivor_id=body.survivor_id,
                                        loser_id=body.loser_id))


@router.post("/review/{source_id}/edit")
def edit_api(source_id: Id, body: EditBody, session: SessionDep,
             user: Analyst) -> JSONResponse:
    """Correct a field of the fact's record; the fact becomes "edited". With ``expected``
    (the value the editor saw) a field someone changed meanwhile answers 409."""
    return _done(session, actions.edit(session, user, source_id, field=body.field,
                                       value=body.value, expected=body.expected,
                                       check_expected="expected" in body.model_fields_set))


@router.post("/review/{source_id}/undo")
def undo_api(source_id: Id, session: SessionDep, user: Analyst) -> JSONResponse:
    """Undo the latest action on one fact."""
    return _done(session, actions.undo(session, user, source_id))


@router.post("/review/{source_id}/{action}")
def move_api(source_id: Id, action: Move, session: SessionDep, user: Analyst) -> JSONResponse:
    """Confirm, reject or requeue one fact."""
    move = {"confirm": actions.confirm, "reject": actions.reject, "requeue": actions.requeue}
    return _done(session, move[action](session, user, source_id))


@router.get("/audit", response_model=list[AuditRow])
def audit_api(request: Request, data: Annotated[list[AuditRow], Depends(audit_data)],
              fmt: FormatQuery = None) -> Response:
    """The audit log: who changed what, when, before and after (?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="audit.html", name="audit")
