import datetime as dt

import pytest

from factories import make_unit
from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.services import submission_open
from tongket.reporting.submissions_errors import SubmissionError
from tongket.units.models import UnitKind

from .builders import ACTOR, form_make


@pytest.mark.parametrize(
    ("cutoff", "period", "deadline"),
    [
        # Calendar: 2017Q1 ends 31/03/2017; 15 days later.
        ("calendar", "2017Q1", dt.date(2017, 4, 15)),
        ("calendar", "2017Q4", dt.date(2018, 1, 15)),
        # Decree 09/2019: 2019Q1 runs 15/12/2018–14/03/2019; 15 days after the 14th.
        ("decree09", "2019Q1", dt.date(2019, 3, 29)),
        ("decree09", "2019Q4", dt.date(2019, 12, 29)),
    ],
)
def test_deadline_under_both_cutoff_rules(world, cutoff, period, deadline):
    form = form_make(code=f"F-{cutoff}", cutoff=cutoff, lines=[(world.total, True)])
    sub = submission_open(unit=world.commune, form=form, period_code=period, actor=ACTOR)
    assert sub.deadline == deadline


def test_deadline_monthly_decree09_crosses_the_year(world):
    form = form_make(code="M09", frequency="month", cutoff="decree09", deadline_days=5)
    sub = submission_open(unit=world.commune, form=form, period_code="2020-12", actor=ACTOR)
    assert sub.deadline == dt.date(2020, 12, 19)


def test_unit_of_the_wrong_kind_cannot_open(world):
    with pytest.raises(SubmissionError, match="không thuộc đối tượng báo cáo") as err:
        submission_open(unit=world.enterprise, form=world.form, period_code="2017Q1", actor=ACTOR)
    assert "does not report on form TEST-01" in str(err.value)
    assert not Submission.objects.exists()
    assert not AuditEntry.objects.exists()


def test_unit_not_valid_during_the_period_cannot_open(world):
    # The district ended on 30/06/2025: nothing for 2025Q3.
    form = form_make(code="HUYEN", unit_kinds=[UnitKind.DISTRICT])
    submission_open(unit=world.district, form=form, period_code="2025Q2", actor=ACTOR)
    with pytest.raises(SubmissionError, match="did not exist during period 2025Q3"):
        submission_open(unit=world.district, form=form, period_code="2025Q3", actor=ACTOR)
    assert Submission.objects.count() == 1


def test_period_of_the_wrong_frequency_is_refused(world):
    with pytest.raises(SubmissionError, match="not for period 2017-01"):
        submission_open(unit=world.commune, form=world.form, period_code="2017-01", actor=ACTOR)
    with pytest.raises(SubmissionError, match="invalid period"):
        submission_open(unit=world.commune, form=world.form, period_code="2017Q5", actor=ACTOR)


def test_recipient_is_the_ancestor_of_the_recipient_kind_at_the_period_end(world):
    form = form_make(code="TO-DISTRICT", recipient_kind=UnitKind.DISTRICT)
    sub = submission_open(unit=world.commune, form=form, period_code="2017Q1", actor=ACTOR)
    assert sub.recipient == world.district
    # Through the district to the province, then straight to the province after 01/07/2025.
    before = submission_open(unit=world.commune, form=world.form, period_code="2025Q2", actor=ACTOR)
    after = submission_open(unit=world.commune, form=world.form, period_code="2025Q3", actor=ACTOR)
    assert before.recipient == world.province
    assert after.recipient == world.province
    # No district above the commune after the district level ended.
    with pytest.raises(SubmissionError, match="no recipient unit"):
        submission_open(unit=world.commune, form=form, period_code="2025Q3", actor=ACTOR)


def test_recipient_beside_the_unit_is_the_single_one_under_its_parent(world):
    # An enterprise under the province reports to the province's department.
    form = form_make(
        code="DN", unit_kinds=[UnitKind.ENTERPRISE], recipient_kind=UnitKind.DEPARTMENT
    )
    sub = submission_open(unit=world.enterprise, form=form, period_code="2017Q1", actor=ACTOR)
    assert sub.recipient == world.department


def test_open_is_audited_and_opening_again_returns_the_same_submission(world):
    first = submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor=ACTOR)
    again = submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor="x")
    assert again.pk == first.pk
    assert first.status == SubmissionStatus.DRAFT
    assert first.opened_by == ACTOR
    entries = list(AuditEntry.objects.filter(action="submission.opened"))
    assert len(entries) == 1
    assert entries[0].actor == ACTOR
    assert entries[0].unit == world.commune
    assert entries[0].object_id == str(first.pk)
    assert entries[0].new["deadline"] == "2017-04-15"


def test_a_nationwide_enterprise_needs_its_recipient_named(world):
    form = form_make(
        code="DN", unit_kinds=[UnitKind.ENTERPRISE], recipient_kind=UnitKind.DEPARTMENT
    )
    with pytest.raises(SubmissionError, match="name the recipient"):
        submission_open(unit=world.national, form=form, period_code="2017Q1", actor=ACTOR)
    with pytest.raises(SubmissionError, match="is not the department form DN goes to"):
        submission_open(
            unit=world.national,
            form=form,
            period_code="2017Q1",
            actor=ACTOR,
            recipient=world.province,
        )
    ended = make_unit(kind=UnitKind.DEPARTMENT, code="OLD", valid_to=dt.date(2008, 3, 1))
    with pytest.raises(SubmissionError, match="did not exist on 31/03/2017"):
        submission_open(
            unit=world.national, form=form, period_code="2017Q1", actor=ACTOR, recipient=ended
        )
    assert not Submission.objects.exists()
    sub = submission_open(
        unit=world.national,
        form=form,
        period_code="2017Q1",
        actor=ACTOR,
        recipient=world.department,
    )
    assert sub.recipient == world.department


def test_a_period_that_has_not_begun_cannot_be_opened(world):
    with pytest.raises(SubmissionError, match="chưa bắt đầu") as err:
        submission_open(unit=world.commune, form=world.form, period_code="2030Q1", actor=ACTOR)
    assert "period 2030Q1 has not begun (it starts on 01/01/2030)" in str(err.value)
    assert not Submission.objects.exists()
