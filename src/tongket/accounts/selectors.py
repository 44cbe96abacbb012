"""Reading accounts: the scope unit a command names, a user's assignments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from tongket.accounts.models import RoleAssignment
from tongket.accounts.services import AccountError
from tongket.units.models import Unit
from tongket.units.selectors import UnitAmbiguous, UnitNotFound, unit_get, unit_resolve


def scope_unit_find(*, ref: str, on: dt.date) -> Unit:
    """The unit a code (or, failing that, a name) names on ``on``."""
    try:
        try:
            return unit_get(code=ref, on=on)
        except UnitNotFound:
            return unit_resolve(ref, on=on)
    except (UnitNotFound, UnitAmbiguous) as error:
        raise AccountError(str(error)) from None


def user_by_username(*, username: str):
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise AccountError(f"Không có tài khoản «{username}» / there is no account «{username}»")
    return user


def role_assignment_list(*, user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("valid_from")
