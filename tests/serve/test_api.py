"""The JSON API and its HTML twins: one query, every format; lists; errors; search."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

TWINS = ["/dashboard", "/partners", "/partners/IRQ", "/meetings", "/meetings/1",
         "/commitments", "/commitments/1", "/documents", "/documents/1",
         "/search?q=foreign+fighters"]
LISTS = ["/partners", "/meetings", "/commitments"]


class _Parsed(HTMLParser):
    """Collect tags, h1 texts and the text inside <mark> of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1 = ""
        self.marks: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)
        if tag == "mark":
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "h1" in self._stack:
            self.h1 += data
        if "mark" in self._stack and self.marks:
            self.marks[-1] += data


def parse(html: str) -> _Parsed:
    parser = _Parsed()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", TWINS)
def test_api_page_and_api_twin_give_the_same_data(client: TestClient, path: str) -> None:
    api = client.get("/api" + path)
    page_json = client.get(path + ("&" if "?" in path else "?") + "format=json")
    html = client.get(path.replace("/dashboard", "/"))
    assert api.status_code == page_json.status_code == html.status_code == 200
    assert api.json() == page_json.json()
    assert html.headers["content-type"].startswith("text/html")
    assert parse(html.text).h1.strip()


@pytest.mark.parametrize("path", LISTS)
def test_api_csv_export_holds_the_rows_shown(client: TestClient, path: str) -> None:
    shown = client.get(f"/api{path}", params={"per_page": 7}).json()
    response = client.get(path, params={"per_page": 7, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(shown["rows"])
    first = next(iter(shown["rows"][0]))
    assert [r[first] for r in rows] == [str(s[first]) for s in shown["rows"]]


def test_api_lists_paginate_sort_and_filter(client: TestClient) -> None:
    everyone = client.get("/api/partners", params={"per_page": 500}).json()
    page2 = client.get("/api/partners", params={"per_page": 5, "page": 2}).json()
    assert page2["total"] == everyone["total"] and len(page2["rows"]) == 5
    assert page2["rows"] == everyone["rows"][5:10]
    busiest = client.get("/api/partners", params={"sort": "-meetings"}).json()["rows"]
    assert busiest[0]["meetings"] == max(r["meetings"] for r in everyone["rows"])
    orgs = client.get("/api/partners", params={"kind": "organization"}).json()["rows"]
    assert orgs and {r["kind"] for r in orgs} == {"organization"}
    gulf = client.get("/api/partners", params={"region": "Western Asia"}).json()["rows"]
    assert {"IRQ", "SAU", "TUR"} <= {r["key"] for r in gulf}
    assert {r["region"] for r in gulf} == {"Western Asia"}
    finance = client.get("/api/commitments", params={"line": "finance"}).json()["rows"]
    assert finance and all("finance" in r["lines_of_effort"] for r in finance)
    plenaries = client.get("/api/meetings", params={"kind": "ministerial_plenary"}).json()
    assert {r["kind"] for r in plenaries["rows"]} == {"ministerial_plenary"}
    docs = client.get("/api/documents", params={"kind": "joint_statement"}).json()
    assert docs["listing"]["total"] == 3 and {f["value"] for f in docs["kinds"]} >= {"news"}


@pytest.mark.parametrize("path", ["/partners/NOPE", "/meetings/99999", "/commitments/99999",
                                  "/documents/99999", "/no/such/page"])
def test_api_unknown_records_give_a_clear_404(client: TestClient, path: str) -> None:
    html = client.get(path)
    assert html.status_code == 404
    assert "Not found" in parse(html.text).h1
    api = client.get("/api" + path)
    assert api.status_code == 404
    assert api.json()["status"] == 404 and api.json()["detail"]


def test_api_bad_parameters_are_a_400_page_or_422_json(client: TestClient) -> None:
    assert client.get("/partners", params={"per_page": 0}).status_code == 400
    response = client.get("/api/partners", params={"per_page": 0})
    assert response.status_code == 422 and response.json()["detail"] == "invalid request"


def test_api_an_unexpected_error_shows_a_plain_500_page(
        sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("coalition.store.queries.partners.list_partners", boom)
    for path in ("/partners", "/api/partners"):
        response = sqlite_client.get(path)
        assert response.status_code == 500
        assert "secret internals" not in response.text and "Traceback" not in response.text


def test_api_openapi_documents_every_json_route(sqlite_client: TestClient) -> None:
    assert sqlite_client.get("/docs").status_code == 200
    paths = sqlite_client.get("/openapi.json").json()["paths"]
    for path in ("/api/dashboard", "/api/partners", "/api/partners/{key}", "/api/meetings",
                 "/api/meetings/{meeting_id}", "/api/commitments",
                 "/api/commitments/{commitment_id}", "/api/documents",
                 "/api/documents/{document_id}", "/api/search"):
        assert path in paths
    assert not any(p.startswith("/partners") for p in paths)


def test_api_search_finds_documents_and_facts_with_snippets(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "foreign fighters"}).json()
    assert found["total_documents"] >= 3
    assert any(p["hit"] for p in found["documents"][0]["snippet"])
    kinds = {f["record_type"] for f in found["facts"]}
    assert "commitment" in kinds
    named = client.get("/api/search", params={"q": "Jeddah"}).json()
    assert any(f["record_type"] == "meeting" for f in named["facts"])
    assert client.get("/api/search", params={"q": '"unbalanced OR ('}).status_code == 200
    page = parse(client.get("/search", params={"q": "Kuwait"}).text)
    assert any("kuwait" in m.lower() for m in page.marks)


def test_api_commitment_sentence_is_highlighted_in_its_document(client: TestClient) -> None:
    detail = client.get("/api/commitments/12").json()
    row = detail["commitment"]
    assert detail["sentence"] == row["text"]
    html = client.get(f"/documents/{row['document_id']}",
                      params={"start": row["start"], "end": row["end"]}).text
    parsed = parse(html)
    focus = [attrs for tag, attrs in parsed.tags if tag == "mark"
             and "focus" in (attrs.get("class") or "")]
    assert focus and any(a.get("id") == "focus" for a in focus)
    links = {attrs.get("href") for tag, attrs in parsed.tags if tag == "a"}
    assert "/commitments/12" in links and "/partners/USA" in links


def test_api_partner_page_shows_roles_and_the_sentences_behind_them(client: TestClient) -> None:
    parsed = parse(client.get("/partners/TUR").text)
    assert "Türkiye" in parsed.h1 or "Turkey" in parsed.h1
    headers = [attrs for tag, attrs in parsed.tags if tag == "h3"]
    assert any("role-declined" in (a.get("class") or "") for a in headers)
    links = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert any(h.startswith("/documents/") and "start=" in h and "#focus" in h for h in links)
    sources = client.get("/partners/TUR", params={"format": "csv"}).text.splitlines()
    assert sources[0].split(",")[:3] == ["record_type", "record_id", "document_id"]
    assert len(sources) > 3


def test_partner_page_lists_fewer_rows_than_its_json_twin(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from coalition.store.queries import partners

    monkeypatch.setattr(partners, "PAGE_LIMIT", 2)
    api = client.get("/api/partners/IRQ").json()
    kinds = {s["record_type"] for s in api["sources"]}
    assert len(api["sources"]) > 2 * len(kinds)
    html = client.get("/partners/IRQ").text
    assert 0 < html.count('<td class="quote">') <= 2 * len(kinds)  # one row per source
    assert f"of {api['sources_total']} sources are shown" in html
    assert client.get("/partners/IRQ", params={"format": "json"}).json() == api
