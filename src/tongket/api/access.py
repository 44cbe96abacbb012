"""Fetch-and-authorize for what the API names by id beyond ``tongket.accounts.access``."""

from __future__ import annotations

import datetime as dt

from tongket.accounts.access import access_object
from tongket.accounts.roles import COMMENDATION_VIEW
from tongket.api.errors import ApiError
from tongket.meetings.models import Commendation
from tongket.units.cached import unit_by_id
from tongket.units.models import Unit


def access_unit_on(
    *, user, unit_id: int, permission: str, on: dt.date | None, cached: bool = False
) -> Unit:
    """The unit, if the user may ``permission`` on objects of it dated ``on`` (404 / 403).
    ``cached``: read from the reference cache (the hot write paths)."""
    return access_object(
        user=user,
        queryset=Unit.objects.all(),
        found=unit_by_id if cached else None,
        pk=unit_id,
        permission=permission,
        units_of=lambda unit: [(unit, on)],
        object_type="unit",
    )


def _commendation_units(commendation: Commendation) -> list[tuple[Unit, dt.date | None]]:
    # As ``COMMENDATION_PLACES`` of tongket.accounts.access: the unit commended, and the
    # meeting it was presented at.
    places: list[tuple[Unit, dt.date | None]] = []
    if commendation.unit_id is not None:
        places.append((commendation.unit, None))
    if commendation.meeting_id is not None:
        meeting = commendation.meeting
        places.append((meeting.organizer, meeting.date))
        if meeting.province_id is not None:
            places.append((meeting.province, meeting.date))
    return places


def access_commendation(
    *, user, commendation_id: int, permission: str = COMMENDATION_VIEW
) -> Commendation:
    return access_object(
        user=user,
        queryset=Commendation.objects.select_related(
            "unit", "form", "meeting__organizer", "meeting__province"
        ),
        pk=commendation_id,
        permission=permission,
        units_of=_commendation_units,
        object_type="commendation",
    )


def units_by_id(ids: list[int], field: str) -> list[Unit]:
    """Units named in a body by id (supporting units, a grantor); 422 naming the missing ones."""
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApiError(
            422,
            "invalid_request",
            f"Không có đơn vị số {', '.join(map(str, missing))}",
            f"There is no unit #{', '.join(map(str, missing))}",
            [{"loc": ["body", field]}],
        )
    return [found[i] for i in ids]
