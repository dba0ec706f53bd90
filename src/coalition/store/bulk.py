"""Insert many documents at once, without extraction (benchmarks and imports of plain text).

Rows go through the ORM's bulk insert, so the search triggers of migration 0002 index them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coalition.store.tables import Document


@dataclass(frozen=True)
class NewDocument:
    """A document to insert as is: its text and a few facets."""

    text: str
    source: str
    title: str | None = None
    kind: str = "other"
    issued_on: str | None = None
    city: str | None = None
    country_iso3: str | None = None


def insert_documents(session: Session, documents: Iterable[NewDocument]) -> int:
    """Insert ``documents`` (skipping none: the caller gives new texts); return the count.

    >>> # insert_documents(session, [NewDocument("Plain text.", "synthetic:1")])
    """
    now = datetime.now(UTC)
    rows = [{"sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(), "title": d.title,
             "source": d.source, "media_type": "text/plain", "kind": d.kind,
             "issued_on": d.issued_on, "city": d.city, "country_iso3": d.country_iso3,
             "text": d.text, "size_bytes": len(d.text.encode("utf-8")), "ingested_at": now}
            for d in documents]
    if rows:
        session.execute(insert(Document), rows)
    return len(rows)
