"""HTML pages of the monitoring views (metrics, membership, what is due): the same data
functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import due_data, membership_data, metrics_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.store.queries.due import DueList
from coalition.store.queries.monitor import Membership, Metrics

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/metrics", response_class=Response)
def metrics_page(request: Request, data: Annotated[Metrics, Depends(metrics_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /metrics as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="metrics.html", name="metrics")


@router.get("/membership", response_class=Response)
def membership_page(request: Request, data: Annotated[Membership, Depends(membership_data)],
                    fmt: FormatQuery = None) -> Response:
    """Render /membership as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="membership.html",
                  name="membership")


@router.get("/due", response_class=Response)
def due_page(request: Request, data: Annotated[DueList, Depends(due_data)],
             fmt: FormatQuery = None) -> Response:
    """Render /due as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="due.html", name="due")
