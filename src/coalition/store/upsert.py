"""Get-or-create helpers that survive a concurrent writer, and the natural keys of records.

``get_or_create`` looks a row up by its natural key and, when it is missing, inserts it inside
a SAVEPOINT: if another process inserted the same key meanwhile, the unique violation rolls
back only the savepoint and the winner's row is read instead.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coalition.data import load_json, load_jsonl
from coalition.store.tables import Actor, ActorAlias, Base

M = TypeVar("M", bound=Base)

# Fallbacks when the reference files (written elsewhere) are absent; see docs/facts.md.
ORGANIZATION_KEYS = frozenset({"UN", "EU", "NATO", "INTERPOL", "ARAB_LEAGUE", "GCC", "GCTF",
                               "FATF", "AU", "OIC", "WORLD_BANK", "IMF", "COALITION"})
ARMED_GROUP_KEYS = frozenset({"ISIL", "AL_QAEDA", "AL_NUSRA", "HEZBOLLAH", "HAMAS", "TALIBAN",
                              "BOKO_HARAM", "AL_SHABAAB"})
COALITION_NAME = "Global Coalition"


def get_or_create(session: Session, model: type[M], *, lookup: dict[str, Any],
                  create: dict[str, Any] | None = None) -> tuple[M, bool]:
    """Return ``(row, created)`` for the row of ``model`` matching ``lookup``.

    >>> # actor, created = get_or_create(session, Actor, lookup={"key": "IRQ"},
    >>> #                                create={"kind": "state", "name": "Iraq"})
    """
    stmt = select(model).filter_by(**lookup)
    found = session.execute(stmt).scalar_one_or_none()
    if found is not None:
        return found, False
    row = model(**lookup, **(create or {}))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        winner = session.execute(stmt).scalar_one_or_none()
        if winner is None:
            raise
        return winner, False
    return row, True


def normalize_text(value: str | None) -> str:
    """Lower-case ``value`` and keep only words and numbers, single-spaced.

    >>> normalize_text("  Stop the  FLOW of fighters; ")
    'stop the flow of fighters'
    """
    return re.sub(r"[^\w]+", " ", (value or "").casefold()).strip()


def text_key(*parts: object) -> str:
    """Hash ``parts`` into a stable 40-character key (document-independent)."""
    joined = "\x1f".join("" if p is None else repr(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:40]


def slug(value: str) -> str:
    """Return the lowercase hyphenated slug of a name.

    >>> slug("Haider al-Abadi")
    'haider-al-abadi'
    """
    return re.sub(r"[^0-9a-z]+", "-", value.casefold()).strip("-")


def _keys_of(name: str) -> frozenset[str]:
    try:
        data = load_json(name)
    except (FileNotFoundError, ValueError):
        return frozenset()
    if isinstance(data, dict):
        return frozenset(str(k) for k in data)
    return frozenset(str(row["key"]) for row in data if isinstance(row, dict) and "key" in row)


@lru_cache(maxsize=1)
def reference_names() -> dict[str, str]:
    """Return canonical names by actor key from the gazetteers (empty where one is absent)."""
    names: dict[str, str] = {}
    for name in ("organizations.json", "armed_groups.json"):
        try:
            rows = load_json(name)
        except (FileNotFoundError, ValueError):
            continue
        names.update({str(r["key"]): str(r["name"]) for r in rows
                      if isinstance(r, dict) and "key" in r and "name" in r})
    try:
        states = load_jsonl("states.jsonl")
    except (FileNotFoundError, ValueError):
        states = ()
    names.update({str(r["iso3"]): str(r["name"]) for r in states if "iso3" in r and "name" in r})
    return names


@lru_cache(maxsize=1)
def _reference_keys() -> tuple[frozenset[str], frozenset[str]]:
    return (ORGANIZATION_KEYS | _keys_of("organizations.json"),
            ARMED_GROUP_KEYS | _keys_of("armed_groups.json"))


def kind_of_key(key: str) -> str:
    """Guess the actor kind of a member key: organization, armed_group, person or state.

    >>> kind_of_key("GCC"), kind_of_key("IRQ"), kind_of_key("ISIL"), kind_of_key("person:x")
    ('organization', 'state', 'armed_group', 'person')
    """
    organizations, armed_groups = _reference_keys()
    if key.startswith("person:"):
        return "person"
    if key in organizations:
        return "organization"
    if key in armed_groups:
        return "armed_group"
    return "state" if re.fullmatch(r"[A-Z]{3}", key) else "organization"


def actor_by_key(session: Session, key: str, *, name: str | None = None) -> tuple[Actor, bool]:
    """Get or create the actor with ``key``, guessing its kind from the key."""
    kind = kind_of_key(key)
    default = COALITION_NAME if key == "COALITION" else key
    return get_or_create(session, Actor, lookup={"key": key}, create={
        "kind": kind, "name": reference_names().get(key) or name or default,
        "iso3": key if kind == "state" else None})


def add_alias(session: Session, actor: Actor, alias: str) -> bool:
    """Record ``alias`` as a name of ``actor``; return True when it is new."""
    alias = " ".join(alias.split())[:300]
    if not alias or session.get(ActorAlias, (actor.id, alias)) is not None:
        return False
    return get_or_create(session, ActorAlias, lookup={"actor_id": actor.id, "alias": alias})[1]
