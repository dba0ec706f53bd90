"""Back up the store to one file and restore it from one.

SQLite uses the online backup API of the sqlite3 module, so a backup taken while others
read or write is consistent; the copy is written beside the target and renamed into place.
PostgreSQL uses ``pg_dump -Fc`` and ``pg_restore --clean --if-exists`` (one transaction),
run with the connection parameters of the store URL; a ``search_path`` given in the URL's
``options`` limits both to that schema. The password goes through ``PGPASSWORD``, never the
command line.

A restore replaces the whole store with the backup. A backup from an older release is
brought to the current schema by the next ``coalition init`` (or ``ingest``).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from coalition.errors import StoreError
from coalition.store.engine import normalize_url

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s,]+)")


def backup_store(url: str, path: Path) -> None:
    """Write a backup of the store at ``url`` to the file ``path`` (replaced if present).

    >>> # backup_store("sqlite:///coalition.db", Path("coalition.backup"))
    """
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_file(parsed), path, check=False)
    elif parsed.get_backend_name() == "postgresql":
        args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"]
        _run_pg("pg_dump", parsed, [*args, *_schema_args(parsed)])
    else:
        raise StoreError(f"cannot back up a {parsed.get_backend_name()!r} store")
    log.info("backed up %s to %s", parsed.render_as_string(hide_password=True), path,
             extra={"stage": "store"})


def restore_store(url: str, path: Path) -> None:
    """Replace the store at ``url`` with the backup in the file ``path``.

    >>> # restore_store("sqlite:///coalition.db", Path("coalition.backup"))
    """
    parsed = make_url(normalize_url(url))
    head = _head(path)
    if parsed.get_backend_name() == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise StoreError(f"{path} is not a SQLite backup")
        _sqlite_copy(path, _sqlite_file(parsed), check=True)
    elif parsed.get_backend_name() == "postgresql":
        if not head.startswith(PG_DUMP_MAGIC):
            raise StoreError(f"{path} is not a pg_dump custom-format backup")
        args = ["--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                "--no-owner", "--no-privileges"]
        if not parsed.database:
            raise StoreError("the store URL names no database to restore into")
        args.append(f"--dbname={parsed.database}")
        _run_pg("pg_restore", parsed, [*args, *_schema_args(parsed), str(path)])
    else:
        raise StoreError(f"cannot restore a {parsed.get_backend_name()!r} store")
    log.info("restored %s from %s", parsed.render_as_string(hide_password=True), path,
             extra={"stage": "store"})


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise StoreError(f"cannot read the backup {path}: {err.strerror or err}") from err


def _sqlite_file(url: URL) -> Path:
    if url.database in (None, "", ":memory:"):
        raise StoreError("an in-memory SQLite store cannot be backed up or restored")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path, *, check: bool) -> None:
    """Copy the database ``source`` onto ``target`` with the online backup API."""
    if not source.is_file():
        raise StoreError(f"no SQLite database at {source}")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
            if check and src.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise StoreError(f"the backup {source} fails SQLite's integrity check")
            if target.exists() and check:  # restore: write into the live store
                _backup_into(src, target)
                return
            partial = target.with_name(f".{target.name}.partial")
            partial.unlink(missing_ok=True)
            _backup_into(src, partial)
            partial.replace(target)
    except sqlite3.Error as err:
        raise StoreError(f"SQLite backup from {source} to {target} failed: {err}") from err


def _backup_into(src: sqlite3.Connection, target: Path) -> None:
    with closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _schema_args(url: URL) -> list[str]:
    match = _SEARCH_PATH.search(str(url.query.get("options", "")))
    return [f"--schema={match.group(1)}"] if match else []


def _run_pg(tool: str, url: URL, args: list[str]) -> None:
    """Run a PostgreSQL client tool against the database of ``url``."""
    exe = shutil.which(tool)
    if exe is None:
        raise StoreError(f"{tool} not found on PATH: install the PostgreSQL client tools "
                         "(e.g. apt install postgresql-client) matching the server version")
    env = {**os.environ, **_pg_env(url)}
    result = subprocess.run([exe, *args], env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        detail = " ".join(result.stderr.strip().splitlines()[-3:]) or f"exit {result.returncode}"
        raise StoreError(f"{tool} failed: {detail}")


def _pg_env(url: URL) -> dict[str, str]:
    """Return the libpq environment variables for the connection parameters of ``url``."""
    values = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
              "PGPASSWORD": url.password, "PGDATABASE": url.database}
    env = {name: str(value) for name, value in values.items() if value is not None}
    for key, name in (("sslmode", "PGSSLMODE"), ("options", "PGOPTIONS")):
        value = url.query.get(key)
        if isinstance(value, str):
            env[name] = value
    return env
