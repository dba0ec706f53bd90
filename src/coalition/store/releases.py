"""Releasability writes: markings at ingest, shares that widen an audience, fact markings,
group membership, and the list of who can see a document.

An audience only widens. Named partners (``document_release``) are grants kept whatever the
audience becomes, so a share never takes a document away from anyone who could see it;
a change that could (Small Group to a working group, coalition to a group) is refused. Every
share is logged in ``document_shares`` and in the audit log (action ``share``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from coalition.errors import AuthError, NotFound, ReleaseError
from coalition.store.accounts import Account
from coalition.store.audit import log_change, new_group
from coalition.store.tables import (
    Document,
    DocumentRelease,
    DocumentShare,
    GroupMember,
    Source,
    User,
    WorkingGroup,
)
from coalition.store.visibility import (
    ALL_ROWS,
    AUDIENCES,
    SMALL_GROUP,
    Viewer,
    visible_document_ids,
)

# How wide each audience is; a share must go strictly up (named partners are kept apart).
WIDTH = {"originator": 0, "partners": 1, "small_group": 2, "working_group": 2,
         "coalition": 3, "public": 4}
_KEY = re.compile(r"^[A-Za-z0-9_]{2,60}$")


@dataclass(frozen=True)
class Release:
    """A marking: an audience, its working group, and partners named on top of it."""

    audience: str = "public"
    group: str | None = None
    partners: tuple[str, ...] = ()

    def describe(self) -> str:
        """Return the marking as the command line spells it.

        >>> Release("partners", None, ("GBR", "USA")).describe()
        'partners:GBR,USA'
        """
        spec = self.audience.replace("_", "-")
        if self.group:
            return f"{spec}:{self.group}"
        if self.partners:
            return f"{spec}:{','.join(self.partners)}"
        return spec


def parse_release(spec: str) -> Release:
    """Parse ``public``, ``coalition``, ``small-group``, ``working-group:KEY``,
    ``partners:USA,GBR`` or ``originator``.

    >>> parse_release("partners: usa, GBR")
    Release(audience='partners', group=None, partners=('GBR', 'USA'))
    """
    head, _, rest = spec.strip().partition(":")
    audience = head.strip().lower().replace("-", "_")
    if audience not in AUDIENCES:
        raise ReleaseError(f"unknown audience {head.strip()!r}: use public, coalition, "
                           "small-group, working-group:KEY, partners:KEY,KEY or originator")
    rest = rest.strip()
    if audience == "working_group":
        if not rest or not _KEY.match(rest):
            raise ReleaseError("working-group needs the group's key: working-group:KEY")
        return Release(audience, rest.lower())
    if audience == "partners":
        return Release(audience, None, partner_keys(rest.split(",")))
    if rest:
        raise ReleaseError(f"the audience {audience!r} takes no value (got {rest!r})")
    return Release(audience)


def partner_keys(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return partner keys upper-cased, sorted and unique; refuse malformed ones."""
    keys = {v.strip().upper() for v in values if v.strip()}
    bad = sorted(k for k in keys if not _KEY.match(k))
    if bad:
        raise ReleaseError(f"malformed partner key(s): {', '.join(bad)}")
    if not keys:
        raise ReleaseError("name at least one partner: partners:USA,GBR")
    return tuple(sorted(keys))


def _check_group(session: Session, release: Release) -> None:
    if release.audience == "working_group" and session.get(WorkingGroup, release.group) is None:
        known = ", ".join(session.scalars(select(WorkingGroup.key).order_by(WorkingGroup.key)))
        raise ReleaseError(f"unknown working group {release.group!r}: known are {known}")


def _document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"no document {document_id}")
    return doc


def _named(session: Session, document_id: int) -> set[str]:
    return set(session.scalars(select(DocumentRelease.partner_key).where(
        DocumentRelease.document_id == document_id).execution_options(**{ALL_ROWS: True})))


def mark_new_document(session: Session, document: Document, release: Release,
                      originator: str | None) -> None:
    """Give a document just stored its marking and originator (in the ingest transaction)."""
    _check_group(session, release)
    document.audience, document.audience_group = release.audience, release.group
    document.originator = originator.strip().upper() if originator else None
    for key in release.partners:
        session.add(DocumentRelease(document_id=document.id, partner_key=key))
    session.flush()


def mark_ingested(session: Session, sha256: str, release: Release, *, originator: str | None,
                  created: bool, user: Account | None = None) -> str:
    """Apply an ingest's marking: on a new document as is, on a stored one as a share.

    Returns what happened, for the ingest report (``""``: nothing to say).
    """
    doc = session.scalars(select(Document).where(Document.sha256 == sha256)
                          .execution_options(**{ALL_ROWS: True})).one()
    if created:
        mark_new_document(session, doc, release, originator)
        return ""
    current = Release(doc.audience, doc.audience_group, tuple(sorted(_named(session, doc.id))))
    if current.audience == release.audience and current.group == release.group and set(
            release.partners) <= set(current.partners):
        return ""
    share(session, doc.id, release, user=user, check_rights=False)
    return f"shared: {current.describe()} -> {release.describe()}"


