"""The regex tokenizer: the Doc's text is the input, and tokens split as spaCy's would."""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.segment.tokens import tokenize

TEXTS = [
    "",
    "   ",
    " leading and trailing  ",
    "Two\n\nparagraphs, with  double spaces\tand tabs.\n",
    "The U.S. envoy, Mr. Smith, met al-Hakim on Feb. 2; 3,500 troops and $1.5 billion.",
    "Da’esh’s money, ISIS/Daesh, Macedonia* and a 250-percent rise.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_rebuild_the_text(text: str) -> None:
    assert tokenize(text).text == text


@pytest.mark.parametrize("text", TEXTS[4:])
def test_tokens_match_spacy_on_words(text: str) -> None:
    ours = [t.text for t in tokenize(text) if not t.is_space]
    theirs = [t.text for t in spacy.blank("en")(text) if not t.is_space]
    assert ours == theirs


def _reference_split(text: str) -> tuple[list[str], list[bool]]:
    """The tokenizer's rules spelled out one token at a time: the plain token regex, a period
    glued to an abbreviation written right before it, one following space kept on a token,
    any other whitespace a token of its own."""
    abbreviations = {"Mr", "Mrs", "Dr", "Gen", "Jan", "Sept", "Sep", "No", "p", "pp", "Co"}
    token = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|\w+(?:[’'](?!s\b)\w+)*|[’']s\b|\S")
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    while pos < len(text):
        gap = re.match(r"\s*", text[pos:])
        assert gap is not None
        if gap.group():
            white = gap.group()
            if white[0] == " " and words and not words[-1].isspace():
                spaces[-1] = True
                white = white[1:]
            if white:
                words.append(white)
                spaces.append(False)
            pos += len(gap.group())
            continue
        found = token.match(text, pos)
        assert found is not None
        piece = found.group()
        if piece == "." and words and not spaces[-1] and words[-1] in abbreviations:
            words[-1] += "."
        else:
            words.append(piece)
            spaces.append(False)
        pos = found.end()
    return words, spaces


_PIECES = ["Mr", "Mrs", "Dr", "Gen", "Sept", "No", "p", "Co", "Mister", "U.S.", "e.g.", "Iraq",
           "2,000", "7.7", "5", "Da’esh", "’s", "'s", ".", ",", "-", "é", " ", "  ", "\n", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_tokens_follow_the_rules(pieces: list[str]) -> None:
    text = "".join(pieces)  # the pieces never join into an abbreviation the reference lacks
    doc = tokenize(text)
    assert ([t.text for t in doc], [bool(t.whitespace_) for t in doc]) == _reference_split(text)
