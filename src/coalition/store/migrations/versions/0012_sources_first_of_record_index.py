"""The index on a source's record also holds the source's id, so that a record's first
source (the lowest id, which the commitment lists and counts read) is the first entry of the
record's range in that index, without reading the table (issue #7).

At 100,000 documents on PostgreSQL, the meeting list read the first source of ~1,850
commitments that ~32,000 sources restate: ~10,000 table pages, most of the page's 384 ms
(p95). SQLite keys every index by rowid already, so there it changes no plan. The index
replaces ``(record_type, record_id)``, whose columns it starts with: every query that used
that one uses this one, and a write maintains as many indexes as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("record_type", "record_id")
NEW = ("record_type", "record_id", "id")


def _name(columns: tuple[str, ...]) -> str:
    return f"ix_sources_{'_'.join(columns)}"  # the name tables.py gives it


def upgrade() -> None:
    op.create_index(op.f(_name(NEW)), "sources", list(NEW), unique=False)
    op.drop_index(op.f(_name(OLD)), table_name="sources")


def downgrade() -> None:
    op.create_index(op.f(_name(OLD)), "sources", list(OLD), unique=False)
    op.drop_index(op.f(_name(NEW)), table_name="sources")
