"""Reading accounts: the scope unit a command names, a user's assignments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import ACCOUNT_MANAGE, Role
from tongket.accounts.scope import scope_filter, user_can, user_grants, user_has_permission
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


# ----------------------------------------------------------------------------- on the web


def _manages_everywhere(user) -> bool:
    return any(g.everywhere and ACCOUNT_MANAGE in g.permissions for g in user_grants(user))


def account_scope(*, user) -> QuerySet:
    """The accounts ``user`` may manage: every account for an administrator; for a department's
    staff, the accounts of reporting units in its scope that hold no other role."""
    users = get_user_model().objects.all()
    if _manages_everywhere(user):
        return users
    if not user_has_permission(user, ACCOUNT_MANAGE):
        return users.none()
    scoped = scope_filter(
        RoleAssignment.objects.filter(role=Role.REPORTING), user=user, permission=ACCOUNT_MANAGE
    )
    outside = RoleAssignment.objects.exclude(pk__in=scoped.values("pk"))
    return (
        users.filter(pk__in=scoped.values("user_id"))
        .exclude(pk__in=outside.values("user_id"))
        .exclude(is_superuser=True)
    )


def account_list(*, user, q: str = "", active: bool | None = None) -> QuerySet:
    """The accounts ``user`` manages, searched by username, name or e-mail."""
    users = account_scope(user=user)
    if q:
        words = q.split()
        for word in words:
            users = users.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
    if active is not None:
        users = users.filter(is_active=active)
    return users.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("unit"))
    ).order_by("username")


def access_account(*, user, user_id: int | str):
    """The account ``user_id`` if ``user`` manages it; 404 otherwise (as for none at all)."""
    try:
        found = account_scope(user=user).filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise Http404("Không tìm thấy / Not found")
    return found


def roles_grantable(*, user) -> list[str]:
    """The roles ``user`` may give: any for an administrator; a reporting unit's for staff."""
    if _manages_everywhere(user):
        # The most common first, the most powerful last: no one is made an administrator by
        # leaving the first choice as it is.
        order = (Role.REPORTING, Role.STAFF, Role.LEADER, Role.ANALYST, Role.ADMIN)
        return [str(role) for role in order]
    return [str(Role.REPORTING)] if user_has_permission(user, ACCOUNT_MANAGE) else []


def role_grant_allowed(*, user, role: str, unit: Unit | None) -> bool:
    if role not in roles_grantable(user=user):
        return False
    if _manages_everywhere(user):
        return True
    return unit is not None and user_can(user, ACCOUNT_MANAGE, unit)
