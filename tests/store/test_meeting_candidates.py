"""The SQL pre-filter on dates that picks a mention's candidate meetings never drops a
meeting that ``dates_compatible`` would match (it may keep more: best_match decides)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from coalition.resolve.meetings import MeetingInfo, dates_compatible
from coalition.store.engine import make_engine
from coalition.store.tables import Base, Meeting
from coalition.store.writes import _DATED_ALIKE, _date_bounds, _Writer

ENGINE = make_engine("sqlite://")
Base.metadata.create_all(ENGINE)


@st.composite
def dates(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A meeting's (start, end): undated, a year, a month or a day, perhaps a span."""
    precision = draw(st.sampled_from([0, 4, 7, 10]))
    if precision == 0:
        return None, None
    year = draw(st.integers(2013, 2016))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    start = f"{year:04d}-{month:02d}-{day:02d}"[:precision]
    if not draw(st.booleans()):
        return start, None
    later = draw(st.integers(0, 70))
    y, m, d = year + (month + later // 28 - 1) // 12, (month + later // 28 - 1) % 12 + 1, day
    return start, f"{y:04d}-{m:02d}-{d:02d}"[:precision]


@settings(max_examples=300, deadline=None)
@given(mention=dates(), stored=st.lists(dates(), min_size=1, max_size=8))
def test_the_date_filter_keeps_every_compatible_meeting(
        mention: tuple[str | None, str | None],
        stored: list[tuple[str | None, str | None]]) -> None:
    info = MeetingInfo("m", start=mention[0], end=mention[1])
    bounds = _date_bounds(info)
    with Session(ENGINE) as session:
        session.add_all(Meeting(key=f"k{i}", name="m", kind="other", start=s, end=e)
                        for i, (s, e) in enumerate(stored))
        session.flush()
        kept = set(session.scalars(select(Meeting.key).where(
            _DATED_ALIKE if bounds is not None else Meeting.id.is_not(None)), bounds))
        for i, (s, e) in enumerate(stored):
            if dates_compatible(info, MeetingInfo("m", start=s, end=e)):
                assert f"k{i}" in kept, (mention, (s, e))
        session.rollback()


def test_the_filter_drops_other_months_and_years() -> None:
    bounds = _date_bounds(MeetingInfo("m", start="2014-12-03"))
    with Session(ENGINE) as session:
        session.add_all(Meeting(key=k, name="m", kind="other", start=s) for k, s in (
            ("same-day", "2014-12-03"), ("month", "2014-12"), ("year", "2014"),
            ("undated", None), ("next-month", "2015-01-02"), ("last-year", "2013-12-03"),
            ("earlier-month", "2014-11-30")))
        session.flush()
        kept = set(session.scalars(select(Meeting.key).where(_DATED_ALIKE), bounds))
        session.rollback()
    assert kept == {"same-day", "month", "year", "undated"}


def test_a_mention_in_a_city_seeks_only_the_cityless_meetings_of_its_country() -> None:
    """The country's other meetings are not read one by one to keep those without a city:
    the query seeks them through (country, city, kind)."""
    mention = MeetingInfo("Mosul meeting", "working_group", "2016-05", None, "Mosul", "IRQ")
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    with Session(ENGINE) as session:
        session.add_all(Meeting(key=f"baghdad-{i}", name="m", kind="working_group",
                                start="2016-05", city="Baghdad", country_iso3="IRQ")
                        for i in range(30))
        session.add_all([
            Meeting(key="cityless", name="m", kind="working_group", start="2016",
                    country_iso3="IRQ"),
            Meeting(key="mosul", name="m", kind="other", start="2016-05-02", city="Mosul",
                    country_iso3="IRQ")])
        session.flush()
        event.listen(ENGINE, "before_cursor_execute", seen)
        try:
            rows = _Writer(session, None, None)._meeting_candidates([mention])  # type: ignore[arg-type]
        finally:
            event.remove(ENGINE, "before_cursor_execute", seen)
        assert [row.key for row in rows] == ["cityless", "mosul"]
        plans = [[row[-1] for row in session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}", params)] for sql, params in statements]
        session.rollback()
    country = [step for plan in plans for step in plan if "country_iso3=?" in step]
    assert country and all("city=?" in step for step in country), plans


def test_mentions_of_every_shape_share_a_few_compiled_statements() -> None:
    """However many mentions a document has, and whatever they give, the candidates are read
    by statements of a few fixed shapes (compiled once), not one new OR of them all."""
    mentions = [MeetingInfo("a", "working_group", "2016-05", None, "Mosul", "IRQ"),
                MeetingInfo("b", "other", None, None, None, "IRQ"),
                MeetingInfo("c", "ministerial_plenary", "2014", "2015", "Rome", "ITA"),
                MeetingInfo("d", "conference", None, None, "Kuwait City", None)]
    shapes: set[int] = set()

    def seen(_conn: Any, _cursor: Any, sql: str, _params: Any, context: Any, *_: Any) -> None:
        if "FROM meetings" in sql:
            shapes.add(id(context.compiled))

    with Session(ENGINE) as session:
        event.listen(ENGINE, "before_cursor_execute", seen)
        try:
            for n in range(1, len(mentions) + 1):
                _Writer(session, None, None)._meeting_candidates(mentions[:n])  # type: ignore[arg-type]
                _Writer(session, None, None)._meeting_candidates(mentions[n - 1:])  # type: ignore[arg-type]
        finally:
            event.remove(ENGINE, "before_cursor_execute", seen)
    # the keys; a city of kinds and dates (Mosul, Rome) and of kinds alone (Kuwait City);
    # a country's meetings without a city, NULL or '' (Mosul, Rome); a country alone, of any
    # kind and date ("b")
    assert len(shapes) == 6, sorted(shapes)
