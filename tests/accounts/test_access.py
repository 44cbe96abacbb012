"""Fetch-and-authorize: 404 outside the scope, 403 inside it without the right, audit both."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tongket.accounts import roles
from tongket.accounts.access import access_submission, access_unit
from tongket.core.models import AuditEntry


def _refusals(user):
    return list(AuditEntry.objects.filter(action="access.denied", user=user))


def test_own_submission_is_returned(world):
    sub = access_submission(
        user=world.reporting, submission_id=world.sub_xa_hy.pk, permission=roles.SUBMISSION_EDIT
    )
    assert sub == world.sub_xa_hy
    assert _refusals(world.reporting) == []


def test_another_units_submission_is_not_found_and_the_attempt_is_audited(world):
    with pytest.raises(Http404):
        access_submission(user=world.reporting, submission_id=world.sub_xa_hy2.pk)
    (entry,) = _refusals(world.reporting)
    assert entry.object_type == "submission"
    assert entry.object_id == str(world.sub_xa_hy2.pk)
    assert entry.new == {"permission": roles.SUBMISSION_VIEW, "status": 404}


def test_missing_and_malformed_ids_look_the_same_as_foreign_ones(world):
    for bad in (10**9, "abc", None):
        with pytest.raises(Http404):
            access_submission(user=world.staff, submission_id=bad)


def test_seen_but_not_allowed_is_forbidden(world):
    with pytest.raises(PermissionDenied):
        access_submission(
            user=world.leader,
            submission_id=world.sub_xa_hy.pk,
            permission=roles.SUBMISSION_APPROVE,
        )
    (entry,) = _refusals(world.leader)
    assert entry.new["status"] == 403
    assert entry.unit == world.xa_hy


def test_analyst_sees_any_submission_but_cannot_approve(world):
    assert access_submission(user=world.analyst, submission_id=world.sub_xa_hn.pk)
    with pytest.raises(PermissionDenied):
        access_submission(
            user=world.analyst,
            submission_id=world.sub_xa_hn.pk,
            permission=roles.SUBMISSION_APPROVE,
        )


def test_staff_of_another_province_get_404(world):
    with pytest.raises(Http404):
        access_submission(
            user=world.staff_other,
            submission_id=world.sub_xa_hy.pk,
            permission=roles.SUBMISSION_APPROVE,
        )


def test_the_receiving_department_reaches_a_national_enterprises_submission(world):
    # The enterprise hangs under the country; the report went to Sở KH&CN Hưng Yên.
    sub = access_submission(
        user=world.staff,
        submission_id=world.sub_national_hy.pk,
        permission=roles.SUBMISSION_APPROVE,
    )
    assert sub == world.sub_national_hy
    with pytest.raises(Http404):
        access_submission(user=world.staff_other, submission_id=world.sub_national_hy.pk)


def test_submission_date_decides_for_a_unit_that_moved(world):
    assert access_submission(user=world.staff, submission_id=world.sub_dn_move_2015.pk)
    with pytest.raises(Http404):
        access_submission(user=world.staff, submission_id=world.sub_dn_move_2021.pk)
    assert access_submission(user=world.staff_other, submission_id=world.sub_dn_move_2021.pk)


def test_history_submission_of_a_merged_province(world):
    assert access_submission(
        user=world.staff, submission_id=world.sub_xa_tb_old.pk, permission=roles.SUBMISSION_APPROVE
    )
    assert access_submission(user=world.reporting, submission_id=world.sub_xa_tb_old.pk)


def test_access_unit(world):
    assert access_unit(user=world.reporting, unit_id=world.xa_hy.pk) == world.xa_hy
    with pytest.raises(Http404):
        access_unit(user=world.reporting, unit_id=world.xa_hy2.pk)
    with pytest.raises(Http404):
        access_unit(user=world.nobody, unit_id=world.xa_hy.pk)
