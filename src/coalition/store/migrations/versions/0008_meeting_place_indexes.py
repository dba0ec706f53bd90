"""Indexes on the place and kind of a meeting, so that saving a document matches its meetings
against the stored ones of a compatible kind in the same city or country, not against every
meeting (issue #7).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("city", "kind"), ("country_iso3", "kind"))


def _name(columns: tuple[str, ...]) -> str:
    return f"ix_meetings_{'_'.join(columns)}"  # the name tables.py gives it


def upgrade() -> None:
    for columns in INDEXES:
        op.create_index(op.f(_name(columns)), "meetings", list(columns), unique=False)


def downgrade() -> None:
    for columns in reversed(INDEXES):
        op.drop_index(op.f(_name(columns)), table_name="meetings")
