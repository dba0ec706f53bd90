"""The regex tokenizer: the Doc's text is the input, and tokens split as spaCy's would."""

from __future__ import annotations

import pytest
import spacy

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
