"""Fixtures: a store with the small monitoring documents, and a client over the seeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coalition.serve.app import create_app
from coalition.settings import Settings
from coalition.store.engine import make_session_factory
from corpus_support import pg_schema_url, seed_store

from .support import fill


@pytest.fixture
def small(engine: Engine) -> Iterator[Session]:
    """A session over a store (SQLite and PostgreSQL) holding the small documents."""
    fill(engine)
    session = make_session_factory(engine)()
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def seeds_url(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a store holding the ingested seeds, once per dialect."""
    if request.param == "sqlite":
        return seed_store(f"sqlite:///{tmp_path_factory.mktemp('monitor') / 'seeds.db'}")
    return seed_store(pg_schema_url(request.getfixturevalue("pg_database")))


@pytest.fixture(scope="session")
def seeds_client(seeds_url: str) -> Iterator[TestClient]:
    """A client of the app over the seeded store."""
    app = create_app(Settings(database_url=seeds_url))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()
