"""Releasability: partners as tenants, audiences on documents and facts, shares.

Existing documents become ``public`` (the default of a new ingest too) with the secretariat as
originator (NULL); existing accounts belong to the secretariat (``partner_key`` NULL).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = 120


def upgrade() -> None:
    op.add_column("documents", sa.Column("audience", sa.String(length=20), nullable=False,
                                         server_default="public"))
    op.add_column("documents", sa.Column("audience_group", sa.String(length=KEY)))
    op.add_column("documents", sa.Column("originator", sa.String(length=KEY)))
    op.add_column("sources", sa.Column("audience", sa.String(length=20)))
    op.add_column("sources", sa.Column("audience_group", sa.String(length=KEY)))
    op.add_column("users", sa.Column("partner_key", sa.String(length=KEY)))
    op.create_table(
        "document_release",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("partner_key", sa.String(length=KEY), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_release_document_id_documents")),
        sa.PrimaryKeyConstraint("document_id", "partner_key", name=op.f("pk_document_release")),
    )
    op.create_table(
        "group_members",
        sa.Column("group_key", sa.String(length=KEY), nullable=False),
        sa.Column("partner_key", sa.String(length=KEY), nullable=False),
        sa.PrimaryKeyConstraint("group_key", "partner_key", name=op.f("pk_group_members")),
    )
    op.create_index(op.f("ix_group_members_partner_key"), "group_members", ["partner_key"])
    op.create_table(
        "document_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=KEY), nullable=True),
        sa.Column("from_audience", sa.String(length=20), nullable=False),
        sa.Column("to_audience", sa.String(length=20), nullable=False),
        sa.Column("to_group", sa.String(length=KEY), nullable=True),
        sa.Column("partners", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_shares_document_id_documents")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_document_shares_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_shares")),
    )
    op.create_index(op.f("ix_document_shares_document_id"), "document_shares", ["document_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_document_shares_document_id"), table_name="document_shares")
    op.drop_table("document_shares")
    op.drop_index(op.f("ix_group_members_partner_key"), table_name="group_members")
    op.drop_table("group_members")
    op.drop_table("document_release")
    for table, columns in (("users", ("partner_key",)),
                           ("sources", ("audience_group", "audience")),
                           ("documents", ("originator", "audience_group", "audience"))):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
