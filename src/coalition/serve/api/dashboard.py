"""JSON API of dashboard: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import dashboard_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, DashboardPublic
from coalition.store.queries.dashboard import Dashboard

router = APIRouter(prefix="/api", tags=["dashboard"], responses=ERRORS)


@router.get("/dashboard", response_model=DashboardPublic)
def dashboard_api(request: Request, data: Annotated[Dashboard, Depends(dashboard_data)],
                  fmt: FormatQuery = None) -> Response:
    """Render /dashboard as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="dashboard.html",
                  name='dashboard')
