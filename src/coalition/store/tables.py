"""Declare the tables of the store: documents, actors, meetings, commitments and provenance.

Every constraint and index is named through the MetaData naming convention, so Alembic can
alter them on SQLite (batch mode) and PostgreSQL alike. ``migrations/versions/0001_initial.py``
creates exactly this schema; a test compares the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY = 120  # length of natural keys (actor keys, meeting keys, commitment hashes)
ISO3 = 3
DATE_TEXT = 10  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"


class UTCDateTime(TypeDecorator[datetime]):
    """Store timezone-aware datetimes as UTC; always load them back aware, in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give the store timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    city: Mapped[str | None] = mapped_column(String(KEY))
    country_iso3: Mapped[str | None] = mapped_column(String(ISO3))
    text: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # 0007: who may read it (store/visibility.py); originator NULL = the secretariat.
    audience: Mapped[str] = mapped_column(String(20), default="public", server_default="public")
    audience_group: Mapped[str | None] = mapped_column(String(KEY))  # working group key
    originator: Mapped[str | None] = mapped_column(String(KEY))  # partner key of the uploader
    # 0006: the filters and sorts of the documents list.
    __table_args__ = (Index(None, "kind"), Index(None, "issued_on"), Index(None, "city"),
                      Index(None, "country_iso3"))


class Actor(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    iso3: Mapped[str | None] = mapped_column(String(ISO3))
    __table_args__ = (
        CheckConstraint("kind IN ('state', 'organization', 'armed_group', 'person')", name="kind"),
        Index(None, "kind"),  # 0006
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    alias: Mapped[str] = mapped_column(String(300), primary_key=True)


class PersonRole(Base):
    __tablename__ = "person_roles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    role: Mapped[str] = mapped_column(String(300))
    since: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    until: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    __table_args__ = (UniqueConstraint("actor_id", "role"),)


class LineOfEffort(Base):
    __tablename__ = "lines_of_effort"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)


class WorkingGroup(Base):
    __tablename__ = "working_groups"
    key: Mapped[str] = mapped_column(String(KEY), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    line_of_effort_key: Mapped[str | None] = mapped_column(ForeignKey("lines_of_effort.key"))
    parent_key: Mapped[str | None] = mapped_column(ForeignKey("working_groups.key"))
    leads: Mapped[str | None] = mapped_column(Text)


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    start: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    end: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    city: Mapped[str | None] = mapped_column(String(KEY))
    country_iso3: Mapped[str | None] = mapped_column(String(ISO3))
    superseded_by: Mapped[int | None] = mapped_column(Integer)  # the survivor of a merge
    # 0006: the filters and sorts of the meetings list and timeline.
    __table_args__ = (Index(None, "start"), Index(None, "kind"),
                      Index(None, "city", "kind"), Index(None, "country_iso3", "kind"),  # 0008
                      Index(None, "country_iso3", "city", "kind"))  # 0011


class Participation(Base):
    __tablename__ = "participations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    role: Mapped[str] = mapped_column(String(20))
    __table_args__ = (UniqueConstraint("meeting_id", "actor_id", "role"),
                      Index(None, "actor_id"))  # 0006: a partner's meetings


class Commitment(Base):
    __tablename__ = "commitments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    deadline_text: Mapped[str | None] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # 0006: the meeting and deadline filters and sorts of the commitments list.
    __table_args__ = (Index(None, "meeting_id"), Index(None, "deadline"))


class CommitmentActor(Base):
    __tablename__ = "commitment_actors"
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    __table_args__ = (Index(None, "actor_id"),)  # 0006: the actor filter, a partner's list


class CommitmentLine(Base):
    __tablename__ = "commitment_lines"
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), primary_key=True)
    line_of_effort_key: Mapped[str] = mapped_column(
        ForeignKey("lines_of_effort.key"), primary_key=True)
    # An analyst who removes a line of effort supersedes the link; nothing is deleted.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (Index(None, "line_of_effort_key"),)  # 0006: the line filter


class Resolution(Base):
    __tablename__ = "resolutions"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(String(20))


class MoneyAmount(Base):
    __tablename__ = "money_amounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    amount: Mapped[float] = mapped_column(Double)
    currency: Mapped[str] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)
    per: Mapped[str | None] = mapped_column(String(20))
    donor_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    # Added by 0004: an extracted amount is a pledge until an analyst says otherwise.
    state: Mapped[str] = mapped_column(String(12), default="pledge", server_default="pledge")
    recipient_actor_id: Mapped[int | None] = mapped_column(Integer)  # actors.id, no FK
    fund: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("state IN ('pledge', 'commitment', 'disbursement')", name="state"),
        Index(None, "donor_actor_id"),  # 0006: a partner's money
    )


class MetricObservation(Base):
    __tablename__ = "metric_observations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(20))
    what: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    observed_on: Mapped[str | None] = mapped_column(String(DATE_TEXT))
    __table_args__ = (Index(None, "observed_on"),)  # 0006: the latest metrics


