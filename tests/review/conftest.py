"""A migrated store (SQLite and PostgreSQL) holding the small workflow fixture."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from .support import Workflow, fill


@pytest.fixture
def workflow(engine: Engine) -> Workflow:
    """Fill the ``engine`` store with two documents and three accounts."""
    return fill(engine)
