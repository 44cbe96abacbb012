"""The workflow of a report on every path in: each path driven against each state.

One report (Xã Vũ Thư, TEST.01, 2025, sent to Sở KH&CN Hưng Yên) is put in each state; each
path tries its step; the step happens exactly where the workflow allows it, and elsewhere it is
refused with nothing changed (values, status, audit trail).
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value, ValueSource
from tongket.reporting.periods import period_get_or_create

S = SubmissionStatus
STATES = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED)
OLD, NEW = 130.0, 777.0


def _prepare(aw, state: str) -> Submission:
    sub = aw.sub_xa_hy
    Value.objects.update_or_create(
        unit=aw.xa_hy,
        indicator=aw.ind_a,
        period=period_get_or_create("2025"),
        defaults={"value": OLD, "source": ValueSource.SUBMISSION, "submission": sub},
    )
    sub.status = state
    if state != S.DRAFT:
        sub.submitted_by = "reporting"
    if state == S.APPROVED:
        sub.approved_by = "staff"
    if state == S.RETURNED:
        sub.return_reason = "Kiểm tra lại"
    sub.save()
    return sub


def _value(aw) -> float | None:
    found = Value.objects.filter(unit=aw.xa_hy, indicator=aw.ind_a, period__code="2025").first()
    return found.value if found else None


def _web(aw, role: str) -> Client:
    client = Client()
    client.force_login(aw.users[role])
    return client


CSV = f"unit,indicator,period,value\n12001,test.a,2025,{NEW:g}\n".encode()
DHIS2 = {
    "dataValues": [
        {"dataElement": "test.a", "period": "2025", "orgUnit": "12001", "value": f"{NEW:g}"}
    ]
}


# Each path: (what it does, the step it takes) and how it is driven.
def api_values(api, aw, sub):
    return api["reporting"].put(f"/submissions/{sub.pk}/values", json={"values": {"test.a": NEW}})


def api_report(api, aw, sub):
    body = {"form": "TEST.01", "period": "2025", "unit_id": aw.xa_hy.pk, "values": {"test.a": NEW}}
    return api["reporting"].post("/reports", json=body)


def api_import(api, aw, sub):
    return api["reporting"].request(
        "POST", "/values/import", data={"file": SimpleUploadedFile("giatri.csv", CSV)}
    )


def api_dhis2(api, aw, sub):
    return api["reporting"].post("/dataValueSets", json=DHIS2)


def api_submit(api, aw, sub):
    return api["reporting"].post(f"/submissions/{sub.pk}/submit")


def api_approve(api, aw, sub):
    return api["staff"].post(f"/submissions/{sub.pk}/approve")


def api_return(api, aw, sub):
    return api["staff"].post(f"/submissions/{sub.pk}/return", json={"reason": "Thiếu số liệu"})


def api_unapprove(api, aw, sub):
    return api["staff"].post(f"/submissions/{sub.pk}/unapprove", json={"reason": "Nhầm kỳ"})


def web_save(api, aw, sub):
    return _web(aw, "reporting").post(
        f"/entry/{sub.pk}/", {"action": "save", "v:test.a": f"{NEW:g}"}
    )


def web_submit(api, aw, sub):
    return _web(aw, "reporting").post(f"/entry/{sub.pk}/", {"action": "submit"})


def web_approve(api, aw, sub):
    return _web(aw, "staff").post(f"/approvals/{sub.pk}/", {"action": "approve"})


def web_return(api, aw, sub):
    return _web(aw, "staff").post(
        f"/approvals/{sub.pk}/", {"action": "return", "reason": "Thiếu số liệu"}
    )


def web_unapprove(api, aw, sub):
    return _web(aw, "staff").post(
        f"/approvals/{sub.pk}/", {"action": "unapprove", "reason": "Nhầm kỳ"}
    )


def cli_import(api, aw, sub, tmp_path):
    path = tmp_path / "giatri.csv"
    path.write_bytes(CSV)
    call_command("import", str(path))


def cli_dhis2(api, aw, sub, tmp_path):
    path = tmp_path / "datavaluesets.json"
    path.write_text(json.dumps(DHIS2), encoding="utf-8")
    call_command("import", str(path))


def cli_set(api, aw, sub, tmp_path):
    call_command("submission", "set", str(sub.pk), f"test.a={NEW:g}")


def cli_approve(api, aw, sub, tmp_path):
    call_command("submission", "approve", str(sub.pk), "--as", "canbo.so")


# path → (driver, states where it acts, the status it leaves, whether it writes test.a)
OPEN = {S.DRAFT, S.RETURNED}
PATHS = {
    "api PUT values": (api_values, OPEN, None, True),
    "api POST reports": (api_report, OPEN, S.SUBMITTED, True),
    "api POST values/import": (api_import, OPEN, None, True),
    "api POST dataValueSets": (api_dhis2, OPEN, None, True),
    "api submit": (api_submit, OPEN, S.SUBMITTED, False),
    "api approve": (api_approve, {S.SUBMITTED}, S.APPROVED, False),
    "api return": (api_return, {S.SUBMITTED}, S.RETURNED, False),
    "api unapprove": (api_unapprove, {S.APPROVED}, S.RETURNED, False),
    "page entry save": (web_save, OPEN, None, True),
    "page entry submit": (web_submit, OPEN, S.SUBMITTED, False),
    "page approve": (web_approve, {S.SUBMITTED}, S.APPROVED, False),
    "page return": (web_return, {S.SUBMITTED}, S.RETURNED, False),
    "page unapprove": (web_unapprove, {S.APPROVED}, S.RETURNED, False),
    "cli import CSV": (cli_import, OPEN, None, True),
    "cli import DHIS2": (cli_dhis2, OPEN, None, True),
    "cli submission set": (cli_set, OPEN, None, True),
    "cli submission approve": (cli_approve, {S.SUBMITTED}, S.APPROVED, False),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("path", PATHS)
def test_each_path_against_each_state(api, aw, path, state, tmp_path):
    driver, acts_in, leaves, writes = PATHS[path]
    sub = _prepare(aw, state)
    audit = AuditEntry.objects.exclude(action="access.denied").count()
    refused = False
    try:
        if path.startswith("cli"):
            driver(api, aw, sub, tmp_path)
        else:
            response = driver(api, aw, sub)
            if path.startswith("api"):
                refused = response.status_code >= 400
                assert response.status_code < 500, response.content
            else:
                # A page answers a refusal on the next page it shows (a message) or in place.
                assert response.status_code < 500
    except CommandError:
        refused = True
    sub.refresh_from_db()
    if state in acts_in:
        assert not refused, f"{path} in {state}: refused"
        assert sub.status == (leaves or state), f"{path} in {state}: {sub.status}"
        assert _value(aw) == (NEW if writes else OLD)
        assert AuditEntry.objects.count() > audit
    else:
        assert sub.status == state, f"{path} in {state}: moved to {sub.status}"
        assert _value(aw) == OLD, f"{path} in {state}: value rewritten"
        assert AuditEntry.objects.exclude(action="access.denied").count() == audit
        if path.startswith(("api", "cli")):
            assert refused, f"{path} in {state}: not refused"


def test_a_report_goes_only_to_the_department_above_its_unit(api, aw):
    """A Hưng Yên commune cannot send its report to Hà Nội's department."""
    body = {
        "form": "TEST.01",
        "period": "2026",
        "unit_id": aw.xa_hy.pk,
        "recipient_id": aw.so_hn.pk,
    }
    opened = api["reporting"].post("/submissions", json=body)
    assert opened.status_code == 422, opened.content
    assert "reports to «Sở Khoa học và Công nghệ Hưng Yên»" in opened.json()["error"]["message_en"]
    sent = api["reporting"].post("/reports", json={**body, "values": {"test.a": 5}})
    assert sent.status_code == 422
    assert not Submission.objects.filter(unit=aw.xa_hy, period__code="2026").exists()
    # The department the hierarchy names may be named.
    body["recipient_id"] = aw.so_hy.pk
    assert api["reporting"].post("/submissions", json=body).status_code == 201


