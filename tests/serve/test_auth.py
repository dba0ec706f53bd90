"""Accounts, roles and CSRF over the real app: every write refuses anonymous and viewer,
forms need their CSRF token, and the review and compliance actions work through the API."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from coalition.serve.app import ROUTERS, create_app
from coalition.settings import Settings
from coalition.store.engine import make_session_factory, session_scope
from coalition.store.tables import Base
from review.support import PASSWORD, Workflow, fill

PUBLIC_POSTS = {"/login", "/logout"}


@pytest.fixture
def filled(engine: Engine, store_url: str) -> tuple[str, Workflow]:
    return store_url, fill(engine)


@pytest.fixture
def app_client(filled: tuple[str, Workflow]) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=filled[0], secret_key="test-secret"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def _bearer(wf: Workflow, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {wf.tokens[role]}"}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def login(client: TestClient, name: str) -> str:
    """Log in through the form; return the session's CSRF token."""
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": PASSWORD,
                                           "csrf_token": token, "next": "/review"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return _csrf(client.get("/review").text)


def _counts(engine: Engine) -> dict[str, int]:
    with session_scope(make_session_factory(engine)) as s:
        return {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables}


def _state(engine: Engine) -> list[object]:
    with session_scope(make_session_factory(engine)) as s:
        return [tuple(r) for t in Base.metadata.sorted_tables for r in s.execute(select(t))]


def _write_paths() -> list[str]:
    """Every POST route of the app (path parameters filled in), but log in and out."""
    paths = []
    for module in ROUTERS:
        for route in module.router.routes:
            if isinstance(route, APIRoute) and "POST" in route.methods \
                    and route.path not in PUBLIC_POSTS:
                paths.append(re.sub(r"\{[^}]+\}", "1", route.path).replace("/1/1",
                                                                             "/1/confirm"))
    return paths


def test_auth_every_write_refuses_anonymous_and_viewer(app_client: TestClient, engine: Engine,
                                                       filled: tuple[str, Workflow]) -> None:
    paths = _write_paths()
    assert len(paths) >= 14, paths
    before = _state(engine)
    for path in paths:
        assert app_client.post(path, json={}).status_code == 401, path
        assert app_client.post(path, json={}, headers=_bearer(filled[1], "viewer")
                               ).status_code == 403, path
    token = login(app_client, "viewer")
    for path in paths:
        assert app_client.post(path, data={"csrf_token": token}).status_code == 403, path
    assert _state(engine) == before


def test_auth_forms_need_a_valid_csrf_token(app_client: TestClient, engine: Engine,
                                            filled: tuple[str, Workflow]) -> None:
    fact = filled[1].fact["commitment"]
    token = login(app_client, "analyst")
    before = _state(engine)
    for data in ({}, {"csrf_token": "forged"}):
        response = app_client.post(f"/review/{fact}/confirm", data=data, follow_redirects=False)
        assert response.status_code == 403
    assert app_client.post(f"/api/review/{fact}/confirm").status_code == 403
    assert _state(engine) == before
    ok = app_client.post(f"/review/{fact}/confirm", data={"csrf_token": token},
                         follow_redirects=False)
    assert ok.status_code == 303
    api = app_client.post(f"/api/review/{fact}/undo", headers={"X-CSRF-Token": token})
    assert api.status_code == 200 and api.json()["state"] == "unreviewed"
    assert app_client.post("/login", data={"name": "analyst", "password": PASSWORD}
                           ).status_code == 403


def test_auth_session_cookie_is_httponly_and_lax(app_client: TestClient) -> None:
    cookie = app_client.get("/login").headers.get("set-cookie", "").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "path=/" in cookie


def test_auth_wrong_password_is_refused(app_client: TestClient) -> None:
    token = _csrf(app_client.get("/login").text)
    response = app_client.post("/login", data={"name": "analyst", "password": "nope-nope",
                                               "csrf_token": token})
    assert response.status_code == 401


