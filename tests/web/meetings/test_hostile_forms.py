"""The task and notice forms meet the API's rules: a lead unit within the user's scope, and no
control characters in any text (they would break the Word and Excel papers)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.meetings.models import MeetingKind, Notice, Task, TaskSource
from tongket.meetings.services import meeting_create

TODAY = timezone.localdate()


def _assign(**changes) -> dict:
    return {
        "text": "Rà soát hạ tầng viễn thông",
        "lead": "Xã Vũ Thư (12001)",
        "supporting": "",
        "deadline": format_date(TODAY + dt.timedelta(days=20)),
        "assigned_by": "Hưng Yên (33)",
        "source": TaskSource.DOCUMENT,
        "document_number": "215/UBND-KGVX",
        "document_date": format_date(TODAY),
    } | changes


def test_the_task_form_refuses_a_lead_in_another_province(clients, world):
    for lead in ("Phường Ba Đình (00004)", "Sở Thông tin và Truyền thông Hà Nội (01.STTTT)"):
        response = clients["leader"].post("/tasks/new/", _assign(lead=lead))
        errors = response.context["form"].errors
        assert "không thuộc phạm vi của bạn" in errors["lead"][0]
    assert not Task.objects.filter(text="Rà soát hạ tầng viễn thông").exists()
    # Its own commune is still accepted.
    assert clients["leader"].post("/tasks/new/", _assign()).status_code == 302


def test_the_task_form_refuses_control_characters(clients, world):
    for field, text in (("text", "Rà soát\x01 hạ tầng"), ("document_title", "Công văn\x1b[31m")):
        response = clients["leader"].post("/tasks/new/", _assign(**{field: text}))
        assert response.status_code == 200
        page = response.content.decode()
        assert "ký tự điều khiển" in page
    assert (
        not Task.objects.exists()
        or not Task.objects.filter(document_number="215/UBND-KGVX").exists()
    )


def _notice_rows(**rows: dict) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0", "title": ""}
    for index, fields in rows.items():
        data |= {f"items-{index[1:]}-{k}": v for k, v in fields.items()}
    return data


def _meeting(world):
    return meeting_create(
        kind=MeetingKind.MONTHLY_BRIEFING,
        title="Giao ban tháng",
        date=TODAY - dt.timedelta(days=7),
        organizer=world.so_hy,
        actor="test",
    )


def test_the_notice_form_refuses_a_lead_in_another_province(clients, world):
    meeting = _meeting(world)
    url = f"/meetings/{meeting.pk}/notices/new/"
    response = clients["staff"].post(
        url,
        _notice_rows(
            r0={"text": "Việc một", "lead": "33.SKHCN"},
            r1={"text": "Việc hai", "lead": "Phường Ba Đình (00004)"},
        ),
    )
    forms = response.context["formset"].forms
    assert "không thuộc phạm vi của bạn" in forms[1].errors["lead"][0]
    assert not Notice.objects.filter(meeting=meeting).exists()


def test_the_notice_form_refuses_control_characters(clients, world):
    meeting = _meeting(world)
    response = clients["staff"].post(
        f"/meetings/{meeting.pk}/notices/new/",
        _notice_rows(r0={"text": "Việc\x1b[2J một", "lead": "33.SKHCN"}),
    )
    assert response.status_code == 200
    assert "ký tự điều khiển U+001B" in response.content.decode()
    assert not Notice.objects.filter(meeting=meeting).exists()
