"""Conclusion notices: drafting with assignments, issuing (creates the tasks, flags late ones)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.meetings.models import MeetingKind, Notice, NoticeStatus, Task
from tongket.meetings.rules import notice_due_on
from tongket.meetings.services import meeting_create
from web.meetings.helpers import page_text


@pytest.fixture
def meeting(world):
    """A briefing of Hưng Yên's department held a week ago, with two conclusions."""
    return meeting_create(
        kind=MeetingKind.MONTHLY_BRIEFING,
        title="Giao ban tháng",
        date=timezone.localdate() - dt.timedelta(days=7),
        organizer=world.so_hy,
        conclusions="- Cập nhật số liệu thuê bao\n\n- Kiểm tra an toàn thông tin",
        actor="test",
    )


def _rows(**rows: dict) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0"}
    for index, fields in rows.items():
        data |= {f"items-{index[1:]}-{k}": v for k, v in fields.items()}
    return data


def test_draft_starts_from_the_conclusions(clients, meeting):
    response = clients["staff"].get(f"/meetings/{meeting.pk}/notices/new/")
    forms = response.context["formset"].forms
    assert [f.initial.get("text") for f in forms] == [
        "Cập nhật số liệu thuê bao",
        "Kiểm tra an toàn thông tin",
        None,
    ]
    assert forms[0].initial["lead"] == "Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)"
    due = format_date(notice_due_on(meeting.last_day))
    assert f"chậm nhất ngày {due} (5 ngày làm việc)" in page_text(response)


def test_draft_keeps_rows_with_a_text_and_drops_cleared_ones(clients, meeting, world):
    lead = "Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)"
    deadline = timezone.localdate() + dt.timedelta(days=30)
    response = clients["staff"].post(
        f"/meetings/{meeting.pk}/notices/new/",
        {"title": ""}
        | _rows(
            r0={"text": "Cập nhật số liệu thuê bao", "lead": lead},
            r1={"text": "", "lead": lead},  # a suggested row the officer cleared
            r2={
                "text": "Rà soát trạm BTS",
                "lead": "Xã Vũ Thư",
                "supporting": "Xã Tân Hòa (12002); 33.SKHCN",
                "deadline": format_date(deadline),
            },
        ),
    )
    notice = Notice.objects.get(meeting=meeting)
    assert response.status_code == 302 and response.url == f"/meetings/notices/{notice.pk}/"
    assert (
        notice.status == NoticeStatus.DRAFT and notice.title == "Thông báo kết luận Giao ban tháng"
    )
    items = list(notice.items.order_by("order"))
    assert [(i.text, i.lead, i.deadline) for i in items] == [
        ("Cập nhật số liệu thuê bao", world.so_hy, None),
        ("Rà soát trạm BTS", world.xa_hy, deadline),
    ]
    assert set(items[1].supporting.all()) == {world.xa_hy2, world.so_hy}
    assert not Task.objects.filter(meeting=meeting).exists()


