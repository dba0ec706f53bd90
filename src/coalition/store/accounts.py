"""Accounts and bearer tokens: create users, check passwords, issue and resolve tokens.

Passwords are hashed with Argon2id (argon2-cffi). A token is 32 random bytes shown once;
the store keeps only its sha256, so a stolen export holds no usable token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.errors import AuthError
from coalition.store.tables import ROLES, ApiToken, User

_hasher = PasswordHasher()
PARTNER_KEY = re.compile(r"^[A-Za-z0-9_]{2,60}$")  # an actor key, as releasability spells it
RANK = {role: n for n, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Account:
    """The acting user: id, name, role (viewer, analyst or admin) within its partner
    (``partner_key``, an actor key; None: the secretariat)."""

    id: int
    name: str
    role: str
    partner_key: str | None = None

    def can(self, role: str) -> bool:
        """Return True when this account holds ``role`` or a higher one.

        >>> Account(1, "ana", "analyst").can("viewer"), Account(1, "ana", "analyst").can("admin")
        (True, False)
        """
        return RANK[self.role] >= RANK[role]


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, user.partner_key)


def hash_token(token: str) -> str:
    """Return the sha256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, *, name: str, role: str, password: str,
                partner_key: str | None = None) -> Account:
    """Add a user with an Argon2 password hash; refuse unknown roles and taken names.

    >>> # create_user(session, name="ana", role="analyst", password="long secret")
    """
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise AuthError("a password needs at least 8 characters")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AuthError(f"user {name!r} exists")
    if partner_key is not None and not partner_key.strip():
        raise AuthError("a partner key cannot be empty: omit it for the secretariat")
    if partner_key is not None and not PARTNER_KEY.match(partner_key.strip()):
        raise AuthError(f"malformed partner key {partner_key!r}: letters, digits and _ only")
    user = User(name=name, role=role, password_hash=_hasher.hash(password),
                created_at=datetime.now(UTC),
                partner_key=partner_key.strip().upper() if partner_key else None)
    session.add(user)
    session.flush()
    return _account(user)


def authenticate(session: Session, *, name: str, password: str) -> Account | None:
    """Return the account when ``password`` is right for ``name``, else None."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _account(user)


def account_by_id(session: Session, user_id: int) -> Account | None:
    """Return the account with this id, if any."""
    user = session.get(User, user_id)
    return _account(user) if user is not None else None


def account_by_name(session: Session, name: str) -> Account | None:
    """Return the account with this name, if any."""
    user = session.scalar(select(User).where(User.name == name))
    return _account(user) if user is not None else None


def create_token(session: Session, *, user_id: int) -> str:
    """Issue a new bearer token for a user; return it (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user_id, token_hash=hash_token(token),
                         created_at=datetime.now(UTC)))
    session.flush()
    return token


def account_by_token(session: Session, token: str) -> Account | None:
    """Return the account a live (not revoked) token belongs to, if any."""
    stmt = (select(User).join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)))
    user = session.scalar(stmt)
    return _account(user) if user is not None else None


def list_accounts(session: Session) -> list[Account]:
    """Return every account, by name."""
    return [_account(u) for u in session.scalars(select(User).order_by(User.name))]
