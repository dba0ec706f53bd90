"""Who may see what: the one visibility predicate behind every read of the store.

A :class:`Viewer` is bound to a session (:func:`bind_viewer`). From then on every ORM SELECT
that session runs (lists, counts, facets, joins, subqueries, ``session.get``) carries the
viewer's limits, added by SQLAlchemy's ``with_loader_criteria`` in a ``do_orm_execute`` hook,
so a query cannot forget them:

- a document is visible by its audience, to the partners it is released to by name
  (``document_release``) and to its originator;
- a source (one fact) when its document is visible and its own marking, if any, admits the
  viewer too (a fact's audience is the intersection of both);
- a record built from facts (meeting, participation, commitment and its links, actor, alias,
  person role, money, metric, resolution, assessment, audit entry) only through a visible
  source, so a meeting built from several documents shows each viewer only what they may see.

Raw SQL (full-text search) applies :func:`visible_document_ids` itself. A session with no
viewer (the command line, ingest workers, migrations) sees everything.

Audiences: ``public`` (everyone, anonymous readers too), ``coalition`` (every account),
``small_group`` and ``working_group`` (accounts of member partners, ``group_members``),
``partners`` (the named partners only), ``originator`` (the uploading partner only). The
secretariat (accounts with no partner) sees public, coalition, Small Group and working group
documents and those it originated, but a partner's ``partners``/``originator`` documents only
when named (as ``SECRETARIAT``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    event,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption

from coalition.store.tables import (
    Actor,
    ActorAlias,
    AuditEntry,
    Base,
    Commitment,
    CommitmentActor,
    CommitmentLine,
    ComplianceAssessment,
    Document,
    DocumentRelease,
    DocumentShare,
    GroupMember,
    Meeting,
    MetricObservation,
    MoneyAmount,
    Participation,
    PersonRole,
    ReportAssessment,
    Resolution,
    Source,
)

AUDIENCES = ("public", "coalition", "small_group", "working_group", "partners", "originator")
GROUP_AUDIENCES = ("small_group", "working_group")
SMALL_GROUP = "small_group"
SECRETARIAT = "SECRETARIAT"  # how a release names the secretariat
VIEWER_KEY = "coalition.viewer"
ALL_ROWS = "coalition_all_rows"  # execution option: a write path's lookup sees every row
# Audit entries about these record types follow the record (others: secretariat admins only).
_AUDITED_RECORDS = ("meeting", "participation", "commitment", "actor", "person_role",
                    "money", "metric", "resolution")
_MERGED_RECORDS = ("meeting", "commitment")
_ABOUT_FACTS = ("source", "document", "commitment_lines", "commitment_line",
                "compliance_assessment", *_AUDITED_RECORDS)


@dataclass(frozen=True)
class Viewer:
    """Who reads: anonymous, an account of the secretariat, or an account of a partner."""

    account: bool = False  # False: anonymous
    partner_key: str | None = None  # None (with an account): the secretariat
    role: str | None = None
    groups: frozenset[str] = frozenset()  # "small_group" and working group keys
    unrestricted: bool = False  # the command line and the write paths

    @property
    def is_secretariat(self) -> bool:
        """Return True for an account of the secretariat."""
        return self.account and self.partner_key is None

    @property
    def release_key(self) -> str:
        """Return the key under which documents are released to this viewer by name."""
        return self.partner_key or SECRETARIAT

    @property
    def audience_key(self) -> str:
        """Return a key equal for two viewers exactly when they see the same rows (for caches).

        >>> Viewer(account=True, partner_key="IRQ", groups=frozenset({"small_group"})).audience_key
        'partner:IRQ:small_group'
        """
        if self.unrestricted:
            return "all"
        if not self.account:
            return "public"
        if self.partner_key is None:
            return "secretariat"
        return f"partner:{self.partner_key}:{','.join(sorted(self.groups))}"


ANONYMOUS = Viewer()
SYSTEM = Viewer(unrestricted=True)


def viewer_for(session: Session, *, partner_key: str | None, role: str | None,
               account: bool = True) -> Viewer:
    """Return the viewer of an account (its partner's groups read from ``group_members``)."""
    if not account:
        return ANONYMOUS
    groups: frozenset[str] = frozenset()
    if partner_key is not None:
        groups = frozenset(session.scalars(
            select(GroupMember.group_key).where(GroupMember.partner_key == partner_key)))
    return Viewer(account=True, partner_key=partner_key, role=role, groups=groups)


def bind_viewer(session: Session, viewer: Viewer) -> None:
    """Limit every later read of ``session`` to what ``viewer`` may see."""
    session.info[VIEWER_KEY] = viewer


def viewer_of(session: Session) -> Viewer:
    """Return the viewer bound to ``session`` (unbound: :data:`SYSTEM`)."""
    viewer = session.info.get(VIEWER_KEY)
    return viewer if isinstance(viewer, Viewer) else SYSTEM


def audience_key(session: Session) -> str:
    """Return the cache key of the rows ``session`` may see."""
    return viewer_of(session).audience_key


def _table(name: str, alias: str) -> Any:
    table: Table = Base.metadata.tables[name]
    return table.alias(alias)


_SAFE = re.compile(r"^[A-Za-z0-9_]{1,120}$")


def _lit(value: str | None) -> Any:
    """Return ``value`` as an SQL literal, not a bound parameter: the limits of a viewer then
    add no parameters to every statement (binding hundreds of them is what costs), and the
    statement cache keys on them. Only plain keys are accepted, so nothing can be injected."""
    if value is None or not _SAFE.match(value):
        raise ValueError(f"not a plain key: {value!r}")
    return literal_column(f"'{value}'", String)


def _lits(values: Iterable[str]) -> list[Any]:
    return [_lit(v) for v in values]


def _document_clause(viewer: Viewer, d: Any) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = [d.c.audience == _lit("public")]
    if viewer.account:
        conds.append(d.c.audience == _lit("coalition"))
        if viewer.is_secretariat:
            conds += [d.c.audience.in_(_lits(GROUP_AUDIENCES)), d.c.originator.is_(None)]
        else:
            conds.append(d.c.originator == _lit(viewer.partner_key))
            if SMALL_GROUP in viewer.groups:
                conds.append(d.c.audience == _lit(SMALL_GROUP))
            working = sorted(viewer.groups - {SMALL_GROUP})
            if working:
                conds.append(and_(d.c.audience == _lit("working_group"),
                                  d.c.audience_group.in_(_lits(working))))
        release = _table("document_release", "vis_release")
        conds.append(d.c.id.in_(select(release.c.document_id)
                                .where(release.c.partner_key == _lit(viewer.release_key))))
    return or_(*conds)


def visible_document_ids(viewer: Viewer) -> Select[Any]:
    """Return a SELECT of the ids of the documents ``viewer`` may see."""
    d = _table("documents", "vis_documents")
    stmt = select(d.c.id)
    return stmt if viewer.unrestricted else stmt.where(_document_clause(viewer, d))


def _marking_clause(viewer: Viewer, audience: Any, group: Any, document_id: Any
                    ) -> ColumnElement[bool]:
    """Whether a fact's own marking admits ``viewer`` (NULL: its document's marking)."""
    conds: list[ColumnElement[bool]] = [audience.is_(None), audience == _lit("public")]
    if not viewer.account:
        return or_(*conds)
    conds.append(audience == _lit("coalition"))
    d = _table("documents", "vis_own")
    if viewer.is_secretariat:
        conds.append(audience.in_(_lits(GROUP_AUDIENCES)))
        own = select(d.c.id).where(d.c.originator.is_(None))
    else:
        if SMALL_GROUP in viewer.groups:
            conds.append(audience == _lit(SMALL_GROUP))
        working = sorted(viewer.groups - {SMALL_GROUP})
        if working:
            conds.append(and_(audience == _lit("working_group"), group.in_(_lits(working))))
        own = select(d.c.id).where(d.c.originator == _lit(viewer.partner_key))
    release = _table("document_release", "vis_named")
    named = select(release.c.document_id).where(release.c.partner_key == _lit(viewer.release_key))
    conds += [and_(audience.in_(_lits(("partners", "originator"))), document_id.in_(own)),
              and_(audience == _lit("partners"), document_id.in_(named))]
    return or_(*conds)


def visible_record_ids(viewer: Viewer, record_type: str) -> Select[Any]:
    """Return a SELECT of the ids of the records of ``record_type`` with a visible source."""
    s = _table("sources", f"vis_{record_type}")
    return select(s.c.record_id).where(
        s.c.record_type == _lit(record_type), s.c.document_id.in_(visible_document_ids(viewer)),
        _marking_clause(viewer, s.c.audience, s.c.audience_group, s.c.document_id))


def hidden_record_ids(viewer: Viewer, record_type: str) -> Select[Any]:
    """Return a SELECT of the ids of the records of ``record_type`` with a source hidden
    from ``viewer`` (its document hidden, or its own marking not admitting the viewer)."""
    s = _table("sources", f"hid_{record_type}")
    return select(s.c.record_id).where(
        s.c.record_type == _lit(record_type),
        or_(s.c.document_id.not_in(visible_document_ids(viewer)),
            and_(s.c.audience.is_not(None),
                 s.c.id.not_in(visible_source_ids(viewer, marked_only=True)))))


def visible_actor_ids(viewer: Viewer) -> Select[Any]:
    """Return a SELECT of the actors ``viewer`` may see: named in a visible fact, or party
    to a visible participation, commitment, amount or role."""
    p = _table("participations", "vis_p")
    ca = _table("commitment_actors", "vis_ca")
    m = _table("money_amounts", "vis_m")
    pr = _table("person_roles", "vis_pr")
    money = visible_record_ids(viewer, "money")
    parts = [visible_record_ids(viewer, "actor"),
             select(p.c.actor_id).where(p.c.id.in_(visible_record_ids(viewer, "participation"))),
             select(ca.c.actor_id).where(
                 ca.c.commitment_id.in_(visible_record_ids(viewer, "commitment"))),
             select(m.c.donor_actor_id).where(m.c.id.in_(money)),
             select(m.c.recipient_actor_id).where(m.c.id.in_(money)),
             select(pr.c.actor_id).where(pr.c.id.in_(visible_record_ids(viewer, "person_role")))]
    union = parts[0].union(*parts[1:]).subquery("vis_actors")
    return select(union.c[0])


def visible_source_ids(viewer: Viewer, *, marked_only: bool = False) -> Select[Any]:
    """Return a SELECT of the ids of the sources ``viewer`` may see (``marked_only``: of
    those with a marking of their own, a short list)."""
    s = _table("sources", "vis_sources")
    where = [s.c.document_id.in_(visible_document_ids(viewer)),
             _marking_clause(viewer, s.c.audience, s.c.audience_group, s.c.document_id)]
    if marked_only:
        where.append(s.c.audience.is_not(None))
    return select(s.c.id).where(*where)


def visible_audit_ids(viewer: Viewer) -> Select[Any]:
    """Return a SELECT of the audit entries ``viewer`` may see: those about a visible record
    (others, such as accounts and uploads, only to admins of the secretariat)."""
    a = _table("audit_log", "vis_audit")
    ca = _table("compliance_assessments", "vis_audit_ca")
    commitments = visible_record_ids(viewer, "commitment")
    conds: list[ColumnElement[bool]] = [
        and_(a.c.record_type == _lit("source"), a.c.record_id.in_(visible_source_ids(viewer))),
        and_(a.c.record_type == _lit("document"),
             a.c.record_id.in_(visible_document_ids(viewer))),
        and_(a.c.record_type.in_(_lits(("commitment_lines", "commitment_line"))),
             a.c.record_id.in_(commitments)),
        and_(a.c.record_type == _lit("compliance_assessment"), a.c.record_id.in_(
            select(ca.c.id).where(ca.c.commitment_id.in_(commitments))))]
    conds += [and_(a.c.record_type == _lit(kind),
                   a.c.record_id.in_(visible_record_ids(viewer, kind)))
              for kind in _AUDITED_RECORDS if kind not in _MERGED_RECORDS]
    # Entries about a meeting or a commitment snapshot its fields, merged from every document
    # that reports it: only a viewer who sees all of those sees them (queries.merged_view).
    conds += [and_(a.c.record_type == _lit(kind),
                   a.c.record_id.in_(visible_record_ids(viewer, kind)),
                   a.c.record_id.not_in(hidden_record_ids(viewer, kind)))
              for kind in _MERGED_RECORDS]
    if viewer.is_secretariat and viewer.role == "admin":
        conds.append(a.c.record_type.not_in(_lits(_ABOUT_FACTS)))
    return select(a.c.id).where(or_(*conds))


@lru_cache(maxsize=256)
def criteria(viewer: Viewer) -> tuple[LoaderCriteriaOption, ...]:
    """Return the loader criteria that limit every mapped table to what ``viewer`` sees.

    Each criterion is a lambda of the entity (so aliases are limited too) whose only closure
    variables are SELECTs: SQLAlchemy keys its statement cache on their structure and binds
    their values afresh, so one viewer's limits never serve another.
    """
    docs = visible_document_ids(viewer)
    marked = visible_source_ids(viewer, marked_only=True)
    actors = visible_actor_ids(viewer)
    meetings = visible_record_ids(viewer, "meeting")
    participations = visible_record_ids(viewer, "participation")
    commitments = visible_record_ids(viewer, "commitment")
    roles = visible_record_ids(viewer, "person_role")
    money = visible_record_ids(viewer, "money")
    metrics = visible_record_ids(viewer, "metric")
    resolutions = visible_record_ids(viewer, "resolution")
    audit = visible_audit_ids(viewer)
    s = _table("sources", "vis_alias_sources")
    aliases = select(s.c.record_id, s.c.quote).where(
        s.c.record_type == _lit("actor"), s.c.id.in_(visible_source_ids(viewer)))
    limits: Sequence[tuple[type[Base], Any]] = (
        (Document, lambda cls: cls.id.in_(docs)),
        (Source, lambda cls: and_(cls.document_id.in_(docs),
                                  or_(cls.audience.is_(None), cls.id.in_(marked)))),
        (Meeting, lambda cls: cls.id.in_(meetings)),
        (Participation, lambda cls: cls.id.in_(participations)),
        (Commitment, lambda cls: cls.id.in_(commitments)),
        (CommitmentActor, lambda cls: cls.commitment_id.in_(commitments)),
        (CommitmentLine, lambda cls: cls.commitment_id.in_(commitments)),
        (Actor, lambda cls: cls.id.in_(actors)),
        (ActorAlias, lambda cls: tuple_(cls.actor_id, cls.alias).in_(aliases)),
        (PersonRole, lambda cls: cls.id.in_(roles)),
        (MoneyAmount, lambda cls: cls.id.in_(money)),
        (MetricObservation, lambda cls: cls.id.in_(metrics)),
        (Resolution, lambda cls: cls.number.in_(resolutions)),
        (ComplianceAssessment, lambda cls: cls.commitment_id.in_(commitments)),
        (ReportAssessment, lambda cls: cls.commitment_id.in_(commitments)),
        (DocumentRelease, lambda cls: cls.document_id.in_(docs)),
        (DocumentShare, lambda cls: cls.document_id.in_(docs)),
        (AuditEntry, lambda cls: cls.id.in_(audit)),
    )
    return tuple(with_loader_criteria(entity, where, include_aliases=True)
                 for entity, where in limits)


@lru_cache(maxsize=256)
def audit_criteria(viewer: Viewer) -> tuple[LoaderCriteriaOption, ...]:
    """Return the one limit left for a viewer who sees every document and fact: audit
    entries about accounts and uploads stay with the secretariat's admins (entries about
    facts and records are all visible, so no subquery over the sources is needed)."""
    if viewer.is_secretariat and viewer.role == "admin":
        return ()
    kinds = _lits(_ABOUT_FACTS)
    return (with_loader_criteria(AuditEntry, lambda cls: cls.record_type.in_(kinds),
                                 include_aliases=True),)


def sees_everything(session: Session, viewer: Viewer) -> bool:
    """Return True when no document of the store is hidden from ``viewer`` and no fact
    carries a marking of its own: then every record is visible and the per-record limits
    (subqueries over all sources, costly at scale) can be left out.

    Answered once per store generation and audience (`coalition.store.queries.cache`), and
    once per session between flushes (a write in this session asks again).
    """
    from coalition.store.queries import cache  # cache reads tables only: no cycle at import

    memo = session.info.get(_SEES_ALL_KEY)
    if memo is not None and memo[0] == viewer:
        return bool(memo[1])

    def compute() -> bool:
        d = _table("documents", "all_documents")
        s = _table("sources", "all_sources")
        hidden = select(d.c.id).where(d.c.id.not_in(visible_document_ids(viewer))).limit(1)
        marked = select(s.c.id).where(s.c.audience.is_not(None)).limit(1)
        every = {ALL_ROWS: True}
        return (session.execute(hidden, execution_options=every).first() is None
                and session.execute(marked, execution_options=every).first() is None)

    answer = cache.cached(session, "sees_everything", (), compute,
                          audience_key=viewer.audience_key)
    session.info[_SEES_ALL_KEY] = (viewer, answer)
    return answer


_SEES_ALL_KEY = "coalition.sees_everything"


@event.listens_for(Session, "after_flush")
def _forget_sees_everything(session: Session, _context: Any) -> None:
    session.info.pop(_SEES_ALL_KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _limit_to_viewer(state: ORMExecuteState) -> None:
    viewer = state.session.info.get(VIEWER_KEY)
    if (not isinstance(viewer, Viewer) or viewer.unrestricted or not state.is_select
            or state.execution_options.get(ALL_ROWS)):
        return
    limits = (audit_criteria(viewer) if sees_everything(state.session, viewer)
              else criteria(viewer))
    state.statement = state.statement.options(*limits)
