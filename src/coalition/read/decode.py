"""Turn the bytes of a text file into clean text, or refuse them with the reason.

The order of the tests:

1. a byte-order mark decides: UTF-8 (with BOM), UTF-16 or UTF-32;
2. NUL bytes or many other control bytes mean a binary file (`BinaryFile`);
3. strict UTF-8;
4. otherwise a legacy code page found by charset-normalizer, Windows-1252 first when it
   reads the bytes plausibly (it is by far the most common one for English documents);
5. the text must not be mojibake (UTF-8 read as Windows-1252, "Ã©", "â€™"): a text that
   is mojibake through and through is repaired, one that is partly so is refused
   (`Undecodable`); nor may it hold many control or replacement characters.

The result is normalised to NFC with ``\\n`` line endings and without the invisible
characters that only split words (zero-width space, word joiner, zero-width no-break space,
soft hyphen; zero-width joiners stay, Arabic and Persian spelling needs them), so the same
content saved in two encodings gives the same text (and the same sha256).
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata

from charset_normalizer import from_bytes

from coalition.errors import BinaryFile, Undecodable

log = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
MAX_CONTROL_BYTE_RATIO = 0.01
MAX_BAD_CHAR_RATIO = 0.01
# Replacement characters and control characters other than those allowed above.
_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# Invisible characters that split a word ("Ira\u200bq") without changing what it says.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")

# The characters that UTF-8 continuation bytes (0x80-0xBF) become when read as Windows-1252
# (or as Latin-1, for the five bytes Windows-1252 leaves undefined).
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                        for b in range(0x80, 0xC0)}))
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
MOJIBAKE = re.compile(
    "[\u00c2-\u00df]" + _CONT_CLASS
    + "|[\u00e0-\u00ef]" + _CONT_CLASS + "{2}"
    + "|[\u00f0-\u00f4]" + _CONT_CLASS + "{3}"
)


def text_sha256(text: str) -> str:
    """Return the identity of a document: the sha256 of its normalised text in UTF-8.

    >>> text_sha256("a") == text_sha256("a")
    True
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line endings, without BOMs or zero-width spaces.

    >>> normalize_text("\\ufeffe\\u0301\\r\\nx\\ry Ira\\u200bq")
    'é\\nx\\ny Iraq'
    """
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text file into normalised text, or raise a `ReadError`.

    >>> decode_bytes("caf\\u00e9 \\u201cquoted\\u201d\\r\\n".encode("cp1252"))
    'café “quoted”\\n'
    """
    text = _decode_with_bom(data)
    if text is None:
        _refuse_binary(data)
        text = _decode_without_bom(data)
    text = _repair_or_refuse_mojibake(text)
    _refuse_bad_characters(text)
    return normalize_text(text)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise Undecodable(f"invalid {encoding} after its byte-order mark: {err.reason} "
                                  f"at byte {err.start}") from err
    return None


def _refuse_binary(data: bytes) -> None:
    if b"\x00" in data:
        raise BinaryFile(f"binary content: NUL byte at offset {data.index(0)}")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > MAX_CONTROL_BYTE_RATIO:
        raise BinaryFile(f"binary content: {controls} control bytes in {len(data)}")


def _decode_without_bom(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_isolation=["cp1252"]).best()
    if match is None:
        match = from_bytes(data).best()
    if match is None:
        raise Undecodable("neither UTF-8 nor a recognisable legacy encoding")
    log.info("decoded as %s", match.encoding, extra={"stage": "read"})
    return str(match)


def _repair_or_refuse_mojibake(text: str) -> str:
    found = [m.group() for m in MOJIBAKE.finditer(text) if _is_mojibake(m.group())]
    if not found:
        return text
    repaired = _undo_cp1252(text)
    if repaired is not None and not any(_is_mojibake(m.group())
                                        for m in MOJIBAKE.finditer(repaired)):
        log.warning("repaired mojibake (UTF-8 read as Windows-1252): %d sequences", len(found),
                    extra={"stage": "read"})
        return repaired
    sample = ", ".join(repr(s) for s in found[:3])
    raise Undecodable(f"mojibake: UTF-8 read as Windows-1252 ({len(found)} sequences such as "
                      f"{sample})")


def _is_mojibake(chunk: str) -> bool:
    return _undo_cp1252(chunk) is not None


def _undo_cp1252(text: str) -> str | None:
    """Return ``text`` encoded back to Windows-1252 bytes and read as UTF-8, or None."""
    try:
        raw = bytes(_cp1252_byte(ch) for ch in text)
        return raw.decode("utf-8")
    except (ValueError, UnicodeError):
        return None


def _cp1252_byte(ch: str) -> int:
    if ch < "\x80":
        return ord(ch)
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        if "\x80" <= ch <= "\xff":  # the five bytes Windows-1252 leaves undefined
            return ord(ch)
        raise ValueError(ch) from None


def _refuse_bad_characters(text: str) -> None:
    if not text:
        return
    bad = len(_BAD_CHARS.findall(text))
    if bad / len(text) > MAX_BAD_CHAR_RATIO:
        raise Undecodable(f"{bad} control or replacement characters in {len(text)}")
