"""HTML pages of documents: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coalition.serve.data import document_data, documents_data
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render
from coalition.store.accounts import Account
from coalition.store.audit import document_history
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.releases import document_marking, may_share
from coalition.store.tables import Document

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/documents", response_class=Response)
def documents_page(request: Request, data: Annotated[DocumentListing, Depends(documents_data)],
                   fmt: FormatQuery = None) -> Response:
    """Render /documents as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="documents.html",
                  name='documents')


@router.get("/documents/{document_id}", response_class=Response)
def document_page(request: Request, document_id: Id, session: SessionDep,
                  data: Annotated[DocumentDetail, Depends(document_data)],
                  fmt: FormatQuery = None) -> Response:
    """Render /documents/{document_id} as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="document.html",
                  name=f'document-{data.id}',
                  context={'history': document_history(session, document_id),
                           'marking': document_marking(session, document_id),
                           'can_share': _can_share(request, session, document_id)})


def _can_share(request: Request, session: Session, document_id: int) -> bool:
    user = getattr(request.state, "user", None)
    doc = session.get(Document, document_id)
    return isinstance(user, Account) and doc is not None and may_share(user, doc)
