"""JSON API of the monitoring views (metrics, membership, what is due): the same data
functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import due_data, membership_data, metrics_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS
from coalition.store.queries.due import DueList
from coalition.store.queries.monitor import Membership, Metrics

router = APIRouter(prefix="/api", tags=["monitoring"], responses=ERRORS)


@router.get("/metrics", response_model=Metrics)
def metrics_api(request: Request, data: Annotated[Metrics, Depends(metrics_data)],
                fmt: FormatQuery = None) -> Response:
    """Render /metrics as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="metrics.html", name="metrics")


@router.get("/membership", response_model=Membership)
def membership_api(request: Request, data: Annotated[Membership, Depends(membership_data)],
                   fmt: FormatQuery = None) -> Response:
    """Render /membership as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="membership.html",
                  name="membership")


@router.get("/due", response_model=DueList)
def due_api(request: Request, data: Annotated[DueList, Depends(due_data)],
            fmt: FormatQuery = None) -> Response:
    """Render /due as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="due.html", name="due")
