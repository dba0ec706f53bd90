"""Placeholder reader for plain text; the read helper replaces this module."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coalition.model import SourceDocument


def read_path(path: Path) -> SourceDocument:
    data = Path(path).read_bytes()
    text = data.decode("utf-8")
    return SourceDocument(hashlib.sha256(text.encode()).hexdigest(), text, str(path), "text/plain",
                          None, len(data))
