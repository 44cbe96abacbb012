"""Entry a unit can finish: a cell saved as it is left, a comment on each value, an unusual
value explained before the report goes, every overdue period within reach."""

import datetime as dt
import json
import re

from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value
from tongket.reporting.services import submission_open, submission_values_set

from .monthly import monthly_of
from .world import reporting_of


def _cell(client, submission, code, **fields):
    data = {"code": code}
    data.update(
        {
            f"{ {'value': 'v', 'comment': 'c', 'explanation': 'x'}[k] }:{code}": v
            for k, v in fields.items()
        }
    )
    response = client.post(f"/entry/{submission.pk}/cell/", data)
    return response.status_code, json.loads(response.content)


def _june(world):
    m = monthly_of(world)
    return m, submission_open(unit=world.xa_hy, form=m.form, period_code="2026-06", actor="t")


def test_a_cell_is_stored_as_it_is_left_and_its_messages_come_back(clients, world):
    r = reporting_of(world)
    status, data = _cell(clients["reporting"], world.sub_xa_hy, r.mobile.code, value="1300")
    assert status == 200 and data["ok"]
    assert data["text"] == "1.300"
    assert Value.objects.get(unit=world.xa_hy, indicator=r.mobile).value == 1300
    # The rule against the total shows on this line; the share is computed again.
    assert [m["severity"] for m in data["messages"]] == ["error"]
    assert "lớn hơn «Tổng số thuê bao»" in data["messages"][0]["text"]
    assert data["derived"][r.share.code] == "108,33"
    assert data["summary"][0]["text"] == "Đã nhập 2/2 dòng bắt buộc"
    # Clearing a required cell is acting on it: now it says so.
    status, data = _cell(clients["reporting"], world.sub_xa_hy, r.mobile.code, value="")
    assert status == 200 and "Chưa nhập «Thuê bao di động»" in data["messages"][0]["text"]


def test_a_cell_that_is_no_number_stores_nothing_and_keeps_its_text(clients, world):
    r = reporting_of(world)
    before = AuditEntry.objects.count()
    typed = "1.2OO và một đoạn dài " * 20
    status, data = _cell(clients["reporting"], world.sub_xa_hy, r.total.code, value=typed)
    assert status == 400 and not data["ok"]
    assert data["text"] == typed  # never cut
    assert "không phải là số" in data["messages"][0]["text"]
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200
    assert AuditEntry.objects.count() == before


def test_a_cell_in_english(clients, world):
    r = reporting_of(world)
    clients["reporting"].cookies["django_language"] = "en"
    status, data = _cell(clients["reporting"], world.sub_xa_hy, r.total.code, value="abc")
    assert status == 400 and data["messages"][0]["text"].endswith("is not a number")
    assert data["summary"][0]["text"] == "Filled in 1/2 required lines"


