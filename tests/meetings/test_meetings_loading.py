"""Loading a YAML or JSON file: everything or nothing, with the line and field of an error."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from tongket.core.models import AuditEntry
from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading import meetings_load_text
from tongket.meetings.models import (
    Commendation,
    KeyTask,
    Meeting,
    Notice,
    Person,
    Plan,
    Task,
    TaskProgress,
)

D = dt.date

FILE = """\
meetings:
  - kind: annual_review
    title: Hội nghị tổng kết công tác năm 2017, triển khai nhiệm vụ năm 2018
    date: 2018-01-10
    organizer: X34.STTTT
    chair: {name: Nguyễn Hoàng Giang, title: "Phó Chủ tịch UBND tỉnh", unit: X34}
    participants:
      - {name: Trần Văn Bình, title: Giám đốc Sở}
    reviewed: ["2017"]
    planned: "2018"
    figures:
      - {value: 2060000000000, unit: đồng, text: "2.060 tỷ đồng"}
    plan:
      period: "2018"
      key_tasks: [Làm tốt công tác thông tin, tuyên truyền, Đẩy mạnh ứng dụng CNTT]
    notices:
      - date: 15/01/2018
        items:
          - text: Xây dựng kế hoạch ứng dụng CNTT năm 2018
            lead: X34.STTTT
            deadline: 2018-03-31
            progress:
              - {date: 2018-02-20, text: Đã lấy ý kiến các sở, percent: 60}
            completed_on: 2018-03-28
          - text: Gom bó cáp viễn thông
            lead: XDN.VNPT
            support: [XDN.VIETTEL]
            deadline: 2018-09-30
    commendations:
      - {form: Bằng khen của Chủ tịch UBND tỉnh, year: 2017, collectives: 2, individuals: 3}
      - {form: giấy khen của giám đốc sở, year: 2017}
tasks:
  - text: Báo cáo Chính phủ điện tử quý I
    lead: X34.STTTT
    document: {number: 45/UBND-KGVX, date: 2018-02-05}
    deadline: 2018-04-10
  - text: Triển khai nhiệm vụ trọng tâm 2
    lead: X34.STTTT
    plan: {unit: X34.STTTT, period: "2018", key_task: 2}
    deadline: 2018-12-31
"""


def _counts():
    return (
        Meeting.objects.count(),
        Notice.objects.count(),
        Task.objects.count(),
        TaskProgress.objects.count(),
        Commendation.objects.count(),
        Plan.objects.count(),
        KeyTask.objects.count(),
        Person.objects.count(),
    )


def test_load_file(units):
    counts = meetings_load_text(FILE, file="hop.yaml", actor="t")
    assert counts["meetings"] == 1 and counts["notices_issued"] == 1
    assert counts["tasks"] == 4 and counts["progress"] == 1 and counts["commendations"] == 2
    meeting = Meeting.objects.get()
    assert meeting.province == units.thai_binh
    assert meeting.planned_periods == ["2018"] and meeting.reviewed_periods == ["2017"]
    assert meeting.chair.full_name == "Nguyễn Hoàng Giang"
    notice = Notice.objects.get()
    assert notice.number == "1/TB-STTTT" and not notice.is_late
    done = Task.objects.get(text__startswith="Xây dựng")
    assert done.completed_on == D(2018, 3, 28)
    plan_task = Task.objects.get(source="plan")
    assert plan_task.key_task.order == 2 and plan_task.key_task.plan.meeting == meeting
    forms = set(Commendation.objects.values_list("form__code", flat=True))
    assert forms == {"bk_tinh", "gk_so"}


def test_loading_again_stores_nothing(units):
    meetings_load_text(FILE, file="hop.yaml", actor="t")
    before, audits = _counts(), AuditEntry.objects.count()
    counts = meetings_load_text(FILE, file="hop.yaml", actor="t")
    assert _counts() == before and AuditEntry.objects.count() == audits
    assert counts["meetings_unchanged"] == 1 and counts["tasks_unchanged"] == 2
    assert counts.get("meetings", 0) == 0


def test_changed_entry_is_reported(units):
    meetings_load_text(FILE, file="hop.yaml", actor="t")
    changed = FILE.replace("Trần Văn Bình", "Trần Văn Bính")
    with pytest.raises(MeetingsError) as error:
        meetings_load_text(changed, file="hop.yaml", actor="t")
    assert error.value.row == 2 and "nội dung khác" in error.value.vi
    # the demo's mode leaves stored records as they are
    counts = meetings_load_text(changed, file="hop.yaml", actor="t", existing="skip")
    assert counts["meetings_unchanged"] == 1


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "words"),
    [
        # a notice deadline before its meeting
        ("deadline: 2018-03-31", "deadline: 2018-01-09", 21, "deadline", "trước ngày họp"),
        # an unknown unit
        ("lead: XDN.VNPT", "lead: XDN.NOPE", 26, "lead", "Không có đơn vị"),
        # an empty task text
        ("text: Gom bó cáp viễn thông", "text: ''", 25, "text", "Thiếu «text»"),
        # a top-level task with an empty text, after everything else has been written
        ("text: Triển khai nhiệm vụ trọng tâm 2", "text: '  '", 37, "text", "Thiếu «text»"),
        # a misspelt field
        ("    deadline: 2018-04-10", "    deadlin: 2018-04-10", 36, "deadlin", "không biết"),
        ("date: 2018-01-10", "date: 31/02/2018", 4, "date", "Ngày không hợp lệ"),
        ("kind: annual_review", "kind: party", 2, "kind", "Loại cuộc họp không hợp lệ"),
        ("form: giấy khen của giám đốc sở", "form: Huy hiệu", 31, "form", "Không có hình thức"),
        ("collectives: 2, individuals: 3", "collectives: -2", 30, "collectives", "số nguyên"),
        ("key_task: 2", "key_task: 9", 39, "key_task", "không có nhiệm vụ trọng tâm số 9"),
    ],
)
def test_bad_input_stores_nothing(units, old, new, line, column, words):
    assert old in FILE
    audits = AuditEntry.objects.count()
    with pytest.raises(MeetingsError) as error:
        meetings_load_text(FILE.replace(old, new), file="hop.yaml", actor="t")
    e = error.value
    assert (e.file, e.row, e.column) == ("hop.yaml", line, column), str(e)
    assert words in e.vi, str(e)
    assert " / " in str(e) and str(e).startswith("tệp/file hop.yaml, dòng/line")
    assert _counts() == (0, 0, 0, 0, 0, 0, 0, 0)
    assert AuditEntry.objects.count() == audits


def test_json_file_and_dry_run(units):
    data = yaml.safe_load(FILE)
    text = json.dumps(data, default=str, ensure_ascii=False, indent=1)
    counts = meetings_load_text(text, file="hop.json", actor="t", dry_run=True)
    assert counts["meetings"] == 1
    assert _counts() == (0, 0, 0, 0, 0, 0, 0, 0)
    meetings_load_text(text, file="hop.json", actor="t")
    assert Meeting.objects.count() == 1


def test_not_a_mapping_and_broken_yaml(units):
    with pytest.raises(MeetingsError) as error:
        meetings_load_text("- a\n- b\n", file="x.yaml", actor="t")
    assert "bảng" in error.value.vi
    with pytest.raises(MeetingsError) as error:
        meetings_load_text("meetings:\n  - kind: [\n", file="x.yaml", actor="t")
    assert error.value.row is not None
    with pytest.raises(MeetingsError) as error:
        meetings_load_text("meeting: []\n", file="x.yaml", actor="t")
    assert "meeting" in error.value.vi