def _widens(old: Release, new: Release) -> bool:
    if new.audience == old.audience:
        return new.group == old.group
    return WIDTH[new.audience] > WIDTH[old.audience]


def may_share(user: Account, doc: Document) -> bool:
    """Return True when ``user`` may widen ``doc``: an analyst or admin of its originator,
    or an admin of the secretariat."""
    if user.partner_key is None and user.role == "admin":
        return True
    return user.partner_key == doc.originator and user.can("analyst")


@dataclass(frozen=True)
class ShareRow:
    """One logged share."""

    at: str
    user: str | None
    from_audience: str
    to_audience: str
    to_group: str | None
    partners: list[str]


def share(session: Session, document_id: int, release: Release, *, user: Account | None,
          check_rights: bool = True) -> ShareRow:
    """Widen a document's audience and/or name more partners; log who, what, to whom, when.

    Raises NotFound when the document is missing (or hidden from the session's viewer),
    AuthError when ``user`` may not share it, ReleaseError for a narrowing or a no-op.
    """
    doc = _document(session, document_id)
    if check_rights and (user is None or not may_share(user, doc)):
        raise AuthError("only the originator's analysts and admins, or a secretariat admin, "
                        "can share this document")
    _check_group(session, release)
    old = Release(doc.audience, doc.audience_group)
    named = _named(session, doc.id)
    added = sorted(set(release.partners) - named)
    if release.audience == "partners" and doc.audience != "partners" and WIDTH[
            doc.audience] > WIDTH["partners"]:
        release = Release(doc.audience, doc.audience_group, release.partners)  # names only
    if not _widens(old, release):
        raise ReleaseError(f"document {document_id} is {old.describe()}: "
                           f"{release.describe()} would narrow or change its audience "
                           "(an audience only widens; name partners to add them)")
    if release.audience == doc.audience and release.group == doc.audience_group and not added:
        raise ReleaseError(f"document {document_id} is already {old.describe()}"
                           + (f" and released to {', '.join(sorted(named))}" if named else ""))
    before = {"audience": doc.audience, "audience_group": doc.audience_group,
              "partners": sorted(named)}
    doc.audience, doc.audience_group = release.audience, release.group
    for key in added:
        session.add(DocumentRelease(document_id=doc.id, partner_key=key))
    now = datetime.now(UTC)
    row = DocumentShare(document_id=doc.id, at=now, user_id=user.id if user else None,
                        user_name=user.name if user else None, from_audience=old.audience,
                        to_audience=release.audience, to_group=release.group,
                        partners=",".join(added) or None)
    session.add(row)
    after = {"audience": doc.audience, "audience_group": doc.audience_group,
             "partners": sorted(named | set(added))}
    log_change(session, user=user, action="share", record_type="document", record_id=doc.id,
               before=before, after=after, group=new_group())
    session.flush()
    return ShareRow(now.isoformat(), row.user_name, old.audience, release.audience,
                    release.group, added)


_WITHIN = {  # a fact's own marking that a document's marking admits
    "public": set(AUDIENCES),
    "coalition": set(AUDIENCES) - {"public"},
    "small_group": {"small_group", "originator"},
    "working_group": {"working_group", "originator"},
    "partners": {"partners", "originator"},
    "originator": {"originator"},
}


def mark_fact(session: Session, source_id: int, release: Release, *,
              user: Account | None = None) -> None:
    """Give one fact its own, narrower marking; refuse one wider than its document's.

    A fact's ``partners`` marking means the document's named partners (and originator), so
    it names no partners of its own. The change is audited, which also tells the caches
    (`coalition.store.queries.cache`) that what each viewer sees has changed.
    """
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no fact {source_id}")
    doc = _document(session, source.document_id)
    if release.partners:
        raise ReleaseError("a fact cannot name partners: mark it 'partners' to keep it to "
                           "the document's named partners")
    _check_group(session, release)
    wider = release.audience not in _WITHIN[doc.audience] or (
        release.audience == "working_group" and doc.audience == "working_group"
        and release.group != doc.audience_group)
    if wider:
        marking = Release(doc.audience, doc.audience_group).describe()
        raise ReleaseError(f"fact {source_id}: {release.describe()} is wider than its "
                           f"document {doc.id} ({marking})")
    before = {"audience": source.audience, "audience_group": source.audience_group}
    source.audience, source.audience_group = release.audience, release.group
    log_change(session, user=user, action="mark", record_type="source", record_id=source.id,
               before=before, after={"audience": release.audience,
                                     "audience_group": release.group}, group=new_group())
    session.flush()


