"""Typed dependencies: the settings, a database session per request, the output format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from coalition.settings import Settings
from coalition.store.engine import session_scope

Format = Literal["html", "json", "csv"]


def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """Yield a read session on the app's store; it is closed after the response."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with session_scope(factory) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
FormatQuery = Annotated[Format | None, Query(
    alias="format", description="html (pages), json (API default) or csv")]
PageQuery = Annotated[int, Query(ge=1, description="page number, from 1")]
PerPageQuery = Annotated[int, Query(ge=1, le=500, description="rows per page")]