def test_draft_errors_stay_on_their_row_and_nothing_is_stored(clients, meeting):
    url = f"/meetings/{meeting.pk}/notices/new/"
    response = clients["staff"].post(
        url,
        _rows(
            r0={"text": "Việc một", "lead": "Không có đơn vị này"},
            r1={"text": "Việc hai", "lead": "33.SKHCN", "supporting": "33.SKHCN"},
            r2={"text": "Việc ba", "lead": "33.SKHCN", "deadline": "30/02/2027"},
        ),
    )
    forms = response.context["formset"].forms
    assert "Không có đơn vị này" in forms[0].errors["lead"][0]
    assert forms[1].errors["supporting"] == ["Đơn vị chủ trì không đồng thời là đơn vị phối hợp."]
    assert forms[2].errors["deadline"] == ["Ngày viết theo dạng 31/01/2026."]
    early = (meeting.date - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = clients["staff"].post(
        url, _rows(r0={"text": "Việc một", "lead": "33.SKHCN", "deadline": early})
    )
    errors = response.context["form"].non_field_errors()
    assert errors == [f"mục/item 1: Thời hạn {early} trước ngày họp {format_date(meeting.date)}"]
    response = clients["staff"].post(url, _rows(r0={"text": "", "lead": ""}))
    assert response.context["formset"].non_form_errors() == ["Thông báo cần ít nhất một nhiệm vụ."]
    assert not Notice.objects.filter(meeting=meeting).exists()


def test_add_row_keeps_what_was_typed_and_stores_nothing(clients, meeting):
    response = clients["staff"].post(
        f"/meetings/{meeting.pk}/notices/new/",
        _rows(r0={"text": "Việc một", "lead": "33.SKHCN"}) | {"add_row": "1"},
    )
    forms = response.context["formset"].forms
    assert len(forms) == 2 and forms[0]["text"].value() == "Việc một"
    assert response.context["adding"] and forms[1]["text"].value() in (None, "")
    assert not Notice.objects.filter(meeting=meeting).exists()


def _draft(client, meeting, n: int = 2) -> Notice:
    client.post(
        f"/meetings/{meeting.pk}/notices/new/",
        _rows(**{f"r{i}": {"text": f"Việc {i + 1}", "lead": "33.SKHCN"} for i in range(n)}),
    )
    return Notice.objects.get(meeting=meeting)


def test_issuing_creates_the_tasks_on_time(clients, meeting, world):
    notice = _draft(clients["staff"], meeting)
    today = timezone.localdate()
    response = clients["staff"].post(
        f"/meetings/notices/{notice.pk}/issue/", {"issued_on": format_date(today)}, follow=True
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED and notice.issued_on == today
    assert notice.is_late is (today > notice_due_on(meeting.last_day))
    tasks = Task.objects.filter(notice=notice).order_by("id")
    assert [(t.text, t.lead, t.assigned_on) for t in tasks] == [
        ("Việc 1", world.so_hy, meeting.last_day),
        ("Việc 2", world.so_hy, meeting.last_day),
    ]
    text = page_text(response)
    assert f"Đã ban hành thông báo số {notice.number}; đã giao 2 nhiệm vụ." in text
    assert text.count("Đang thực hiện trong hạn") == 2
    # Issued once: a second issue is refused and makes no second set of tasks.
    again = clients["staff"].post(
        f"/meetings/notices/{notice.pk}/issue/", {"issued_on": format_date(today)}, follow=True
    )
    assert again.status_code == 200
    assert Task.objects.filter(notice=notice).count() == 2


def test_a_notice_issued_after_five_working_days_is_flagged_late(clients, world):
    meeting = meeting_create(
        kind=MeetingKind.QUARTERLY_REVIEW,
        title="Giao ban quý II",
        date=dt.date(2026, 7, 3),  # a Friday
        organizer=world.so_hy,
        actor="test",
    )
    notice = _draft(clients["staff"], meeting, n=1)
    detail = page_text(clients["staff"].get(f"/meetings/notices/{notice.pk}/"))
    assert "Hạn ban hành 10/07/2026" in detail
    assert "Đã quá hạn ban hành (10/07/2026): thông báo sẽ được ghi là ban hành muộn." in detail
    response = clients["staff"].post(
        f"/meetings/notices/{notice.pk}/issue/", {"issued_on": "13/07/2026"}, follow=True
    )
    notice.refresh_from_db()
    assert notice.is_late and notice.due_on == dt.date(2026, 7, 10)
    text = page_text(response)
    assert "Thông báo ban hành muộn: hạn là 10/07/2026 (5 ngày làm việc sau cuộc họp)." in text
    assert "Ban hành muộn" in text
    listing = page_text(clients["leader"].get("/meetings/notices/?late=on"))
    assert notice.number in listing and "muộn" in listing


def test_issue_dates_before_the_meeting_or_in_the_future_are_refused(clients, meeting):
    notice = _draft(clients["staff"], meeting, n=1)
    url = f"/meetings/notices/{notice.pk}/issue/"
    before = format_date(meeting.date - dt.timedelta(days=1))
    errors = clients["staff"].post(url, {"issued_on": before}).context["issue_form"].errors
    assert errors["issued_on"][0].startswith("Ngày ban hành")
    future = format_date(timezone.localdate() + dt.timedelta(days=2))
    errors = clients["staff"].post(url, {"issued_on": future}).context["issue_form"].errors
    assert errors["issued_on"] == ["Ngày ban hành ở tương lai."]
    errors = (
        clients["staff"]
        .post(url, {"issued_on": format_date(timezone.localdate()), "number": "số 15"})
        .context["issue_form"]
        .errors
    )
    assert "15/TB-STTTT" in errors["number"][0]
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT and not Task.objects.filter(notice=notice).exists()


def test_leader_reads_a_notice_but_is_offered_no_issue(clients, m):
    response = clients["leader"].get(f"/meetings/notices/{m.draft_hy.pk}/")
    assert response.status_code == 200 and response.context["issue_form"] is None
    assert clients["staff"].get(f"/meetings/notices/{m.draft_hy.pk}/").context["issue_form"]
    assert (
        clients["staff"].get(f"/meetings/notices/{m.notice_hy.pk}/").context["issue_form"] is None
    )
