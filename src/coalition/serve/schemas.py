"""Response models of the JSON API.

The API returns the store's query rows as they are: frozen dataclasses that pydantic
validates and documents in OpenAPI (``/docs``). This module names each response and adds
the error body.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from coalition.store.queries.commitments import CommitmentDetail, CommitmentRow
from coalition.store.queries.common import Listing
from coalition.store.queries.dashboard import Dashboard
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.queries.meetings import MeetingDetail, MeetingRow
from coalition.store.queries.partners import PartnerProfile, PartnerRow
from coalition.store.queries.search import SearchResults

PartnersPublic = Listing[PartnerRow]
PartnerPublic = PartnerProfile
MeetingsPublic = Listing[MeetingRow]
MeetingPublic = MeetingDetail
CommitmentsPublic = Listing[CommitmentRow]
CommitmentPublic = CommitmentDetail
DocumentsPublic = DocumentListing
DocumentPublic = DocumentDetail
DashboardPublic = Dashboard
SearchPublic = SearchResults


class ErrorPublic(BaseModel):
    """The body of every API error: a status and a plain message."""

    status: int
    detail: str


class InvalidPublic(ErrorPublic):
    """The body of a 422: what was wrong with the request's parameters or body."""

    errors: list[str]


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorPublic, "description": "A parameter the store cannot use"},
    401: {"model": ErrorPublic,
          "description": "Log in first (writes; reads too with COALITION_READ_REQUIRES_LOGIN)"},
    404: {"model": ErrorPublic, "description": "No such record"},
    422: {"model": InvalidPublic, "description": "Invalid parameters or body"},
}
WRITE_ERRORS: dict[int | str, dict[str, object]] = {
    **ERRORS,
    403: {"model": ErrorPublic, "description": "Your role may not do this, or no CSRF token"},
    409: {"model": ErrorPublic, "description": "Someone changed the record meanwhile"},
}
PAGE_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"description": description, "content": {"text/html": {}}}
    for status, description in ((400, "Invalid parameters (an HTML page)"),
                                (401, "Log in first (an HTML page)"),
                                (404, "No such record (an HTML page)"))}
TEXT_FORMATS = {"csv": "text/csv", "html": "text/html"}


def document_formats(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare, on each operation with a ``format`` query parameter, the CSV and HTML bodies
    its 200 response can also have (FastAPI documents only the JSON one); return ``schema``."""
    for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
        formats = [p for p in operation.get("parameters", [])
                   if p.get("name") == "format" and p.get("in") == "query"]
        if not formats:
            continue
        allowed = json.dumps(formats[0].get("schema", {}))
        content = operation.get("responses", {}).get("200", {}).setdefault("content", {})
        for name, media in TEXT_FORMATS.items():
            if f'"{name}"' in allowed:
                content.setdefault(media, {"schema": {"type": "string"}})
    return schema
