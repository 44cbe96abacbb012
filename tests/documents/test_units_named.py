"""The units a task or a title names: a task's lead is the organizer unless the text names
another unit of the province to do it; one named after "phối hợp" supports; one named after
"tham mưu" is advised, neither."""

from __future__ import annotations

import copy
import datetime as dt

from tongket.documents.services import document_ingest, document_preview
from tongket.meetings.models import Participant, Position, Task


def test_task_leads_and_titles_in_a_ward_after_2025(world, corpus):
    doc = corpus["p052"]  # Đồng Nai, 20/12/2025: a ward works with the department
    preview = document_preview(text=doc["text"], url=doc["url"])
    record = copy.deepcopy(preview.record)
    record["tasks"] = [
        {"text": "UBND phường Đồng Xoài hoàn thiện hồ sơ khu đất quy hoạch khoa học công nghệ"},
        {"text": "phối hợp với UBND phường Đồng Xoài rà soát các tiêu chí chuyển đổi số"},
        {"text": "tham mưu UBND tỉnh ban hành kế hoạch chuyển đổi số năm 2026"},
        {"text": "UBND tỉnh chỉ đạo các sở, ngành bố trí kinh phí chuyển đổi số"},
    ]
    result = document_ingest(text=doc["text"], url=doc["url"], record=record, actor="test")
    meeting = result.meeting
    assert meeting.organizer.code == "75.SKHCN" and meeting.date == dt.date(2025, 12, 20)
    assert result.province_today.name == "Đồng Nai"
    tasks = list(Task.objects.filter(meeting=meeting).order_by("id").select_related("lead"))
    leads = [(t.lead.code, sorted(u.code for u in t.supporting.all())) for t in tasks]
    ward = tasks[0].lead
    assert ward.name == "Phường Đồng Xoài"
    assert leads == [
        (ward.code, []),
        ("75.SKHCN", [ward.code]),
        ("75.SKHCN", []),
        ("75", []),
    ]
    assert tasks[0].assigned_by_unit == meeting.organizer and tasks[2].assigned_by_unit is None
    # The ward's chairman is placed in his ward.
    pha = Participant.objects.get(meeting=meeting, person__full_name="Dương Hoài Pha")
    assert pha.unit == ward
    assert Position.objects.get(person=pha.person).unit == ward


def test_titles_that_name_the_department_or_the_province(world, corpus):
    doc = corpus["p008"]  # Thanh Hóa, 2011: "Giám đốc Sở"
    result = document_ingest(text=doc["text"], url=doc["url"], actor="test")
    director = Participant.objects.get(meeting=result.meeting)
    assert director.title == "Giám đốc Sở" and director.unit.code == "38.STTTT"
