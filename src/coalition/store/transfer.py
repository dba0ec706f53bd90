"""Export the store to JSON Lines and CSV files, and import such an export into an empty store.

The files are deterministic: rows sorted by primary key (in Python, so PostgreSQL collations
do not matter), keys and columns sorted, datetimes in UTC ISO 8601, floats as Python's
shortest repr. The same store therefore gives the same bytes on SQLite and PostgreSQL, and
export -> import -> export is the identity. The JSON Lines files are what ``import_store``
reads; the CSV files are for people and spreadsheets.
"""

from __future__ import annotations

import csv
import json
import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, delete, func, select, text
from sqlalchemy.orm import Session

from coalition.errors import StoreError
from coalition.store.maintenance import refresh_statistics
from coalition.store.tables import Base, UTCDateTime

log = logging.getLogger(__name__)

REFERENCE_TABLES = ("lines_of_effort", "working_groups")  # seeded by schema.upgrade
NOT_DATA = ("shared_aggregates",)  # a cache of the server processes


class StoreNotEmpty(StoreError):
    code = "STORE002"


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_DATA]


def _plain(value: Any) -> Any:
    """Turn a column value into its JSON form (the same on every dialect)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):  # a JSON column (sources.attrs)
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _rows(session: Session, table: Table) -> list[dict[str, Any]]:
    result = session.execute(select(table))
    rows = [{k: _plain(v) for k, v in row._mapping.items()} for row in result]
    pk = [c.name for c in table.primary_key.columns]
    return sorted(rows, key=lambda r: tuple(r[c] for c in pk))


def export_store(session: Session, directory: Path) -> list[Path]:
    """Write ``<table>.jsonl`` and ``<table>.csv`` for every table; return the paths.

    >>> # paths = export_store(session, Path("backup"))
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for table in _tables():
        rows = _rows(session, table)
        columns = sorted(c.name for c in table.columns)
        jsonl = directory / f"{table.name}.jsonl"
        with jsonl.open("w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, sort_keys=True, ensure_ascii=False, allow_nan=False))
                fh.write("\n")
        csv_path = directory / f"{table.name}.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([_cell(row[c]) for c in columns] for row in rows)
        paths += [jsonl, csv_path]
    return paths


def _read_jsonl(path: Path, table: Table) -> list[dict[str, Any]]:
    if not path.exists():
        raise StoreError(f"{path} is missing: not an export of this store")
    stamps = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for name in stamps:
            if row.get(name) is not None:
                row[name] = datetime.fromisoformat(row[name])
        rows.append(row)
    return rows


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order the rows of a self-referencing table so every parent precedes its children."""
    self_fks = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
                if fk.column.table is table]
    if not self_fks:
        return rows
    child, parent = self_fks[0]
    done: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if r.get(child) is None or r[child] in done]
        if not ready:
            raise StoreError(f"{table.name}: rows reference parents that are not there")
        ordered += ready
        done.update(r[parent] for r in ready)
        pending = [r for r in pending if r not in ready]
    return ordered


def _ensure_empty(session: Session) -> None:
    for table in _tables():
        if table.name in REFERENCE_TABLES:
            continue
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            raise StoreNotEmpty("the target store is not empty")


def _reset_sequences(session: Session) -> None:
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].autoincrement is False:
            continue
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
            f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))


def import_store(session: Session, directory: Path) -> dict[str, int]:
    """Load an export into an empty store, keeping ids; return rows loaded per table.

    The reference tables seeded by ``schema.upgrade`` are replaced by the export's. The
    caller commits.
    """
    _ensure_empty(session)
    tables = _tables()
    data = {t.name: _read_jsonl(directory / f"{t.name}.jsonl", t) for t in tables}
    for table in reversed(tables):
        if table.name in REFERENCE_TABLES:
            session.execute(delete(table))
    loaded: dict[str, int] = {}
    for table in tables:
        rows = _parents_first(table, data[table.name])
        if rows:
            session.execute(table.insert(), rows)
        loaded[table.name] = len(rows)
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    refresh_statistics(session)  # a bulk load, like an ingest
    log.info("imported %d rows", sum(loaded.values()), extra={"stage": "store"})
    return loaded
