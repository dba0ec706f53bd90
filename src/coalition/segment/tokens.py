"""The one tokenizer of the project: a regex tokenizer that builds spaCy Docs.

spaCy's own English tokenizer ran at ~1.4 MB/s on the seeds here and was the slowest stage of
the pipeline; this regex, which splits the seeds the way spaCy does (abbreviations such as
"U.S." and "Mr." whole, "’s" and hyphens apart, "2,000" and "7.7" whole), builds the same kind
of Doc several times faster. Components that match gazetteers (PhraseMatcher) share one Doc per
document, and tokenize their patterns with the same `get_tokenizer()`.

One `findall` yields every token with its following space, and the Doc is built from orth ids
cached per such piece, with no Python step per token: the stage fell from ~0.18 to ~0.12 CPU
s/MB (`benchmarks/extraction.py --mb 3 --stages`, seeds, shared 2-core machine), findall now
being about half of it and `Doc()` about a quarter.
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


def _token_regex(abbreviations: frozenset[str]) -> re.Pattern[str]:
    """One token, with the single space that follows it, or a run of other whitespace.

    The first alternative is a shortcut, not a rule: a word that starts with a letter and is
    followed by neither "." nor an apostrophe, which none of the rules below would split,
    matched without trying them (most tokens). An abbreviation with its period is an
    alternative just before plain words; it matches exactly where the word alternative would
    stop at that abbreviation with "." next (so abbreviations must be word characters), and
    its lookahead skips the alternation cheaply.
    """
    if not all(re.fullmatch(r"\w+", a) for a in abbreviations):
        raise ValueError("abbreviations must be word characters only")
    abbreviated = ""
    if abbreviations:
        letters = re.escape("".join(sorted(set("".join(abbreviations)))))
        spelled = "|".join(sorted(abbreviations))  # at most one fits before a "."
        longest = max(map(len, abbreviations))
        abbreviated = rf"|(?=[{letters}]{{1,{longest}}}\.)(?:{spelled})\."
    return re.compile(
        r"(?:[^\W\d]\w*+(?![.’'])"        # most words, as the rules below split them
        r"|(?:[A-Za-z]\.){2,}"           # U.S., D.C., e.g.
        r"|\d+(?:[.,]\d+)*"              # 2,000 and 7.7
        + abbreviated +                  # Mr., Gen., Jan.
        r"|\w+(?:[’'](?!s\b)\w+)*"       # words, Da’esh
        r"|[’']s\b"                      # possessive
        r"|\S"                           # any other character
        r") ?|\s+"
    )


class _Orths(dict[str, int]):
    """Piece of text -> orth id of its token (a trailing single space dropped); filled on
    first sight, with whether the token is followed by a space kept in ``spaces``."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.strings = vocab.strings
        self.spaces: dict[str, bool] = {}

    def __missing__(self, piece: str) -> int:
        spaced = piece[-1] == " " and not piece.isspace()
        orth: int = self.strings.add(piece[:-1] if spaced else piece)
        self[piece] = orth
        self.spaces[piece] = spaced
        return orth


class RegexTokenizer:
    """Callable that turns a text into a spaCy Doc whose text is exactly the input.

    Rules: the token regex; a period glued to an abbreviation written right before it; one
    space after a token kept on it; any other whitespace a token of its own. The Doc is built
    from cached orth ids, without a Python step per token: ``Doc(words=<str>)`` hashes every
    word through the StringStore, ids only look the lexeme up.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.pieces = _token_regex(_abbreviations())
        self.orths = _Orths(vocab)

    def __call__(self, text: str) -> Doc:
        pieces = self.pieces.findall(text)
        orths = self.orths
        words = list(map(orths.__getitem__, pieces))  # fills orths.spaces for new pieces
        spaces = list(map(orths.spaces.__getitem__, pieces))
        return Doc(self.vocab, words=words, spaces=spaces)  # type: ignore[arg-type]


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
