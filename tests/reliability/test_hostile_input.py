"""One batch of hostile files beside two good documents: each bad file gets the right result
or a coded error naming it, the good documents are stored, and nothing else is touched."""

from __future__ import annotations

import io
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coalition.ingest import IngestReport, ingest_many
from coalition.read import read_path
from coalition.settings import get_settings
from coalition.store.engine import make_session_factory
from coalition.store.tables import Document
from corpus_support import SEEDS

BIG_BYTES = 50 * 1024 * 1024
SENTENCE = "Iraq met Jordan in Amman on 3 May 2024."
ARABIC = "The minister \u0641\u0624\u0627\u062f \u062d\u0633\u064a\u0646 met \u0639\u0644\u064a in Baghdad."  # noqa: E501
ZERO_WIDTH = "Ira\u200bq met Jor\u2060dan at the cafe\u0301 with Mu\u00adhammad and n\u0303."

# name -> expected error code, or None when the file must be stored
EXPECTED: dict[str, str | None] = {
    "random_bytes.txt": "READ002",
    "empty.txt": "READ001",
    "big.txt": "READ004",
    "utf16_bom.txt": None,
    "windows1252.txt": None,
    "no_pages.pdf": "READ006",
    "malformed.html": None,
    "deep.html": None,
    "only_markup.html": "READ006",
    "arabic_names.txt": None,
    "zero_width.txt": None,
}


def _empty_pdf() -> bytes:
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


def _deep_html() -> bytes:
    levels = 10_000
    opening = "".join(f"<div>Level {i} holds a sentence. " if i % 2500 == 0 else "<div>"
                      for i in range(levels))
    return f"<html><body>{opening}{SENTENCE}{'</div>' * levels}</body></html>".encode()


def write_corpus(folder: Path) -> None:
    """Write the hostile files and copy two seeds into ``folder``."""
    rng = random.Random(20240503)
    files: dict[str, bytes] = {
        "random_bytes.txt": bytes(rng.randrange(256) for _ in range(8192)),
        "empty.txt": b"",
        "utf16_bom.txt": f"{SENTENCE}\nThe parties agreed to meet again.\n".encode("utf-16"),
        "windows1252.txt": "The minister\u2019s caf\u00e9 \u201cmeeting\u201d in Amman.\n"
                           .encode("cp1252"),
        "no_pages.pdf": _empty_pdf(),
        "malformed.html": (b"<html><head><title>Broken page</title><body><p>" + SENTENCE.encode()
                           + b"<div><span>unclosed <b>bold</i></table><p>Second <em>para"
                           b"</p></div></span><td>stray cell"),
        "deep.html": _deep_html(),
        "only_markup.html": b"<!DOCTYPE html><html><head><style>p{color:red}</style><script>"
                            b"var a = 1;</script></head><body><div><span></span></div>"
                            b"<!-- nothing --><img src='x.png'></body></html>",
        "arabic_names.txt": (ARABIC + "\n").encode("utf-8"),
        "zero_width.txt": (ZERO_WIDTH + "\n").encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "big.txt").open("wb") as out:
        line = (SENTENCE + "\n").encode()
        out.write(line * (BIG_BYTES // len(line) + 1))
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, folder / f"good_{seed.name}")


def stored_text(engine: Engine, sha256: str | None) -> str:
    with Session(engine) as session:
        text = session.scalar(select(Document.text).where(Document.sha256 == sha256))
    assert text is not None
    return text


def check_stored(name: str, text: str) -> None:
    """Check the text kept from each hostile file that must be stored."""
    if name == "utf16_bom.txt":
        assert text.startswith(SENTENCE) and "\ufeff" not in text
    elif name == "windows1252.txt":
        assert "minister\u2019s caf\u00e9 \u201cmeeting\u201d" in text
    elif name == "malformed.html":
        assert SENTENCE in text and "Second" in text and "<" not in text
    elif name == "deep.html":
        assert SENTENCE in text and "<div>" not in text
        assert all(f"Level {i} holds" in text for i in range(0, 10_000, 2500))
    elif name == "arabic_names.txt":
        assert text.strip() == ARABIC
    elif name == "zero_width.txt":
        assert text.startswith("Iraq met Jordan at the caf\u00e9 with Muhammad and \u00f1.")


def test_hostile_input_batch(tmp_path: Path, make_store: Callable[[str], Engine]) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    write_corpus(folder)
    engine = make_store("sqlite")
    try:
        reports = {r.path.name: r for r in ingest_many([folder], make_session_factory(engine))}
    finally:
        (folder / "big.txt").unlink()  # keep 50 MB on disk no longer than needed
    good = [name for name in reports if name.startswith("good_")]
    assert len(good) == 2 and all(reports[n].status == "stored" for n in good), reports
    assert set(reports) == set(EXPECTED) | set(good)
    for name, code in EXPECTED.items():
        report = reports[name]
        if code is None:
            assert report.status == "stored", report.describe()
            check_stored(name, stored_text(engine, report.sha256))
        else:
            _check_refused(report, code)
    assert "COALITION_MAX_FILE_BYTES" in str(reports["big.txt"].reason)
    stored = sum(code is None for code in EXPECTED.values()) + len(good)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == stored
    print(f"\n{len(EXPECTED)} hostile files: " + ", ".join(
        f"{n}={c or 'stored'}" for n, c in EXPECTED.items()))


def _check_refused(report: IngestReport, code: str) -> None:
    assert report.status == "failed", report.describe()
    assert re.match(rf"\[{code}\] \S", str(report.reason)), report.describe()
    assert report.describe().startswith(f"{report.path}: failed: [{code}]")


def test_hostile_input_big_file_read_when_limit_raised(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    line = (SENTENCE + "\n").encode()
    try:
        big.write_bytes(line * (BIG_BYTES // len(line) + 1))
        monkeypatch.setenv("COALITION_MAX_FILE_BYTES", str(BIG_BYTES * 2))
        get_settings.cache_clear()
        document = read_path(big)
    finally:
        big.unlink(missing_ok=True)
        get_settings.cache_clear()
    assert document.size_bytes > BIG_BYTES
    assert document.text.startswith(SENTENCE) and len(document.text) == document.size_bytes
