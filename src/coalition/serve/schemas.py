"""Response models of the JSON API.

The API returns the store's query rows as they are: frozen dataclasses that pydantic
validates and documents in OpenAPI (``/docs``). This module names each response and adds
the error body.
"""

from __future__ import annotations

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


ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorPublic, "description": "No such record"},
}
