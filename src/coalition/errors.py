"""The one error tree of Coalition Tracker. Every message starts with a code.

    CoalitionError
    +-- ReadError            [READ...] a file that cannot become a document
    |   +-- EmptyFile        [READ001]
    |   +-- BinaryFile       [READ002]
    |   +-- Undecodable      [READ003]
    |   +-- TooLarge         [READ004]
    |   +-- BadPdf           [READ005]
    |   +-- NoText           [READ006]
    |   +-- Unsupported      [READ007]
    +-- PipelineError        [PIPE...] a registry that does not hold together
    +-- StoreError           [STORE...] a store that cannot be opened, imported into, ...
    +-- NotFound             [NF001]   a record that does not exist
    +-- AuthError            [AUTH001] a bad account, password, role or token
    +-- ReviewError          [REV001]  a review or compliance action that cannot apply
"""

from __future__ import annotations


class CoalitionError(Exception):
    code = "C000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.reason = message


class ReadError(CoalitionError):
    code = "READ000"


class EmptyFile(ReadError):
    code = "READ001"


class BinaryFile(ReadError):
    code = "READ002"


class Undecodable(ReadError):
    code = "READ003"


class TooLarge(ReadError):
    code = "READ004"


class BadPdf(ReadError):
    code = "READ005"


class NoText(ReadError):
    code = "READ006"


class Unsupported(ReadError):
    code = "READ007"


class PipelineError(CoalitionError):
    code = "PIPE001"


class StoreError(CoalitionError):
    code = "STORE001"


class NotFound(CoalitionError):
    code = "NF001"


class AuthError(CoalitionError):
    code = "AUTH001"


class ReviewError(CoalitionError):
    code = "REV001"


class EditConflict(ReviewError):
    """Someone changed the field after the editor saw it: nothing is overwritten (409)."""

    code = "REV002"


class ReleaseError(ReviewError):
    """A releasability marking or share that is malformed or would narrow an audience (400)."""

    code = "REL001"
