import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from factories import make_unit
from tongket.reporting.selectors import Timeliness, form_completeness, submission_list
from tongket.reporting.services import (
    submission_open,
    submission_return,
    submission_submit,
    submission_values_set,
)
from tongket.reporting.submissions_errors import SubmissionError
from tongket.units.models import UnitKind

from .builders import ACTOR, form_make


def at(year, month, day, hour, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def _submit(world, unit, when, period="2017Q1"):
    sub = submission_open(unit=unit, form=world.form, period_code=period, actor=ACTOR)
    submission_values_set(
        submission=sub, values={"test.subscribers": "10", "test.mobile": "5"}, actor=ACTOR
    )
    with mock.patch("django.utils.timezone.now", return_value=when):
        submission_submit(submission=sub, actor=ACTOR)
    return sub


@pytest.fixture
def scene(world):
    """2017Q1, deadline 15/04/2017 (Asia/Ho_Chi_Minh). Hand count:

    on time: commune (10/04), b (15/04 23:30), e (12/04; returned, sent again 25/04)
    late:    c (16/04 00:30, which is still 15/04 in UTC), d (20/04; returned since)
    missing: commune2 (opened, draft), g (nothing), i (exists from 01/02/2017)
    not expected: h (ended 31/12/2016), the enterprise, a commune of another province
    """
    d = world.district
    u = {
        n: make_unit(kind=UnitKind.COMMUNE, name=f"Xã {n}", code=f"X{n}", parent=d) for n in "bcdeg"
    }
    u["h"] = make_unit(kind=UnitKind.COMMUNE, code="Xh", parent=d, valid_to=dt.date(2016, 12, 31))
    u["i"] = make_unit(kind=UnitKind.COMMUNE, code="Xi", parent=d, valid_from=dt.date(2017, 2, 1))
    elsewhere = make_unit(kind=UnitKind.PROVINCE, code="35", name="Tỉnh khác")
    u["z"] = make_unit(kind=UnitKind.COMMUNE, code="Xz", parent=elsewhere)
    _submit(world, world.commune, at(2017, 4, 10, 9))
    _submit(world, u["b"], at(2017, 4, 15, 23, 30))
    _submit(world, u["c"], at(2017, 4, 16, 0, 30))
    late = _submit(world, u["d"], at(2017, 4, 20, 8))
    submission_return(submission=late, actor=ACTOR, reason="sai")
    again = _submit(world, u["e"], at(2017, 4, 12, 8))
    submission_return(submission=again, actor=ACTOR, reason="sai")
    with mock.patch("django.utils.timezone.now", return_value=at(2017, 4, 25, 8)):
        submission_submit(submission=again, actor=ACTOR)
    submission_open(unit=world.commune2, form=world.form, period_code="2017Q1", actor=ACTOR)
    _submit(world, u["z"], at(2017, 4, 1, 8))
    return u


def _by(result, timeliness):
    return sorted(r.unit.code for r in result.rows if r.timeliness == timeliness)


def test_counts_match_the_hand_count(world, scene):
    result = form_completeness(
        form=world.form, period_code="2017Q1", recipient=world.province, today=dt.date(2017, 4, 20)
    )
    assert result.deadline == dt.date(2017, 4, 15)
    assert _by(result, Timeliness.ON_TIME) == sorted(["12700", "Xb", "Xe"])
    assert _by(result, Timeliness.LATE) == ["Xc", "Xd"]
    assert _by(result, Timeliness.MISSING) == sorted(["12703", "Xg", "Xi"])
    assert (result.expected, result.on_time, result.late, result.missing) == (8, 3, 2, 3)
    assert result.overdue == 3
    assert result.submitted_rate == 5 / 8 and result.on_time_rate == 3 / 8
    rows = {r.unit.code: r for r in result.rows}
    assert rows["Xc"].days_late == 1 and rows["Xd"].days_late == 5
    assert rows["Xg"].days_late == 5 and rows["Xg"].submission is None
    assert rows["12703"].submission is not None


def test_nothing_is_overdue_before_the_deadline(world, scene):
    result = form_completeness(
        form=world.form, period_code="2017Q1", recipient=world.province, today=dt.date(2017, 4, 15)
    )
    assert (result.missing, result.overdue) == (3, 0)


def test_without_a_recipient_all_units_of_the_forms_kinds_are_expected(world, scene):
    result = form_completeness(form=world.form, period_code="2017Q1", today=dt.date(2017, 5, 1))
    assert (result.expected, result.on_time, result.late, result.missing) == (9, 4, 2, 3)


def test_a_lower_recipient_sees_only_its_units(world, scene):
    form = form_make(code="TO-D", recipient_kind=UnitKind.DISTRICT)
    result = form_completeness(form=form, period_code="2017Q1", recipient=world.district)
    assert result.expected == 8 and result.missing == 8


def test_a_department_receives_from_the_units_beside_it(world):
    form = form_make(
        code="DN", unit_kinds=[UnitKind.ENTERPRISE], recipient_kind=UnitKind.DEPARTMENT
    )
    result = form_completeness(form=form, period_code="2017Q1", recipient=world.department)
    # Its province's enterprise, and the nationwide one under the country.
    assert {r.unit for r in result.rows} == {world.enterprise, world.national}
    # Asked about the province instead: only what lies below it.
    result = form_completeness(form=form, period_code="2017Q1", recipient=world.province)
    assert [r.unit for r in result.rows] == [world.enterprise]
    # The commune form goes to the department too: the communes of its province.
    communes = form_make(code="XA", recipient_kind=UnitKind.DEPARTMENT)
    result = form_completeness(form=communes, period_code="2017Q1", recipient=world.department)
    assert {r.unit for r in result.rows} == {world.commune, world.commune2}


def test_nationwide_enterprises_are_expected_by_every_department(world):
    other = make_unit(kind=UnitKind.PROVINCE, code="35", parent=world.country)
    other_department = make_unit(kind=UnitKind.DEPARTMENT, code="S35", parent=other)
    form = form_make(
        code="DN", unit_kinds=[UnitKind.ENTERPRISE], recipient_kind=UnitKind.DEPARTMENT
    )
    result = form_completeness(form=form, period_code="2017Q1", recipient=other_department)
    # Not Thái Bình's enterprise: the nationwide one under the country only.
    assert {r.unit for r in result.rows} == {world.national}


def test_no_expected_units_gives_no_rates(world):
    form = form_make(code="EMPTY", unit_kinds=[UnitKind.PRESS])
    result = form_completeness(form=form, period_code="2017Q1")
    assert result.expected == 0 and result.submitted_rate is None


def test_wrong_period_kind_is_refused(world):
    with pytest.raises(SubmissionError, match="not for period 2017"):
        form_completeness(form=world.form, period_code="2017")


def test_submission_list_filters(world, scene):
    assert submission_list(form_code="TEST-01", period_code="2017Q1").count() == 7
    assert submission_list(status="returned").count() == 1
    assert submission_list(status="draft").count() == 1
    assert [s.unit for s in submission_list(unit=world.commune)] == [world.commune]
    assert submission_list(recipient=world.province).count() == 6
    assert submission_list(period_code="2017Q2").count() == 0
    with pytest.raises(SubmissionError, match="invalid status"):
        submission_list(status="done")
