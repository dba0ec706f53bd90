"""Shared fixtures: a store on SQLite and on PostgreSQL, its engine and session factory.

PostgreSQL: one fresh database ``coalition_test_<random>`` per test session (created through
the ``test`` database on 127.0.0.1:5432, dropped at the end); each store inside it is its own
schema, selected through ``search_path``. Locally the PostgreSQL cases skip when the server is
unreachable; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from coalition.store.engine import make_engine, make_session_factory
from coalition.store.schema import upgrade
from corpus_support import pg_schema_url

PG_HOST = os.environ.get("COALITION_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("COALITION_TEST_PG_PORT", "5432"))
PG_USERS = ("postgres", "root")
PG_ADMIN_DB = "test"

StoreUrlFactory = Callable[[str], str]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _admin_connection() -> tuple[psycopg.Connection, str]:
    errors = []
    for user in PG_USERS:
        try:
            conn = psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname=PG_ADMIN_DB,
                                   autocommit=True, connect_timeout=3)
            return conn, user
        except psycopg.OperationalError as err:
            errors.append(f"{user}: {err}")
    raise ConnectionError("; ".join(errors))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """Create a fresh PostgreSQL database for this test session; yield its base URL."""
    try:
        admin, user = _admin_connection()
    except ConnectionError as err:
        if _in_ci():
            pytest.fail(f"PostgreSQL unreachable in CI: {err}")
        yield None
        return
    name = f"coalition_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def make_store_url(tmp_path: Path, request: pytest.FixtureRequest) -> StoreUrlFactory:
    """Return a function that gives the URL of a new, empty store of a given kind."""
    counter = iter(range(1_000))

    def make(kind: str) -> str:
        n = next(counter)
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'store{n}.db'}"
        return pg_schema_url(request.getfixturevalue("pg_database"))

    return make


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, make_store_url: StoreUrlFactory) -> str:
    """The URL of an empty store, once on SQLite and once on PostgreSQL."""
    return make_store_url(request.param)


@pytest.fixture
def make_store(make_store_url: StoreUrlFactory) -> Iterator[Callable[[str], Engine]]:
    """Return a function that creates a migrated store of a given kind and its engine."""
    engines: list[Engine] = []

    def make(kind: str) -> Engine:
        engine = make_engine(make_store_url(kind))
        upgrade(engine)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A migrated store (schema at head, reference data seeded)."""
    eng = make_engine(store_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
