"""Tasks: validation, progress, completion, status in the database, completion rates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tongket.core.audit import audit_entry_list
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Task, TaskProgress, TaskStatus
from tongket.meetings.rules import task_status
from tongket.meetings.selectors import (
    task_completion_rates,
    task_list,
    task_overdue_list,
    task_rows,
)
from tongket.meetings.services import (
    task_complete,
    task_create,
    task_deadline_change,
    task_progress_add,
)

D = dt.date


def _doc_task(units, **kw):
    args = {
        "text": "Xây dựng kế hoạch ứng dụng CNTT năm 2018",
        "lead": units.so_tb,
        "source": "document",
        "document_number": "123/UBND-KT",
        "document_date": D(2018, 2, 1),
        "deadline": D(2018, 3, 31),
        "actor": "test",
    }
    args.update(kw)
    return task_create(**args)


def test_task_from_a_meeting_with_deadline_before_it_is_refused(units, meeting):
    with pytest.raises(MeetingsError) as error:
        task_create(
            text="Hoàn thành quy hoạch hạ tầng viễn thông thụ động",
            lead=units.so_tb,
            source="meeting",
            meeting=meeting,
            deadline=D(2018, 1, 9),
            actor="test",
        )
    assert error.value.column == "deadline"
    assert "trước ngày họp" in str(error.value) and "before the meeting" in str(error.value)
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"text": "   "}, "text", "trống"),
        ({"source": "document", "document_number": ""}, "source", "số và ngày văn bản"),
        ({"source": "rumour"}, "source", "không hợp lệ"),
        ({"deadline": D(2018, 1, 1)}, "deadline", "trước ngày giao"),
    ],
)
def test_bad_task_stores_nothing(units, changes, column, words):
    with pytest.raises(MeetingsError) as error:
        _doc_task(units, **changes)
    assert error.value.column == column
    assert words in error.value.vi
    assert not Task.objects.exists()
    assert not audit_entry_list(object_type="task").exists()


def test_lead_must_exist_on_the_assignment_date(units):
    with pytest.raises(MeetingsError) as error:
        _doc_task(units, document_date=D(2026, 1, 5), deadline=D(2026, 3, 1))
    assert error.value.column == "lead"
    assert not Task.objects.exists()


def test_lead_cannot_also_support(units):
    with pytest.raises(MeetingsError):
        _doc_task(units, supporting=[units.vnpt, units.so_tb])
    assert not Task.objects.exists()


def test_progress_and_completion(units):
    task = _doc_task(units, supporting=[units.vnpt])
    task_progress_add(
        task=task, on=D(2018, 2, 15), text="Đã lấy ý kiến các sở", percent=40, actor="t"
    )
    with pytest.raises(MeetingsError):
        task_progress_add(task=task, on=D(2018, 1, 15), text="Trước ngày giao", actor="t")
    with pytest.raises(MeetingsError):
        task_progress_add(task=task, on=D(2018, 2, 16), text="x", percent=140, actor="t")
    assert TaskProgress.objects.count() == 1
    task_complete(task=task, on=D(2018, 3, 31), note="Kế hoạch số 45/KH-UBND", actor="t")
    with pytest.raises(MeetingsError):
        task_complete(task=task, on=D(2018, 4, 2), actor="t")
    row = task_rows(task_list(today=D(2018, 6, 1)), today=D(2018, 6, 1))[0]
    assert row["status"] == "done_on_time"
    assert row["support"] == [units.vnpt.name]
    assert row["source_ref"] == "123/UBND-KT ngày 01/02/2018"
    actions = set(audit_entry_list(object_type="task").values_list("action", flat=True))
    assert actions == {"task.created", "task.progress", "task.completed"}


def test_deadline_extension_is_audited(units):
    task = _doc_task(units)
    with pytest.raises(MeetingsError):
        task_deadline_change(task=task, deadline=D(2018, 4, 30), reason="", actor="t")
    task_deadline_change(task=task, deadline=D(2018, 4, 30), reason="UBND tỉnh đồng ý", actor="t")
    entry = audit_entry_list(action="task.deadline_changed").get()
    assert entry.old == {"deadline": "2018-03-31"} and entry.new == {"deadline": "2018-04-30"}


def test_database_status_agrees_with_the_rule(units):
    deadline = D(2018, 3, 31)
    days = [None, D(2018, 3, 30), deadline, D(2018, 4, 1)]
    for completed_on in days:
        task = _doc_task(units, deadline=deadline)
        if completed_on:
            Task.objects.filter(pk=task.pk).update(completed_on=completed_on)
    task_without_deadline = _doc_task(units, deadline=None)
    Task.objects.filter(pk=task_without_deadline.pk).update(completed_on=D(2018, 5, 1))
    for today in (D(2018, 3, 30), deadline, D(2018, 4, 1), D(2018, 5, 1)):
        for task in task_list(today=today):
            expected = task_status(
                deadline=task.deadline, completed_on=task.completed_on, today=today
            )
            assert task.status == expected, (today, task.deadline, task.completed_on)
    overdue = task_overdue_list(today=D(2018, 4, 1))
    assert [t.completed_on for t in overdue] == [None]
    assert task_list(today=D(2018, 3, 31), status="done_late").count() == 0
    assert task_list(today=D(2018, 4, 1), status="done_late").count() == 1


def test_completion_rates_match_a_hand_count(units):
    today = D(2019, 1, 15)
    # lead, source, deadline, completed_on -> status on 15/01/2019
    plan = [
        (units.so_tb, "document", D(2018, 3, 31), D(2018, 3, 31)),  # done on time
        (units.so_tb, "document", D(2018, 6, 30), D(2018, 7, 2)),  # done late
        (units.so_tb, "document", D(2018, 9, 30), None),  # overdue
        (units.so_tb, "document", D(2019, 3, 31), None),  # in progress
        (units.vnpt, "document", D(2018, 12, 31), D(2018, 12, 20)),  # done on time
        (units.vnpt, "document", D(2018, 12, 31), None),  # overdue
        (units.vnpt, "document", D(2019, 1, 15), None),  # in progress (deadline today)
    ]
    numbers = itertools.count(1)
    for lead, source, deadline, done in plan:
        task = _doc_task(
            units,
            lead=lead,
            source=source,
            deadline=deadline,
            document_number=f"{next(numbers)}/UBND-KT",
            document_date=D(2018, 1, 2),
        )
        if done:
            task_complete(task=task, on=done, actor="t")
    by_lead = {r["key"]: r for r in task_completion_rates(today=today, by="lead")}
    tb, vnpt = by_lead[units.so_tb.pk], by_lead[units.vnpt.pk]
    assert (tb["total"], tb["done"], tb["done_on_time"], tb["done_late"]) == (4, 2, 1, 1)
    assert (tb["overdue"], tb["in_progress"]) == (1, 1)
    assert tb["completion_rate"] == pytest.approx(2 / 4)
    assert tb["on_time_rate"] == pytest.approx(1 / 4)
    assert (vnpt["total"], vnpt["done"], vnpt["overdue"], vnpt["in_progress"]) == (3, 1, 1, 1)
    assert vnpt["completion_rate"] == pytest.approx(1 / 3)
    by_period = {r["key"]: r for r in task_completion_rates(today=today, by="period")}
    assert by_period["2018"]["total"] == 5 and by_period["2018"]["done"] == 3
    assert by_period["2019"]["total"] == 2 and by_period["2019"]["done"] == 0
    by_quarter = {
        r["key"]: r["total"]
        for r in task_completion_rates(today=today, by="period", period_kind="quarter")
    }
    assert by_quarter == {"2018Q1": 1, "2018Q2": 1, "2018Q3": 1, "2018Q4": 2, "2019Q1": 2}
    by_source = task_completion_rates(today=today, by="source")
    assert [(r["key"], r["total"], r["done"]) for r in by_source] == [("document", 7, 3)]
    assert sum(r["total"] for r in by_lead.values()) == Task.objects.count()
    assert TaskStatus.OVERDUE in tb
