"""What the meetings pages share: today, the actor's name, the unit suggestions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tongket.accounts.access import meeting_scope, task_scope
from tongket.accounts.scope import user_grants
from tongket.meetings.models import Meeting
from tongket.meetings.refs import units_and_below
from tongket.meetings.selectors.tasks import task_list
from tongket.units.models import Unit, UnitKind
from tongket.web.pages_meetings.units import unit_label, unit_suggestions

PAGE_SIZE = 30


def today() -> dt.date:
    return timezone.localdate()


def actor(request: HttpRequest) -> str:
    return request.user.get_username()


def own_unit_label(user, permission: str, *, on: dt.date) -> str:
    """The unit of the user's first grant that allows ``permission`` (the usual default)."""
    for grant in user_grants(user):
        if permission in grant.permissions and grant.unit_id is not None:
            unit = Unit.objects.filter(pk=grant.unit_id).first()
            if unit is not None and unit.is_valid_on(on):
                return unit_label(unit)
    return ""


def suggestions(user, permission: str, *, kinds: tuple[str, ...] | None = None) -> list[str]:
    return unit_suggestions(user=user, permission=permission, on=today(), kinds=kinds)


# Meetings offered in a list of choices: those of the last year and a bit (a task or an award
# of an older meeting is rare, and the whole history would weigh on a slow line), and the one
# the page was opened from.
RECENT_MEETING_DAYS = 400


def recent_meetings(user, *, chosen: str | int | None = None):
    since = today() - dt.timedelta(days=RECENT_MEETING_DAYS)
    condition = Q(date__gte=since)
    if chosen and str(chosen).isdigit():
        condition |= Q(pk=int(chosen))
    return meeting_scope(Meeting.objects.filter(condition).order_by("-date", "-id"), user=user)


def unit_tasks(user, unit: Unit | None, today: dt.date) -> QuerySet:
    """The tasks the user may see that ``unit`` or a unit under it leads or supports (all of
    them for the country or no unit): what the dashboard counts and the task page lists."""
    unit_ids = None if unit is None or unit.kind == UnitKind.COUNTRY else units_and_below([unit.pk])
    return task_scope(task_list(today=today, unit_ids=unit_ids), user=user)
