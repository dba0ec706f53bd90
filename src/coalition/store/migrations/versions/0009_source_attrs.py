"""What a fact itself says of a record merged from several documents: a meeting's name, kind,
dates and place per mention, so that a viewer who may see only some of a meeting's documents
is shown only what those say (issue #9).

Sources stored before this revision have none: for them the meeting's own fields are shown.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("attrs", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("attrs")
