"""Create the whole schema: documents, actors, meetings, commitments, sources.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=True),
        sa.CheckConstraint(
            "kind IN ('state', 'organization', 'armed_group', 'person')",
            name=op.f("ck_actors_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", name=op.f("uq_actors_key")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "lines_of_effort",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lines_of_effort")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("key", name=op.f("uq_meetings_key")),
    )
    op.create_table(
        "metric_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("what", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("observed_on", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_observations")),
        sa.UniqueConstraint("key", name=op.f("uq_metric_observations_key")),
    )
    op.create_table(
        "resolutions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_resolutions")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_aliases_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_aliases")),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.String(length=10), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_commitments_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint("key", name=op.f("uq_commitments_key")),
    )
    op.create_table(
        "money_amounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("per", sa.String(length=20), nullable=True),
        sa.Column("donor_actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["donor_actor_id"], ["actors.id"], name=op.f("fk_money_amounts_donor_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_amounts")),
        sa.UniqueConstraint("key", name=op.f("uq_money_amounts_key")),
    )
    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_participations_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_participations_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
        sa.UniqueConstraint(
            "meeting_id",
            "actor_id",
            "role",
            name=op.f("uq_participations_meeting_id_actor_id_role"),
        ),
    )
    op.create_table(
        "person_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=True),
        sa.Column("until", sa.String(length=10), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_person_roles_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_person_roles_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_roles")),
        sa.UniqueConstraint("actor_id", "role", name=op.f("uq_person_roles_actor_id_role")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(length=120), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "review_state", sa.String(length=12), server_default="unreviewed", nullable=False
        ),
        sa.CheckConstraint(
            "review_state IN ('unreviewed', 'confirmed', 'edited', 'rejected')",
            name=op.f("ck_sources_review_state"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_sources_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint(
            "record_type",
            "record_id",
            "document_id",
            "start",
            "end",
            name=op.f("uq_sources_record_type_record_id_document_id_start_end"),
        ),
    )
    op.create_index(op.f("ix_sources_document_id"), "sources", ["document_id"], unique=False)
    op.create_index(
        op.f("ix_sources_record_type_record_id"),
        "sources",
        ["record_type", "record_id"],
        unique=False,
    )
    op.create_table(
        "working_groups",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("line_of_effort_key", sa.String(length=40), nullable=True),
        sa.Column("parent_key", sa.String(length=120), nullable=True),
        sa.Column("leads", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["line_of_effort_key"],
            ["lines_of_effort.key"],
            name=op.f("fk_working_groups_line_of_effort_key_lines_of_effort"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_key"],
            ["working_groups.key"],
            name=op.f("fk_working_groups_parent_key_working_groups"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_working_groups")),
    )
    op.create_table(
        "commitment_actors",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_commitment_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_actors_commitment_id_commitments"),
        ),
        sa.PrimaryKeyConstraint("commitment_id", "actor_id", name=op.f("pk_commitment_actors")),
    )
    op.create_table(
        "commitment_lines",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("line_of_effort_key", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_lines_commitment_id_commitments"),
        ),
        sa.ForeignKeyConstraint(
            ["line_of_effort_key"],
            ["lines_of_effort.key"],
            name=op.f("fk_commitment_lines_line_of_effort_key_lines_of_effort"),
        ),
        sa.PrimaryKeyConstraint(
            "commitment_id", "line_of_effort_key", name=op.f("pk_commitment_lines")
        ),
    )
    op.create_table(
        "compliance_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("assessor", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score IN (-1, 0, 1)", name=op.f("ck_compliance_assessments_score")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_compliance_assessments_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_compliance_assessments_commitment_id_commitments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_assessments")),
    )


def downgrade() -> None:
    op.drop_table("compliance_assessments")
    op.drop_table("commitment_lines")
    op.drop_table("commitment_actors")
    op.drop_table("working_groups")
    op.drop_index(op.f("ix_sources_record_type_record_id"), table_name="sources")
    op.drop_index(op.f("ix_sources_document_id"), table_name="sources")
    op.drop_table("sources")
    op.drop_table("person_roles")
    op.drop_table("participations")
    op.drop_table("money_amounts")
    op.drop_table("commitments")
    op.drop_table("actor_aliases")
    op.drop_table("resolutions")
    op.drop_table("metric_observations")
    op.drop_table("meetings")
    op.drop_table("lines_of_effort")
    op.drop_table("documents")
    op.drop_table("actors")