def test_auth_review_actions_through_the_api(app_client: TestClient,
                                             filled: tuple[str, Workflow]) -> None:
    wf, headers = filled[1], _bearer(filled[1], "analyst")
    queue = app_client.get("/api/review").json()
    left = queue["remaining"]
    fact = wf.fact["meeting"]
    assert app_client.post(f"/api/review/{fact}/confirm", headers=headers).json()["state"] \
        == "confirmed"
    assert app_client.get("/api/review").json()["remaining"] == left - 1
    assert app_client.post(f"/api/review/{fact}/confirm", headers=headers).status_code == 400
    edit = app_client.post(f"/api/review/{fact}/edit", headers=headers,
                           json={"field": "country_iso3", "value": "BEL"})
    assert edit.status_code == 200 and edit.json()["state"] == "edited"
    bad = app_client.post(f"/api/review/{fact}/edit", headers=headers,
                          json={"field": "start", "value": "yesterday"})
    assert bad.status_code == 400
    assert app_client.post(f"/api/review/{wf.fact['actor']}/reject", headers=headers
                           ).json()["state"] == "rejected"
    assert app_client.post(f"/api/review/{wf.fact['actor']}/requeue", headers=headers
                           ).json()["state"] == "unreviewed"
    merge = app_client.post("/api/review/merge", headers=headers, json={
        "survivor_id": wf.meetings["Brussels plenary"], "loser_id": wf.meetings[
            "Lima small group"]})
    assert merge.status_code == 200
    assert app_client.post("/api/review/undo", headers=headers).status_code == 200
    rejected = app_client.get("/api/review?state=rejected").json()
    assert rejected["counts"]["edited"] == 1 and rejected["documents"] == []
    audit = app_client.get("/audit?format=csv")
    assert audit.status_code == 200 and audit.text.splitlines()[0].startswith("id,at,user")
    assert {"confirm", "edit", "reject", "requeue", "merge", "undo"} <= {
        r["action"] for r in app_client.get("/api/audit").json()}
    page = app_client.get(f"/meetings/{wf.meetings['Lima small group']}")
    assert page.status_code == 200 and "History" in page.text and "merge" in page.text


def test_auth_confirmed_switch_on_commitments_and_dashboard(
        app_client: TestClient, filled: tuple[str, Workflow]) -> None:
    wf = filled[1]
    assert app_client.get("/api/commitments").json()["total"] == 1
    assert app_client.get("/api/commitments?confirmed=1").json()["total"] == 0
    assert app_client.get("/api/dashboard?confirmed=1").json()["confirmed_only"] is True
    app_client.post(f"/api/review/{wf.fact['commitment']}/confirm",
                    headers=_bearer(wf, "analyst"))
    listing = app_client.get("/api/commitments?confirmed=1").json()
    assert listing["total"] == 1 and listing["filters"]["confirmed"] == "1"
    csv = app_client.get("/commitments?confirmed=1&format=csv")
    assert csv.headers["x-coalition-facts"] == "confirmed"
    assert "confirmed facts only" in app_client.get("/?confirmed=1").text


def test_auth_compliance_through_the_api(app_client: TestClient,
                                         filled: tuple[str, Workflow]) -> None:
    wf, headers = filled[1], _bearer(filled[1], "analyst")
    hints = app_client.get(f"/api/compliance/suggestions?member=NOR&commitment="
                           f"{wf.commitment_id}").json()
    span = {k: hints[0][k] for k in ("document_id", "start", "end")}
    body = {"member": "NOR", "commitment_id": wf.commitment_id, "score": 1, "period": "2015",
            "rationale": "froze assets", "evidence": [span, {"url": "https://example.org"}]}
    assert app_client.post("/api/compliance/assessments", headers=headers, json=body
                           ).status_code == 201
    body.update(member="CHL", score="no_evidence", evidence=[])
    app_client.post("/api/compliance/assessments", headers=headers, json=body)
    report = app_client.post("/api/compliance/reports", headers=headers,
                             json={"title": "Interim", "kind": "interim"}).json()["id"]
    live = app_client.get("/api/compliance").json()
    assert live["overall"]["percent"] == 100.0 and live["overall"]["no_evidence"] == 1
    assert live["overall"]["coverage"] == 0.5  # NOR and CHL bound; NOR scored
    body.update(member="NOR", score=-1)
    app_client.post("/api/compliance/assessments", headers=headers, json=body)
    frozen = app_client.get(f"/api/compliance?report={report}").json()
    assert frozen["overall"]["percent"] == 100.0
    assert app_client.get("/api/compliance").json()["overall"]["percent"] == 0.0
    page = app_client.get(f"/compliance?member=NOR&commitment={wf.commitment_id}")
    assert page.status_code == 200 and 'class="heat"' in page.text
    assert f"{span['document_id']}:{span['start']}-{span['end']}" in page.text


