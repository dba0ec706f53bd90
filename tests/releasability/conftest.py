"""The marked store (support.build_world) once per dialect, and an app client over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from corpus_support import pg_schema_url
from releasability.support import World, app_client, build_world


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> World:
    """The marked store on SQLite, then on PostgreSQL."""
    folder = tmp_path_factory.mktemp("world")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'store.db'}"
    else:
        url = pg_schema_url(request.getfixturevalue("pg_database"))
    return build_world(url, folder)


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    """A client of the app over the marked store."""
    with app_client(world.url) as test_client:
        yield test_client
