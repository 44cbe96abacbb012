"""Meetings of any department of a province, a meeting whose day the text does not give, and
a commendation of the provincial chairman: each document is stored (short documents written
for these tests, in the way provincial portals write such reports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tongket.documents.plan import award_form_code
from tongket.documents.services import document_ingest
from tongket.meetings.models import Commendation, Meeting
from tongket.meetings.selectors.meetings import meeting_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _ingest(name: str):
    text = (FIXTURES / name).read_text("utf-8")
    return document_ingest(text=text, source_name=name, actor="test")


def test_a_review_of_the_department_of_justice_is_stored(world):
    result = _ingest("so-tu-phap-tien-giang-2022.txt")
    meeting = Meeting.objects.get(pk=result.meeting.pk)
    assert meeting.organizer.name == "Sở Tư pháp Tiền Giang"
    assert meeting.organizer.code == "82.STP"
    assert meeting.province.name == "Tiền Giang"
    assert (meeting.date, meeting.date_approximate) == (dt.date(2022, 1, 6), False)
    assert (meeting.reviewed_periods, meeting.planned_periods) == (["2021"], ["2022"])
    forms = {(c.form.code, c.collectives, c.individuals) for c in meeting.commendations.all()}
    assert forms == {("gk_so", 5, 12)}
    assert meeting.tasks.filter(lead=meeting.organizer).exists()
    # A task addressed to another department is led by it.
    finance = meeting.tasks.get(text__contains="bố trí đủ kinh phí")
    assert (finance.lead.code, finance.lead.name) == ("82.STC", "Sở Tài chính Tiền Giang")


def test_a_meeting_without_its_day_takes_the_publication_date(world):
    result = _ingest("so-y-te-khong-ngay.txt")
    meeting = Meeting.objects.get(pk=result.meeting.pk)
    assert meeting.organizer.name == "Sở Y tế Vĩnh Phúc"
    assert (meeting.date, meeting.date_approximate) == (dt.date(2023, 12, 29), True)
    assert any("ước tính" in note for note in result.notes)
    assert meeting_rows([meeting])[0]["date_approximate"] is True
    # The same document again is recognized and stores nothing more.
    again = _ingest("so-y-te-khong-ngay.txt")
    assert not again.created and Meeting.objects.count() == 1


def test_a_meeting_without_any_date_stands_at_the_end_of_the_period_it_reviews(world):
    """No day, no publication date, no address: a photo caption names the meeting ("Quang
    cảnh Hội nghị triển khai nhiệm vụ năm 2025"), so the review of 2024 stands on 31/12/2024,
    marked approximate, with its tasks."""
    result = _ingest("so-tttt-khong-ngay-thang.txt")
    meeting = Meeting.objects.get(pk=result.meeting.pk)
    assert meeting.organizer.name == "Sở Thông tin và Truyền thông Cao Bằng"
    assert (meeting.kind, meeting.reviewed_periods, meeting.planned_periods) == (
        "annual_review",
        ["2024"],
        ["2025"],
    )
    assert (meeting.date, meeting.date_approximate) == (dt.date(2024, 12, 31), True)
    assert any("cuối kỳ được tổng kết" in note for note in result.notes)
    assert meeting.tasks.count() == 2


def test_a_certificate_of_merit_of_the_provincial_chairman_is_stored(world):
    result = _ingest("so-tttt-bang-khen.txt")
    meeting = Meeting.objects.get(pk=result.meeting.pk)
    assert meeting.organizer.code == "34.STTTT"
    award = Commendation.objects.get(meeting=meeting)
    assert award.form.code == "bk_tinh"
    assert award.form.name == "Bằng khen của Chủ tịch UBND tỉnh"
    assert (award.collectives, award.individuals) == (3, 4)


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("Danh hiệu Chiến sĩ thi đua cơ sở", "cstd_cs"),
        ("Danh hiệu Tập thể lao động xuất sắc", "tldxs"),
        ("Cờ thi đua xuất sắc của Bộ Văn hóa, Thể thao và Du lịch", "co_bo"),
        ("Cờ thi đua của Bộ Thông tin - Truyền thông", "co_bo"),
        ("Bằng khen của Chủ tịch UBND tỉnh", "bk_tinh"),
        ("Kỷ niệm chương Vì sự nghiệp Tư pháp", None),
    ],
)
def test_award_forms_as_reports_name_them(form, code):
    """A title named with «danh hiệu» and a ministry's flag under its older name «Cờ thi đua
    xuất sắc» are forms of the register; a medal it does not hold is none."""
    assert award_form_code(form) == code
