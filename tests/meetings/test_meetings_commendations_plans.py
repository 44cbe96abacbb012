"""Commendations (forms as data, counts and names) and plans at a glance."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml

from factories import make_indicator
from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading import meetings_load_file
from tongket.meetings.models import AwardForm, Commendation, Meeting, Task
from tongket.meetings.selectors import (
    commendation_list,
    commendation_rows,
    commendation_totals,
    meeting_detail,
    plan_overview,
)
from tongket.meetings.services import (
    RecipientSpec,
    award_form_find,
    award_forms_load,
    commendation_create,
    plan_create,
    task_complete,
    task_create,
)
from tongket.reporting.models import Target, Value
from tongket.reporting.periods import period_get_or_create

D = dt.date


def test_award_forms_are_the_package_data(db):
    data = yaml.safe_load(
        resources.files("tongket.meetings").joinpath("data/award_forms.yaml").read_text("utf-8")
    )
    assert award_forms_load()["award_forms_created"] == len(data["forms"])
    assert award_forms_load() == {"award_forms_created": 0, "award_forms_changed": 0}
    assert list(AwardForm.objects.values_list("code", flat=True)) == [
        f["code"] for f in data["forms"]
    ]
    assert (
        award_form_find(
            "UBND tỉnh tặng bằng khen".replace(
                "UBND tỉnh tặng bằng khen", "Bằng khen của UBND tỉnh"
            )
        ).code
        == "bk_tinh"
    )
    assert award_form_find("BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ").code == "bk_ttg"
    assert award_form_find("cstd_tq").category == "emulation_title"
    with pytest.raises(MeetingsError):
        award_form_find("Huy chương Vàng")


def test_counts_and_names(units, meeting):
    form = award_form_find("gk_so")
    with pytest.raises(MeetingsError) as error:
        commendation_create(
            form=form, year=2017, individuals=1, actor="t",
            recipients=[RecipientSpec("individual", "Lê Văn A"), RecipientSpec("individual", "Lê Văn B")],
        )  # fmt: skip
    assert error.value.column == "individuals"
    with pytest.raises(MeetingsError) as error:
        commendation_create(
            form=form, year=2017, meeting=meeting, decision_date=D(2018, 1, 12), actor="t"
        )
    assert error.value.column == "decision_date"
    assert not Commendation.objects.exists()
    commendation_create(
        form=form, year=2017, meeting=meeting, unit=units.so_tb, collectives=2, actor="t",
        recipients=[RecipientSpec("individual", "Lê Văn A", "Chuyên viên"),
                    RecipientSpec("collective", "Văn phòng Sở")],
    )  # fmt: skip
    commendation_create(form=award_form_find("ldtt"), year=2017, unit=units.so_tb, actor="t")
    commendation_create(
        form=award_form_find("bk_tinh"), year=2016, unit=units.so_tb, individuals=3, actor="t"
    )
    rows = commendation_rows(commendation_list(year=2017))
    assert [(r["form_code"], r["collectives"], r["individuals"]) for r in rows] == [
        ("gk_so", 2, 1),
        ("ldtt", None, None),
    ]
    by_year = {r["key"]: r for r in commendation_totals(by="year")}
    assert (
        by_year[2017]["decisions"],
        by_year[2017]["collectives"],
        by_year[2017]["individuals"],
    ) == (2, 2, 1)
    assert by_year[2017]["unknown_counts"] == 1 and by_year[2016]["individuals"] == 3
    by_form = [r["key"] for r in commendation_totals(by="form")]
    assert by_form == ["bk_tinh", "gk_so", "ldtt"]  # in the order of the forms' data
    assert commendation_list(unit_ids=[units.vnpt.pk]).count() == 0
    assert (
        meeting_detail(meeting=meeting, today=D(2018, 2, 1))["commendations"][0]["form"]
        == form.name
    )


def test_plan_overview(units):
    indicator = make_indicator("test.bb", name="Thuê bao băng rộng")
    period = period_get_or_create("2018")
    Target.objects.create(unit=units.thai_binh, indicator=indicator, period=period, value=200_000)
    Value.objects.create(
        unit=units.thai_binh, indicator=indicator, period=period, value=210_000, source="manual"
    )
    plan = plan_create(
        unit=units.so_tb,
        period="2018",
        key_tasks=["Phát triển hạ tầng", "Chuyển đổi số"],
        actor="t",
    )
    with pytest.raises(MeetingsError):
        plan_create(unit=units.so_tb, period="2018", actor="t")
    first = plan.key_tasks.get(order=1)
    done = task_create(
        text="Phát triển thuê bao băng rộng", lead=units.so_tb, source="plan", key_task=first,
        deadline=D(2018, 12, 31), indicator=indicator, actor="t",
    )  # fmt: skip
    task_complete(task=done, on=D(2018, 12, 20), actor="t")
    task_create(
        text="Ngầm hóa cáp", lead=units.vnpt, source="plan", key_task=first,
        deadline=D(2018, 6, 30), actor="t",
    )  # fmt: skip
    overview = plan_overview(plan=plan, today=D(2019, 1, 10))
    assert overview["key_tasks"][0]["tasks"] == {
        "in_progress": 0, "overdue": 1, "done_on_time": 1, "done_late": 0,
    }  # fmt: skip
    assert overview["key_tasks"][1]["tasks"]["in_progress"] == 0
    # The department's plan shows its province's targets (the sector's), with attainment.
    [target] = overview["targets"]
    assert (target["target"], target["value"], target["met"]) == (200_000, 210_000, True)
    assert target["attainment"] == pytest.approx(1.05)
    assert Task.objects.filter(key_task__plan=plan).count() == 2


def test_example_file_loads_on_the_reference_units(reference_units):
    path = resources.files("tongket.meetings").joinpath("data/meetings_example.yaml")
    counts = meetings_load_file(str(path), actor="t")
    assert counts["meetings"] == 1 and counts["notices_issued"] == 1 and counts["tasks"] == 3
    meeting = Meeting.objects.get()
    assert meeting.organizer.code == "34.STTTT" and meeting.province.code == "34"
    assert meeting.plans.get().key_tasks.count() == 5
    assert meetings_load_file(str(path), actor="t") == {
        "meetings_unchanged": 1,
        "tasks_unchanged": 1,
    }
