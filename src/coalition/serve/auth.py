"""Who is asking: browser sessions, bearer tokens, roles and CSRF checks.

Browsers log in with a form and get a signed session cookie (Starlette's
``SessionMiddleware``: HttpOnly, SameSite=Lax). Each session holds a CSRF token that every
form posts back in a hidden ``csrf_token`` field (or scripts in an ``X-CSRF-Token`` header);
a POST authenticated by the cookie without it is refused with 403. Scripts send
``Authorization: Bearer <token>`` instead and need no CSRF token.

``Role("analyst")`` is the dependency of a write: 401 for nobody, 403 for a lower role.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from coalition.serve.deps import SessionDep, SettingsDep
from coalition.store.accounts import Account, account_by_id, account_by_token

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
OPEN_PATHS = ("/login", "/logout")


def csrf_token(request: Request) -> str:
    """Return the CSRF token of this browser session, creating it on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def resolve_user(request: Request, session: Session) -> Account | None:
    """Return the account behind the bearer token or the session cookie, if any (and keep
    it in ``request.state.user`` for the page header)."""
    token = _bearer(request)
    if token is not None:
        request.state.via = "token"
        user = account_by_token(session, token)
    else:
        user_id = request.session.get("user_id")
        request.state.via = "cookie"
        user = account_by_id(session, user_id) if isinstance(user_id, int) else None
    request.state.user = user
    return user


def current_user(request: Request, session: SessionDep) -> Account | None:
    """The dependency form of :func:`resolve_user`."""
    return resolve_user(request, session)


CurrentUser = Annotated[Account | None, Depends(current_user)]


async def check_csrf(request: Request) -> None:
    """Refuse (403) a cookie-authenticated POST whose CSRF token is missing or wrong."""
    if getattr(request.state, "via", "cookie") == "token":
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and retry")


class Role:
    """A dependency that returns the acting account if it holds ``role`` (writes: + CSRF)."""

    def __init__(self, role: str) -> None:
        self.role = role

    async def __call__(self, request: Request, user: CurrentUser) -> Account:
        if user is None:
            raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Bearer"})
        if not user.can(self.role):
            raise HTTPException(403, f"this needs the {self.role} role; you are a {user.role}")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            await check_csrf(request)
        return user


Analyst = Annotated[Account, Depends(Role("analyst"))]
Admin = Annotated[Account, Depends(Role("admin"))]


def read_gate(request: Request, settings: SettingsDep, user: CurrentUser) -> None:
    """Refuse anonymous reads (401) when COALITION_READ_REQUIRES_LOGIN is set."""
    if not settings.read_requires_login or request.url.path in OPEN_PATHS:
        return
    if user is None:
        raise HTTPException(401, "log in to read this store")
