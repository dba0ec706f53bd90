"""HTML pages of commitments: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import commitment_data, commitments_data
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render
from coalition.store.audit import record_history
from coalition.store.queries.commitments import CommitmentDetail, CommitmentRow
from coalition.store.queries.common import Listing

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/commitments", response_class=Response)
def commitments_page(request: Request,
                     data: Annotated[Listing[CommitmentRow], Depends(commitments_data)],
                     fmt: FormatQuery = None) -> Response:
    """Render /commitments as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="commitments.html",
                  name='commitments')


@router.get("/commitments/{commitment_id}", response_class=Response)
def commitment_page(request: Request, commitment_id: Id, session: SessionDep,
                    data: Annotated[CommitmentDetail, Depends(commitment_data)],
                    fmt: FormatQuery = None) -> Response:
    """Render /commitments/{commitment_id} as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="commitment.html",
                  name=f'commitment-{data.commitment.id}',
                  context={'history': record_history(session, 'commitment', commitment_id)})
