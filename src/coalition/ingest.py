"""Ingest files into the store: read -> analyze -> save, one transaction per file.

The work is split for batch backends (`coalition.batch`): this process reads each file's
bytes (`load_file`), a worker decodes and analyzes them (`analyze_file`, skipping documents
already stored) and sends back a picklable `Analysis`, and this process saves the analyses
one transaction per file, in input order (`save_file`), so the store is the same whatever
the backend. Each step is a boundary where an error becomes a report row: whatever goes
wrong with one file (reading, extraction, storage, a worker that dies) is rolled back and
reported with its reason, and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
from collections.abc import Callable, Container, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from coalition.batch import Backend, Lost, SerialBackend
from coalition.errors import CoalitionError
from coalition.model import AnalyzedDoc, SourceDocument
from coalition.pipeline import analyze
from coalition.read import SUPPORTED_SUFFIXES, read_bytes, read_data
from coalition.store.engine import session_scope
from coalition.store.maintenance import refresh_statistics
from coalition.store.releases import Marking, mark_ingested, reshare_stored
from coalition.store.writes import document_exists, save_analysis, stored_sha256s

log = logging.getLogger(__name__)

Status = Literal["stored", "skipped", "failed"]
SessionFactory = sessionmaker[Session]
Progress = Callable[["IngestReport"], object]
# Tests only: a worker whose file holds this environment variable's value kills itself.
KILL_WORKER_ENV = "COALITION_TEST_KILL_WORKER_ON"


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


@dataclass(frozen=True)
class FileTask:
    """One file as shipped to a worker: its name and bytes, or why they could not be read."""

    path: str
    data: bytes = b""
    size: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Analysis:
    """A worker's answer for one file (picklable: the spaCy tokens are left behind).

    ``source`` and ``doc`` are set when the document is new; ``known`` when it is already
    stored; ``error`` when the file cannot become a document.
    """

    path: str
    size: int
    sha256: str | None = None
    source: SourceDocument | None = None
    doc: AnalyzedDoc | None = None
    known: bool = False
    error: str | None = None


class StoredDocuments:
    """The set of stored sha256s, asked of the store each time (for in-process work)."""

    def __init__(self, session_factory: SessionFactory) -> None:
        self.session_factory = session_factory

    def __contains__(self, sha256: object) -> bool:
        with session_scope(self.session_factory) as session:
            return isinstance(sha256, str) and document_exists(session, sha256)


def load_file(path: Path) -> FileTask:
    """Read a file's bytes in this process, so that workers need no shared filesystem."""
    try:
        data = read_bytes(path)
    except CoalitionError as err:
        return FileTask(str(path), size=_size(path), error=str(err))
    return FileTask(str(path), data, len(data))


def analyze_file(task: FileTask, stored: Container[str]) -> Analysis:
    """Decode and analyze one file unless ``stored`` holds its sha256; never raise."""
    if task.error is not None:
        return Analysis(task.path, task.size, error=task.error)
    _kill_if_marked(task.data)
    sha256: str | None = None
    try:
        source = read_data(task.path, task.data)
        sha256 = source.sha256
        if sha256 in stored:
            return Analysis(task.path, task.size, sha256, known=True)
        doc = dataclasses.replace(analyze(source), tokens=None)  # a spaCy Doc: unpicklable
        return Analysis(task.path, task.size, sha256, source, doc)
    except CoalitionError as err:
        reason = str(err)
    except Exception as err:  # the batch boundary: any failure becomes a report row
        log.exception("unexpected error on %s", task.path,
                      extra={"document": sha256, "stage": "ingest"})
        reason = f"{type(err).__name__}: {err}"
    return Analysis(task.path, task.size, sha256, error=reason)


def _kill_if_marked(data: bytes) -> None:
    marker = os.environ.get(KILL_WORKER_ENV)
    if marker and marker.encode("utf-8") in data:
        os.kill(os.getpid(), signal.SIGKILL)


