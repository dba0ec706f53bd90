"""Sentence segmentation: offsets, abbreviations, markers, headings, wrapped lines."""

from __future__ import annotations

import pytest

from coalition.segment.sentences import segment_text


@pytest.mark.parametrize(("text", "expected"), [
    ("We met Gen. Lee in the U.S. capital. Then we left.",
     ["We met Gen. Lee in the U.S. capital.", "Then we left."]),
    ("Envoy John R. Smith spoke. Others listened.",
     ["Envoy John R. Smith spoke.", "Others listened."]),
    ("1. First point here.\n\n2. Second point here.",
     ["First point here.", "Second point here."]),
    ("  • A bullet item ends here.", ["A bullet item ends here."]),
    ("The talks covered our\nefforts against finance.",
     ["The talks covered our\nefforts against finance."]),
    ("He said: “We will act.” Then he left.", ["He said: “We will act.”", "Then he left."]),
])
def test_sentences_split(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment_text(text)] == expected


def test_sentences_offsets_and_headings() -> None:
    text = "== Background ==\nA plain sentence here.\nShort title line\n"
    segs = segment_text(text)
    assert [s.kind for s in segs] == ["heading", "sentence", "heading"]
    for seg in segs:
        assert text[seg.start:seg.end] == seg.text


def test_sentences_keep_uppercase_abbreviations() -> None:
    assert [s.text for s in segment_text("STATEMENT OF DR. JANE ROE\nBefore the board.")] == [
        "STATEMENT OF DR. JANE ROE", "Before the board."]
