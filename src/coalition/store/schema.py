"""Bring a store to the current schema and seed its reference data.

``upgrade(engine)`` runs ``alembic upgrade head`` in code (no alembic.ini: the script
location is the ``migrations`` folder inside this package), then inserts or refreshes the
lines of effort and working groups from ``coalition/data``. It is safe to call on every
start: ``coalition init`` and ``ingest`` both do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from coalition.data import load_json
from coalition.store.tables import Base, LineOfEffort, WorkingGroup

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_LOCK_ID = 0x0C0A1  # advisory lock serialising concurrent upgrades on PostgreSQL


def alembic_config(*, url: str | None = None, connection: Connection | None = None) -> Config:
    """Build the Alembic configuration in code.

    >>> alembic_config(url="sqlite://").get_main_option("script_location").endswith("migrations")
    True
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Migrate the store behind ``engine`` to the latest schema and seed reference data.

    >>> from coalition.store.engine import make_engine
    >>> upgrade(make_engine("sqlite://"))
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": PG_LOCK_ID})
        command.upgrade(alembic_config(connection=conn), "head")
        with Session(bind=conn) as session:
            seed_reference(session)
            session.flush()
    log.info("store at head", extra={"stage": "store"})


def _upsert(session: Session, model: type[Base], key: str, row: dict[str, Any]) -> None:
    existing = session.get(model, row[key])
    if existing is None:
        session.add(model(**row))
        return
    for name, value in row.items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)


def seed_reference(session: Session) -> None:
    """Insert or refresh lines of effort and working groups (idempotent)."""
    for row in load_json("lines_of_effort.json"):
        _upsert(session, LineOfEffort, "key", dict(row))
    session.flush()
    groups = sorted(load_json("working_groups.json"), key=lambda g: g["parent_key"] is not None)
    for row in groups:
        _upsert(session, WorkingGroup, "key", dict(row))
    session.flush()


def current_revision(engine: Engine) -> str | None:
    """Return the Alembic revision the store is at, or None for an empty database."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        return conn.execute(select(text("version_num")).select_from(
            text("alembic_version"))).scalar_one_or_none()
