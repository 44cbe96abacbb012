"""The commands that add and change records, and their errors."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tongket.meetings.models import (
    Commendation,
    Meeting,
    Notice,
    Plan,
    ReminderContact,
    Task,
    TaskProgress,
)

D = dt.date


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_meeting_and_task_commands(units):
    out = run(
        "meeting-add", "--kind", "quarterly_review", "--title", "Giao ban quý I năm 2018",
        "--date", "12/04/2018", "--organizer", "X34.STTTT", "--chair", "Trần Văn Bình",
        "--chair-title", "Giám đốc Sở", "--participant", "Lê Văn Cường, Giám đốc VNPT",
        "--reviewed", "2018Q1", "--planned", "2018Q2", "--json",
    )  # fmt: skip
    row = json.loads(out)
    assert (row["kind"], row["date"], row["province"]) == (
        "quarterly_review",
        "2018-04-12",
        units.thai_binh.name,
    )
    meeting = Meeting.objects.get()
    out = run(
        "task-add", "--text", "Ngầm hóa cáp tuyến phố Lê Lợi", "--lead", "XDN.VNPT",
        "--support", "XDN.VIETTEL", "--meeting", str(meeting.pk), "--deadline", "30/06/2018",
        "--json",
    )  # fmt: skip
    task_row = json.loads(out)
    assert task_row["status"] == "in_progress" and task_row["source"] == "meeting"
    task = Task.objects.get()
    run(
        "task-progress",
        str(task.pk),
        "--text",
        "Đã khảo sát",
        "--date",
        "2018-05-02",
        "--percent",
        "40",
    )
    assert TaskProgress.objects.get().reported_by_unit == units.vnpt
    run("task-deadline", str(task.pk), "--deadline", "2018-07-31", "--reason", "Chờ cấp phép")
    out = run("task-done", str(task.pk), "--date", "2018-07-31")
    assert "done_on_time" in out
    task.refresh_from_db()
    assert task.completed_on == D(2018, 7, 31) and task.deadline == D(2018, 7, 31)
    run("task-done", str(task.pk), "--reopen", "--reason", "Chưa nghiệm thu")
    task.refresh_from_db()
    assert task.completed_on is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--text", "", "--lead", "X34.STTTT"], "trống"),
        (["--text", "Việc A", "--lead", "KHÔNG CÓ"], "Không có đơn vị"),
        (
            ["--text", "Việc A", "--lead", "X34.STTTT", "--deadline", "2018-01-01"],
            "trước ngày giao",
        ),
        (
            ["--text", "Việc A", "--lead", "X34.STTTT", "--deadline", "31/31/2018"],
            "Ngày không hợp lệ",
        ),
    ],
)
def test_task_add_errors_store_nothing(units, args, words):
    with pytest.raises(CommandError) as error:
        run("task-add", "--document-number", "5/UBND", "--document-date", "2018-02-01", *args)
    assert words in str(error.value) and " / " in str(error.value)
    assert not Task.objects.exists()


def test_notice_issue_from_a_draft_and_a_file(units, meeting, tmp_path: Path):
    path = tmp_path / "tb.yaml"
    path.write_text(
        "notices:\n"
        "  - meeting: {organizer: X34.STTTT, date: 2018-01-10}\n"
        "    date: 2018-01-19\n"
        "    items:\n"
        "      - {text: Kế hoạch ứng dụng CNTT 2018, lead: X34.STTTT, deadline: 2018-03-31}\n",
        encoding="utf-8",
    )
    out = run("notice-issue", str(path))
    assert "notices_late: 1" in out  # 10/01 → 17/01 is the 5th working day
    notice = Notice.objects.get()
    assert notice.is_late and notice.number == "1/TB-STTTT" and Task.objects.count() == 1
    run("notice-issue", str(path))  # a second time: nothing new
    assert Notice.objects.count() == 1 and Task.objects.count() == 1

    from tongket.meetings.services import AssignmentSpec, notice_create

    draft = notice_create(
        meeting=meeting, items=[AssignmentSpec(text="Báo cáo quý I", lead=units.so_tb)], actor="t"
    )
    out = run(
        "notice-issue", "--notice", str(draft.pk), "--date", "2018-01-16", "--number", "9/TB-STTTT"
    )
    assert "Số: 9/TB-STTTT" in out and "muộn" not in out
    assert Task.objects.count() == 2


def test_meetings_load_command_reports_the_line(units, tmp_path: Path):
    path = tmp_path / "hop.yaml"
    path.write_text(
        "meetings:\n"
        "  - kind: monthly_briefing\n"
        "    title: Giao ban tháng 3\n"
        "    date: 2018-03-05\n"
        "    organizer: X34.STTTT\n"
        "    tasks:\n"
        "      - {text: Việc một, lead: X34.STTTT, deadline: 2018-03-20}\n"
        "      - {text: Việc hai, lead: X99, deadline: 2018-03-20}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("meetings-load", str(path))
    assert "hop.yaml" in str(error.value) and "dòng/line 8" in str(error.value)
    assert "«lead»" in str(error.value)
    assert not Meeting.objects.exists() and not Task.objects.exists()
    path.write_text(path.read_text(encoding="utf-8").replace("X99", "XDN.VNPT"), encoding="utf-8")
    assert "meetings: 1" in run("meetings-load", str(path), "--dry-run")
    assert not Meeting.objects.exists()
    assert "tasks: 2" in run("meetings-load", str(path))


def test_commendation_plan_and_contact_commands(units, meeting):
    run(
        "commendation-add", "--form", "Bằng khen của Chủ tịch UBND tỉnh", "--year", "2017",
        "--decision-number", "12/QĐ-UBND", "--decision-date", "2018-01-05", "--unit", "X34.STTTT",
        "--meeting", str(meeting.pk), "--collectives", "2", "--individual", "Phạm Thị Lan, Chuyên viên",
    )  # fmt: skip
    c = Commendation.objects.get()
    assert (c.form.code, c.collectives, c.recipients.get().person.full_name) == (
        "bk_tinh", 2, "Phạm Thị Lan",
    )  # fmt: skip
    with pytest.raises(CommandError) as error:
        run(
            "commendation-add",
            "--form",
            "Lao động tiên tiến",
            "--year",
            "2017",
            "--collective",
            "Văn phòng Sở",
        )
    assert "không tặng cho tập thể" in str(error.value)
    assert Commendation.objects.count() == 1
    rows = [
        json.loads(x) for x in run("commendations", "--unit", "X34.STTTT", "--json").splitlines()
    ]
    assert [(r["form_code"], r["collectives"], r["individuals"]) for r in rows] == [
        ("bk_tinh", 2, 1)
    ]
    run("plan-add", "--unit", "X34.STTTT", "--period", "2018", "--key-task", "Chuyển đổi số")
    assert Plan.objects.get().key_tasks.get().text == "Chuyển đổi số"
    with pytest.raises(CommandError):
        run("plan-add", "--unit", "X34.STTTT", "--period", "2018", "--key-task", "Lần hai")
    run("reminder-contact", "--unit", "XDN.VNPT", "--email", "noc@vnpt.example")
    assert ReminderContact.objects.get().unit == units.vnpt
    assert "Huân chương Lao động hạng Nhất" in run("award-forms")


def test_meeting_detail_and_notifications(units, meeting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(
        "task-add", "--text", "Báo cáo kết quả", "--lead", "X34.STTTT", "--meeting",
        str(meeting.pk), "--deadline", "2018-01-20",
    )  # fmt: skip
    detail = json.loads(run("meetings", "--id", str(meeting.pk), "--json", "--today", "2018-01-25"))
    assert detail["chair"] == "Nguyễn Hoàng Giang"
    assert [p["role"] for p in detail["participants"]] == ["chair"]
    assert [t["status"] for t in detail["tasks"]] == ["overdue"]
    assert "Nguyễn Hoàng Giang" in run("meetings", "--id", str(meeting.pk))
    run("remind", "--today", "2018-01-21", "--after", "1")
    rows = [json.loads(x) for x in run("notifications", "--unread", "--json").splitlines()]
    assert [(r["kind"], r["unit"]) for r in rows] == [("after_deadline", units.so_tb.name)]
    with pytest.raises(CommandError):
        run("meetings", "--id", "999999")
