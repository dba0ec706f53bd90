"""The one spaCy pipeline of the project: a blank English tokenizer with a sentencizer.

No trained model is needed (none is on the package index); sentence boundaries come from
punctuation plus one rule of ours: a line break starts a new segment.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MAX_CHARS = 60_000_000


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every token that holds a line break; keep "1." with its text."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            doc[i].is_sent_start = True
        elif i >= 2 and _is_list_marker(doc, i - 1):
            doc[i].is_sent_start = False
    return doc


def _is_list_marker(doc: Doc, i: int) -> bool:
    """True for the last token of a paragraph-opening marker such as "1." or "•"."""
    tok = doc[i]
    at_line_start = i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_
    if tok.text in {"•", "*", "-", "–", "·"} and at_line_start:
        return True
    if tok.text == "." and i >= 1 and doc[i - 1].like_num:
        j = i - 1
        return j == 0 or "\n" in doc[j - 1].text or "\n" in doc[j - 1].whitespace_
    return False


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks")
    return nlp


@lru_cache(maxsize=1)
def get_tokenizer() -> Language:
    """A blank pipeline without sentence rules, for PhraseMatcher patterns."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    return nlp
