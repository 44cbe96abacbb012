"""Completeness staff can act on: the units behind each count of a round, their contacts, and
a reminder that goes out in the app and by e-mail and is recorded."""

from __future__ import annotations

import re

from django.core import mail

from tongket.core.models import AuditEntry
from tongket.meetings.models import Notification, NotificationKind, ReminderContact

URL = "/rounds/TEST.01/2025/"


def _units(response) -> list[str]:
    return re.findall(r'<tr data-unit="([^"]+)"', response.content.decode())


def test_the_units_behind_a_round_with_their_contacts(clients, world):
    ReminderContact.objects.create(unit=world.xa_hy, email="vanthu@vuthu.example.vn")
    world.users["reporting"].email = "canbo@vuthu.example.vn"
    world.users["reporting"].save()
    page = clients["staff"].get(f"{URL}?unit={world.so_hy.pk}")
    assert page.status_code == 200
    # Who the completeness selector expects (the dashboard's count), both communes among them.
    expected = page.context["completeness"]
    assert len(_units(page)) == expected.missing == expected.expected
    assert {"12001", "12002"} <= set(_units(page))
    html = page.content.decode()
    assert "vanthu@vuthu.example.vn" in html and "canbo@vuthu.example.vn" in html
    assert "Chưa gửi, quá hạn" in html
    assert _units(clients["staff"].get(f"{URL}?unit={world.so_hy.pk}&show=approved")) == []


def test_staff_remind_the_units_that_have_not_sent(clients, world):
    ReminderContact.objects.create(unit=world.xa_hy, email="vanthu@vuthu.example.vn")
    response = clients["staff"].post(
        f"{URL}?unit={world.so_hy.pk}", {"unit": world.so_hy.pk, "units": [world.xa_hy.pk]}
    )
    assert response.status_code == 302
    notice = Notification.objects.get(kind=NotificationKind.REPORT_REMINDER)
    assert notice.unit == world.xa_hy and "Biểu thử" in notice.subject
    assert [m.to for m in mail.outbox] == [["vanthu@vuthu.example.vn"]]
    assert "Nhắc gửi báo cáo" in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="submission.reminded")
    assert entry.actor == "staff" and entry.unit == world.xa_hy
    page = clients["staff"].get(f"{URL}?unit={world.so_hy.pk}")
    row = re.search(r'<tr data-unit="12001">.*?</tr>', page.content.decode(), re.S).group(0)
    assert "—" not in row.split("</td>")[-2]  # «Đã nhắc» shows when
    # Reminding a unit that is not expected, or of another province, sends nothing.
    clients["staff"].post(
        f"{URL}?unit={world.so_hy.pk}", {"unit": world.so_hy.pk, "units": [world.xa_hn.pk]}
    )
    assert Notification.objects.count() == 1


def test_dashboard_counts_lead_to_the_round_page(clients, world):
    html = clients["staff"].get(f"/dashboard/?unit={world.so_hy.pk}&period=2025").content.decode()
    link = f"{URL}?unit={world.so_hy.pk}&amp;show=missing"
    assert link in html


def test_who_may_see_and_remind(clients, world):
    assert clients["staff_other"].get(f"{URL}?unit={world.so_hy.pk}").status_code == 404
    assert clients["staff"].get(f"/rounds/NONE/2025/?unit={world.so_hy.pk}").status_code == 404
    assert clients["staff"].get(f"{URL}").status_code == 404
    leader = clients["leader"].get(f"{URL}?unit={world.so_hy.pk}")
    assert leader.status_code == 200 and 'name="units"' not in leader.content.decode()
    refused = clients["leader"].post(
        f"{URL}?unit={world.so_hy.pk}", {"unit": world.so_hy.pk, "units": [world.xa_hy.pk]}
    )
    assert refused.status_code == 403 and not Notification.objects.exists()