class ComplianceAssessment(Base):
    __tablename__ = "compliance_assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"))
    score: Mapped[int | None] = mapped_column(SmallInteger)  # -1, 0, 1; NULL = no evidence
    period: Mapped[str | None] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    assessor: Mapped[str | None] = mapped_column(String(KEY))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(Integer)  # users.id of the assessor
    superseded_by: Mapped[int | None] = mapped_column(Integer)  # the assessment replacing it
    __table_args__ = (CheckConstraint("score IN (-1, 0, 1)", name="score"),
                      Index(None, "commitment_id"), Index(None, "actor_id"))  # 0006


class Source(Base):
    """The provenance of one fact: which document, which span, which extractor said so."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String(KEY))
    extractor_version: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Double)
    review_state: Mapped[str] = mapped_column(
        String(12), default="unreviewed", server_default="unreviewed")
    reviewed_by: Mapped[int | None] = mapped_column(Integer)  # users.id of the reviewer
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 0007: a fact's own marking, never wider than its document's (NULL: the document's).
    audience: Mapped[str | None] = mapped_column(String(20))
    audience_group: Mapped[str | None] = mapped_column(String(KEY))
    # 0009: what the fact itself says of a record merged from several documents (a meeting's
    # name, kind, dates and place), so each viewer is shown only what their sources say.
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    __table_args__ = (
        UniqueConstraint("record_type", "record_id", "document_id", "start", "end"),
        Index(None, "document_id"),
        Index(None, "record_type", "record_id", "id"),  # 0012: a record's first source
        # 0006: the review queue (a state in reading order) and the confirmed-only filters.
        Index(None, "review_state", "document_id", "start", "id"),
        Index(None, "record_type", "review_state", "record_id"),
        Index(None, "document_id", "record_type", "record_id", "start", "end"),  # covering
        # 0014: the few sources with a marking of their own (the viewer checks ask for them).
        Index("ix_sources_marked", "id", sqlite_where=text("audience IS NOT NULL"),
              postgresql_where=text("audience IS NOT NULL")),
        CheckConstraint(
            "review_state IN ('unreviewed', 'confirmed', 'edited', 'rejected')",
            name="review_state"),
    )


ROLES = ("viewer", "analyst", "admin")
REVIEW_STATES = ("unreviewed", "confirmed", "edited", "rejected")
CONFIRMED_STATES = ("confirmed", "edited")  # what "confirmed facts only" keeps
MONEY_STATES = ("pledge", "commitment", "disbursement")


class User(Base):
    """An account: a viewer reads, an analyst reviews and scores, an admin manages."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(KEY), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    partner_key: Mapped[str | None] = mapped_column(String(KEY))  # 0007: NULL = secretariat
    __table_args__ = (CheckConstraint("role IN ('viewer', 'analyst', 'admin')", name="role"),)


class DocumentRelease(Base):
    """A partner a document is released to by name (0007), whatever its audience."""

    __tablename__ = "document_release"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    partner_key: Mapped[str] = mapped_column(String(KEY), primary_key=True)


class GroupMember(Base):
    """A partner in the Small Group (``small_group``) or in a working group (0007)."""

    __tablename__ = "group_members"
    group_key: Mapped[str] = mapped_column(String(KEY), primary_key=True)
    partner_key: Mapped[str] = mapped_column(String(KEY), primary_key=True)
    __table_args__ = (Index(None, "partner_key"),)


class DocumentShare(Base):
    """One widening of a document's audience (0007): who, what, to whom, when."""

    __tablename__ = "document_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(String(KEY))
    from_audience: Mapped[str] = mapped_column(String(20))
    to_audience: Mapped[str] = mapped_column(String(20))
    to_group: Mapped[str | None] = mapped_column(String(KEY))
    partners: Mapped[str | None] = mapped_column(Text)  # partner keys added, comma-separated
    __table_args__ = (Index(None, "document_id"),)


class ApiToken(Base):
    """A bearer token for scripts; only the sha256 of the token is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """One change to one row: who, when, what, and the row before and after (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(String(KEY))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    group_key: Mapped[str] = mapped_column(String(40))  # the entries of one action
    reverts: Mapped[str | None] = mapped_column(String(40))  # the group an undo reverts
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index(None, "record_type", "record_id"),)


class ComplianceReport(Base):
    """A dated interim or final report: a frozen copy of the assessments of its day."""

    __tablename__ = "compliance_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[str | None] = mapped_column(String(20))
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    __table_args__ = (CheckConstraint("kind IN ('interim', 'final')", name="kind"),)


class ReportAssessment(Base):
    """One assessment as it stood when its report was frozen (never updated)."""

    __tablename__ = "report_assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("compliance_reports.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("compliance_assessments.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    period: Mapped[str | None] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    assessor: Mapped[str | None] = mapped_column(String(KEY))
    __table_args__ = (Index(None, "report_id"),)


class SharedAggregate(Base):
    """An aggregate computed by one server process, for the others (0013): the value of a
    cache entry (`coalition.store.queries.cache`) at the store generation it was computed
    at. Not data: exports leave it out, and any write makes its rows stale."""

    __tablename__ = "shared_aggregates"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the entry
    generation: Mapped[str] = mapped_column(String(200))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


RECORD_TYPES = ("actor", "meeting", "participation", "commitment", "resolution", "money",
                "metric", "person_role", "document_meta")
