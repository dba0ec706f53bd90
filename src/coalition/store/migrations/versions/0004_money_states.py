"""Add money states: pledge, commitment or disbursement, and who receives it through which fund.

Amounts extracted from documents stay pledges (the server default) until an analyst says
otherwise. The new columns are added with ``ALTER TABLE ... ADD COLUMN`` (a plain nullable
integer for the recipient, no foreign key, as in 0003), so SQLite keeps its rows in place; the
check on ``state`` is added through batch mode, which rebuilds the table on SQLite.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = "state IN ('pledge', 'commitment', 'disbursement')"


def upgrade() -> None:
    op.add_column("money_amounts", sa.Column("state", sa.String(length=12), nullable=False,
                                             server_default="pledge"))
    op.add_column("money_amounts", sa.Column("recipient_actor_id", sa.Integer(), nullable=True))
    op.add_column("money_amounts", sa.Column("fund", sa.Text(), nullable=True))
    with op.batch_alter_table("money_amounts") as batch:
        batch.create_check_constraint(op.f("ck_money_amounts_state"), STATES)


def downgrade() -> None:
    with op.batch_alter_table("money_amounts") as batch:
        batch.drop_constraint("ck_money_amounts_state", type_="check")
        batch.drop_column("fund")
        batch.drop_column("recipient_actor_id")
        batch.drop_column("state")
