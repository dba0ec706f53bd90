"""Metrics and membership over time, against figures worked out by hand."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.store.queries.monitor import membership, metric_series, normalize_what
from coalition.store.tables import MetricObservation, Participation, Source


def _confirm(session: Session, record_type: str, record_id: int) -> None:
    for source in session.scalars(select(Source).where(Source.record_type == record_type,
                                                       Source.record_id == record_id)):
        source.review_state = "confirmed"
    session.commit()


def test_monitor_normalize_groups_plurals_and_case() -> None:
    assert normalize_what("Airstrikes") == normalize_what("airstrike") == "airstrike"
    assert normalize_what("former territory liberated") == normalize_what("territory")


def test_monitor_metric_series_one_series_across_documents(small: Session) -> None:
    series = {s.key: s for s in metric_series(small, facts="all").series}
    strikes = series["airstrike|count"]
    # Oslo's 1,200 takes the Oslo plenary's date, Lima's 1,500 the Lima plenary's.
    assert [(p.observed_on, p.value) for p in strikes.points] == [
        ("2020-03-02", 1200.0), ("2020-06-15", 1500.0)]
    assert [s.quote for p in strikes.points for s in p.sources] == [
        "1,200 airstrikes", "1,500 Airstrikes"]
    assert series["partner|count"].points[0].value == 40.0


def test_monitor_metrics_confirmed_by_default(small: Session) -> None:
    assert metric_series(small).series == []
    lima = small.scalar(select(MetricObservation.id).where(MetricObservation.value == 1500))
    assert lima is not None
    _confirm(small, "metric", lima)
    only = metric_series(small).series
    assert [(s.key, [p.value for p in s.points]) for s in only] == [
        ("airstrike|count", [1500.0])]


def test_monitor_membership_counts_by_kind(small: Session) -> None:
    data = membership(small, facts="all")
    assert [(c.date, c.states, c.organizations, c.total) for c in data.counts] == [
        ("2020-03-02", 2, 1, 3), ("2020-06-15", 3, 1, 4)]
    assert {m.key: m.first_seen for m in data.members} == {
        "NOR": "2020-03-02", "CHL": "2020-03-02", "EU": "2020-03-02", "PER": "2020-06-15"}
    stated = data.stated
    assert [(s.date, s.value, s.listed, s.agrees) for s in stated] == [
        ("2020-03-02", 40.0, 3, False)]  # the text says 40, the documents list 3: both shown


def test_monitor_membership_confirmed_by_default(small: Session) -> None:
    assert membership(small).members == []
    peru = small.scalar(select(Participation.id).where(Participation.role == "joined"))
    assert peru is not None
    _confirm(small, "participation", peru)
    data = membership(small)
    assert [m.key for m in data.members] == ["PER"]
    assert [(c.date, c.total) for c in data.counts] == [("2020-06-15", 1)]


def test_monitor_rejected_facts_never_count(small: Session) -> None:
    for source in small.scalars(select(Source).where(Source.record_type == "metric")):
        source.review_state = "rejected"
    small.commit()
    assert metric_series(small, facts="all").series == []
