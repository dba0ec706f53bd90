"""Deadlines and cadence: due dates counted by hand from the small documents."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from coalition.store.queries.due import due_list, relative_days

from .support import CADENCE, ROME_RULE, TRAINING


def test_due_relative_days() -> None:
    assert relative_days("no later than within 180 days") == 180
    assert relative_days("within six weeks") == 42
    assert relative_days("by mid-2015") is None


def test_due_cadence_and_deadlines(small: Session) -> None:
    rows = {r.text: r for r in due_list(small, today=date(2020, 9, 1), facts="all").rows}
    oslo = rows[CADENCE]
    # 2 March 2020 + 90 days = 31 May 2020; the next ministerial plenary met on 15 June: late.
    assert (oslo.due, oslo.status, oslo.meeting_date) == ("2020-05-31", "late", "2020-03-02")
    assert (oslo.next_meeting, oslo.next_meeting_date) == ("Lima plenary", "2020-06-15")
    training = rows[TRAINING]
    assert (training.due, training.status, training.next_meeting_id) == (
        "2020-12-31", "due", None)
    rome = rows[ROME_RULE]
    # The Rome plenary has no date: no due date and no next meeting are invented.
    assert (rome.due, rome.status, rome.meeting_date, rome.next_meeting_id) == (
        None, "unknown", None, None)
    assert "no known day" in rome.note
    assert [r.text for r in due_list(small, today=date(2020, 9, 1), facts="all").rows][:2] == [
        CADENCE, TRAINING]


def test_due_overdue_after_the_deadline(small: Session) -> None:
    rows = {r.text: r for r in due_list(small, today=date(2021, 1, 5), facts="all").rows}
    assert rows[TRAINING].status == "overdue"


def test_due_confirmed_by_default(small: Session) -> None:
    assert due_list(small).rows == []
