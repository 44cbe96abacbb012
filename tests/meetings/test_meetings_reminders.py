"""Deadline reminders: in-app and e-mail, each sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Notification
from tongket.meetings.selectors import notification_list
from tongket.meetings.services import (
    reminder_contact_set,
    reminders_send,
    task_complete,
    task_create,
    task_deadline_change,
)

D = dt.date
DEADLINE = D(2018, 3, 30)


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def task(units):
    reminder_contact_set(unit=units.so_tb, email="vanphong@stttt.example.vn", actor="t")
    return task_create(
        text="Báo cáo kết quả triển khai Cổng dịch vụ công",
        lead=units.so_tb,
        source="document",
        document_number="55/UBND-KGVX",
        document_date=D(2018, 1, 15),
        deadline=DEADLINE,
        actor="t",
    )


def _send(day, **kw):
    return reminders_send(today=day, actor="t", days_before=(7, 1), days_after=(1, 7), **kw)


def test_each_reminder_is_sent_once(task):
    assert _send(D(2018, 3, 20))["reminders_created"] == 0  # 10 days before: nothing due
    first = _send(D(2018, 3, 23))  # 7 days before
    assert first["reminders_created"] == 1 and first["emailed"] == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vanphong@stttt.example.vn"]
    assert "còn 7 ngày" in mail.outbox[0].subject and "30/03/2018" in mail.outbox[0].subject
    again = _send(D(2018, 3, 23))
    assert again == {"reminders_created": 0, "reminders_already_sent": 1, "emailed": 0}
    assert _send(D(2018, 3, 25))["reminders_created"] == 0  # still the 7-day one
    assert _send(D(2018, 3, 29))["reminders_created"] == 1  # 1 day before
    assert _send(D(2018, 3, 30))["reminders_created"] == 0
    assert _send(D(2018, 3, 31))["reminders_created"] == 1  # 1 day overdue
    assert "quá hạn 1 ngày" in mail.outbox[-1].subject
    assert _send(D(2018, 4, 6))["reminders_created"] == 1  # 7 days overdue
    assert _send(D(2018, 4, 20))["reminders_created"] == 0
    assert len(mail.outbox) == 4
    kinds = list(Notification.objects.order_by("id").values_list("kind", "offset_days"))
    assert kinds == [
        ("before_deadline", 7),
        ("before_deadline", 1),
        ("after_deadline", 1),
        ("after_deadline", 7),
    ]
    assert notification_list(unit_ids=[task.lead_id], unread=True).count() == 4


def test_first_run_late_sends_only_the_latest_due(task):
    assert _send(D(2018, 3, 29))["reminders_created"] == 1
    assert Notification.objects.get().offset_days == 1


def test_done_tasks_get_no_reminder(task):
    task_complete(task=task, on=D(2018, 3, 20), actor="t")
    assert _send(D(2018, 3, 29))["reminders_created"] == 0
    assert not mail.outbox


def test_moved_deadline_gets_its_own_reminders(task):
    _send(D(2018, 3, 29))
    task_deadline_change(task=task, deadline=D(2018, 4, 30), reason="gia hạn", actor="t")
    assert _send(D(2018, 3, 29))["reminders_created"] == 0
    assert _send(D(2018, 4, 29))["reminders_created"] == 1


def test_unit_without_contact_gets_in_app_only(units, task):
    task_create(
        text="Ngầm hóa cáp",
        lead=units.vnpt,
        source="document",
        document_number="9/STTTT",
        document_date=D(2018, 1, 15),
        deadline=DEADLINE,
        actor="t",
    )
    result = _send(D(2018, 3, 29))
    assert result["reminders_created"] == 2 and result["emailed"] == 1
    assert Notification.objects.filter(unit=units.vnpt, email_to="").count() == 1


def test_configured_days(settings, task):
    settings.TONGKET_REMINDER_DAYS_BEFORE = "3"
    settings.TONGKET_REMINDER_DAYS_AFTER = [2]
    assert reminders_send(today=D(2018, 3, 26), actor="t")["reminders_created"] == 0
    assert reminders_send(today=D(2018, 3, 27), actor="t")["reminders_created"] == 1
    assert reminders_send(today=D(2018, 3, 31), actor="t")["reminders_created"] == 0
    assert reminders_send(today=D(2018, 4, 1), actor="t")["reminders_created"] == 1
    settings.TONGKET_REMINDER_DAYS_BEFORE = "a,b"
    with pytest.raises(MeetingsError):
        reminders_send(today=D(2018, 4, 1), actor="t")


def test_bad_contact_address(units):
    with pytest.raises(MeetingsError):
        reminder_contact_set(unit=units.so_tb, email="not an address", actor="t")
