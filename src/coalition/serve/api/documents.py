"""JSON API of documents: the same data functions as the pages, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from coalition.serve.data import document_data, documents_data
from coalition.serve.deps import FormatQuery
from coalition.serve.formats import render
from coalition.serve.schemas import ERRORS, DocumentPublic, DocumentsPublic
from coalition.store.queries.documents import DocumentDetail, DocumentListing

router = APIRouter(prefix="/api", tags=["documents"], responses=ERRORS)


@router.get("/documents", response_model=DocumentsPublic)
def documents_api(request: Request, data: Annotated[DocumentListing, Depends(documents_data)],
                  fmt: FormatQuery = None) -> Response:
    """Render /documents as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="documents.html",
                  name='documents')


@router.get("/documents/{document_id}", response_model=DocumentPublic)
def document_api(request: Request, data: Annotated[DocumentDetail, Depends(document_data)],
                 fmt: FormatQuery = None) -> Response:
    """Render /documents/{document_id} as JSON (or ?format=csv)."""
    return render(request, data, fmt=fmt or "json", template="document.html",
                  name=f'document-{data.id}')
