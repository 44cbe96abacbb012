"""Who reaches which unit: roles, scope units, the hierarchy over time, and history."""

import datetime as dt

import pytest

from accounts.world import make_user
from tongket.accounts import roles
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.accounts.scope import (
    scope_filter,
    user_can,
    user_grants_forget,
    user_has_permission,
    user_sees,
)
from tongket.reporting.models import Submission
from tongket.units.models import Unit

VIEW = roles.SUBMISSION_VIEW


def test_department_staff_cover_their_province_and_its_units(world):
    staff = world.staff  # Sở KH&CN Hưng Yên
    for key in ("hung_yen", "so_hy", "xa_hy", "xa_hy2"):
        assert user_can(staff, VIEW, world.units[key]), key
    assert not user_can(staff, VIEW, world.ha_noi)
    assert not user_can(staff, VIEW, world.xa_hn)
    assert not user_can(staff, VIEW, world.so_hn)


def test_new_hung_yen_staff_cover_the_history_of_both_merged_provinces(world):
    staff = world.staff
    for key in ("thai_binh", "hung_yen_old", "so_tb", "huyen_tb", "xa_tb_old", "xa_split"):
        assert user_can(staff, VIEW, world.units[key], on=dt.date(2017, 12, 31)), key


def test_history_does_not_flow_forward_to_the_successor(world):
    # Staff of the old Sở TT&TT Thái Bình still see Thái Bình's past, not the new Hưng Yên.
    old_staff = make_user("old_staff", (Role.STAFF, world.so_tb))
    assert user_can(old_staff, VIEW, world.xa_tb_old, on=dt.date(2017, 12, 31))
    assert user_can(old_staff, VIEW, world.thai_binh)
    assert not user_can(old_staff, VIEW, world.hung_yen)
    assert not user_can(old_staff, VIEW, world.xa_hy)
    assert not user_can(old_staff, VIEW, world.hung_yen_old)


def test_the_date_of_the_object_picks_the_province_of_a_unit_that_moved(world):
    moved = world.dn_move  # under Thái Bình until 2019, under Hà Nội since 2020
    assert user_can(world.staff, VIEW, moved, on=dt.date(2015, 12, 31))
    assert not user_can(world.staff, VIEW, moved, on=dt.date(2021, 12, 31))
    assert user_can(world.staff_other, VIEW, moved, on=dt.date(2021, 12, 31))
    assert not user_can(world.staff_other, VIEW, moved, on=dt.date(2015, 12, 31))
    # Without a date, the unit record itself: both provinces had it at some time.
    assert user_sees(world.staff, moved) and user_sees(world.staff_other, moved)


def test_reporting_unit_covers_itself_and_predecessors_that_passed_whole_into_it(world):
    reporting = world.reporting  # Xã Vũ Thư, which took in the whole of Xã Tân Lập
    assert user_can(reporting, VIEW, world.xa_hy)
    assert user_can(reporting, VIEW, world.xa_tb_old, on=dt.date(2017, 12, 31))
    # Xã Hòa Bình was split between two communes: neither holds all of its history.
    assert not user_can(reporting, VIEW, world.xa_split)
    assert not user_can(reporting, VIEW, world.xa_hy2)
    assert not user_can(reporting, VIEW, world.hung_yen)
    assert not user_can(reporting, VIEW, world.xa_hn)


def test_a_split_unit_is_still_seen_by_the_province_it_belonged_to(world):
    assert user_can(world.staff, VIEW, world.xa_split, on=dt.date(2020, 12, 31))


def test_roles_limit_what_is_allowed_inside_the_scope(world):
    xa = world.xa_hy
    assert user_can(world.staff, roles.SUBMISSION_APPROVE, xa)
    assert user_can(world.leader, roles.SUBMISSION_VIEW, xa)
    assert user_can(world.leader, roles.TASK_ASSIGN, xa)
    assert not user_can(world.leader, roles.SUBMISSION_APPROVE, xa)
    assert not user_can(world.leader, roles.SUBMISSION_EDIT, xa)
    assert user_can(world.reporting, roles.SUBMISSION_EDIT, xa)
    assert not user_can(world.reporting, roles.SUBMISSION_APPROVE, xa)
    assert not user_can(world.reporting, roles.AUDIT_VIEW, xa)


