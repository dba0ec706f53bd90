"""Read files into SourceDocuments (the first stage)."""

from coalition.read.files import SUPPORTED_SUFFIXES, read_bytes, read_data, read_path

__all__ = ["SUPPORTED_SUFFIXES", "read_bytes", "read_data", "read_path"]
