"""HTML pages of documents: the same data functions as the API, another renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from coalition.errors import CoalitionError
from coalition.serve.auth import Admin
from coalition.serve.data import document_data, documents_data
from coalition.serve.deps import FormatQuery, Id, SessionDep
from coalition.serve.formats import render, templates
from coalition.serve.uploads import SUFFIXES, ingest_upload
from coalition.store.accounts import Account
from coalition.store.audit import document_history
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.releases import Marking, document_marking, may_share, parse_release
from coalition.store.tables import Document

router = APIRouter(tags=["pages"], include_in_schema=False)
AUDIENCE_CHOICES = (  # how the upload form offers them; parse_release reads the same spelling
    ("public", "everyone, anonymous readers too"),
    ("coalition", "every coalition partner"),
    ("small-group", "the Small Group"),
    ("working-group:KEY", "a working group's members (its key after the colon)"),
    ("partners:USA,GBR", "named partners (ISO3 codes or organization keys)"),
    ("originator", "your own partner only"))


@router.get("/documents", response_class=Response)
def documents_page(request: Request, data: Annotated[DocumentListing, Depends(documents_data)],
                   fmt: FormatQuery = None) -> Response:
    """Render /documents as HTML (or ?format=json / csv)."""
    return render(request, data, fmt=fmt or "html", template="documents.html",
                  name='documents')


@router.get("/documents/new", response_class=Response)
def upload_page(request: Request, user: Admin) -> Response:
    """The upload form: a file and the audience it is releasable to (admins)."""
    return _upload_form(request, user)


@router.post("/documents/new", response_class=Response)
async def upload_post(request: Request, session: SessionDep, user: Admin, file: UploadFile,
                      releasable_to: Annotated[str, Form(max_length=2000)] = "public"
                      ) -> Response:
    """Store the uploaded file under the chosen marking, then show its document (or the
    form again with what went wrong)."""
    try:
        marking = Marking(parse_release(releasable_to or "public"), user.partner_key)
    except CoalitionError as err:
        return _upload_form(request, user, error=f"releasable to: {err.reason}", status=400,
                            releasable_to=releasable_to)
    upload = await ingest_upload(request, session, file, marking, user)
    if upload.status in ("stored", "skipped") and upload.document_id is not None:
        return RedirectResponse(f"/documents/{upload.document_id}", status_code=303)
    reason = upload.reason or "this document is already stored, and not released to you"
    return _upload_form(request, user, error=f"{upload.file}: {reason}", status=400,
                        releasable_to=releasable_to)


def _upload_form(request: Request, user: Account, *, error: str | None = None,
                 status: int = 200, releasable_to: str = "public") -> Response:
    return templates.TemplateResponse(request, "upload.html", {
        "error": error, "releasable_to": releasable_to, "suffixes": SUFFIXES,
        "audiences": AUDIENCE_CHOICES, "originator": user.partner_key}, status_code=status)


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