def test_ministry_analyst_reads_everything_and_changes_nothing(world):
    analyst = world.analyst
    for unit in Unit.objects.all():
        assert user_can(analyst, VIEW, unit)
    for permission in (
        roles.SUBMISSION_EDIT,
        roles.SUBMISSION_APPROVE,
        roles.VALUES_IMPORT,
        roles.MEETING_MANAGE,
        roles.TASK_ASSIGN,
        roles.ACCOUNT_MANAGE,
        roles.AUDIT_VIEW,
    ):
        assert not user_can(analyst, permission, world.xa_hy), permission


def test_administrator_may_do_everything_everywhere(world):
    for permission in roles.ALL_PERMISSIONS:
        assert user_can(world.admin, permission, world.xa_hn)


def test_no_role_means_nothing(world):
    nobody = world.nobody
    assert not user_has_permission(nobody, VIEW)
    assert not user_can(nobody, VIEW, world.xa_hy)
    assert not user_sees(nobody, world.xa_hy)


def test_anonymous_and_inactive_users_are_refused(world):
    from django.contrib.auth.models import AnonymousUser

    assert not user_can(AnonymousUser(), VIEW, world.xa_hy)
    staff = world.staff
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    user_grants_forget(staff)
    assert not user_can(staff, VIEW, world.xa_hy)


def test_assignments_count_only_within_their_validity(world):
    today = dt.date.today()
    past = make_user("past")
    RoleAssignment.objects.create(
        user=past,
        role=Role.STAFF,
        unit=world.so_hy,
        valid_from=dt.date(2020, 1, 1),
        valid_to=today - dt.timedelta(days=1),
    )
    future = make_user("future")
    RoleAssignment.objects.create(
        user=future, role=Role.STAFF, unit=world.so_hy, valid_from=today + dt.timedelta(days=1)
    )
    assert not user_can(past, VIEW, world.xa_hy)
    assert not user_can(future, VIEW, world.xa_hy)


def test_several_roles_add_up(world):
    both = make_user("both", (Role.REPORTING, world.xa_hn), (Role.LEADER, world.hung_yen))
    assert user_can(both, roles.SUBMISSION_EDIT, world.xa_hn)
    assert not user_can(both, roles.SUBMISSION_EDIT, world.xa_hy)
    assert user_can(both, roles.TASK_ASSIGN, world.xa_hy)
    assert not user_can(both, roles.TASK_ASSIGN, world.xa_hn)


def test_unknown_permission_is_a_programming_error(world):
    with pytest.raises(ValueError):
        user_can(world.admin, "submission.veiw", world.xa_hy)
    with pytest.raises(ValueError):
        user_can(world.admin, VIEW, None)


@pytest.mark.parametrize(
    "who",
    [
        "admin",
        "analyst",
        "staff",
        "leader",
        "reporting",
        "staff_other",
        "reporting_other",
        "nobody",
    ],
)
def test_scope_filter_agrees_with_user_can(world, who):
    user = world.users[who]
    expected = {
        s.pk
        for s in Submission.objects.select_related("unit", "recipient", "period")
        if user_can(user, VIEW, s.unit, on=s.period.end)
    }
    found = set(
        scope_filter(
            Submission.objects.all(),
            user=user,
            permission=VIEW,
            date_field="period__end",
        ).values_list("pk", flat=True)
    )
    assert found == expected


def test_scope_filter_on_units(world):
    found = set(
        scope_filter(
            Unit.objects.all(), user=world.reporting, permission=roles.UNIT_VIEW, unit_field="pk"
        ).values_list("code", flat=True)
    )
    assert found == {"12001", "34.X1"}


def test_scope_filter_on_one_date(world):
    def codes(on):
        return set(
            scope_filter(
                Unit.objects.all(),
                user=world.staff,
                permission=roles.UNIT_VIEW,
                unit_field="pk",
                on=on,
            ).values_list("code", flat=True)
        )

    assert "DN.MOVE" in codes(dt.date(2015, 1, 1))
    assert "DN.MOVE" not in codes(dt.date(2021, 1, 1))
    assert "DN.MOVE" in codes(None)
    with pytest.raises(ValueError):
        scope_filter(
            Unit.objects.all(),
            user=world.staff,
            permission=VIEW,
            date_field="valid_from",
            on=dt.date(2020, 1, 1),
        )