def test_a_report_sent_to_another_department_is_not_approved_there(api, aw):
    sub = Submission.objects.create(
        unit=aw.xa_hy,
        form=aw.sub_xa_hy.form,
        period=period_get_or_create("2026"),
        recipient=aw.so_hn,
        deadline=aw.sub_xa_hy.deadline,
        status=S.SUBMITTED,
        submitted_by="reporting",
    )
    refused = api["staff_other"].post(f"/submissions/{sub.pk}/approve")
    assert refused.status_code == 403, refused.content
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED


def test_whoever_sent_a_report_may_not_approve_it(api, aw, settings):
    staff = api["staff"]
    body = {"form": "TEST.01", "period": "2026", "unit_id": aw.xa_hy.pk, "values": {"test.a": 118}}
    sent = staff.post("/reports", json=body)
    assert sent.status_code == 201, sent.content
    pk = sent.json()["submission"]["id"]
    refused = staff.post(f"/submissions/{pk}/approve")
    assert refused.status_code == 403
    assert "may not approve it too" in refused.json()["error"]["message_en"]
    page = _web(aw, "staff").post(f"/approvals/{pk}/", {"action": "approve"}, follow=True)
    assert "không được tự duyệt" in page.content.decode()
    assert Submission.objects.get(pk=pk).status == S.SUBMITTED
    assert api["admin"].post(f"/submissions/{pk}/approve").status_code == 200
    assert Submission.objects.get(pk=pk).status == S.APPROVED


def test_separation_of_duties_can_be_turned_off(api, aw, settings):
    settings.TONGKET_SEPARATION_OF_DUTIES = "off"
    staff = api["staff"]
    body = {"form": "TEST.01", "period": "2026", "unit_id": aw.xa_hy.pk, "values": {"test.a": 118}}
    pk = staff.post("/reports", json=body).json()["submission"]["id"]
    assert staff.post(f"/submissions/{pk}/approve").status_code == 200


def test_a_report_for_a_period_not_yet_begun_is_refused(api, aw):
    body = {"form": "TEST.01", "period": "2030", "unit_id": aw.xa_hy.pk}
    response = api["reporting"].post("/submissions", json=body)
    assert response.status_code == 422
    assert "has not begun" in response.json()["error"]["message_en"]
    assert not Submission.objects.filter(period__code="2030").exists()


def test_a_page_whose_write_meets_a_busy_database_answers_503(aw):
    """The entry page's save, when SQLite's busy timeout runs out: 503 with Retry-After."""
    from django.db import OperationalError, connection

    def locked(execute, sql, params, many, context):
        if (
            sql.lstrip()
            .upper()
            .startswith(('INSERT INTO "REPORTING_VALUE"', 'UPDATE "REPORTING_VALUE"'))
        ):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    sub = aw.sub_xa_hy
    with connection.execute_wrapper(locked):
        response = web_save(None, aw, sub)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "database is locked" not in response.content.decode()
    assert "Hệ thống đang bận" in response.content.decode()
