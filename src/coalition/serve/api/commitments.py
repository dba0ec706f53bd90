"""JSON API of commitments: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import commitment_data, commitments_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, CommitmentPublic, CommitmentsPublic
from coalition.store.queries.commitments import CommitmentDetail, CommitmentRow
from coalition.store.queries.common import Listing

router = APIRouter(prefix="/api", tags=["commitments"], responses=ERRORS)


@router.get("/commitments", response_model=CommitmentsPublic)
def commitments_api(request: Request,
                    data: Annotated[Listing[CommitmentRow], Depends(commitments_data)],
                    fmt: FormatQuery = None) -> Response:
    """Render /commitments as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="commitments.html",
                  name='commitments')


@router.get("/commitments/{commitment_id}", response_model=CommitmentPublic)
def commitment_api(request: Request, data: Annotated[CommitmentDetail, Depends(commitment_data)],
                   fmt: FormatQuery = None) -> Response:
    """Render /commitments/{commitment_id} as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="commitment.html",
                  name=f'commitment-{data.commitment.id}')
