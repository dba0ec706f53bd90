"""decode.py and the text reader: encodings, mojibake, binary and empty files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from coalition.errors import BinaryFile, EmptyFile, TooLarge, Undecodable, Unsupported
from coalition.read import read_path
from coalition.read.decode import decode_bytes, text_sha256
from coalition.settings import get_settings
from corpus_support import SEEDS

# Our own sentences, with curly quotes, an accent and a dash (all in Windows-1252).
TEXT = ("Ministers met at the Caf\u00e9 de la Paix \u2014 a \u201cworking lunch\u201d \u2014 "
        "and agreed to meet again in 2015.\nThe Coalition\u2019s partners will share "
        "information on foreign terrorist fighters.\n")


def as_mojibake(text: str) -> str:
    """Return UTF-8 ``text`` misread as Windows-1252 (Latin-1 for its five undefined bytes)."""
    def char(byte: int) -> str:
        try:
            return bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(byte)
    return "".join(char(b) for b in text.encode("utf-8"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom", "utf-32", "cp1252"])
def test_read_decode_encodings_give_one_document(tmp_path: Path, encoding: str) -> None:
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + TEXT.encode(codec)
    else:
        data = TEXT.encode(encoding)
    doc = read_path(write(tmp_path, "doc.txt", data))
    assert doc.text == TEXT
    assert doc.sha256 == text_sha256(TEXT)
    assert doc.size_bytes == len(data)
    assert doc.media_type == "text/plain"


def test_read_decode_line_endings_and_nfc_do_not_change_identity(tmp_path: Path) -> None:
    crlf = TEXT.replace("\n", "\r\n").replace("\u00e9", "e\u0301")  # CRLF and decomposed é
    doc = read_path(write(tmp_path, "crlf.txt", crlf.encode("utf-8")))
    assert doc.text == TEXT
    assert doc.sha256 == text_sha256(TEXT)


def test_read_decode_windows_1252_curly_quotes_and_accents() -> None:
    text = decode_bytes(TEXT.encode("cp1252"))
    assert "Caf\u00e9" in text
    assert "\u201cworking lunch\u201d" in text
    assert "Coalition\u2019s" in text


def test_read_decode_windows_1252_seeds_read_as_in_utf8(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            continue  # a seed with characters Windows-1252 cannot hold
        doc = read_path(write(tmp_path, seed.name, data))
        assert doc.text == text, seed.name
        assert doc.sha256 == read_path(seed).sha256


def test_read_decode_whole_mojibake_is_repaired() -> None:
    mojibake = as_mojibake(TEXT)  # "CafÃ©", "â€œworking lunchâ€"
    assert "Ã©" in mojibake
    assert decode_bytes(mojibake.encode("utf-8")) == TEXT


def test_read_decode_partial_mojibake_is_refused() -> None:
    mixed = "R\u00e9sum\u00e9 of the meeting.\n" + as_mojibake(
        "Partners\u2019 pledges.") + " Caf\u00e9 \u2014 done.\n"
    with pytest.raises(Undecodable, match="mojibake"):
        decode_bytes(mixed.encode("utf-8"))


def test_read_decode_utf8_with_stray_legacy_byte_is_never_mojibake() -> None:
    data = TEXT.encode("utf-8") + b"\x92 stray byte\n"
    try:
        text = decode_bytes(data)
    except Undecodable as err:
        assert "mojibake" in str(err)
    else:
        assert "Ã" not in text and "â€" not in text


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    TEXT.encode("utf-8")[:40] + b"\x00" + TEXT.encode("utf-8"),
    bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50 + b"some text",
])
def test_read_decode_binary_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(BinaryFile, match=r"READ002.*binary"):
        read_path(write(tmp_path, "blob.txt", data))


def test_read_decode_many_replacement_characters_are_refused() -> None:
    with pytest.raises(Undecodable, match="replacement"):
        decode_bytes(("Iraq \ufffd\ufffd\ufffd met \ufffd Jordan.\n" * 20).encode("utf-8"))


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                  " \n".encode("utf-16")])
def test_read_empty_or_whitespace_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyFile, match="READ001"):
        read_path(write(tmp_path, "empty.txt", data))


def test_read_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(Unsupported, match=r"\.docx"):
        read_path(write(tmp_path, "memo.docx", b"PK\x03\x04"))


def test_read_too_large_follows_the_setting(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.txt", TEXT.encode("utf-8"))
    monkeypatch.setenv("COALITION_MAX_FILE_BYTES", "50")
    get_settings.cache_clear()
    try:
        with pytest.raises(TooLarge, match="over the limit of 50"):
            read_path(path)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert read_path(path).text == TEXT


def test_read_markdown_title(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path, "note.md", b"# Small Group, Rome\n\nMinisters met.\n"))
    assert doc.title == "Small Group, Rome"
    assert doc.media_type == "text/markdown"


def test_read_seeds_are_utf8_documents() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    shas = {read_path(seed).sha256 for seed in seeds}
    assert len(shas) == 5
