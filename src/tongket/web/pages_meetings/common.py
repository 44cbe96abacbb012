"""What the meetings pages share: today, the actor's name, the unit suggestions."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from tongket.accounts.scope import user_grants
from tongket.units.models import Unit
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


def suggestions(user, permission: str) -> list[str]:
    return unit_suggestions(user=user, permission=permission, on=today())
