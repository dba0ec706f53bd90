"""Indexes for every filter and sort offered by the pages and the API lists.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("documents", ("kind",)),
    ("documents", ("issued_on",)),
    ("documents", ("city",)),
    ("documents", ("country_iso3",)),
    ("actors", ("kind",)),
    ("meetings", ("start",)),
    ("meetings", ("kind",)),
    ("participations", ("actor_id",)),
    ("commitments", ("meeting_id",)),
    ("commitments", ("deadline",)),
    ("commitment_actors", ("actor_id",)),
    ("commitment_lines", ("line_of_effort_key",)),
    ("money_amounts", ("donor_actor_id",)),
    ("metric_observations", ("observed_on",)),
    ("compliance_assessments", ("commitment_id",)),
    ("compliance_assessments", ("actor_id",)),
    ("sources", ("review_state", "document_id", "start", "id")),
    ("sources", ("record_type", "review_state", "record_id")),
    ("sources", ("document_id", "record_type", "record_id", "start", "end")),
)


def _name(table: str, columns: tuple[str, ...]) -> str:
    """The name tables.py gives the index (the ``ix`` naming convention)."""
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in INDEXES:
        op.create_index(op.f(_name(table, columns)), table, list(columns), unique=False)


def downgrade() -> None:
    for table, columns in reversed(INDEXES):
        op.drop_index(op.f(_name(table, columns)), table_name=table)
