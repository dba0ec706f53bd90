"""Rendering pieces: highlighting, charts, CSV, the FTS5 query, and escaping document text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coalition.serve.app import create_app
from coalition.serve.charts import bar_chart, line_chart, timeline
from coalition.serve.formats import to_csv
from coalition.serve.highlight import segments
from coalition.settings import Settings
from coalition.store.bulk import NewDocument, insert_documents
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.queries.documents import FactSpan
from coalition.store.queries.search import fts5_query, pieces
from coalition.store.schema import upgrade

HOSTILE = 'Partners met <script>alert("x")</script> & agreed to "act" <b>now</b>.'


def test_render_segments_cover_the_text_and_take_the_innermost_fact() -> None:
    text = "Norway pledged help."
    facts = [FactSpan(0, 20, "commitment", 1, "commitment", "1", text),
             FactSpan(0, 6, "actor", 2, "partner", "NOR", "Norway")]
    parts = segments(text, facts, focus=(0, 20))
    assert "".join(p.text for p in parts) == text
    assert parts[0].href == "/partners/NOR" and parts[0].anchor == "focus"
    assert parts[1].href == "/commitments/1" and parts[1].focus


def test_render_charts_escape_labels_and_draw_without_data() -> None:
    svg = bar_chart([("<b>x</b>", 2.0)], "t<")
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "No data" in line_chart([], "empty")
    assert svg.startswith("<svg") and "<title>t&lt;</title>" in svg
    assert "/meetings/1" in timeline([("2014-09-11", "Jeddah", "/meetings/1")], "m")
    assert "<path" in line_chart([("2014", 1.0), ("2015-06", 3.0)], "members")


def test_render_csv_and_search_helpers() -> None:
    assert to_csv([{"a": 1, "b": "x,y"}, {"a": 2, "c": None}]) == 'a,b,c\n1,"x,y",\n2,,\n'
    assert fts5_query('"a b" c OR') == '"a b" "c"'
    assert fts5_query("*(") == ""
    assert [p.hit for p in pieces("\x02a\x03 b")] == [True, False]


def test_render_document_text_is_always_escaped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        insert_documents(session, [NewDocument(HOSTILE, "test:hostile", title="<i>T</i>")])
    engine.dispose()
    app = create_app(Settings(database_url=url))
    with TestClient(app) as client:
        html = client.get("/documents/1").text
        assert "<script>alert" not in html and "&lt;script&gt;" in html
        assert "<i>T</i>" not in html
        found = client.get("/search", params={"q": "script alert"}).text
        assert "<script>alert" not in found
        assert client.get("/api/search", params={"q": "alert"}).json()["total_documents"] == 1
    app.state.engine.dispose()


def test_search_page_says_when_more_documents_match_than_it_ranks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coalition.store.queries import search as search_module

    monkeypatch.setattr(search_module, "MATCH_LIMIT", 1)
    url = f"sqlite:///{tmp_path / 'many.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        insert_documents(session, [NewDocument(f"Hawala network {n}.", f"test:{n}")
                                   for n in range(2)])
    engine.dispose()
    app = create_app(Settings(database_url=url))
    with TestClient(app) as client:
        assert "Documents (more than 1)" in client.get("/search", params={"q": "hawala"}).text
        found = client.get("/api/search", params={"q": "hawala"}).json()
        assert (found["total_documents"], found["more_documents"]) == (1, True)
        assert "more than" not in client.get("/search", params={"q": "network 0"}).text
    app.state.engine.dispose()
