"""Add the analyst workflow: accounts, tokens, the audit log, reviews, merges and reports.

New columns on existing tables are plain nullable integers and timestamps (no foreign key),
so SQLite adds them with ``ALTER TABLE ... ADD COLUMN`` instead of rebuilding tables that
other rows reference.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADDED: dict[str, list[tuple[str, Any]]] = {
    "meetings": [("superseded_by", sa.Integer())],
    "compliance_assessments": [("user_id", sa.Integer()), ("superseded_by", sa.Integer())],
    "sources": [("reviewed_by", sa.Integer()), ("reviewed_at", sa.DateTime(timezone=True))],
}


def _accounts() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'analyst', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_api_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )


def _audit() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=120), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=40), nullable=False),
        sa.Column("reverts", sa.String(length=40), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_record_type_record_id"), "audit_log",
                    ["record_type", "record_id"], unique=False)


def _reports() -> None:
    op.create_table(
        "compliance_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('interim', 'final')",
                           name=op.f("ck_compliance_reports_kind")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_compliance_reports_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_reports")),
    )
    op.create_table(
        "report_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("assessor", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["compliance_reports.id"],
                                name=op.f("fk_report_assessments_report_id_compliance_reports")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["compliance_assessments.id"],
            name=op.f("fk_report_assessments_assessment_id_compliance_assessments")),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"],
                                name=op.f("fk_report_assessments_actor_id_actors")),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"],
                                name=op.f("fk_report_assessments_commitment_id_commitments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_assessments")),
    )
    op.create_index(op.f("ix_report_assessments_report_id"), "report_assessments",
                    ["report_id"], unique=False)


def upgrade() -> None:
    """Create the workflow tables and add the review and merge columns."""
    _accounts()
    _audit()
    _reports()
    for table, columns in _ADDED.items():
        for name, type_ in columns:
            op.add_column(table, sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    for table, columns in _ADDED.items():
        for name, _ in columns:
            with op.batch_alter_table(table) as batch:
                batch.drop_column(name)
    op.drop_index(op.f("ix_report_assessments_report_id"), table_name="report_assessments")
    op.drop_table("report_assessments")
    op.drop_table("compliance_reports")
    op.drop_index(op.f("ix_audit_log_record_type_record_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("api_tokens")
    op.drop_table("users")
