"""Who is asking: browser sessions, bearer tokens, roles and CSRF checks.

Browsers log in with a form and get a signed session cookie (Starlette's
``SessionMiddleware``: HttpOnly, SameSite=Lax). Each session holds a CSRF token that every
form posts back in a hidden ``csrf_token`` field (or scripts in an ``X-CSRF-Token`` header);
a POST authenticated by the cookie without it is refused with 403. Scripts send
``Authorization: Bearer <token>`` instead and need no CSRF token.

``Role("analyst")`` is the dependency of a write: 401 for nobody, 403 for a lower role.

Failed logins are counted in memory per client IP and per user name: the sixth attempt within
a minute after five failures is answered 429 with ``Retry-After`` (`LoginLimiter`). Behind a
reverse proxy run uvicorn with ``--proxy-headers`` so the client IP is the real one.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from coalition.serve.deps import SessionDep, SettingsDep
from coalition.store.accounts import Account, account_by_id, account_by_token

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
OPEN_PATHS = ("/login", "/logout")
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 60.0


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


class LoginLimiter:
    """Count failed logins per client IP and per user name within a sliding window.

    >>> limiter = LoginLimiter(max_failures=1, clock=lambda: 0.0)
    >>> limiter.record_failure(client="10.0.0.1", name="ann")
    >>> limiter.retry_after(client="10.0.0.2", name="ANN")
    60
    """

    def __init__(self, *, max_failures: int = LOGIN_MAX_FAILURES,
                 window: float = LOGIN_WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self.max_keys = max_keys
        self._failures: dict[tuple[str, str], deque[float]] = {}

    @staticmethod
    def _keys(client: str, name: str) -> tuple[tuple[str, str], ...]:
        return ("ip", client), ("user", name.strip().casefold())

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, *, client: str, name: str) -> int:
        """Return the seconds to wait before another attempt (0: go ahead)."""
        now = self.clock()
        waits = [self._recent(key, now) for key in self._keys(client, name)]
        blocked = [t for t in waits if len(t) >= self.max_failures]
        if not blocked:
            return 0
        return max(1, max(int(t[-self.max_failures] + self.window - now + 0.999)
                          for t in blocked))

    def check(self, *, client: str, name: str) -> None:
        """Refuse (429) an attempt from a client or for a name with too many failures."""
        wait = self.retry_after(client=client, name=name)
        if wait:
            raise HTTPException(429, f"too many failed logins: try again in {wait} s",
                                headers={"Retry-After": str(wait)})

    def record_failure(self, *, client: str, name: str) -> None:
        """Count one failed attempt against the client and the name."""
        now = self.clock()
        if len(self._failures) >= self.max_keys:  # forget idle keys before growing further
            self._failures = {k: t for k, t in self._failures.items()
                              if self._recent(k, now)}
        for key in self._keys(client, name):
            self._failures[key] = self._recent(key, now)
            self._failures[key].append(now)

    def record_success(self, *, name: str) -> None:
        """Forget the failures counted against ``name`` (not those of the client)."""
        self._failures.pop(self._keys("", name)[1], None)


def login_limiter(request: Request) -> LoginLimiter:
    """Return the app's login limiter, created on first use."""
    limiter = getattr(request.app.state, "login_limiter", None)
    if not isinstance(limiter, LoginLimiter):
        limiter = LoginLimiter()
        request.app.state.login_limiter = limiter
    return limiter


def client_ip(request: Request) -> str:
    """Return the address of the client (the proxy's, unless uvicorn trusts its headers)."""
    return request.client.host if request.client is not None else "unknown"
