"""The ``*_data`` functions and request bodies of the analyst workflow (review, compliance,
audit), shared by the pages and the JSON API like ``serve/data.py``."""

from __future__ import annotations

from typing import Annotated, Literal

from annotated_types import Ge, Le
from fastapi import HTTPException, Query
from pydantic import BaseModel, Field

from coalition.serve.deps import MAX_ID, Id, SessionDep
from coalition.store.audit import AuditRow, audit_rows
from coalition.store.compliance import Evidence, actor_id_of
from coalition.store.queries.common import BadCursor
from coalition.store.queries.compliance import Compliance, Suggestion, compliance, suggest_evidence
from coalition.store.queries.review import ReviewQueue, review_queue

StateQuery = Annotated[Literal["unreviewed", "confirmed", "edited", "rejected"], Query()]


class EditBody(BaseModel):
    """A correction: the field of the fact's record and its new value."""

    field: str = Field(max_length=40)
    value: str | None = Field(default=None, max_length=2000)
    # What the editor saw; when given, a field changed meanwhile answers 409 Conflict.
    expected: str | None = Field(default=None, max_length=2000)


class MergeBody(BaseModel):
    """Two meetings that are one: the survivor keeps both sources."""

    survivor_id: Id
    loser_id: Id


class EvidenceBody(BaseModel):
    """A span of a stored document (document_id, start, end) or an outside link (url)."""

    document_id: Id | None = None
    start: Annotated[int, Ge(0), Le(MAX_ID)] | None = None
    end: Annotated[int, Ge(0), Le(MAX_ID)] | None = None
    url: str | None = Field(default=None, max_length=2000)

    def to_evidence(self) -> Evidence:
        """Return the store's form of this evidence."""
        return Evidence(self.document_id, self.start, self.end, self.url)


class AssessmentBody(BaseModel):
    """A compliance assessment: score -1, 0, 1 or "no_evidence" (never counted as zero)."""

    member: str = Field(max_length=120)
    commitment_id: Id
    score: Literal[-1, 0, 1, "no_evidence"]
    period: str | None = Field(default=None, max_length=20)
    rationale: str | None = Field(default=None, max_length=10_000)
    evidence: list[EvidenceBody] = Field(default_factory=list)


class MoneyBody(BaseModel):
    """A money entry an analyst adds, with the span of a stored document behind it."""

    amount: float = Field(gt=0)
    currency: str = Field(min_length=3, max_length=3)
    state: Literal["pledge", "commitment", "disbursement"]
    document_id: Id
    start: int = Field(ge=0, le=MAX_ID)
    end: int = Field(gt=0, le=MAX_ID)
    donor: str | None = Field(default=None, max_length=120)
    recipient: str | None = Field(default=None, max_length=120)
    fund: str | None = Field(default=None, max_length=300)
    per: str | None = Field(default=None, max_length=20)


class ReportBody(BaseModel):
    """Freeze the current assessments as an interim or final report."""

    title: str = Field(max_length=300)
    kind: Literal["interim", "final"]
    period: str | None = Field(default=None, max_length=20)


class UserBody(BaseModel):
    """A new account."""

    name: str = Field(min_length=1, max_length=120)
    role: Literal["viewer", "analyst", "admin"]
    password: str = Field(min_length=8, max_length=1000)
    partner_key: str | None = Field(default=None, max_length=120,
                                    description="the account's partner; none: secretariat")


def review_data(session: SessionDep, state: StateQuery = "unreviewed",
                document: Annotated[Id | None, Query()] = None,
                after: Annotated[str | None, Query(max_length=500)] = None) -> ReviewQueue:
    """Return the review queue (facts in ``state``, by document; ``after``: the ``next``
    cursor of the previous page)."""
    try:
        return review_queue(session, state=state, document=document, after=after)
    except BadCursor as err:
        raise HTTPException(status_code=400, detail=str(err)) from err


def audit_data(session: SessionDep,
               record_type: Annotated[str | None, Query(max_length=40)] = None,
               record_id: Annotated[Id | None, Query()] = None) -> list[AuditRow]:
    """Return the audit log, optionally of one record."""
    return audit_rows(session, record_type=record_type, record_id=record_id)


def compliance_data(session: SessionDep,
                    period: Annotated[str | None, Query(max_length=20)] = None,
                    report: Annotated[Id | None, Query()] = None) -> Compliance:
    """Return live compliance (or a frozen report's with ``?report=``)."""
    return compliance(session, period=period or None, report_id=report)


def suggestions_data(session: SessionDep, member: Annotated[str, Query(max_length=120)],
                     commitment: Annotated[Id, Query()]) -> list[Suggestion]:
    """Return suggested evidence for a member and a commitment."""
    return suggest_evidence(session, actor_id=actor_id_of(session, member),
                            commitment_id=commitment)
