"""The one spaCy tokenizer of the project: blank English, no trained model (none is on the
package index). Components that match gazetteers (PhraseMatcher) share one Doc per document.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MAX_CHARS = 60_000_000


@lru_cache(maxsize=1)
def get_tokenizer() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    return nlp


def get_nlp() -> Language:
    """Kept for the components that ask for "the pipeline": the same blank tokenizer."""
    return get_tokenizer()


def tokenize(text: str) -> Doc:
    return get_tokenizer().make_doc(text)
