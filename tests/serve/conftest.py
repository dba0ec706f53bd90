"""A store filled by ingesting the five seeds (once per test session, SQLite and PostgreSQL),
and an in-process client of the app over it. The tests only read, so they share the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from coalition.serve.app import create_app
from coalition.settings import Settings
from corpus_support import pg_schema_url, seed_store


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite store holding the ingested seeds."""
    return seed_store(f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'store.db'}")


@pytest.fixture(scope="session")
def seeded_postgresql(pg_database: str | None) -> str:
    """The URL of a PostgreSQL store (its own schema) holding the ingested seeds."""
    return seed_store(pg_schema_url(pg_database))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def seeded_url(request: pytest.FixtureRequest) -> str:
    """The seeded store, once on SQLite and once on PostgreSQL."""
    return str(request.getfixturevalue(f"seeded_{request.param}"))


def _client(url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=url))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def client(seeded_url: str) -> Iterator[TestClient]:
    """A client of the app over the seeded store (both dialects)."""
    yield from _client(seeded_url)


@pytest.fixture(scope="session")
def sqlite_client(seeded_sqlite: str) -> Iterator[TestClient]:
    """A client of the app over the seeded SQLite store only."""
    yield from _client(seeded_sqlite)
