"""An index on the country, city and kind of a meeting, so that a mention in a city finds the
stored meetings of its country that have no city by a seek, not by reading every meeting of
that country and kind (issue #7).

A document naming meetings in New York and Baghdad read every American and Iraqi meeting of
those kinds to keep the few without a city: 111 ms of its save at 10,000 synthetic
documents, and linear in the store. ``(country_iso3, kind)`` stays for mentions that give a
country and no city.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("country_iso3", "city", "kind")


def _name(columns: tuple[str, ...]) -> str:
    return f"ix_meetings_{'_'.join(columns)}"  # the name tables.py gives it


def upgrade() -> None:
    op.create_index(op.f(_name(COLUMNS)), "meetings", list(COLUMNS), unique=False)


def downgrade() -> None:
    op.drop_index(op.f(_name(COLUMNS)), table_name="meetings")
