"""Ingest files into the store: read -> analyze -> save, one transaction per file.

`ingest_one` is the boundary where an error becomes a report row: whatever goes wrong with
one file (reading, extraction, storage) is rolled back and reported with its reason, and
the batch goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from coalition.errors import CoalitionError
from coalition.model import SourceDocument
from coalition.pipeline import analyze
from coalition.read import SUPPORTED_SUFFIXES, read_path
from coalition.store.engine import session_scope
from coalition.store.writes import document_exists, save_analysis

log = logging.getLogger(__name__)

Status = Literal["stored", "skipped", "failed"]
SessionFactory = sessionmaker[Session]
Progress = Callable[["IngestReport"], None]


@dataclass(frozen=True)
class IngestReport:
    """What happened to one file: stored, skipped (already in the store) or failed."""

    path: Path
    status: Status
    reason: str | None = None
    sha256: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    bytes: int = 0

    @property
    def facts(self) -> int:
        """Return the number of facts stored from this file."""
        return self.counts.get("facts", 0)

    def describe(self) -> str:
        """Return one line naming the file and, if any, the reason.

        >>> IngestReport(Path("a.pdf"), "failed", "[READ005] not a PDF").describe()
        'a.pdf: failed: [READ005] not a PDF'
        """
        return f"{self.path}: {self.status}" + (f": {self.reason}" if self.reason else "")


def iter_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Return the files to ingest: named files as given, folders searched recursively.

    In folders only supported suffixes (.txt, .md, .html, .htm, .pdf) are taken and hidden
    files and folders are left out; a file named explicitly is always taken, so that an
    unsupported one is reported rather than silently ignored. The result is sorted and
    holds each file once.
    """
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(_walk(path))
        else:
            found.add(path)
    return sorted(found)


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root, name)


def ingest_one(path: Path, session_factory: SessionFactory) -> IngestReport:
    """Read, analyze and store one file in one transaction; never raise for a bad file."""
    size = _size(path)
    sha256: str | None = None
    try:
        source = read_path(path)
        sha256 = source.sha256
        return _store(path, source, session_factory)
    except CoalitionError as err:
        reason = str(err)
    except Exception as err:  # the batch boundary: any failure becomes a report row
        log.exception("unexpected error on %s", path, extra={"document": sha256,
                                                             "stage": "ingest"})
        reason = f"{type(err).__name__}: {err}"
    log.info("%s failed: %s", path, reason, extra={"document": sha256, "stage": "ingest"})
    return IngestReport(path, "failed", reason, sha256, {}, size)


def _store(path: Path, source: SourceDocument, session_factory: SessionFactory) -> IngestReport:
    """Skip a document already stored; else analyze it and save it in one transaction.

    The analysis runs outside any transaction, so none stays open during the slow part (on
    SQLite a read snapshot held across it could not be turned into a write if another process
    wrote meanwhile). The write transaction checks again, in case another process stored the
    same document in the meantime.
    """
    sha256, size = source.sha256, source.size_bytes
    skipped = IngestReport(path, "skipped", "already stored", sha256, {}, size)
    with session_scope(session_factory) as session:
        if document_exists(session, sha256):
            return skipped
    doc = analyze(source)
    with session_scope(session_factory) as session:
        if document_exists(session, sha256):
            return skipped
        counts = dict(save_analysis(session, source=source, doc=doc))
    counts["facts"] = len(doc.facts)
    log.info("stored %s", path, extra={"document": sha256, "stage": "ingest"})
    return IngestReport(path, "stored", None, sha256, counts, size)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def ingest_many(paths: Iterable[Path | str], session_factory: SessionFactory,
                progress: Progress | None = None) -> list[IngestReport]:
    """Ingest every file under ``paths`` one by one; call ``progress`` after each file."""
    reports = []
    for path in iter_paths(paths):
        report = ingest_one(path, session_factory)
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports
