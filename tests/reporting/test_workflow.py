import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.core.audit import audit_entry_list
from tongket.reporting.models import SubmissionStatus
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_return,
    submission_submit,
    submission_unapprove,
    submission_values_set,
)
from tongket.reporting.submissions_errors import (
    SubmissionError,
    SubmissionInvalid,
    SubmissionStateError,
)

from .builders import ACTOR

APPROVER = "cli:canbo"


def at(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def sub(world):
    return submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor=ACTOR)


def _fill(sub, total="1.000", mobile="800"):
    submission_values_set(
        submission=sub, values={"test.subscribers": total, "test.mobile": mobile}, actor=ACTOR
    )


def test_errors_block_submitting_with_the_list_of_issues(world, sub):
    _fill(sub, total="1.000", mobile="1.200")
    submission_values_set(submission=sub, values={"test.subscribers": ""}, actor=ACTOR)
    with pytest.raises(SubmissionInvalid) as err:
        submission_submit(submission=sub, actor=ACTOR)
    assert [(i.indicator, i.code) for i in err.value.issues] == [("test.subscribers", "required")]
    assert "1 lỗi" in str(err.value) and "was not submitted" in str(err.value)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.DRAFT and sub.submitted_at is None
    assert not audit_entry_list(action="submission.submitted").exists()


def test_submit_records_times_and_keeps_the_first(world, sub):
    _fill(sub)
    with mock.patch("django.utils.timezone.now", return_value=at(2017, 4, 10)):
        warnings = submission_submit(submission=sub, actor="cli:xa")
    assert warnings == []
    assert sub.status == SubmissionStatus.SUBMITTED
    assert sub.submitted_at == sub.first_submitted_at == at(2017, 4, 10)
    assert sub.submitted_by == "cli:xa"
    submission_return(submission=sub, actor="cli:so", reason="Thiếu doanh thu")
    assert (sub.status, sub.return_reason) == (SubmissionStatus.RETURNED, "Thiếu doanh thu")
    _fill(sub, mobile="900")
    with mock.patch("django.utils.timezone.now", return_value=at(2017, 4, 20)):
        submission_submit(submission=sub, actor="cli:xa")
    assert sub.submitted_at == at(2017, 4, 20)
    assert sub.first_submitted_at == at(2017, 4, 10)
    entry = audit_entry_list(action="submission.submitted").first()
    assert "trễ 5 ngày" in entry.summary
    assert (entry.old, entry.new) == (
        {"status": "returned"},
        {"status": "submitted", "warnings": 0},
    )


def test_return_needs_a_reason(world, sub):
    _fill(sub)
    submission_submit(submission=sub, actor=ACTOR)
    for blank in ("", "   "):
        with pytest.raises(SubmissionError, match="a reason is required to return a report"):
            submission_return(submission=sub, actor=ACTOR, reason=blank)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    assert not audit_entry_list(action="submission.returned").exists()


def test_each_transition_checks_the_current_status(world, sub):
    with pytest.raises(SubmissionStateError, match="is draft and cannot be approved"):
        submission_approve(submission=sub, actor=ACTOR)
    with pytest.raises(SubmissionStateError, match="cannot be returned"):
        submission_return(submission=sub, actor=ACTOR, reason="x")
    with pytest.raises(SubmissionStateError, match="cannot be un-approved"):
        submission_unapprove(submission=sub, actor=ACTOR, reason="x")
    _fill(sub)
    submission_submit(submission=sub, actor=ACTOR)
    with pytest.raises(SubmissionStateError, match="is submitted and cannot be submitted"):
        submission_submit(submission=sub, actor=ACTOR)
    submission_approve(submission=sub, actor=APPROVER)
    with pytest.raises(SubmissionStateError, match="is approved and cannot be approved"):
        submission_approve(submission=sub, actor=APPROVER)
    with pytest.raises(SubmissionStateError, match="cannot be returned"):
        submission_return(submission=sub, actor=ACTOR, reason="x")
    with pytest.raises(SubmissionStateError):
        submission_submit(submission=sub, actor=ACTOR)
    assert sub.status == SubmissionStatus.APPROVED


def test_transitions_are_audited_with_stable_action_codes(world, sub):
    _fill(sub)
    submission_submit(submission=sub, actor=ACTOR)
    submission_return(submission=sub, actor=ACTOR, reason="kiểm tra lại")
    submission_submit(submission=sub, actor=ACTOR)
    submission_approve(submission=sub, actor="cli:lanhdao")
    submission_unapprove(submission=sub, actor="cli:lanhdao", reason="nhầm kỳ")
    actions = list(
        audit_entry_list(object_type="submission", object_id=str(sub.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "submission.opened",
        "submission.submitted",
        "submission.returned",
        "submission.submitted",
        "submission.approved",
        "submission.unapproved",
    ]
    approved = audit_entry_list(action="submission.approved").get()
    assert approved.actor == "cli:lanhdao" and approved.unit == world.commune


def test_approval_records_who_and_when_and_a_user_object_is_accepted(world, sub):
    user = get_user_model().objects.create(username="hoa")
    RoleAssignment.objects.create(user=user, role=Role.ADMIN, valid_from=dt.date(2016, 1, 1))
    _fill(sub)
    submission_submit(submission=sub, actor=ACTOR)
    submission_approve(submission=sub, actor=user)
    assert sub.approved_by == "hoa" and sub.approved_at is not None
    entry = audit_entry_list(action="submission.approved").get()
    assert (entry.actor, entry.user) == ("hoa", user)


def test_submit_with_warnings_goes_through_and_reports_them(world, sub):
    from tongket.reporting.models import Value, ValueSource
    from tongket.reporting.periods import period_get_or_create

    Value.objects.create(
        unit=world.commune,
        indicator=world.total,
        period=period_get_or_create("2016Q4"),
        value=10,
        source=ValueSource.IMPORT,
    )
    _fill(sub, total="1.000", mobile="5")
    # Far from the history: not sent until the unit explains it.
    with pytest.raises(SubmissionInvalid) as refused:
        submission_submit(submission=sub, actor=ACTOR)
    assert [i.code for i in refused.value.issues if i.is_error] == ["explain"]
    submission_values_set(
        submission=sub,
        values={},
        notes={"test.subscribers": {"explanation": "Khu công nghiệp mới"}},
        actor=ACTOR,
    )
    warnings = submission_submit(submission=sub, actor=ACTOR)
    assert [(i.code, i.severity.value) for i in warnings] == [("outlier", "warning")]
    assert sub.status == SubmissionStatus.SUBMITTED