def save_file(analysis: Analysis, session_factory: SessionFactory,
              marking: Marking | None = None) -> IngestReport:
    """Save one worker's analysis in one transaction; never raise for a bad file.

    ``marking`` (default: public, from the secretariat) is who may read a new document; for
    one already stored it is a share that widens its audience, logged (never a narrowing).

    The write transaction checks again whether the document is stored, in case another
    process (or an earlier file of this batch with the same text) stored it meanwhile.
    """
    path, sha256, size = Path(analysis.path), analysis.sha256, analysis.size
    skipped = IngestReport(path, "skipped", "already stored", sha256, {}, size)
    if analysis.known:
        return _reshare(skipped, marking, session_factory)
    if analysis.error is not None or analysis.source is None or analysis.doc is None:
        return _failed(path, analysis.error or "no analysis", sha256, size)
    try:
        with session_scope(session_factory, write=True) as session:
            if document_exists(session, analysis.source.sha256):
                return skipped
            counts = dict(save_analysis(session, source=analysis.source, doc=analysis.doc))
            if marking is not None:  # in the same transaction: never readable unmarked
                mark_ingested(session, analysis.source.sha256, marking.release,
                              originator=marking.originator, created=True)
    except CoalitionError as err:
        return _failed(path, str(err), sha256, size)
    except Exception as err:  # the batch boundary: any failure becomes a report row
        log.exception("unexpected error on %s", path, extra={"document": sha256,
                                                             "stage": "ingest"})
        return _failed(path, f"{type(err).__name__}: {err}", sha256, size)
    counts["facts"] = len(analysis.doc.facts)
    log.info("stored %s", path, extra={"document": sha256, "stage": "ingest"})
    return IngestReport(path, "stored", None, sha256, counts, size)


def _reshare(skipped: IngestReport, marking: Marking | None,
             session_factory: SessionFactory) -> IngestReport:
    if marking is None or skipped.sha256 is None:
        return skipped
    with session_scope(session_factory) as session:
        note = reshare_stored(session, skipped.sha256, marking)
    return dataclasses.replace(skipped, reason=f"already stored; {note}") if note else skipped


def _failed(path: Path, reason: str, sha256: str | None, size: int) -> IngestReport:
    log.info("%s failed: %s", path, reason, extra={"document": sha256, "stage": "ingest"})
    return IngestReport(path, "failed", reason, sha256, {}, size)


def _lost(lost: Lost[FileTask]) -> IngestReport:
    task = lost.item
    reason = (f"worker died while processing {task.path}" if lost.died
              else f"{lost.error} while processing {task.path}")
    return _failed(Path(task.path), reason, None, task.size)


def ingest_one(path: Path, session_factory: SessionFactory,
               marking: Marking | None = None) -> IngestReport:
    """Read, analyze and store one file in one transaction; never raise for a bad file."""
    analysis = analyze_file(load_file(path), StoredDocuments(session_factory))
    return save_file(analysis, session_factory, marking)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def ingest_many(paths: Iterable[Path | str], session_factory: SessionFactory,
                progress: Progress | None = None,
                backend: Backend | None = None,
                marking: Marking | None = None,
                should_stop: Callable[[], bool] | None = None) -> list[IngestReport]:
    """Ingest every file under ``paths``; call ``progress`` after each file, in input order.

    ``backend`` (default: serial, in this process) runs `analyze_file` on its workers; they
    skip the documents stored when the batch starts, and this process saves the others.
    ``should_stop`` is asked after each file: when it says True the batch ends there (the
    backend stops its workers) and the reports so far are returned.
    """
    files = iter_paths(paths)
    backend = backend or SerialBackend()
    stored: Container[str]
    if backend.in_process:
        stored = StoredDocuments(session_factory)
    else:
        with session_scope(session_factory) as session:
            stored = stored_sha256s(session)
    tasks = (load_file(path) for path in files)
    reports = []
    with closing(backend.map(analyze_file, tasks, stored, count=len(files))) as outcomes:
        for outcome in outcomes:
            if isinstance(outcome, Lost):
                report = _lost(outcome)
            else:
                report = save_file(outcome, session_factory, marking)
            reports.append(report)
            if progress is not None:
                progress(report)
            if should_stop is not None and should_stop():
                break
    if any(r.status == "stored" for r in reports):
        with session_scope(session_factory) as session:
            refresh_statistics(session)
    return reports
