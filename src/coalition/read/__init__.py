"""Read files into SourceDocuments (the first stage)."""

from coalition.read.files import read_path

__all__ = ["read_path"]
