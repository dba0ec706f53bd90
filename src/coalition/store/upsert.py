"""Write many rows of a table at once, surviving a concurrent writer, and natural record keys.

``existing_rows``/``existing_ids`` look rows up by natural key in one SELECT; ``insert_rows``
inserts many in one ``INSERT ... ON CONFLICT DO NOTHING ... RETURNING`` (SQLite and
PostgreSQL alike): a key that another process inserted meanwhile is skipped and its row read
back, without a SAVEPOINT per row.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Table, insert, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from coalition.data import load_json, load_jsonl
from coalition.store.tables import Base
from coalition.store.visibility import ALL_ROWS

M = TypeVar("M", bound=Base)
EVERY_ROW = {ALL_ROWS: True}  # a write path's lookups see every row, whoever the session's viewer

# Fallbacks when the reference files (written elsewhere) are absent; see docs/facts.md.
ORGANIZATION_KEYS = frozenset({"UN", "EU", "NATO", "INTERPOL", "ARAB_LEAGUE", "GCC", "GCTF",
                               "FATF", "AU", "OIC", "WORLD_BANK", "IMF", "COALITION"})
ARMED_GROUP_KEYS = frozenset({"ISIL", "AL_QAEDA", "AL_NUSRA", "HEZBOLLAH", "HAMAS", "TALIBAN",
                              "BOKO_HARAM", "AL_SHABAAB"})
COALITION_NAME = "Global Coalition"


Key = tuple[Any, ...]
IN_CHUNK = 500  # natural keys per SELECT ... IN (...): well under every bind-parameter limit


def existing_rows(session: Session, model: type[M], columns: Sequence[str],
                  keys: Iterable[Key]) -> dict[Key, M]:
    """Load the rows of ``model`` whose natural key (``columns``) is one of ``keys``, by key."""
    wanted = list(dict.fromkeys(keys))
    cols = [getattr(model, name) for name in columns]
    found: dict[Key, M] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i:i + IN_CHUNK]
        cond = (cols[0].in_([k[0] for k in chunk]) if len(cols) == 1
                else tuple_(*cols).in_(chunk))
        for row in session.scalars(select(model).where(cond).execution_options(**EVERY_ROW)):
            found[tuple(getattr(row, name) for name in columns)] = row
    return found


def existing_ids(session: Session, model: type[Base], columns: Sequence[str],
                 keys: Iterable[Key]) -> dict[Key, int]:
    """Return the ids of the rows of ``model`` whose natural key is one of ``keys``, by key."""
    wanted = list(dict.fromkeys(keys))
    table = table_of(model)
    cols = [table.c[name] for name in columns]
    found: dict[Key, int] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i:i + IN_CHUNK]
        cond = (cols[0].in_([k[0] for k in chunk]) if len(cols) == 1
                else tuple_(*cols).in_(chunk))
        for row in session.execute(select(table.c.id, *cols).where(cond)
                                   .execution_options(**EVERY_ROW)):
            found[tuple(row[1:])] = int(row[0])
    return found


def table_of(model: type[Base]) -> Table:
    """Return the Core table of ``model`` (for statements that skip the ORM's overhead)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_rows(session: Session, model: type[M], columns: Sequence[str],
                rows: Sequence[dict[str, Any]], *,
                ids: bool = True) -> tuple[dict[Key, int], set[Key]]:
    """Insert ``rows`` in order in one statement; return the ids of all by natural key (when
    ``ids``: the model has an integer ``id``) and the keys of the rows created.

    ``ON CONFLICT DO NOTHING``: a stored key (or one a concurrent writer inserted meanwhile)
    is skipped and its id read back, as ``get_or_create`` does, without a SAVEPOINT.
    """
    if not rows:
        return {}, set()
    table = table_of(model)  # a Core insert: the ORM's bulk machinery costs more than the SQL
    keys = [table.c[c] for c in columns]
    pk = [table.c.id] if ids else []
    dialect = session.get_bind().dialect.name
    stmt = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    returned = session.execute(stmt.on_conflict_do_nothing().returning(*pk, *keys),
                               list(rows)).all()
    created = {tuple(r[len(pk):]) for r in returned}
    by_key = {tuple(r[1:]): int(r[0]) for r in returned} if ids else {}
    if len(returned) < len(rows) and ids:  # stored keys, or a concurrent writer's
        keys_of = (tuple(row[c] for c in columns) for row in rows)
        by_key.update(existing_ids(session, model, columns,
                                   (k for k in keys_of if k not in created)))
    return by_key, created


def append_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys), which the caller knows to be new.

    PostgreSQL takes them through ``COPY``: a fact-heavy document's sources went in 3x
    faster than through psycopg's pipelined executemany, whose per-row work is Python.
    SQLite's executemany runs in-process and needs nothing more.
    """
    if not rows:
        return
    table = table_of(model)
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    names = ", ".join(table.c[name].name.join('""') for name in columns)
    psycopg: Any = session.connection().connection.dbapi_connection  # the session's own
    with psycopg.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v
                            for v in (row[name] for name in columns)])


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


def actor_fields(key: str, name: str | None) -> dict[str, Any]:
    """Return the columns of a new actor with ``key``: its guessed kind, a name, its iso3."""
    kind = kind_of_key(key)
    default = COALITION_NAME if key == "COALITION" else key
    return {"key": key, "kind": kind, "name": reference_names().get(key) or name or default,
            "iso3": key if kind == "state" else None}