def test_auth_admin_manages_users(app_client: TestClient, filled: tuple[str, Workflow]) -> None:
    wf = filled[1]
    body = {"name": "newbie", "role": "viewer", "password": "long enough pw"}
    assert app_client.post("/api/users", json=body, headers=_bearer(wf, "analyst")
                           ).status_code == 403
    assert app_client.post("/api/users", json=body, headers=_bearer(wf, "admin")
                           ).status_code == 201
    names = [u["name"] for u in app_client.get("/api/users", headers=_bearer(wf, "admin")).json()]
    assert "newbie" in names
    upload = {"file": ("note.txt", b"Denmark attended the plenary in Rome in May 2016.\n")}
    assert app_client.post("/api/ingest", files=upload, headers=_bearer(wf, "analyst")
                           ).status_code == 403
    stored = app_client.post("/api/ingest", files=upload, headers=_bearer(wf, "admin"))
    assert stored.status_code == 201 and stored.json()["status"] == "stored"
    assert app_client.get("/api/documents").json()["listing"]["total"] == 3


def test_auth_reading_can_require_a_login(filled: tuple[str, Workflow]) -> None:
    app = create_app(Settings(database_url=filled[0], read_requires_login=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/dashboard").status_code == 401
        assert client.get("/commitments").status_code == 401
        assert client.get("/login").status_code == 200
        assert client.get("/api/dashboard", headers=_bearer(filled[1], "viewer")
                          ).status_code == 200
    app.state.engine.dispose()


def test_auth_analyst_adds_money_backed_by_a_span(app_client: TestClient,
                                                  filled: tuple[str, Workflow]) -> None:
    wf = filled[1]
    span = app_client.get(f"/api/compliance/suggestions?member=NOR&commitment="
                          f"{wf.commitment_id}").json()[0]
    body = {"amount": 3_000_000, "currency": "EUR", "state": "disbursement", "donor": "NOR",
            "fund": "stabilization fund", "document_id": span["document_id"],
            "start": span["start"], "end": span["end"]}
    viewer = app_client.post("/api/money", headers=_bearer(wf, "viewer"), json=body)
    assert viewer.status_code == 403
    added = app_client.post("/api/money", headers=_bearer(wf, "analyst"), json=body)
    assert added.status_code == 201
    money = app_client.get("/api/money").json()  # confirmed by default: the analyst's entry
    assert money["totals"]["disbursement"] == {"EUR": 3_000_000.0}
    assert [(p["donor"], p["disbursed"]) for p in money["parties"]] == [("NOR", 3_000_000.0)]
    row = next(t for t in money["transactions"] if t["transaction_type"] == "3")
    assert row["quote"] and row["quote"] in span["sentence"]
    bad = dict(body, end=10**9)
    assert app_client.post("/api/money", headers=_bearer(wf, "analyst"), json=bad
                           ).status_code in (400, 422)
    audit = app_client.get("/api/audit?record_type=money").json()
    assert any(e["action"] == "add" for e in audit)


def test_auth_two_editors_of_one_fact_do_not_overwrite_each_other(
        app_client: TestClient, filled: tuple[str, Workflow]) -> None:
    """Both saw the same country; the first edit wins, the second gets 409 and sees it."""
    wf = filled[1]
    fact = wf.fact["meeting"]
    facts = [f for d in app_client.get("/api/review").json()["documents"] for f in d["facts"]]
    seen = next(f for f in facts if f["id"] == fact)["fields"]["country_iso3"]
    first = app_client.post(f"/api/review/{fact}/edit", headers=_bearer(wf, "analyst"),
                            json={"field": "country_iso3", "value": "CHL", "expected": seen})
    assert first.status_code == 200, first.text
    second = app_client.post(f"/api/review/{fact}/edit", headers=_bearer(wf, "admin"),
                             json={"field": "country_iso3", "value": "PER", "expected": seen})
    assert second.status_code == 409 and "CHL" in second.text
    again = app_client.post(f"/api/review/{fact}/edit", headers=_bearer(wf, "admin"),
                            json={"field": "country_iso3", "value": "PER", "expected": "CHL"})
    assert again.status_code == 200  # having seen the first's change, the second may edit
