"""Meetings: what a meeting records, and the checks on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from factories import make_indicator
from tongket.core.audit import audit_entry_list
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, Person
from tongket.meetings.services import (
    FigureSpec,
    PersonSpec,
    ReportSpec,
    meeting_create,
    meeting_document_add,
    meeting_update,
)

D = dt.date


def _create(units, **kw):
    args = {
        "kind": "annual_review",
        "title": "Hội nghị tổng kết năm 2006",
        "date": D(2007, 1, 30),
        "organizer": units.so_hue,
        "actor": "t",
    }
    args.update(kw)
    return meeting_create(**args)


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"kind": "party"}, "kind"),
        ({"title": "  "}, "title"),
        ({"end_date": D(2007, 1, 29)}, "end_date"),
        ({"reviewed_periods": ["2006Q5"]}, "reviewed"),
        ({"date": D(2009, 1, 20)}, "organizer"),  # Sở BCVT no longer exists in 2009
        ({"source": "rumour"}, "source"),
        ({"figures": [FigureSpec(value=None)]}, "figures"),
    ],
)
def test_bad_meeting_stores_nothing(units, changes, column):
    with pytest.raises(MeetingsError) as error:
        _create(units, **changes)
    assert error.value.column == column
    assert not Meeting.objects.exists() and not Person.objects.exists()


def test_meeting_with_everything(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indicator = make_indicator("test.density", unit_of_measure="máy/100 dân")
    meeting = _create(
        units,
        place="Huế",
        chair=PersonSpec(name="Hồ Xuân Phán", title="Giám đốc Sở"),
        participants=[
            PersonSpec(name="Đ/c Nguyễn Văn Quang", title="Ủy viên Thường vụ Tỉnh ủy", unit=units.hue),
            PersonSpec(name="Đ/c Ngô Hòa", title="Phó Chủ tịch UBND tỉnh", unit=units.hue),
        ],
        reports=[ReportSpec(title="Báo cáo tổng kết năm 2006", presenter=PersonSpec(name="Hồ Xuân Phán"))],
        reviewed_periods=["2006"],
        planned_periods=["2007"],
        figures=[
            FigureSpec(value=35, unit_of_measure="máy/100 dân", text="35 máy/100 dân",
                       indicator=indicator, period="2007", span=(1200, 1214)),
        ],
        source="imported",
        source_document_id=1,
        source_span=(0, 2400),
        source_ref="mic.gov.vn",
    )  # fmt: skip
    assert meeting.province == units.hue
    assert meeting.chair.full_name == "Hồ Xuân Phán" and meeting.chair_title == "Giám đốc Sở"
    assert meeting.participants.count() == 3  # the presenter is the chair: one row
    figure = meeting.figures.get()
    assert (figure.indicator, figure.period, figure.source_span_start) == (indicator, "2007", 1200)
    document = meeting_document_add(
        meeting=meeting, name="Biên bản hội nghị", file=ContentFile(b"...", name="bien-ban.pdf"),
        actor="t",
    )  # fmt: skip
    assert document.file.name.startswith("meetings/")
    assert (tmp_path / document.file.name).exists()


def test_meeting_update_is_audited(units):
    meeting = _create(units)
    meeting_update(meeting=meeting, minutes="Biên bản: ...", place="Huế", actor="t")
    entry = audit_entry_list(action="meeting.changed").get()
    assert entry.new == {"minutes": "Biên bản: ...", "place": "Huế"}
    assert entry.old == {"minutes": "", "place": ""}
    with pytest.raises(MeetingsError):
        meeting_update(meeting=meeting, date=D(2007, 2, 1), actor="t")
    with pytest.raises(MeetingsError):
        meeting_update(meeting=meeting, end_date=D(2007, 1, 1), actor="t")
    meeting_update(meeting=meeting, place="Huế", actor="t")  # no change, no entry
    assert audit_entry_list(action="meeting.changed").count() == 1
