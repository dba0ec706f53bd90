"""Build the web app: HTML pages and their JSON twins under /api, static files, errors.

``create_app(settings)`` opens the store named by the settings (migrating it to head, which
also creates the search index), mounts the routers and maps errors: an unknown record is a
404 page (HTML) or a JSON body (under /api); anything unexpected is logged and answered with a
plain 500 page, never a traceback.
"""

from __future__ import annotations

import logging
import secrets

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from coalition.errors import AuthError, EditConflict, NotFound, ReviewError
from coalition.serve import api, pages
from coalition.serve import releases as sharing
from coalition.serve.admission import Admission
from coalition.serve.api import admin as api_admin
from coalition.serve.api import commitments as api_commitments
from coalition.serve.api import compliance as api_compliance
from coalition.serve.api import dashboard as api_dashboard
from coalition.serve.api import documents as api_documents
from coalition.serve.api import meetings as api_meetings
from coalition.serve.api import monitor as api_monitor
from coalition.serve.api import opendata as api_opendata
from coalition.serve.api import partners as api_partners
from coalition.serve.api import review as api_review
from coalition.serve.api import search as api_search
from coalition.serve.auth import read_gate
from coalition.serve.formats import HERE, templates
from coalition.serve.pages import brief as page_brief
from coalition.serve.pages import commitments as page_commitments
from coalition.serve.pages import compliance as page_compliance
from coalition.serve.pages import dashboard as page_dashboard
from coalition.serve.pages import documents as page_documents
from coalition.serve.pages import meetings as page_meetings
from coalition.serve.pages import monitor as page_monitor
from coalition.serve.pages import partners as page_partners
from coalition.serve.pages import review as page_review
from coalition.serve.pages import search as page_search
from coalition.serve.schemas import document_formats
from coalition.serve.security import SecurityHeaders, security_headers
from coalition.settings import Settings
from coalition.store.engine import POOL_CAPACITY, make_engine, make_session_factory
from coalition.store.schema import upgrade

log = logging.getLogger(__name__)
ROUTERS = (api_dashboard, api_partners, api_meetings, api_commitments, api_documents,
           api_search, page_dashboard, page_partners, page_meetings, page_commitments,
           page_documents, page_search, api_review, api_compliance, page_review,
           page_compliance, api_admin, api_monitor, page_monitor,
           page_brief, api_opendata, sharing)
SESSION_COOKIE = "coalition_session"
MAX_ACTIVE_REQUESTS = POOL_CAPACITY * 2 // 3  # one connection each; the rest for uploads
TITLES = {400: "Bad request", 401: "Log in first", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 429: "Too many requests",
          500: "Something went wrong"}
__all__ = ["create_app", "api", "pages"]


def _error(request: Request, status: int, detail: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"status": status, "detail": detail}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "title": TITLES.get(status, "Error"),
                                "detail": detail}, status_code=status)


async def _not_found(request: Request, exc: Exception) -> Response:
    reason = exc.reason if isinstance(exc, NotFound) else "no such record"
    return _error(request, 404, reason)


async def _refused(request: Request, exc: Exception) -> Response:
    status = 403 if isinstance(exc, AuthError) else 409 if isinstance(exc, EditConflict) else 400
    return _error(request, status, getattr(exc, "reason", "refused"))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = "no such page" if exc.status_code == 404 else str(exc.detail)
    response = _error(request, exc.status_code, detail)
    response.headers.update(exc.headers or {})  # Retry-After, WWW-Authenticate
    return response


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if request.url.path.startswith("/api"):
        return JSONResponse({"status": 422, "detail": "invalid request",
                             "errors": [str(e.get("msg")) for e in exc.errors()]},
                            status_code=422)
    fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
    return _error(request, 400, f"invalid value for: {fields}")


async def _crash(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s", request.url.path, exc_info=exc,
              extra={"stage": "serve"})
    response = _error(request, 500,
                      "The server could not answer this request. It has been logged.")
    response.headers.update(security_headers(request.url.path))  # outside the middleware
    return response


def create_app(settings: Settings) -> FastAPI:
    """Create the app over the store at ``settings.database_url``.

    >>> # uvicorn.run(create_app(Settings(database_url="sqlite:///coalition.db")))
    """
    engine = make_engine(settings.database_url)
    upgrade(engine)
    app = FastAPI(title="Coalition Tracker", version="0.1.0",
                  description="Partners, meetings, commitments and the documents behind them.",
                  dependencies=[Depends(read_gate)])
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    for module in ROUTERS:
        app.include_router(module.router)
    document_formats(app.openapi())  # the cached schema /openapi.json serves
    app.add_middleware(Admission, limit=MAX_ACTIVE_REQUESTS)
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key or secrets.token_hex(32),
                       session_cookie=SESSION_COOKIE, same_site="lax",
                       https_only=settings.cookie_secure)
    app.add_middleware(SecurityHeaders)  # outermost: error pages get the headers too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(ReviewError, _refused)
    app.add_exception_handler(AuthError, _refused)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _crash)
    return app
