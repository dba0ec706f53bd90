"""SQLite connections get their pragmas; session_scope commits or rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from coalition.errors import StoreError
from coalition.store.engine import (
    make_engine,
    make_session_factory,
    normalize_url,
    session_scope,
)
from coalition.store.tables import Resolution
from conftest import StoreUrlFactory


def test_engine_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    engine.dispose()


def test_engine_postgresql_connections_run_without_jit(make_store_url: StoreUrlFactory) -> None:
    engine = make_engine(make_store_url("postgresql"))
    for _ in range(2):  # a new connection, then one back from the pool after a rollback
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
            conn.rollback()
    engine.dispose()


def test_engine_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match=r"^\[STORE001\]"):
        make_engine("mysql://u@h/db")


def test_engine_session_scope_commits_and_rolls_back(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        session.add(Resolution(number=1, body="UNSC"))
    with pytest.raises(RuntimeError):
        with session_scope(factory) as session:
            session.add(Resolution(number=2, body="UNSC"))
            session.flush()
            raise RuntimeError("boom")
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Resolution)) == 1
