"""The monitoring pages and their JSON twins over the seeds, figures counted by hand."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_monitor_api_metrics_seeds(seeds_client: TestClient) -> None:
    assert seeds_client.get("/api/metrics").json()["series"] == []  # nothing confirmed yet
    data = seeds_client.get("/api/metrics?facts=all").json()
    series = {s["key"]: s for s in data["series"]}
    # "more than 30 countries" (the encyclopedia) and "over 60 countries" (London, Feb 2016)
    assert [p["value"] for p in series["country|count"]["points"]] == [30.0, 60.0]
    assert series["country|count"]["points"][1]["observed_on"] == "2016-02"
    assert series["airstrike|count"]["points"][0]["value"] == 2000.0
    territory = series["territory|percent"]["points"]
    assert {p["observed_on"] for p in territory} == {"2018-02-13"}
    assert all(p["sources"] for s in data["series"] for p in s["points"])


def test_monitor_api_membership_seeds(seeds_client: TestClient) -> None:
    data = seeds_client.get("/api/membership?facts=all").json()
    counts = [(c["date"], c["total"]) for c in data["counts"]]
    # Jeddah (11 Sep 2014): the USA, Turkey and eight Arab states attended: 10 partners.
    assert counts[0] == ("2014-09-11", 10)
    stated = {(s["value"], s["what"]) for s in data["stated"]}
    assert (60.0, "partners") in stated and (60.0, "countries") in stated
    assert all(s["listed"] != s["value"] or s["agrees"] for s in data["stated"])


def test_monitor_api_due_seeds(seeds_client: TestClient) -> None:
    rows = seeds_client.get("/api/due?facts=all").json()["rows"]
    plenary = [r for r in rows if "180 days" in (r["deadline_text"] or "")]
    assert len(plenary) == 1
    assert plenary[0]["due"] is None and plenary[0]["status"] == "unknown"
    assert plenary[0]["meeting_name"] == "Brussels ministerial plenary"


def test_monitor_pages_render(seeds_client: TestClient) -> None:
    for path in ("/metrics?facts=all", "/membership?facts=all", "/due?facts=all",
                 "/metrics", "/membership", "/due"):
        response = seeds_client.get(path)
        assert response.status_code == 200, path
        parser = _Headings()
        parser.feed(response.text)
        assert "h1" in parser.tags
    page = seeds_client.get("/metrics?facts=all").text
    assert page.count('<svg class="chart"') >= 1  # the countries series has two dates
    csv = seeds_client.get("/api/metrics?facts=all&format=csv")
    assert csv.headers["x-coalition-facts"] == "all"
    assert csv.text.splitlines()[0].startswith("series,what,unit,observed_on,value")
