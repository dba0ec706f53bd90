"""Keep a store fit for reading after bulk writes (an ingest batch, an import)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from coalition.store.tables import Base


def refresh_statistics(session: Session) -> None:
    """Give PostgreSQL's planner fresh statistics of the store's tables after a batch.

    A freshly loaded table has none until autovacuum analyzes it (never, where autovacuum
    is off): at 100,000 documents the planner then guessed 8,390 commitment sources for
    ~1,000,000 and chose nested loops, and the dashboard's first build ran for over 10 min.
    ANALYZE samples each table (2 s at 10M sources). SQLite plans without statistics.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    session.execute(text(f"ANALYZE {names}"))
