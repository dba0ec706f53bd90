"""pdf.py: a real (generated) PDF is read; a file that is not a PDF is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import BadPdf, NoText
from coalition.read import read_path

LINES = ["Joint Statement of the Small Group", "Ministers met in Paris on 2 June 2015.",
         "They will meet again in Rome."]


def pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str = "Small Group") -> bytes:
    """Build a one-page PDF with Helvetica text by hand (correct xref offsets)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    ops += [f"({pdf_escape(line)}) Tj T*" for line in lines]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + pdf_escape(title).encode("latin-1") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_read_pdf_generated_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(make_pdf(LINES))
    doc = read_path(path)
    for line in LINES:
        assert line in doc.text
    assert doc.title == "Small Group"
    assert doc.media_type == "application/pdf"


def test_read_pdf_not_a_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("This is plain text wearing a .pdf suffix.\n")
    with pytest.raises(BadPdf, match=r"READ005.*not a PDF"):
        read_path(path)


def test_read_pdf_truncated_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf(LINES)[:60])
    with pytest.raises((BadPdf, NoText)):
        read_path(path)


def test_read_pdf_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises(NoText, match="no extractable text"):
        read_path(path)
