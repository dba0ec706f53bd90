"""A table of aggregates that one server process computed, for the other processes and for
the next start (issue #7): with several server processes, each built its own dashboard after
every ingest (~2.6 s at 20,000 documents, linear in the store).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shared_aggregates",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.String(length=200), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_aggregates")),
    )


def downgrade() -> None:
    op.drop_table("shared_aggregates")
