"""Fetch an object and authorize the user on it, in one step.

An object outside every scope of the user is answered with 404, exactly as if it did not
exist, so editing an id in a URL reveals nothing; an object the user can see but may not act
on is answered with 403. Both refusals go to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from tongket.accounts.roles import SUBMISSION_VIEW, UNIT_VIEW
from tongket.accounts.scope import user_can, user_sees
from tongket.core.audit import audit_record
from tongket.reporting.models import Submission
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
) -> M:
    """``queryset.get(pk=pk)`` if the user may ``permission`` on one of its units.

    404 when there is no such object or it lies outside every scope of the user; 403 when the
    user sees it but their role does not allow ``permission`` on it.
    """
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None
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
