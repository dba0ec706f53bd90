"""A partial index of the sources that carry a marking of their own (``audience`` set).

Every viewer check asks whether any source is marked (``visibility.sees_everything``, once
per store generation and audience: after every ingest), and the limits of a viewer who does
not see everything read the marked sources. Without an index each of those read the whole
``sources`` table (10.5 million rows at 100,000 documents); few sources are marked, so the
index is small and the question costs one index probe.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKED = "audience IS NOT NULL"


def upgrade() -> None:
    op.create_index("ix_sources_marked", "sources", ["id"], unique=False,
                    sqlite_where=sa.text(MARKED), postgresql_where=sa.text(MARKED))


def downgrade() -> None:
    op.drop_index("ix_sources_marked", table_name="sources")
