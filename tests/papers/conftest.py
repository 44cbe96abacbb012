"""A department's year on the reference units: Sở TT&TT Thái Bình in 2017, its figures,
targets, tasks, commendations, the 2018 plan and the review conference of 10/01/2018."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tongket.analytics.services import target_set
from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.meetings.models import Meeting, Notice
from tongket.meetings.services import (
    AssignmentSpec,
    FigureSpec,
    PersonSpec,
    RecipientSpec,
    ReportSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    notice_create,
    notice_issue,
    plan_create,
    task_complete,
    task_create,
)
from tongket.reporting.forms_catalogue import form_catalogue_load
from tongket.reporting.models import Value
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit

D = dt.date
ACTOR = "test"
TODAY = D(2018, 3, 1)


def unit_on(code: str, on: dt.date) -> Unit:
    for u in Unit.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from"):
        if u.valid_to is None or u.valid_to >= on:
            return u
    raise LookupError(code)


def put(area: Unit, code: str, period: str, value: float) -> None:
    Value.objects.create(
        unit=area,
        indicator=Indicator.objects.get(code=code),
        period=period_get_or_create(period),
        value=value,
        source="manual",
    )


@dataclass
class Year:
    province: Unit
    department: Unit
    vnpt: Unit
    viettel: Unit
    meeting: Meeting
    notice: Notice


@pytest.fixture
def catalogue(reference_units) -> None:
    indicator_catalogue_load(actor=ACTOR)
    form_catalogue_load(actor=ACTOR)


@pytest.fixture
def year2017(catalogue) -> Year:
    on = D(2017, 12, 31)
    province = unit_on("34", on)
    department = unit_on("34.STTTT", on)
    vnpt, viettel = unit_on("DN.VNPT", on), unit_on("DN.VIETTEL", on)
    for code, before, now in (
        ("ict.revenue", 1_731e9, 2_060e9),
        ("ict.budget", 92e9, 100e9),
        ("tel.subscribers", 520_200, 536_787),
        ("bb.subscribers", 52_454, 58_157),
        ("sec.incidents", 23, 41),
        ("pop.total", 1_786_000, 1_791_000),
    ):
        put(province, code, "2016", before)
        put(province, code, "2017", now)
    targets = (
        ("ict.revenue", 1_904.1e9, "higher"),
        ("tel.subscribers", 535_806, "higher"),
        ("bb.subscribers", 58_748, "higher"),
        ("sec.incidents", 21, "lower"),
    )
    for code, value, direction in targets:
        target_set(
            unit=province,
            indicator=Indicator.objects.get(code=code),
            period_code="2017",
            value=value,
            direction=direction,
            actor=ACTOR,
        )
    for code, value in (("ict.revenue", 2_266e9), ("bb.subscribers", 65_136)):
        target_set(
            unit=province,
            indicator=Indicator.objects.get(code=code),
            period_code="2018",
            value=value,
            actor=ACTOR,
        )
    # Tasks of 2017: one done on time, one done late, one overdue.
    for text, deadline, done in (
        ("Xây dựng kế hoạch ứng dụng công nghệ thông tin năm 2017", D(2017, 3, 31), D(2017, 3, 20)),
        ("Công bố quy hoạch hạ tầng viễn thông thụ động", D(2017, 6, 30), D(2017, 7, 15)),
        ("Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính", D(2017, 9, 30), None),
    ):
        task = task_create(
            text=text,
            lead=department,
            source="document",
            document_number="12/UBND-KGVX",
            document_date=D(2017, 1, 20),
            assigned_on=D(2017, 1, 20),
            deadline=deadline,
            actor=ACTOR,
        )
        if done:
            task_complete(task=task, on=done, actor=ACTOR)
    meeting = meeting_create(
        kind="annual_review",
        title="Hội nghị tổng kết công tác năm 2017, triển khai nhiệm vụ năm 2018",
        date=D(2018, 1, 10),
        organizer=department,
        place="Hội trường Sở Thông tin và Truyền thông",
        chair=PersonSpec("Phạm Văn Xuân", "Giám đốc Sở"),
        participants=[
            PersonSpec("Nguyễn Hoàng Giang", "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh", province)
        ],
        reports=[
            ReportSpec("Báo cáo tổng kết công tác năm 2017 và phương hướng, nhiệm vụ năm 2018")
        ],
        reviewed_periods=["2017"],
        planned_periods=["2018"],
        figures=[
            FigureSpec(
                2_060e9,
                "đồng",
                "",
                indicator=Indicator.objects.get(code="ict.revenue"),
                period="2017",
            ),
            FigureSpec(100e9, "đồng", "doanh thu nộp ngân sách ước đạt 100 tỷ đồng"),
        ],
        actor=ACTOR,
    )
    plan_create(
        unit=department,
        period="2018",
        meeting=meeting,
        key_tasks=[
            "Làm tốt công tác thông tin, tuyên truyền",
            "Đẩy mạnh ứng dụng công nghệ thông tin",
            "Tăng cường quản lý các doanh nghiệp bưu chính viễn thông",
        ],
        actor=ACTOR,
    )
    notice = notice_create(
        meeting=meeting,
        items=[
            AssignmentSpec(
                "Xây dựng kế hoạch ứng dụng công nghệ thông tin năm 2018",
                department,
                deadline=D(2018, 3, 31),
            ),
            AssignmentSpec(
                "Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính",
                vnpt,
                supporting=(viettel, department),
                deadline=D(2018, 9, 30),
            ),
        ],
        actor=ACTOR,
    )
    notice = notice_issue(notice=notice, issued_on=D(2018, 1, 15), actor=ACTOR)
    commendation_create(
        form=award_form_find("Bằng khen của Thủ tướng Chính phủ"),
        year=2017,
        unit=department,
        meeting=meeting,
        collectives=1,
        individuals=1,
        actor=ACTOR,
    )
    commendation_create(
        form=award_form_find("Bằng khen của Chủ tịch UBND tỉnh"),
        year=2017,
        unit=department,
        meeting=meeting,
        decision_number="25/QĐ-UBND",
        decision_date=D(2018, 1, 5),
        collectives=2,
        individuals=3,
        actor=ACTOR,
    )
    commendation_create(
        form=award_form_find("Giấy khen của Giám đốc Sở"),
        year=2017,
        unit=department,
        meeting=meeting,
        recipients=[RecipientSpec("individual", "Trần Thị Lan", "Chuyên viên")],
        actor=ACTOR,
    )
    return Year(province, department, vnpt, viettel, meeting, notice)
