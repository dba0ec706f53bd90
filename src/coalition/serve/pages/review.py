"""HTML pages of the review workflow: log in and out, the queue with its forms, the audit log.

Each form posts its CSRF token; each action redirects back to the queue (303), where a
short message says what happened, so reloading never repeats an action.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from coalition.errors import CoalitionError
from coalition.review import actions
from coalition.serve.auth import Analyst, CurrentUser, check_csrf, client_ip, login_limiter
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render, templates
from coalition.serve.workflow import audit_data, review_data
from coalition.store.accounts import authenticate
from coalition.store.audit import AuditRow
from coalition.store.queries.review import ReviewQueue

router = APIRouter(tags=["pages"], include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]


def _back(request: Request, message: str, target: str = "/review") -> RedirectResponse:
    request.session["flash"] = message
    return RedirectResponse(target, status_code=303)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=Response)
def login_page(request: Request, user: CurrentUser, next: str = "/review") -> Response:
    """Show the login form."""
    return templates.TemplateResponse(request, "login.html", {
        "next": _safe_next(next), "user": user, "error": None})


@router.post("/login", response_class=Response)
async def login_post(request: Request, session: SessionDep, name: Text, password: Text,
                     next: Annotated[str, Form()] = "/review") -> Response:
    """Check the password; on success start a fresh session (new CSRF token)."""
    await check_csrf(request)
    limiter, client = login_limiter(request), client_ip(request)
    limiter.check(client=client, name=name)
    account = authenticate(session, name=name, password=password)
    if account is None:
        limiter.record_failure(client=client, name=name)
        return templates.TemplateResponse(request, "login.html", {
            "next": _safe_next(next), "user": None, "error": "wrong name or password"},
            status_code=401)
    limiter.record_success(name=name)
    request.session.clear()
    request.session["user_id"] = account.id
    return _back(request, f"logged in as {account.name} ({account.role})", _safe_next(next))


@router.post("/logout", response_class=Response)
async def logout_post(request: Request) -> Response:
    """End the browser session."""
    await check_csrf(request)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/review", response_class=Response)
def review_page(request: Request, data: Annotated[ReviewQueue, Depends(review_data)],
                user: CurrentUser, fmt: FormatQuery = None) -> Response:
    """The review queue with confirm, edit, reject, requeue and undo forms."""
    flash = request.session.pop("flash", None)
    return render(request, data, fmt=fmt or "html", template="review.html", name="review",
                  context={"user": user, "flash": flash})


def _act(request: Request, session: SessionDep, what: str,
         run: Callable[[], actions.Outcome]) -> Response:
    """Run one action; commit it, or roll it back and say why it was refused."""
    try:
        outcome = run()
    except CoalitionError as err:
        session.rollback()
        return _back(request, f"{what} refused: {err.reason}")
    session.commit()
    state = f" → {outcome.state}" if outcome.state else ""
    return _back(request, f"{what} done{state}")


@router.post("/review/undo", response_class=Response)
def undo_post(request: Request, session: SessionDep, user: Analyst) -> Response:
    """Undo the user's latest action."""
    return _act(request, session, "undo", lambda: actions.undo(session, user))


@router.post("/review/merge", response_class=Response)
def merge_post(request: Request, session: SessionDep, user: Analyst,
               survivor_id: Annotated[int, Form()], loser_id: Annotated[int, Form()]
               ) -> Response:
    """Merge two meetings."""
    return _act(request, session, f"merge of meeting {loser_id} into {survivor_id}",
                lambda: actions.merge(session, user, survivor_id=survivor_id,
                                      loser_id=loser_id))


@router.post("/review/{source_id}/edit", response_class=Response)
def edit_post(request: Request, source_id: Id, session: SessionDep, user: Analyst,
              field: Annotated[str, Form(max_length=40)],
              value: Annotated[str, Form(max_length=2000)] = "",
              seen: Annotated[str, Form(max_length=20_000)] = "") -> Response:
    """Correct a field of a fact's record; ``seen`` holds the values the page showed, so an
    edit of a field someone changed meanwhile is refused rather than overwriting theirs."""
    shown = _seen(seen)
    expected = shown.get(field)
    return _act(request, session, f"edit of fact {source_id}",
                lambda: actions.edit(session, user, source_id, field=field, value=value,
                                     expected=None if expected is None else str(expected),
                                     check_expected=field in shown))


def _seen(raw: str) -> dict[str, object]:
    """The field values the form was rendered with (a JSON object), or {}."""
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


@router.post("/review/{source_id}/{action}", response_class=Response)
def move_post(request: Request, source_id: Id, action: str, session: SessionDep,
              user: Analyst) -> Response:
    """Confirm, reject, requeue or undo one fact."""
    moves = {"confirm": actions.confirm, "reject": actions.reject,
             "requeue": actions.requeue, "undo": actions.undo}
    if action not in moves:
        return _back(request, f"unknown action {action}")
    return _act(request, session, f"{action} of fact {source_id}",
                lambda: moves[action](session, user, source_id))


@router.get("/audit", response_class=Response)
def audit_page(request: Request, data: Annotated[list[AuditRow], Depends(audit_data)],
               fmt: FormatQuery = None) -> Response:
    """The audit log (?format=csv or json to export it)."""
    return render(request, data, fmt=fmt or "html", template="audit.html", name="audit")
