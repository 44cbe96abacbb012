"""The list scopes and the one-object access helpers agree, role by role, object by object."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.world import ROLE_KEYS
from tongket.accounts import roles
from tongket.accounts.access import (
    access_meeting,
    access_notice,
    access_task,
    commendation_scope,
    meeting_allows,
    meeting_scope,
    notice_scope,
    task_allows,
    task_scope,
)
from tongket.meetings.models import Commendation, Meeting, Notice, Task


def _reach(fetch) -> str:
    try:
        fetch()
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


@pytest.mark.parametrize(
    ("model", "scope", "access", "key"),
    [
        (Meeting, meeting_scope, access_meeting, "meeting_id"),
        (Notice, notice_scope, access_notice, "notice_id"),
        (Task, task_scope, access_task, "task_id"),
    ],
)
def test_lists_hold_exactly_what_one_object_access_reaches(world, m, model, scope, access, key):
    for role in ROLE_KEYS:
        user = world.users[role]
        listed = set(scope(model.objects.all(), user=user).values_list("pk", flat=True))
        for obj in model.objects.all():
            reached = _reach(lambda obj=obj, user=user: access(user=user, **{key: obj.pk}))
            assert (reached == "ok") == (obj.pk in listed), (role, obj, reached)


def test_who_reaches_what(world, m):
    staff, leader = world.staff, world.leader
    expected = {m.m_hy.pk, m.m_tb.pk}
    assert set(meeting_scope(Meeting.objects.all(), user=staff).values_list("pk", flat=True)) == (
        expected
    )
    assert set(meeting_scope(Meeting.objects.all(), user=leader).values_list("pk", flat=True)) == (
        expected
    )
    # The task of a national enterprise, given by Hưng Yên's notice, is Hưng Yên's to follow,
    # not Hà Nội's.
    assert task_scope(Task.objects.filter(pk=m.t_national.pk), user=staff).exists()
    assert not task_scope(Task.objects.filter(pk=m.t_national.pk), user=world.staff_other).exists()
    assert set(
        commendation_scope(Commendation.objects.all(), user=staff).values_list("pk", flat=True)
    ) == {m.c_hy.pk}
    for role in ("reporting", "reporting_other", "nobody"):
        user = world.users[role]
        assert not meeting_scope(Meeting.objects.all(), user=user).exists()
        assert not task_scope(Task.objects.all(), user=user).exists()
        assert not notice_scope(Notice.objects.all(), user=user).exists()


def test_allows_tells_the_actions_to_offer(world, m):
    assert meeting_allows(world.staff, m.m_hy, roles.MEETING_MANAGE)
    assert not meeting_allows(world.leader, m.m_hy, roles.MEETING_MANAGE)
    assert not meeting_allows(world.staff, m.m_hn, roles.MEETING_MANAGE)
    assert task_allows(world.leader, m.t_hy, roles.TASK_ASSIGN)
    assert not task_allows(world.leader, m.t_hy, roles.TASK_REPORT)
    assert task_allows(world.staff, m.t_tb, roles.TASK_REPORT)
    assert not task_allows(world.analyst, m.t_hy, roles.TASK_REPORT)
