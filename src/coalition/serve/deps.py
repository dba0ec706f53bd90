"""Typed dependencies: the settings, a database session per request, the output format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from annotated_types import Ge, Le
from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from coalition.settings import Settings
from coalition.store.engine import session_scope
from coalition.store.visibility import ANONYMOUS, bind_viewer, viewer_for

Format = Literal["html", "json", "csv"]
MAX_ID = 2**31 - 1  # the largest PostgreSQL INTEGER: larger ids would fail in the driver
Id = Annotated[int, Ge(1), Le(MAX_ID)]  # a record id in a path, query or body
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # the others may write


def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """Yield a session on the app's store, limited to what the requesting account (or an
    anonymous reader) may see (`coalition.store.visibility`); closed after the response."""
    from coalition.serve.auth import resolve_user  # auth depends on this module

    factory: sessionmaker[Session] = request.app.state.session_factory
    with session_scope(factory, write=request.method not in SAFE_METHODS) as session:
        bind_viewer(session, ANONYMOUS)  # until the account is known: public documents only
        user = resolve_user(request, session)
        bind_viewer(session, viewer_for(session, partner_key=user.partner_key, role=user.role)
                    if user is not None else ANONYMOUS)
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
FormatQuery = Annotated[Format | None, Query(
    alias="format", description="html (pages), json (API default) or csv")]
PageQuery = Annotated[int, Query(ge=1, le=MAX_ID, description="page number, from 1")]
PerPageQuery = Annotated[int, Query(ge=1, le=500, description="rows per page")]
