"""Add full-text search over documents and commitments (dialect-aware).

SQLite: FTS5 external-content tables ``documents_fts`` and ``commitments_fts`` (porter
stemming), kept in sync by triggers on ``documents`` and ``commitments``, rebuilt once here.
PostgreSQL: GIN expression indexes on ``to_tsvector('english', ...)``, the same expressions
``coalition.store.queries.search`` queries, so the planner uses them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (FTS table, indexed columns)
_FTS = {"documents": ("documents_fts", ("title", "text")),
        "commitments": ("commitments_fts", ("text",))}

PG_INDEXES = {
    "ix_documents_search": "documents",
    "ix_commitments_search": "commitments",
}
PG_EXPRESSIONS = {
    "documents": "to_tsvector('english', coalesce(title, '') || ' ' || text)",
    "commitments": "to_tsvector('english', text)",
}


def _sqlite_statements(table: str, fts: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = (f"INSERT INTO {fts}({fts}, rowid, {cols}) "
              f"VALUES ('delete', old.id, {old});")
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    """Create the search index of the connected dialect."""
    if op.get_bind().dialect.name == "sqlite":
        for table, (fts, columns) in _FTS.items():
            for statement in _sqlite_statements(table, fts, columns):
                op.execute(statement)
        return
    for name, table in PG_INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                   f"USING gin (({PG_EXPRESSIONS[table]}))")


def downgrade() -> None:
    """Drop the search index of the connected dialect."""
    if op.get_bind().dialect.name == "sqlite":
        for fts, _ in _FTS.values():
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        return
    for name in PG_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
