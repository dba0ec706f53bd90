"""Open formats: Popolo JSON (/api/popolo) and IATI-style money transactions
(/api/money as JSON with totals, /api/money.csv as a CSV of transactions); analysts add
money entries with POST /api/money."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response

from coalition.serve.auth import Analyst
from coalition.serve.data import money_data, popolo_data
from coalition.serve.deps import SessionDep
from coalition.serve.schemas import WRITE_ERRORS
from coalition.serve.workflow import MoneyBody
from coalition.store.money import MoneyEntry, add_money
from coalition.store.queries.opendata import Money, Transaction

router = APIRouter(prefix="/api", tags=["open formats"], responses=WRITE_ERRORS)


@router.get("/popolo")
def popolo_api(data: Annotated[dict[str, list[dict[str, Any]]], Depends(popolo_data)]
               ) -> dict[str, list[dict[str, Any]]]:
    """Return persons, organizations, memberships and events (meetings) as Popolo JSON."""
    return data


@router.get("/money", response_model=Money)
def money_api(data: Annotated[Money, Depends(money_data)]) -> Response:
    """Return the money transactions (extracted amounts are pledges) and their totals."""
    return JSONResponse(dataclasses.asdict(data), headers={"X-Coalition-Facts": data.facts})


@router.get("/money.csv", response_class=Response)
def money_csv(data: Annotated[Money, Depends(money_data)]) -> Response:
    """Return the money as IATI-style transactions in CSV (12 pledge, 2 commitment,
    3 disbursement); the header row is written even when there is no transaction."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(f.name.replace("_", "-") for f in dataclasses.fields(Transaction))
    writer.writerows(dataclasses.astuple(t) for t in data.transactions)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="money.csv"',
                             "X-Coalition-Facts": data.facts})


@router.post("/money", status_code=201)
def add_money_api(body: MoneyBody, session: SessionDep, user: Analyst) -> JSONResponse:
    """Add a money entry (pledge, commitment or disbursement) backed by a document span."""
    new_id = add_money(session, user=user, entry=MoneyEntry(**body.model_dump()))
    session.commit()
    return JSONResponse({"id": new_id}, status_code=201)
