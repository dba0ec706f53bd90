"""Sharing: widen a document's audience (API and page form), list who can see a document
(its originator only), and give one fact a narrower marking.

A document the account may not see answers 404 like a missing one (the session is limited to
the account's documents); one it sees but may not share answers 403.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from coalition.errors import AuthError, CoalitionError, NotFound
from coalition.serve.auth import Analyst, CurrentUser
from coalition.serve.deps import Id, SessionDep
from coalition.serve.schemas import WRITE_ERRORS
from coalition.store.releases import (
    audience_of,
    mark_fact,
    may_share,
    parse_release,
    share,
)
from coalition.store.tables import Document, Source

router = APIRouter(tags=["sharing"], responses=WRITE_ERRORS)


class ReleaseBody(BaseModel):
    """An audience as the command line spells it: public, coalition, small-group,
    working-group:KEY, partners:USA,GBR or originator."""

    releasable_to: str = Field(max_length=2000)


@router.post("/api/documents/{document_id}/share")
def share_api(document_id: Id, body: ReleaseBody, session: SessionDep,
              user: Analyst) -> JSONResponse:
    """Widen a document's audience or name more partners (its originator's analysts and
    admins, or a secretariat admin); every share is logged."""
    row = share(session, document_id, parse_release(body.releasable_to), user=user)
    session.commit()
    return JSONResponse(asdict(row))


@router.get("/api/documents/{document_id}/audience")
def audience_api(document_id: Id, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Who can see a document, and its shares (the originator's accounts only)."""
    if user is None:
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse(audience_of(session, document_id, user=user).as_dict())


@router.post("/api/sources/{source_id}/marking")
def marking_api(source_id: Id, body: ReleaseBody, session: SessionDep,
                user: Analyst) -> JSONResponse:
    """Give one fact its own marking, never wider than its document's."""
    source = session.get(Source, source_id)
    doc = session.get(Document, source.document_id) if source is not None else None
    if source is None or doc is None:
        raise NotFound(f"no fact {source_id}")
    if not may_share(user, doc):
        raise AuthError("only the originator's analysts and admins, or a secretariat admin, "
                        "can mark this document's facts")
    mark_fact(session, source_id, parse_release(body.releasable_to), user=user)
    session.commit()
    return JSONResponse({"source_id": source_id, "audience": source.audience,
                         "audience_group": source.audience_group})


@router.post("/documents/{document_id}/share", response_class=Response,
             include_in_schema=False)
def share_post(document_id: Id, session: SessionDep, user: Analyst,
               releasable_to: Annotated[str, Form(max_length=2000)]) -> Response:
    """The document page's share form: widen, then back to the document."""
    try:
        share(session, document_id, parse_release(releasable_to), user=user)
    except (AuthError, NotFound):
        raise
    except CoalitionError as err:
        session.rollback()
        raise HTTPException(400, f"share refused: {err.reason}") from err
    session.commit()
    return RedirectResponse(f"/documents/{document_id}", status_code=303)
