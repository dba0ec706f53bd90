"""The marked store (support.build_world) once per dialect, and an app client over it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from releasability.support import World, app_client, build_world


def _pg_url(pg_database: str | None) -> str:
    if pg_database is None:
        pytest.skip("PostgreSQL is not reachable")
    schema = f"s_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg_database}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> World:
    """The marked store on SQLite, then on PostgreSQL."""
    folder = tmp_path_factory.mktemp("world")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'store.db'}"
    else:
        url = _pg_url(request.getfixturevalue("pg_database"))
    return build_world(url, folder)


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    """A client of the app over the marked store."""
    with app_client(world.url) as test_client:
        yield test_client
