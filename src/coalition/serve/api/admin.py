"""JSON API of what admins do: manage accounts and ingest uploaded documents."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from coalition.errors import AuthError
from coalition.serve.auth import Admin
from coalition.serve.deps import SessionDep
from coalition.serve.schemas import WRITE_ERRORS
from coalition.serve.uploads import ingest_upload
from coalition.serve.workflow import UserBody
from coalition.store.accounts import Account, create_user, list_accounts
from coalition.store.audit import log_change, new_group
from coalition.store.releases import Marking, parse_release

router = APIRouter(prefix="/api", tags=["admin"], responses=WRITE_ERRORS)


@router.get("/users", response_model=list[Account])
def users_api(session: SessionDep, user: Admin) -> JSONResponse:
    """The accounts (admins only; a partner's admins see their partner's accounts)."""
    return JSONResponse([asdict(a) for a in list_accounts(session)
                         if user.partner_key is None or a.partner_key == user.partner_key])


@router.post("/users", status_code=201)
def add_user_api(body: UserBody, session: SessionDep, user: Admin) -> JSONResponse:
    """Create an account (admins only; a partner's admins, for their partner only)."""
    if user.partner_key is not None and (body.partner_key or "").upper() != user.partner_key:
        raise AuthError(f"an admin of {user.partner_key} adds accounts of {user.partner_key} "
                        "only: set partner_key to it")
    account = create_user(session, name=body.name, role=body.role, password=body.password,
                          partner_key=body.partner_key)
    log_change(session, user=user, action="add_user", record_type="user",
               record_id=account.id, before=None, after=asdict(account), group=new_group())
    session.commit()
    return JSONResponse(asdict(account), status_code=201)


@router.post("/ingest", status_code=201)
async def ingest_api(request: Request, file: UploadFile, session: SessionDep,
                     user: Admin, releasable_to: Annotated[str | None, Form(
                         max_length=2000, description="public (default), coalition, "
                         "small-group, working-group:KEY, partners:USA,GBR or originator"
                     )] = None) -> JSONResponse:
    """Read, extract and store one uploaded file (.txt, .md, .html, .htm, .pdf), marked
    releasable to ``releasable_to``, with the uploader's partner as its originator."""
    marking = Marking(parse_release(releasable_to or "public"), user.partner_key)
    upload = await ingest_upload(request, session, file, marking, user)
    if upload.status == "refused":
        return JSONResponse({"status": 400, "detail": upload.reason}, status_code=400)
    return JSONResponse(upload.as_dict(), status_code=201 if upload.status == "stored" else 200)