def test_a_comment_is_stored_audited_and_read_by_the_approver(clients, world):
    r = reporting_of(world)
    status, _data = _cell(
        clients["reporting"], world.sub_xa_hy, r.total.code, comment="Số ước, chờ số chính thức"
    )
    assert status == 200
    value = Value.objects.get(unit=world.xa_hy, indicator=r.total)
    assert value.comment == "Số ước, chờ số chính thức"
    entry = AuditEntry.objects.get(action="value.noted", object_id=str(value.pk))
    assert entry.new == {"comment": "Số ước, chờ số chính thức"} and entry.old == {"comment": ""}
    page = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/").content.decode()
    assert 'value="Số ước, chờ số chính thức"' in page
    # Sent, the approver reads it beside the value, and in the value's history.
    submission_values_set(submission=world.sub_xa_hy, values={r.mobile.code: 900}, actor="t")
    clients["reporting"].post(f"/entry/{world.sub_xa_hy.pk}/", {"action": "submit"})
    assert Submission.objects.get(pk=world.sub_xa_hy.pk).status == SubmissionStatus.SUBMITTED
    detail = clients["staff"].get(f"/approvals/{world.sub_xa_hy.pk}/").content.decode()
    assert "Ghi chú:</strong> Số ước, chờ số chính thức" in detail
    history = (
        clients["staff"]
        .get(f"/values/{value.pk}/audit/", headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "Ghi chú: «Số ước, chờ số chính thức»" in history


def test_a_comment_needs_a_number_and_the_whole_form_keeps_it(clients, world):
    r = reporting_of(world)
    status, data = _cell(clients["reporting"], world.sub_xa_hy, r.revenue.code, comment="Chưa có")
    assert status == 400 and "chưa có số liệu để ghi chú" in data["messages"][0]["text"]
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/",
        {
            "action": "save",
            f"v:{r.total.code}": "1.250",
            f"c:{r.total.code}": "Đã đối chiếu",
            f"v:{r.revenue.code}": "",
            f"c:{r.revenue.code}": "Chưa có",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="c:{r.revenue.code}" value="Chưa có"' in html
    assert "chưa có số liệu để ghi chú" in html
    value = Value.objects.get(unit=world.xa_hy, indicator=r.total)
    assert (value.value, value.comment) == (1250, "Đã đối chiếu")


def test_an_unusual_value_needs_an_explanation_before_the_report_goes(clients, world):
    m, june = _june(world)
    client = clients["reporting"]
    status, data = _cell(client, june, m.visits.code, value="1.036.000")
    assert status == 200 and data["outlier"]
    kinds = [(msg["severity"], msg["text"]) for msg in data["messages"]]
    assert kinds[0][0] == "error" and "hãy ghi giải thích trước khi gửi" in kinds[0][1]
    assert kinds[1][0] == "warning" and "so với trung vị 5 kỳ trước" in kinds[1][1]
    refused = client.post(f"/entry/{june.pk}/", {"action": "submit"})
    assert refused.status_code == 400
    assert Submission.objects.get(pk=june.pk).status == SubmissionStatus.DRAFT
    assert "hãy ghi giải thích trước khi gửi" in refused.content.decode()

    explanation = "Lễ hội đầu tiên của xã sau sáp nhập: khách tăng đột biến."
    status, data = _cell(client, june, m.visits.code, explanation=explanation)
    assert status == 200 and [msg["severity"] for msg in data["messages"]] == ["warning"]
    sent = client.post(f"/entry/{june.pk}/", {"action": "submit"})
    assert sent.status_code == 302
    assert Submission.objects.get(pk=june.pk).status == SubmissionStatus.SUBMITTED
    detail = clients["staff"].get(f"/approvals/{june.pk}/").content.decode()
    row = re.search(r'<tr class="has-warning" data-indicator="web.m.visits">.*?</tr>', detail, re.S)
    assert "so với trung vị 5 kỳ trước" in row.group(0)
    assert f"Giải thích của đơn vị:</strong> {explanation}" in row.group(0)


def test_every_overdue_month_is_within_reach(clients, world, monkeypatch):
    m = monthly_of(world)
    reporting_of(world)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 12, 7))
    submission_open(unit=world.xa_hy, form=m.form, period_code="2026-08", actor="t")
    html = clients["reporting"].get("/entry/").content.decode()
    due = re.search(r"Báo cáo đến hạn, chưa mở(.*?)</section>", html, re.S).group(1)
    months = re.findall(r'name="period" value="(2026-\d\d|2025-\d\d)"', due)
    # Every month since the commune began (July 2025) but the one opened, the oldest first.
    expected = [f"2025-{n:02d}" for n in range(7, 13)] + [
        f"2026-{n:02d}" for n in range(1, 12) if n != 8
    ]
    assert months == expected
    # Any other period is opened by naming it in words.
    response = clients["reporting"].post(
        "/entry/open/", {"unit": world.xa_hy.pk, "form": "TEST.M", "period": "Tháng 12/2026"}
    )
    opened = Submission.objects.get(unit=world.xa_hy, form=m.form, period__code="2026-12")
    assert response.url == f"/entry/{opened.pk}/"


def test_the_dashboard_opens_an_overdue_report(clients, world, monkeypatch):
    m = monthly_of(world)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 12, 7))
    html = (
        clients["reporting"].get(f"/dashboard/?unit={world.xa_hy.pk}&period=2026").content.decode()
    )
    rows = re.findall(r"<tr>\s*<th scope=\"row\">Biểu tháng thử</th>.*?</tr>", html, re.S)
    october = next(row for row in rows if "Tháng 10/2026" in row)
    assert "Chưa gửi, quá hạn" in october and 'action="/entry/open/"' in october
    assert f'name="form" value="{m.form.code}"' in october and 'value="2026-10"' in october
