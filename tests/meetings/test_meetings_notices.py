"""Conclusion notices: numbering, tasks created on issue, the five-working-day rule."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Notice, NoticeItem, Task
from tongket.meetings.selectors import notice_list, notice_rows
from tongket.meetings.services import (
    AssignmentSpec,
    PersonSpec,
    meeting_create,
    notice_create,
    notice_issue,
)

D = dt.date


def _briefing(units, day):
    return meeting_create(
        kind="quarterly_review",
        title=f"Giao ban doanh nghiệp viễn thông {day:%d/%m/%Y}",
        date=day,
        organizer=units.so_tb,
        chair=PersonSpec(name="Trần Văn Bình", title="Giám đốc Sở"),
        actor="test",
    )


def _items(units, deadline=None):
    return [
        AssignmentSpec(
            text="Chỉnh trang, ngầm hóa cáp viễn thông trên các tuyến phố chính",
            lead=units.vnpt,
            supporting=(units.viettel,),
            deadline=deadline or D(2024, 12, 31),
        ),
        AssignmentSpec(
            text="Tổng hợp báo cáo chất lượng dịch vụ di động quý III",
            lead=units.so_tb,
            deadline=D(2024, 10, 15),
        ),
    ]


@pytest.mark.parametrize(
    ("issued_on", "late"),
    [
        # Meeting Thursday 29/08/2024. Fri 30/08 is working day 1; Sat 31/08 to Tue 03/09 are
        # the weekend and Quốc khánh (02/09 and 03/09); Wed 04 (2), Thu 05 (3), Fri 06 (4),
        # Mon 09 (5), Tue 10 (6).
        (D(2024, 9, 9), False),
        (D(2024, 9, 10), True),
        (D(2024, 8, 29), False),
    ],
)
def test_notice_late_on_the_sixth_working_day(units, issued_on, late):
    meeting = _briefing(units, D(2024, 8, 29))
    notice = notice_create(meeting=meeting, items=_items(units), actor="t")
    notice = notice_issue(notice=notice, issued_on=issued_on, actor="t")
    assert notice.due_on == D(2024, 9, 9)
    assert notice.is_late is late
    assert [r["late"] for r in notice_rows(notice_list(late=True))] == ([True] if late else [])


def test_issuing_creates_one_task_per_assignment(units):
    meeting = _briefing(units, D(2024, 8, 29))
    notice = notice_create(meeting=meeting, items=_items(units), actor="t")
    assert not Task.objects.exists()
    notice = notice_issue(notice=notice, issued_on=D(2024, 9, 4), actor="t")
    assert notice.number == "1/TB-STTTT"
    tasks = list(Task.objects.order_by("id"))
    assert [t.lead for t in tasks] == [units.vnpt, units.so_tb]
    assert list(tasks[0].supporting.all()) == [units.viettel]
    assert all(t.source == "meeting" and t.meeting == meeting for t in tasks)
    assert all(t.notice == notice and t.document_number == "1/TB-STTTT" for t in tasks)
    assert all(t.assigned_by_person == meeting.chair for t in tasks)
    assert [i.task for i in NoticeItem.objects.order_by("order")] == tasks
    # Numbers follow on within the issuer's year.
    second = notice_create(meeting=_briefing(units, D(2024, 10, 3)), items=_items(units), actor="t")
    assert notice_issue(notice=second, issued_on=D(2024, 10, 7), actor="t").number == "2/TB-STTTT"
    with pytest.raises(MeetingsError):
        notice_issue(notice=second, issued_on=D(2024, 10, 8), actor="t")


def test_given_number_is_checked_and_unique(units):
    meeting = _briefing(units, D(2024, 8, 29))
    first = notice_create(meeting=meeting, items=_items(units), actor="t")
    with pytest.raises(MeetingsError) as error:
        notice_issue(notice=first, issued_on=D(2024, 9, 3), number="12/QĐ-STTTT", actor="t")
    assert error.value.column == "number"
    notice_issue(notice=first, issued_on=D(2024, 9, 3), number="Số: 12/TB-STTTT", actor="t")
    assert Notice.objects.get().number == "12/TB-STTTT"
    second = notice_create(meeting=meeting, items=_items(units), actor="t")
    with pytest.raises(MeetingsError):
        notice_issue(notice=second, issued_on=D(2024, 9, 4), number="12/TB-STTTT", actor="t")
    assert Task.objects.count() == 2  # only the first notice's


def test_bad_assignment_stores_nothing(units):
    meeting = _briefing(units, D(2024, 8, 29))
    items = [*_items(units)[:1], AssignmentSpec(text="", lead=units.so_tb)]
    with pytest.raises(MeetingsError) as error:
        notice_create(meeting=meeting, items=items, actor="t")
    assert error.value.row == "mục/item 2" and error.value.column == "text"
    items = _items(units, deadline=D(2024, 8, 1))
    with pytest.raises(MeetingsError) as error:
        notice_create(meeting=meeting, items=items, actor="t")
    assert "trước ngày họp" in error.value.vi
    with pytest.raises(MeetingsError):
        notice_create(meeting=meeting, items=[], actor="t")
    assert not Notice.objects.exists() and not NoticeItem.objects.exists()


def test_notice_cannot_precede_its_meeting(units):
    meeting = _briefing(units, D(2024, 8, 29))
    notice = notice_create(meeting=meeting, items=_items(units), actor="t")
    with pytest.raises(MeetingsError):
        notice_issue(notice=notice, issued_on=D(2024, 8, 28), actor="t")
    notice.refresh_from_db()
    assert notice.status == "draft" and not Task.objects.exists()
