"""The one tokenizer of the project: a regex tokenizer that builds spaCy Docs.

spaCy's own English tokenizer ran at ~1.4 MB/s on the seeds here and was the slowest stage of
the pipeline; this regex, which splits the seeds the way spaCy does (abbreviations such as
"U.S." and "Mr." whole, "’s" and hyphens apart, "2,000" and "7.7" whole), builds the same kind
of Doc several times faster. Components that match gazetteers (PhraseMatcher) share one Doc per
document, and tokenize their patterns with the same `get_tokenizer()`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from coalition.data import load_json

MAX_CHARS = 60_000_000


def _abbreviations() -> frozenset[str]:
    """Words that keep their period ("Mr.", "Gen.", "Jan."): data/abbreviations.json."""
    return frozenset(a for a in load_json("abbreviations.json")["abbreviations"] if "." not in a)


def _token_regex() -> re.Pattern[str]:
    return re.compile(
        r"(?:[A-Za-z]\.){2,}"              # U.S., D.C., e.g.
        r"|\d+(?:[.,]\d+)*"                # 2,000 and 7.7
        r"|\w+(?:[’'](?!s\b)\w+)*"         # words, Da’esh
        r"|[’']s\b"                        # possessive
        r"|\S"                             # any other character
    )


class RegexTokenizer:
    """Callable that turns a text into a spaCy Doc whose text is exactly the input."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.pairs = re.compile(r"(\s*)(" + _token_regex().pattern + ")")
        self.abbreviations = _abbreviations()

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        word, space = words.append, spaces.append
        abbreviations = self.abbreviations
        for gap, token in self.pairs.findall(text):
            if token == "." and not gap and words and words[-1] in abbreviations:
                words[-1] += "."  # "Mr." is one token (cheaper than an alternation per token)
                continue
            if gap:  # one space belongs to the previous token; more whitespace is a token
                if gap[0] == " " and words:
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    word(gap)
                    space(False)
            word(token)
            space(False)
        tail = text[len(text.rstrip()):]
        if tail:
            if tail[0] == " " and words:
                spaces[-1] = True
                tail = tail[1:]
            if tail:
                word(tail)
                space(False)
        return Doc(self.vocab, words=words, spaces=spaces)


@lru_cache(maxsize=1)
def get_tokenizer() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    nlp.tokenizer = RegexTokenizer(nlp.vocab)
    return nlp


def get_nlp() -> Language:
    """The same blank pipeline; kept for components that ask for "the pipeline"."""
    return get_tokenizer()


def tokenize(text: str) -> Doc:
    return get_tokenizer()(text)
