"""Open formats: Popolo JSON keys and IATI-style money, where a pledge stays a pledge."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coalition.cli import app
from coalition.errors import ReviewError
from coalition.settings import get_settings
from coalition.store.accounts import Account, create_user
from coalition.store.audit import new_group
from coalition.store.queries.dashboard import dashboard
from coalition.store.queries.opendata import money, money_totals, popolo
from coalition.store.review import edit_field
from coalition.store.tables import Source, User


def _check_popolo(data: dict[str, list[dict[str, object]]]) -> None:
    assert sorted(data) == ["events", "memberships", "organizations", "persons"]
    assert all({"id", "name"} <= set(p) for p in data["persons"])
    assert all({"id", "name", "classification"} <= set(o) for o in data["organizations"])
    # A partner is a member of the coalition; a person holds a role (in a state, if known).
    assert all(("member" in m and "organization_id" in m) or "person_id" in m
               for m in data["memberships"])
    assert all({"id", "name", "classification"} <= set(e) for e in data["events"])


def test_opendata_popolo_small(small: Session) -> None:
    data = popolo(small, facts="all")
    _check_popolo(data)
    members = {m["member"]["id"]: m.get("start_date")  # type: ignore[index]
               for m in data["memberships"] if "member" in m}
    assert members == {"NOR": "2020-03-02", "CHL": "2020-03-02", "EU": "2020-03-02",
                       "PER": "2020-06-15"}
    oslo = next(e for e in data["events"] if e["name"] == "Oslo plenary")
    assert oslo["start_date"] == "2020-03-02"
    assert {a["id"] for a in oslo["attendees"]} == {"NOR", "CHL", "EU"}  # type: ignore[attr-defined]
    assert popolo(small)["events"] == []  # confirmed facts only by default


def test_opendata_pledge_never_counts_as_committed(small: Session) -> None:
    data = money(small, facts="all")
    assert [(t.transaction_type, t.value, t.currency) for t in data.transactions] == [
        ("12", 5_000_000.0, "USD")]
    assert data.totals == {"pledge": {"USD": 5_000_000.0}, "commitment": {},
                           "disbursement": {}}
    assert [(p.label, p.value) for p in dashboard(small).money_totals] == [("USD", 5e6)]
    assert money_totals([]) == {"pledge": {}, "commitment": {}, "disbursement": {}}


def _edit(session: Session, field: str, value: str) -> None:
    source = session.scalars(select(Source).where(Source.record_type == "money")).one()
    analyst = session.scalar(select(User).where(User.name == "ann"))
    if analyst is None:
        analyst = create_user(session, name="ann", role="analyst", password="pw pw pw pw")
    edit_field(session, source, field=field, value=value,
               user=Account(analyst.id, analyst.name, analyst.role), group=new_group())
    session.commit()


def test_opendata_analyst_states_money(small: Session) -> None:
    _edit(small, "donor_actor_id", "NOR")
    _edit(small, "recipient_actor_id", "CHL")
    _edit(small, "fund", "Stabilization fund")
    _edit(small, "state", "disbursement")
    data = money(small, facts="all")
    (t,) = data.transactions
    assert (t.transaction_type, t.provider_org, t.receiver_org, t.fund) == (
        "3", "NOR", "CHL", "Stabilization fund")
    assert data.totals == {"pledge": {}, "commitment": {},
                           "disbursement": {"USD": 5_000_000.0}}
    assert [(p.donor, p.recipient, p.pledged, p.disbursed) for p in data.parties] == [
        ("NOR", "CHL", 0.0, 5_000_000.0)]
    assert dashboard(small).money_totals == []  # the dashboard sums pledges only
    with pytest.raises(ReviewError):
        _edit(small, "state", "promise")


def test_opendata_export_popolo_cli(engine: Engine, small: Session, tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["export-popolo", str(out), "--facts", "all"],
                                    env={"COALITION_DATABASE_URL": engine.url.render_as_string(
                                        hide_password=False)})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    _check_popolo(json.loads(out.read_text(encoding="utf-8")))


def test_opendata_api_seeds(seeds_client: TestClient) -> None:
    _check_popolo(seeds_client.get("/api/popolo?facts=all").json())
    response = seeds_client.get("/api/money.csv?facts=all")
    assert response.headers["x-coalition-facts"] == "all"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    # $2 million per month, $216 million, $7.7 billion, $200 million: all pledges (12).
    assert sorted(float(r["value"]) for r in rows) == [2e6, 2e8, 2.16e8, 7.7e9]
    assert {r["transaction-type"] for r in rows} == {"12"}
    totals = seeds_client.get("/api/money?facts=all").json()["totals"]
    assert totals == {"pledge": {"USD": 8_116_000_000.0}, "commitment": {},
                      "disbursement": {}}  # the monthly amount is left out of the sum
    # As of the end of 2017 the 2018 Kuwait amounts were not yet known.
    early = seeds_client.get("/api/money?facts=all&as_of=2017-12-31").json()
    assert early["as_of"] == "2017-12-31"
    assert 2e8 not in {t["value"] for t in early["transactions"]}
    empty = seeds_client.get("/api/money.csv").text.splitlines()
    assert empty == [",".join(["reference", "transaction-type", "transaction-type-name",
                               "transaction-date", "value", "currency", "per",
                               "provider-org", "receiver-org", "fund", "description",
                               "document", "quote"])]


def test_opendata_money_as_of_a_date(small: Session) -> None:
    dated = money(small, facts="all").transactions
    day = dated[0].transaction_date
    assert day, "the small store's pledge is dated by its document"
    assert money(small, facts="all", as_of=day).totals["pledge"] == {"USD": 5_000_000.0}
    before = money(small, facts="all", as_of="1999-01-01")
    assert before.transactions == [] and before.totals["pledge"] == {}
    assert before.as_of == "1999-01-01"
