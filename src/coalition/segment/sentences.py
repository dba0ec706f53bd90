"""Split a text into segments with character offsets: sentences, headings and lists."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from coalition.model import Segment
from coalition.segment.tokens import get_nlp

_MARKER = re.compile(r"(?:\d{1,3}\.|[•*\-–·])\s+")
_HEADING = re.compile(r"^=+\s*(.+?)\s*=+$")
_FINAL = (".", "!", "?", ":", ";", '"', "”", "’", ")")


def tokenize(text: str) -> Doc:
    return get_nlp()(text)


def segment_doc(doc: Doc) -> list[Segment]:
    """Turn spaCy sentences into trimmed segments; markers such as "1." or "•" are cut off."""
    text = doc.text
    segments: list[Segment] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        marker = _MARKER.match(text, start, end)
        if marker:
            start = marker.end()
        if start >= end:
            continue
        chunk = text[start:end]
        if re.fullmatch(r"[\W\d]*", chunk):
            continue
        segments.append(Segment(start, end, chunk, _kind_of(chunk)))
    return segments


def _kind_of(chunk: str) -> str:
    if _HEADING.match(chunk):
        return "heading"
    if not chunk.endswith(_FINAL) and len(chunk.split()) <= 12:
        return "heading"
    return "sentence"


def segment_text(text: str) -> list[Segment]:
    """Segment ``text``.

    >>> [s.text for s in segment_text("1. We met. We agreed.")]
    ['We met.', 'We agreed.']
    """
    return segment_doc(tokenize(text))
