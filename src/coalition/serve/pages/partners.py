"""HTML pages of partners: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import partner_page_data, partners_data
from coalition.serve.deps import FormatQuery, SessionDep
from coalition.serve.formats import render
from coalition.store.audit import actor_history
from coalition.store.queries.common import Listing
from coalition.store.queries.partners import PartnerProfile, PartnerRow

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/partners", response_class=Response)
def partners_page(request: Request, data: Annotated[Listing[PartnerRow], Depends(partners_data)],
                  fmt: FormatQuery = None) -> Response:
    """Render /partners as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="partners.html",
                  name='partners')


@router.get("/partners/{key}", response_class=Response)
def partner_page(request: Request, key: str, session: SessionDep,
                 data: Annotated[PartnerProfile, Depends(partner_page_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /partners/{key} as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="partner.html",
                  name=f'partner-{data.key}',
                  context={'history': actor_history(session, key)})
