"""The approvals queue: approve, return with a reason, un-approve with a reason; value history."""

import re

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.services import submission_submit, submission_values_set

from .world import reporting_of


def _send(world, submission, values):
    submission_values_set(submission=submission, values=values, actor="reporting")
    submission_submit(submission=submission, actor="reporting")


def _queue(client, query: str = "") -> list[str]:
    html = client.get(f"/approvals/{query}").content.decode()
    return re.findall(r'<a href="/approvals/(\d+)/">', html)


def test_queue_lists_sent_reports_of_the_scope_only(clients, world):
    r = reporting_of(world)
    _send(world, world.sub_xa_hy, {r.total.code: 1200, r.mobile.code: 900})
    _send(world, world.sub_xa_hn, {r.total.code: 800, r.mobile.code: 700})
    assert _queue(clients["staff"]) == [str(world.sub_xa_hy.pk)]
    assert _queue(clients["staff_other"]) == [str(world.sub_xa_hn.pk)]
    assert sorted(_queue(clients["admin"])) == sorted(
        [str(world.sub_xa_hy.pk), str(world.sub_xa_hn.pk)]
    )
    # Drafts are not waiting; the status filter shows them.
    assert str(world.sub_xa_hy2.pk) not in _queue(clients["staff"])
    assert str(world.sub_xa_hy2.pk) in _queue(clients["staff"], "?status=draft")


def test_approve_locks_the_values_and_is_audited(clients, world):
    r = reporting_of(world)
    _send(world, world.sub_xa_hy, {r.total.code: 1200, r.mobile.code: 900})
    response = clients["staff"].post(f"/approvals/{world.sub_xa_hy.pk}/", {"action": "approve"})
    assert response.status_code == 302 and response.url == "/approvals/"
    sub = Submission.objects.get(pk=world.sub_xa_hy.pk)
    assert sub.status == SubmissionStatus.APPROVED and sub.approved_by == "staff"
    assert AuditEntry.objects.filter(action="submission.approved", user=world.staff).exists()
    assert "Đã duyệt báo cáo: Xã Vũ Thư" in clients["staff"].get("/approvals/").content.decode()
    # Approved values are locked for the unit.
    edit = clients["reporting"].post(
        f"/entry/{sub.pk}/", {"action": "save", f"v:{r.total.code}": "5"}
    )
    assert edit.status_code == 302
    assert sub.values.get(indicator=r.total).value == 1200


def test_return_needs_a_reason_which_the_unit_then_sees(clients, world):
    r = reporting_of(world)
    _send(world, world.sub_xa_hy, {r.total.code: 1200, r.mobile.code: 900})
    url = f"/approvals/{world.sub_xa_hy.pk}/"
    response = clients["staff"].post(url, {"action": "return", "reason": "  "})
    assert response.status_code == 400
    assert "Cần ghi lý do." in response.content.decode()
    assert Submission.objects.get(pk=world.sub_xa_hy.pk).status == SubmissionStatus.SUBMITTED
    response = clients["staff"].post(
        url, {"action": "return", "reason": "Số thuê bao di động chưa khớp"}
    )
    assert response.status_code == 302
    sub = Submission.objects.get(pk=world.sub_xa_hy.pk)
    assert (sub.status, sub.return_reason) == (
        SubmissionStatus.RETURNED,
        "Số thuê bao di động chưa khớp",
    )
    page = clients["reporting"].get(f"/entry/{sub.pk}/").content.decode()
    assert "Số thuê bao di động chưa khớp" in page


def test_unapprove_with_a_reason_returns_the_report(clients, world):
    r = reporting_of(world)
    _send(world, world.sub_xa_hy, {r.total.code: 1200, r.mobile.code: 900})
    url = f"/approvals/{world.sub_xa_hy.pk}/"
    clients["staff"].post(url, {"action": "approve"})
    html = clients["staff"].get(url).content.decode()
    assert 'value="unapprove"' in html and 'value="approve"' not in html
    response = clients["staff"].post(url, {"action": "unapprove", "reason": "Sai số liệu quý"})
    assert response.status_code == 302
    sub = Submission.objects.get(pk=world.sub_xa_hy.pk)
    assert sub.status == SubmissionStatus.RETURNED and sub.return_reason == "Sai số liệu quý"
    entry = AuditEntry.objects.get(action="submission.unapproved")
    assert entry.reason == "Sai số liệu quý" and entry.user == world.staff


def test_a_transition_the_status_refuses_changes_nothing(clients, world):
    reporting_of(world)
    response = clients["staff"].post(f"/approvals/{world.sub_xa_hy.pk}/", {"action": "approve"})
    assert response.status_code == 302
    assert Submission.objects.get(pk=world.sub_xa_hy.pk).status == SubmissionStatus.DRAFT
    assert "không thể duyệt" in clients["staff"].get(response.url).content.decode()


def test_value_history_is_one_click_away(clients, world):
    r = reporting_of(world)
    _send(world, world.sub_xa_hy, {r.total.code: 1250, r.mobile.code: 900})
    html = clients["staff"].get(f"/approvals/{world.sub_xa_hy.pk}/").content.decode()
    link = f"/values/{r.v_hy.pk}/audit/"
    assert f'hx-get="{link}"' in html and f'hx-target="#hist-{r.v_hy.pk}"' in html
    fragment = clients["staff"].get(link, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "1.200 → 1.250" in fragment and "— → 1.200" in fragment
    page = clients["staff"].get(link).content.decode()
    assert "<html" in page and "Lịch sử số liệu" in page
    # Analysts read figures but not who changed them.
    assert clients["analyst"].get(link).status_code == 403
