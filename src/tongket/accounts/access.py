"""Fetch an object and authorize the user on it, in one step.

An object outside every scope of the user is answered with 404, exactly as if it did not
exist, so editing an id in a URL reveals nothing; an object the user can see but may not act
on is answered with 403. Both refusals go to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from tongket.accounts.roles import (
    COMMENDATION_VIEW,
    MEETING_VIEW,
    SUBMISSION_VIEW,
    TASK_VIEW,
    UNIT_VIEW,
)
from tongket.accounts.scope import scope_filter_any, user_can, user_sees
from tongket.core.audit import audit_record
from tongket.meetings.models import Commendation, Meeting, Notice, Task
from tongket.reporting.models import Submission, Value
from tongket.units.models import Unit

M = TypeVar("M", bound=Model)

# The units an object belongs to, each with the date it belongs there on (or None).
UnitsOf = Callable[[M], Iterable[tuple[Unit, dt.date | None]]]


def access_refusal_record(
    *,
    user,
    permission: str,
    object_type: str,
    object_id: str | int = "",
    unit: Unit | None = None,
    status: int = 403,
) -> None:
    """Write a refused access to the audit trail (the user never learns what was there)."""
    audit_record(
        actor=getattr(user, "username", "") or "anonymous",
        user=user if getattr(user, "is_authenticated", False) else None,
        action="access.denied",
        object_type=object_type,
        object_id=object_id,
        unit=unit,
        summary=f"{permission} → {status}",
        new={"permission": permission, "status": status},
    )


def _not_found() -> Http404:
    return Http404("Không tìm thấy / Not found")


def access_object(
    *,
    user,
    queryset: QuerySet[M],
    pk: int | str,
    permission: str,
    units_of: UnitsOf,
    object_type: str,
    found: Callable[[Any], M | None] | None = None,
) -> M:
    """``queryset.get(pk=pk)`` if the user may ``permission`` on one of its units.

    404 when there is no such object or it lies outside every scope of the user; 403 when the
    user sees it but their role does not allow ``permission`` on it. ``found(pk)`` (the object
    or None) replaces the query where a cached copy will do.
    """
    try:
        obj = found(pk) if found is not None else queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None
    if obj is None:
        raise _not_found()
    places = list(units_of(obj))
    if any(user_can(user, permission, unit, on=on) for unit, on in places):
        return obj
    first_unit = places[0][0] if places else None
    if not any(user_sees(user, unit, on=on) for unit, on in places):
        access_refusal_record(
            user=user,
            permission=permission,
            object_type=object_type,
            object_id=obj.pk,
            unit=first_unit,
            status=404,
        )
        raise _not_found()
    access_refusal_record(
        user=user,
        permission=permission,
        object_type=object_type,
        object_id=obj.pk,
        unit=first_unit,
        status=403,
    )
    raise PermissionDenied("Bạn không có quyền thực hiện thao tác này / Permission denied")


def access_unit(*, user, unit_id: int | str, permission: str = UNIT_VIEW) -> Unit:
    return access_object(
        user=user,
        queryset=Unit.objects.all(),
        pk=unit_id,
        permission=permission,
        units_of=lambda unit: [(unit, None)],
        object_type="unit",
    )


def _submission_units(submission: Submission) -> list[tuple[Unit, dt.date | None]]:
    # The reporting unit's scope and the receiving department's scope both reach it.
    on = submission.period.end
    places = [(submission.unit, on)]
    if submission.recipient_id is not None:
        places.append((submission.recipient, on))
    return places


def access_submission(
    *, user, submission_id: int | str, permission: str = SUBMISSION_VIEW
) -> Submission:
    return access_object(
        user=user,
        queryset=Submission.objects.select_related("unit", "recipient", "period", "form"),
        pk=submission_id,
        permission=permission,
        units_of=_submission_units,
        object_type="submission",
    )


# A submission is reached through its unit and its recipient, on the period's last day, as in
# ``_submission_units``.
SUBMISSION_PLACES = (("unit", "period__end"), ("recipient", "period__end"))


def submission_scope(
    queryset: QuerySet[Submission], *, user, permission: str = SUBMISSION_VIEW
) -> QuerySet[Submission]:
    """The submissions of ``queryset`` that ``access_submission`` would let the user reach."""
    return scope_filter_any(queryset, user=user, permission=permission, places=SUBMISSION_PLACES)


def _value_units(value: Value) -> list[tuple[Unit, dt.date | None]]:
    if value.submission_id is not None:
        return _submission_units(value.submission)
    return [(value.unit, value.period.end)]


def access_value(*, user, value_id: int | str, permission: str = SUBMISSION_VIEW) -> Value:
    """A stored value, reached like the submission it belongs to (else through its unit)."""
    return access_object(
        user=user,
        queryset=Value.objects.select_related(
            "unit",
            "indicator",
            "period",
            "submission__unit",
            "submission__recipient",
            "submission__period",
        ),
        pk=value_id,
        permission=permission,
        units_of=_value_units,
        object_type="value",
    )


# Meetings, their notices and tasks: where each is reached from, as (unit field, date field)
# pairs for lists and as (unit, date) pairs for one object. A meeting belongs to its organizer
# and to the province it was held in; a notice also to its issuer; a task to its lead unit,
# the unit that assigned it and its meeting's organizer and province, on the day it was
# assigned (a department's staff follow the tasks their notices gave to a national
# enterprise).
MEETING_PLACES = (("organizer", "date"), ("province", "date"))
NOTICE_PLACES = (
    ("issuer", "meeting__date"),
    ("meeting__organizer", "meeting__date"),
    ("meeting__province", "meeting__date"),
)
# A commendation belongs to the unit commended and to the meeting it was presented at.
COMMENDATION_PLACES = (
    ("unit", None),
    ("meeting__organizer", "meeting__date"),
    ("meeting__province", "meeting__date"),
)
TASK_PLACES = (
    ("lead", "assigned_on"),
    ("assigned_by_unit", "assigned_on"),
    ("meeting__organizer", "assigned_on"),
    ("meeting__province", "assigned_on"),
)


def _meeting_units(meeting: Meeting) -> list[tuple[Unit, dt.date | None]]:
    places = [(meeting.organizer, meeting.date)]
    if meeting.province_id is not None:
        places.append((meeting.province, meeting.date))
    return places


def _notice_units(notice: Notice) -> list[tuple[Unit, dt.date | None]]:
    return [(notice.issuer, notice.meeting.date), *_meeting_units(notice.meeting)]


def _task_units(task: Task) -> list[tuple[Unit, dt.date | None]]:
    places = [(task.lead, task.assigned_on)]
    if task.assigned_by_unit_id is not None:
        places.append((task.assigned_by_unit, task.assigned_on))
    if task.meeting_id is not None:
        places += [(unit, task.assigned_on) for unit, _ in _meeting_units(task.meeting)]
    return places


def meeting_scope(queryset: QuerySet[Meeting], *, user, permission: str = MEETING_VIEW):
    """The meetings of ``queryset`` that ``access_meeting`` would let the user reach."""
    return scope_filter_any(queryset, user=user, permission=permission, places=MEETING_PLACES)


def notice_scope(queryset: QuerySet[Notice], *, user, permission: str = MEETING_VIEW):
    return scope_filter_any(queryset, user=user, permission=permission, places=NOTICE_PLACES)


def task_scope(queryset: QuerySet[Task], *, user, permission: str = TASK_VIEW):
    return scope_filter_any(queryset, user=user, permission=permission, places=TASK_PLACES)


def commendation_scope(
    queryset: QuerySet[Commendation], *, user, permission: str = COMMENDATION_VIEW
):
    return scope_filter_any(queryset, user=user, permission=permission, places=COMMENDATION_PLACES)


def access_meeting(*, user, meeting_id: int | str, permission: str = MEETING_VIEW) -> Meeting:
    return access_object(
        user=user,
        queryset=Meeting.objects.select_related("organizer", "province", "chair"),
        pk=meeting_id,
        permission=permission,
        units_of=_meeting_units,
        object_type="meeting",
    )


def access_notice(*, user, notice_id: int | str, permission: str = MEETING_VIEW) -> Notice:
    return access_object(
        user=user,
        queryset=Notice.objects.select_related("issuer", "meeting__organizer", "meeting__province"),
        pk=notice_id,
        permission=permission,
        units_of=_notice_units,
        object_type="notice",
    )


def access_task(*, user, task_id: int | str, permission: str = TASK_VIEW) -> Task:
    return access_object(
        user=user,
        queryset=Task.objects.select_related(
            "lead", "assigned_by_unit", "meeting__organizer", "meeting__province"
        ),
        pk=task_id,
        permission=permission,
        units_of=_task_units,
        object_type="task",
    )


def _allows(user, permission: str, places: Iterable[tuple[Unit, dt.date | None]]) -> bool:
    return any(user_can(user, permission, unit, on=on) for unit, on in places)


def meeting_allows(user, meeting: Meeting, permission: str) -> bool:
    """Whether the user may ``permission`` on a meeting already fetched (offer the action)."""
    return _allows(user, permission, _meeting_units(meeting))


def notice_allows(user, notice: Notice, permission: str) -> bool:
    return _allows(user, permission, _notice_units(notice))


def task_allows(user, task: Task, permission: str) -> bool:
    return _allows(user, permission, _task_units(task))
