"""JSON API of partners: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import partner_data, partners_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, PartnerPublic, PartnersPublic
from coalition.store.queries.common import Listing
from coalition.store.queries.partners import PartnerProfile, PartnerRow

router = APIRouter(prefix="/api", tags=["partners"], responses=ERRORS)


@router.get("/partners", response_model=PartnersPublic)
def partners_api(request: Request, data: Annotated[Listing[PartnerRow], Depends(partners_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /partners as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="partners.html",
                  name='partners')


@router.get("/partners/{key}", response_model=PartnerPublic)
def partner_api(request: Request, data: Annotated[PartnerProfile, Depends(partner_data)],
                fmt: FormatQuery = None) -> Response:
    """Render /partners/{key} as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="partner.html",
                  name=f'partner-{data.key}')
