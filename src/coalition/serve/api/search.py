"""JSON API of search: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import search_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, SearchPublic
from coalition.store.queries.search import SearchResults

router = APIRouter(prefix="/api", tags=["search"], responses=ERRORS)


@router.get("/search", response_model=SearchPublic)
def search_api(request: Request, data: Annotated[SearchResults, Depends(search_data)],
               fmt: FormatQuery = None) -> Response:
    """Render /search as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="search.html",
                  name='search')
