"""PostgreSQL: store each document's and commitment's tsvector in a generated column.

Search ranks every match (``ts_rank``); with only an expression index the rank re-parsed the
text of each match on every request (0.41 ms per synthetic document: ~16 s for a word found in
40,000 of 100,000 documents). The stored ``search_vector`` is parsed once, at write time, and
carries the GIN index in place of the expression index. SQLite (FTS5) is unchanged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (the expression of 0002, its index there)
_VECTORS = {
    "documents": ("to_tsvector('english', coalesce(title, '') || ' ' || text)",
                  "ix_documents_search"),
    "commitments": ("to_tsvector('english', text)", "ix_commitments_search"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (expression, old_index) in _VECTORS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
                   f"GENERATED ALWAYS AS ({expression}) STORED")
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_search_vector ON {table} "
                   "USING gin (search_vector)")
        op.execute(f"DROP INDEX IF EXISTS {old_index}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (expression, old_index) in _VECTORS.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} "
                   f"USING gin (({expression}))")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
