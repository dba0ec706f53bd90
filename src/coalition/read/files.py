"""Read one file into a `SourceDocument`: dispatch by suffix, size limits, identity.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "note.txt")
...     _ = p.write_bytes(b"Iraq met Jordan.\\r\\n")
...     read_path(p).text
'Iraq met Jordan.\\n'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coalition.errors import EmptyFile, ReadError, TooLarge, Unsupported
from coalition.model import SourceDocument
from coalition.read.decode import text_sha256
from coalition.read.html import read_html
from coalition.read.pdf import read_pdf
from coalition.read.text import read_text
from coalition.settings import get_settings

Reader = Callable[[bytes], tuple[str, "str | None"]]

READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("text/plain", read_text),
    ".md": ("text/markdown", lambda data: read_text(data, markdown=True)),
    ".html": ("text/html", read_html),
    ".htm": ("text/html", read_html),
    ".pdf": ("application/pdf", read_pdf),
}
SUPPORTED_SUFFIXES = frozenset(READERS)


def read_path(path: Path | str, *, max_bytes: int | None = None) -> SourceDocument:
    """Read a .txt, .md, .html/.htm or .pdf file into a `SourceDocument`.

    The sha256 is that of the normalised text, so one content in two encodings (or two
    files) is one document. Raise a `ReadError` whose message names the problem.
    """
    return read_data(path, read_bytes(path, max_bytes=max_bytes))


def read_bytes(path: Path | str, *, max_bytes: int | None = None) -> bytes:
    """Return the bytes of a file of a supported type, refused when too large or empty."""
    path = Path(path)
    _reader_for(path)
    return _read_bytes(path, get_settings().max_file_bytes if max_bytes is None else max_bytes)


def read_data(path: Path | str, data: bytes) -> SourceDocument:
    """Turn the bytes ``data`` of the file named ``path`` into a `SourceDocument`.

    No file is opened: the bytes may come from another host (batch workers get them so).
    """
    path = Path(path)
    media_type, reader = _reader_for(path)
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    text, title = reader(data)
    if not text.strip():
        raise EmptyFile("the file holds only whitespace")
    return SourceDocument(sha256=text_sha256(text), text=text, source=str(path),
                          media_type=media_type, title=title, size_bytes=len(data))


def _reader_for(path: Path) -> tuple[str, Reader]:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise Unsupported(f"unsupported file type {suffix or '(no suffix)'!r}; "
                          f"supported: {known}")
    return READERS[suffix]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{size} bytes is over the limit of {max_bytes} "
                           "(COALITION_MAX_FILE_BYTES)")
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(f"cannot read the file: {err.strerror or err}") from err
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    if len(data) > max_bytes:  # the file grew after stat
        raise TooLarge(f"{len(data)} bytes is over the limit of {max_bytes}")
    return data
