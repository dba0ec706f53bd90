"""Property: whatever the documents, markings and viewers, no response to a viewer contains
the marker word of a document that viewer may not see (and every visible document shows its
marker), through the real app over a SQLite store."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.ingest import ingest_one
from coalition.serve.app import create_app
from coalition.settings import Settings
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.releases import Marking, Release, set_group_members
from coalition.store.schema import upgrade
from releasability.support import PASSWORD

PARTNERS = ("JOR", "NOR", "GBR", "USA")
GROUPS = ("communications_wg", "stabilization_wg")
PLACES = (("Amman", "Jordan", "Norway"), ("Oslo", "Norway", "Jordan"),
          ("London", "United Kingdom", "Jordan"))
TEMPLATE = """Joint Statement on the {marker} Initiative

{city}, 14 March {year}

The Ministers of {a} and {b} met in {city} on 14 March {year} for the {marker} Ministerial
Meeting. The participants committed to train 300 {marker} police officers within 90 days.
{b} pledged ${amount} million for the {marker} stabilization fund. Over 4,000 {marker}
fighters were detained in {last}.
"""
PATHS = ("/api/documents?per_page=500", "/api/meetings?per_page=500",
         "/api/commitments?per_page=500", "/api/commitments?format=csv", "/api/dashboard",
         "/api/partners?per_page=500", "/api/popolo?facts=all", "/api/money?facts=all",
         "/api/metrics?facts=all", "/api/due?facts=all", "/api/review?state=unreviewed",
         "/api/audit", "/", "/meetings/1", "/api/meetings/2", "/api/commitments/1",
         "/api/commitments/2")


@dataclass(frozen=True)
class Paper:
    """One generated document: its marker, place, marking and originator."""

    marker: str
    place: int
    year: int
    release: Release
    originator: str | None


@dataclass(frozen=True)
class Reader:
    """One generated viewer: anonymous, the secretariat (None) or a partner with groups."""

    anonymous: bool
    partner: str | None
    groups: frozenset[str]


def _release() -> st.SearchStrategy[Release]:
    return st.one_of(
        st.sampled_from([Release("public"), Release("coalition"), Release("small_group"),
                         Release("originator")]),
        st.sampled_from(GROUPS).map(lambda g: Release("working_group", g)),
        st.sets(st.sampled_from(PARTNERS), min_size=1, max_size=2).map(
            lambda ps: Release("partners", None, tuple(sorted(ps)))))


markers = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=7, max_size=7).map(
    lambda s: "Zq" + s)
papers = st.lists(st.builds(Paper, markers, st.integers(0, len(PLACES) - 1),
                            st.integers(2016, 2019), _release(),
                            st.one_of(st.none(), st.sampled_from(PARTNERS))),
                  min_size=2, max_size=4, unique_by=lambda p: p.marker)
readers = st.lists(st.one_of(
    st.just(Reader(True, None, frozenset())), st.just(Reader(False, None, frozenset())),
    st.builds(Reader, st.just(False), st.sampled_from(PARTNERS),
              st.frozensets(st.sampled_from(("small_group", *GROUPS))))),
    min_size=2, max_size=3)


def may_see(reader: Reader, paper: Paper) -> bool:
    """The rules of issue #9, written out again for the test."""
    r = paper.release
    if r.audience == "public":
        return True
    if reader.anonymous:
        return False
    if reader.partner is None:  # the secretariat
        return r.audience in ("coalition", "small_group", "working_group") or (
            paper.originator is None)
    return (r.audience == "coalition" or paper.originator == reader.partner
            or reader.partner in r.partners
            or (r.audience == "small_group" and "small_group" in reader.groups)
            or (r.audience == "working_group" and r.group in reader.groups))


def _fill(url: str, folder: Path, docs: list[Paper], people: list[Reader]) -> list[str]:
    """Ingest the papers and add one account per partner reader; return bearer tokens."""
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine)
        for n, paper in enumerate(docs):
            city, a, b = PLACES[paper.place]
            path = folder / f"paper{n}.txt"
            path.write_text(TEMPLATE.format(marker=paper.marker, city=city, a=a, b=b,
                                            year=paper.year, amount=10 + n,
                                            last=paper.year - 1), encoding="utf-8")
            report = ingest_one(path, factory, Marking(paper.release, paper.originator))
            assert report.status == "stored", report.describe()
        tokens = []
        with session_scope(factory) as session:
            for n, reader in enumerate(people):
                if reader.anonymous:
                    tokens.append("")
                    continue
                for group in reader.groups:
                    set_group_members(session, group, [reader.partner or "SECRETARIAT"])
                account = create_user(session, name=f"reader{n}", role="analyst",
                                      password=PASSWORD, partner_key=reader.partner)
                tokens.append(create_token(session, user_id=account.id))
        return tokens
    finally:
        engine.dispose()


def _template(folder: Path) -> Path:
    """A migrated empty store, copied for each example (migrating costs more than copying)."""
    path = folder / "template.db"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
    return path


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(docs=papers, people=readers)
def test_no_response_carries_a_hidden_documents_marker(
        tmp_path_factory: object, docs: list[Paper], people: list[Reader]) -> None:
    assert hasattr(tmp_path_factory, "mktemp")
    folder: Path = tmp_path_factory.mktemp("example")  # type: ignore[attr-defined]
    store = folder / "store.db"
    shutil.copy(_template(Path(str(folder.parent))), store)
    url = f"sqlite:///{store}"
    tokens = _fill(url, folder, docs, people)
    app = create_app(Settings(database_url=url))
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            for reader, token in zip(people, tokens, strict=True):
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                hidden = [p.marker.lower() for p in docs if not may_see(reader, p)]
                texts = []
                for path in (*PATHS, *(f"/api/documents/{i}" for i in range(1, len(docs) + 1))):
                    response = client.get(path, headers=headers)
                    assert response.status_code in (200, 404), (path, response.text[:200])
                    texts.append((path, response.text.lower()))
                for paper in docs:
                    found = client.get(f"/api/search?q={paper.marker}", headers=headers).json()
                    texts.append(("search", json.dumps([found["documents"], found["facts"],
                                                        found["total_documents"] > 0])))
                    if may_see(reader, paper):
                        assert found["total_documents"] == 1, (reader, paper)
                    else:
                        assert found["total_documents"] == 0, (reader, paper)
                leaks = [(path, m) for path, text in texts for m in hidden if m in text]
                assert not leaks, (reader, leaks)
                listed = client.get("/api/documents?per_page=500", headers=headers).json()
                assert listed["listing"]["total"] == sum(may_see(reader, p) for p in docs)
    finally:
        app.state.engine.dispose()
