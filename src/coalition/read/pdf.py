"""Read PDF files with pypdf: the text of every page, and the title from the metadata."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from coalition.errors import BadPdf, NoText
from coalition.read.decode import normalize_text

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
HEADER_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte


def read_pdf(data: bytes) -> tuple[str, str | None]:
    """Return the text of a PDF (pages separated by a blank line) and its title.

    Raise `BadPdf` when the bytes are not a readable PDF, `NoText` when no page has text
    (a scanned document, for instance).
    """
    if PDF_MAGIC not in data[:HEADER_WINDOW]:
        raise BadPdf("not a PDF: no %PDF- header")
    reader = _open(data)
    pages = _page_texts(reader)
    text = normalize_text("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise NoText(f"the PDF has no extractable text in its {len(pages)} page(s) "
                     "(scanned images?)")
    return text, _title(reader)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadPdf("the PDF is encrypted with a password")
        return reader
    except BadPdf:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, OSError) as err:
        raise BadPdf(f"unreadable PDF: {type(err).__name__}: {err}") from err


def _page_texts(reader: PdfReader) -> list[str]:
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as err:
        raise BadPdf(f"unreadable PDF page: {type(err).__name__}: {err}") from err


def _title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError) as err:
        log.info("no PDF title: %s", err, extra={"stage": "read"})
        return None
    return str(title).strip() or None if title else None
