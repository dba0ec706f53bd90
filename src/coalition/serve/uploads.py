"""Ingest an uploaded file, marked as its uploader chooses: the admin API's POST /api/ingest
and the upload page (/documents/new) share it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.ingest import ingest_one
from coalition.read import SUPPORTED_SUFFIXES
from coalition.store.accounts import Account
from coalition.store.audit import log_change, new_group
from coalition.store.releases import Marking
from coalition.store.tables import Document

SUFFIXES = tuple(sorted(SUPPORTED_SUFFIXES))


@dataclass(frozen=True)
class Upload:
    """What became of one uploaded file; ``document_id`` only when the uploader may see it."""

    file: str
    status: str  # stored, skipped (already in the store), failed, refused
    reason: str | None = None
    sha256: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    document_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the API's answer (without the document id, which the API never gave)."""
        return {"file": self.file, "status": self.status, "reason": self.reason,
                "sha256": self.sha256, "counts": self.counts}


async def ingest_upload(request: Request, session: Session, file: UploadFile,
                        marking: Marking, user: Account) -> Upload:
    """Store ``file`` in its own transaction (the request's session only reads and logs),
    marked ``marking``; an unsupported file type is refused before anything is written."""
    name = Path(file.filename or "upload.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return Upload(name, "refused", f"unsupported file type {suffix!r}: "
                      f"upload one of {', '.join(SUFFIXES)}")
    session.commit()  # end this request's read transaction before the ingest writes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(await file.read())
        report = ingest_one(path, request.app.state.session_factory, marking)
    upload = Upload(name, report.status, report.reason, report.sha256, report.counts)
    log_change(session, user=user, action="ingest", record_type="upload", record_id=0,
               before=None, after=upload.as_dict(), group=new_group())
    session.commit()
    if report.sha256 is None:
        return upload
    found = session.scalar(select(Document.id).where(Document.sha256 == report.sha256))
    return Upload(**{**upload.__dict__, "document_id": found})
