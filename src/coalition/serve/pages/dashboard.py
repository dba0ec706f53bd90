"""HTML pages of dashboard: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import dashboard_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.store.queries.dashboard import Dashboard

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/", response_class=Response)
@router.get("/dashboard", response_class=Response)
def dashboard_page(request: Request, data: Annotated[Dashboard, Depends(dashboard_data)],
                   fmt: FormatQuery = None) -> Response:
    """Render / as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="dashboard.html",
                  name='dashboard')