def set_group_members(session: Session, group: str, partners: list[str], *,
                      remove: bool = False) -> list[str]:
    """Add (or remove) partners to the Small Group or a working group; return its members."""
    group = group.strip().lower().replace("-", "_")
    if group != SMALL_GROUP:
        _check_group(session, Release("working_group", group))
    for key in partner_keys(partners):
        row = session.get(GroupMember, (group, key))
        if remove and row is not None:
            session.delete(row)
        elif not remove and row is None:
            session.add(GroupMember(group_key=group, partner_key=key))
    session.flush()
    return sorted(session.scalars(select(GroupMember.partner_key)
                                  .where(GroupMember.group_key == group)))


@dataclass(frozen=True)
class Audience:
    """Who can see one document, for its originator."""

    document_id: int
    audience: str
    audience_group: str | None
    originator: str | None
    named_partners: list[str]
    everyone: bool  # public: anonymous readers too
    every_account: bool  # coalition
    secretariat: bool
    partners: list[str]  # the known partners (accounts, groups, names) that can see it
    accounts: list[str]  # the accounts that can see it
    shares: list[ShareRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form."""
        return asdict(self)


def audience_of(session: Session, document_id: int, *, user: Account) -> Audience:
    """List who can see a document; only its originator's accounts may ask (else 403)."""
    doc = _document(session, document_id)
    if user.partner_key != doc.originator:
        raise AuthError("only the originator of a document can list who can see it")
    unrestricted = {ALL_ROWS: True}
    named = sorted(_named(session, doc.id))
    candidates = set(named) | {k for k in session.scalars(
        select(User.partner_key).execution_options(**unrestricted)) if k} | set(
        session.scalars(select(GroupMember.partner_key).execution_options(**unrestricted)))
    if doc.originator:
        candidates.add(doc.originator)

    members: dict[str, set[str]] = {}
    for group, partner in session.execute(select(GroupMember.group_key, GroupMember.partner_key)
                                          .execution_options(**unrestricted)):
        members.setdefault(partner, set()).add(group)

    def sees(partner: str | None) -> bool:
        viewer = Viewer(account=True, partner_key=partner,
                        groups=frozenset(members.get(partner or "", set())))
        return _sees(session, viewer, doc.id)

    accounts = [name for name, partner in session.execute(
        select(User.name, User.partner_key).order_by(User.name)
        .execution_options(**unrestricted)) if sees(partner)]
    shares = share_rows(session, doc.id)
    return Audience(doc.id, doc.audience, doc.audience_group, doc.originator, named,
                    doc.audience == "public", doc.audience in ("public", "coalition"),
                    sees(None), sorted(k for k in candidates if sees(k)), accounts, shares)


def _sees(session: Session, viewer: Viewer, document_id: int) -> bool:
    ids = visible_document_ids(viewer).subquery()
    return bool(session.scalar(select(exists().where(ids.c.id == document_id))
                               .execution_options(**{ALL_ROWS: True})))


def share_rows(session: Session, document_id: int) -> list[ShareRow]:
    """Return the logged shares of a document, oldest first."""
    return [ShareRow(r.at.isoformat(), r.user_name, r.from_audience, r.to_audience,
                     r.to_group, r.partners.split(",") if r.partners else [])
            for r in session.scalars(select(DocumentShare).where(
                DocumentShare.document_id == document_id).order_by(DocumentShare.id))]


@dataclass(frozen=True)
class Marking:
    """What an ingest marks its documents with: a release and the originator partner."""

    release: Release = Release()
    originator: str | None = None


def reshare_stored(session: Session, sha256: str, marking: Marking) -> str:
    """Apply an ingest's marking to a document already stored (a logged share, or nothing);
    a narrower marking is refused and the document is left as it is."""
    try:
        return mark_ingested(session, sha256, marking.release, originator=marking.originator,
                             created=False)
    except ReleaseError as err:
        return f"not re-marked: {err}"


@dataclass(frozen=True)
class DocumentMarking:
    """A document's marking as its page shows it."""

    release: Release
    originator: str | None
    label: str  # e.g. "small-group + named: GBR"


def document_marking(session: Session, document_id: int) -> DocumentMarking:
    """Return a visible document's marking (NotFound if missing or hidden)."""
    doc = _document(session, document_id)
    named = tuple(sorted(_named(session, doc.id)))
    release = Release(doc.audience, doc.audience_group, named)
    label = Release(doc.audience, doc.audience_group).describe() + (
        f" + named: {', '.join(named)}" if named else "")
    return DocumentMarking(release, doc.originator, label)
