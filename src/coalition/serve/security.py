"""Security headers on every response: a strict Content-Security-Policy and friends.

Pages load scripts and styles from /static only: no inline ``<script>``, no inline style,
no ``on*=`` handler attributes. The OpenAPI pages (/docs, /redoc) are FastAPI's own and load
Swagger UI / ReDoc from a CDN with an inline bootstrap script, so they get a looser policy
of their own; they show no stored text.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'")
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def security_headers(path: str) -> dict[str, str]:
    """Return the security headers of a response to ``path``.

    >>> security_headers("/docs")["Content-Security-Policy"] == DOCS_CSP
    True
    """
    return {"Content-Security-Policy": DOCS_CSP if path in DOCS_PATHS else CSP, **HEADERS}


class SecurityHeaders:
    """ASGI middleware: add the security headers to every HTTP response (unless set).

    Starlette answers an unhandled exception outside every middleware (its
    ``ServerErrorMiddleware``), so the app's 500 handler adds :func:`security_headers` itself.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = security_headers(str(scope.get("path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
