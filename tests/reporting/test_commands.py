import datetime as dt
import getpass
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def opened(world) -> Submission:
    out = run(
        "submission", "open", "--unit", "12700", "--form", "TEST-01", "--period", "2017Q1", "--json"
    )
    data = jsonl(out)[0]
    assert (data["unit"], data["period"], data["status"]) == ("12700", "2017Q1", "draft")
    assert data["deadline"] == "2017-04-15" and data["recipient"] == "34"
    return Submission.objects.get(pk=data["id"])


def test_open_set_submit_approve_from_the_terminal(world, opened):
    pk = str(opened.pk)
    out = run(
        "submission",
        "set",
        pk,
        "test.subscribers=2.060",
        "test.mobile=1.500,0",
        "test.revenue=2.060,5",
    )
    assert "Không có lỗi hay cảnh báo" in out
    assert Value.objects.get(indicator=world.revenue).value == 2060.5
    out = run("submission", "show", pk)
    assert "2.060,5" in out and "Đang soạn / draft" in out
    run("submission", "submit", pk)
    out = run("submission", "approve", pk, "--as", "truongphong")
    assert "Đã duyệt / approved" in out
    opened.refresh_from_db()
    assert (opened.status, opened.approved_by) == (SubmissionStatus.APPROVED, "truongphong")
    entry = AuditEntry.objects.get(action="value.created", new={"value": 2060.5})
    assert entry.actor == f"cli:{getpass.getuser()}"


def test_cli_errors_are_clear_and_store_nothing(world, opened):
    pk = str(opened.pk)
    with pytest.raises(CommandError, match="expected indicator=value"):
        run("submission", "set", pk, "test.subscribers")
    with pytest.raises(CommandError, match="is not a number"):
        run("submission", "set", pk, "test.subscribers=abc")
    with pytest.raises(CommandError, match=r"test\.subscribers.*is required"):
        run("submission", "submit", pk)
    with pytest.raises(CommandError, match="no report submission #999"):
        run("submission", "show", "999")
    with pytest.raises(CommandError, match="no unit with code «nope»"):
        run("submission", "open", "--unit", "nope", "--form", "TEST-01", "--period", "2017Q1")
    with pytest.raises(CommandError, match="no report form «X»"):
        run("submission", "open", "--unit", "12700", "--form", "X", "--period", "2017Q1")
    with pytest.raises(CommandError, match="does not report on form"):
        run("submission", "open", "--unit", "0100109106", "--form", "TEST-01", "--period", "2017Q1")
    assert not Value.objects.exists()
    assert Submission.objects.count() == 1


def test_return_and_unapprove_need_a_reason_from_the_terminal(world, opened):
    pk = str(opened.pk)
    run("submission", "set", pk, "test.subscribers=10", "test.mobile=5")
    run("submission", "submit", pk)
    with pytest.raises(CommandError, match="reason is required"):
        run("submission", "return", pk)
    run("submission", "return", pk, "--reason", "Thiếu số liệu")
    run("submission", "submit", pk)
    with pytest.raises(CommandError, match="may not approve it too"):
        run("submission", "approve", pk)
    run("submission", "approve", pk, "--as", "canbo.so")
    with pytest.raises(CommandError, match="locked"):
        run("submission", "set", pk, "test.mobile=6")
    with pytest.raises(CommandError, match="reason is required"):
        run("submission", "unapprove", pk)
    out = run("submission", "unapprove", pk, "--reason", "Nhầm kỳ", "--json")
    assert jsonl(out)[0]["status"] == "returned"
    assert jsonl(out)[0]["return_reason"] == "Nhầm kỳ"


def test_submissions_list_and_completeness(world, opened):
    run("submission", "open", "--unit", "12703", "--form", "TEST-01", "--period", "2017Q1")
    run("submission", "set", str(opened.pk), "test.subscribers=10", "test.mobile=5")
    run("submission", "submit", str(opened.pk))
    rows = jsonl(run("submissions", "--form", "TEST-01", "--period", "2017Q1", "--json"))
    assert sorted(r["unit"] for r in rows) == ["12700", "12703"]
    assert [r["unit"] for r in jsonl(run("submissions", "--status", "submitted", "--json"))] == [
        "12700"
    ]
    assert "2 báo cáo / report(s)" in run("submissions")
    with pytest.raises(CommandError, match="invalid status"):
        run("submissions", "--status", "xong")
    lines = jsonl(
        run(
            "completeness",
            "--form",
            "TEST-01",
            "--period",
            "2017Q1",
            "--recipient",
            "34",
            "--today",
            "20/04/2017",
            "--json",
        )
    )
    head, units = lines[0], lines[1:]
    assert (head["expected"], head["on_time"], head["late"], head["missing"]) == (2, 0, 1, 1)
    assert head["overdue"] == 1 and head["today"] == "2017-04-20"
    assert {u["unit"]: u["timeliness"] for u in units} == {"12700": "late", "12703": "missing"}
    text = run("completeness", "--form", "TEST-01", "--period", "2017Q1", "--today", "2017-04-20")
    assert "Phải gửi / expected 2" in text and "50%" in text


def test_audit_listing_filters(world, opened):
    pk = str(opened.pk)
    run("submission", "set", pk, "test.subscribers=1.000", "--as", "lan")
    run(
        "submission", "set", pk, "test.subscribers=1.200", "--reason", "VNPT gửi lại", "--as", "lan"
    )
    rows = jsonl(run("audit", "--unit", "12700", "--action", "value.changed", "--json"))
    assert len(rows) == 1
    assert (rows[0]["old"], rows[0]["new"], rows[0]["reason"]) == (
        {"value": 1000.0},
        {"value": 1200.0},
        "VNPT gửi lại",
    )
    assert rows[0]["actor"] == "lan" and rows[0]["unit"] == "12700"
    text = run("audit", "--user", "lan")
    assert "[1.000 → 1.200]" in text and "lý do / reason: VNPT gửi lại" in text
    assert "2 mục / entries" in text
    # A bare name matches the terminal's «cli:NAME» too.
    me = getpass.getuser()
    assert len(jsonl(run("audit", "--user", me, "--json"))) == 1  # the open
    assert jsonl(run("audit", "--user", f"cli:{me}", "--json"))[0]["action"] == "submission.opened"
    today = timezone.localdate()
    since = (today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert len(jsonl(run("audit", "--since", since, "--until", today.isoformat(), "--json"))) == 3
    assert (
        jsonl(run("audit", "--since", (today + dt.timedelta(days=1)).isoformat(), "--json")) == []
    )
    assert jsonl(run("audit", "--unit", "34", "--json")) == []
    with pytest.raises(CommandError, match="invalid date"):
        run("audit", "--since", "31/02/2017")
    with pytest.raises(CommandError, match="no unit with code"):
        run("audit", "--unit", "nope")


def test_open_with_a_recipient_named_by_hand(world):
    from .builders import form_make

    form_make(code="DN", unit_kinds=["enterprise"], recipient_kind="department")
    with pytest.raises(CommandError, match="name the recipient"):
        run("submission", "open", "--unit", "0100684378", "--form", "DN", "--period", "2017Q1")
    out = run(
        "submission",
        "open",
        "--unit",
        "0100684378",
        "--form",
        "DN",
        "--period",
        "2017Q1",
        "--recipient",
        "STTTT34",
        "--json",
    )
    assert jsonl(out)[0]["recipient"] == "STTTT34"
