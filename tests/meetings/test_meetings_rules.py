"""Task status categories and conclusion-notice lateness, as pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.meetings.models import TaskStatus
from tongket.meetings.rules import (
    notice_abbreviation,
    notice_due_on,
    notice_is_late,
    notice_number_parse,
    task_status,
)

D = dt.date
DEADLINE = D(2018, 3, 31)


@pytest.mark.parametrize(
    ("completed_on", "today", "expected"),
    [
        (DEADLINE, D(2018, 4, 30), TaskStatus.DONE_ON_TIME),  # done on the deadline day
        (D(2018, 3, 30), D(2018, 4, 30), TaskStatus.DONE_ON_TIME),
        (D(2018, 4, 1), D(2018, 4, 30), TaskStatus.DONE_LATE),  # done the day after
        (None, D(2018, 4, 1), TaskStatus.OVERDUE),  # not done, today after the deadline
        (None, DEADLINE, TaskStatus.IN_PROGRESS),  # not done, today is the deadline day
        (None, D(2018, 3, 1), TaskStatus.IN_PROGRESS),
        # Seen from a day before the completion, the task was not done yet.
        (D(2018, 4, 5), D(2018, 4, 2), TaskStatus.OVERDUE),
        (D(2018, 3, 20), D(2018, 3, 10), TaskStatus.IN_PROGRESS),
    ],
)
def test_task_status_at_the_deadline_boundary(completed_on, today, expected):
    assert task_status(deadline=DEADLINE, completed_on=completed_on, today=today) == expected


def test_task_without_deadline_is_never_late():
    assert task_status(deadline=None, completed_on=None, today=D(2030, 1, 1)) == "in_progress"
    assert task_status(deadline=None, completed_on=D(2020, 1, 1), today=D(2030, 1, 1)) == (
        "done_on_time"
    )


def test_notice_late_after_five_working_days_with_weekend_and_holiday():
    # Meeting Thursday 28/08/2025. Working days after it: Fri 29/08 (1); Sat-Sun 30-31/08 and
    # the Quốc khánh holiday Mon-Tue 01-02/09 are not; Wed 03/09 (2), Thu 04/09 (3),
    # Fri 05/09 (4), Mon 08/09 (5), Tue 09/09 (6).
    meeting = D(2025, 8, 28)
    assert notice_due_on(meeting) == D(2025, 9, 8)
    assert not notice_is_late(meeting_last_day=meeting, issued_on=D(2025, 9, 8))  # 5th
    assert notice_is_late(meeting_last_day=meeting, issued_on=D(2025, 9, 9))  # 6th


def test_notice_lateness_across_tet():
    # Meeting Monday 03/02/2025, the first working day after Tết Ất Tỵ (25/01-02/02):
    # Tue 04 (1), Wed 05 (2), Thu 06 (3), Fri 07 (4), Mon 10 (5).
    assert notice_due_on(D(2025, 2, 3)) == D(2025, 2, 10)
    # Friday 24/01/2025, the eve of the break: Mon 03/02 (1) ... Fri 07/02 (5).
    assert notice_due_on(D(2025, 1, 24)) == D(2025, 2, 7)


def test_notice_number():
    assert notice_number_parse("Số: 15/TB-STTTT") == (15, "STTTT")
    assert notice_number_parse("7/TB-UBND") == (7, "UBND")
    for bad in ("15/QĐ-STTTT", "TB-STTTT", "15/TB-", "15/TB-stttt"):
        with pytest.raises(ValueError):
            notice_number_parse(bad)
    assert notice_abbreviation("Sở TT&TT") == "STTTT"
    assert notice_abbreviation("Sở KH&CN") == "SKHCN"
    assert notice_abbreviation("Ban Chỉ đạo") == "BCĐ"
