"""HTML pages of search: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import search_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.store.queries.search import SearchResults

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/search", response_class=Response)
def search_page(request: Request, data: Annotated[SearchResults, Depends(search_data)],
                fmt: FormatQuery = None) -> Response:
    """Render /search as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="search.html",
                  name='search')
