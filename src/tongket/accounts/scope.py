"""Which units a user's roles reach, and the checks built on that.

A role assignment reaches its *scope roots* and, for staff and leaders, every unit below them
in the hierarchy (``UnitAncestor``, the closure of the parent links with their validity):

- a department's staff work for the department's province, so a department unit widens to
  the provinces it belongs to (Sở TT&TT Thái Bình → Thái Bình and all its units);
- history comes along through successor links: a predecessor joins the roots when *every* one
  of its successors is already in them (Thái Bình and the old Hưng Yên both passed whole into
  the new Hưng Yên on 1 July 2025, so the new Hưng Yên's staff see their 2017 reports). A unit
  split between several successors stays outside each of them, since none holds all of it.

``on`` is the date the object belongs to (a submission's period end): a unit counts as below a
root only through a parent link valid on that date, so an enterprise that moved to another
province in 2020 shows its 2019 reports to the old province and its 2021 reports to the new one.
Without ``on``, any link at any time counts (used for the unit records themselves).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import (
    ALL_PERMISSIONS,
    GLOBAL_ROLES,
    HIERARCHICAL_ROLES,
    Role,
    role_permissions,
)
from tongket.core.refcache import reference_cached
from tongket.units.cached import unit_by_id
from tongket.units.models import Unit, UnitAncestor, UnitKind, UnitLink, UnitSuccession

_CACHE_ATTR = "_tongket_grants"


@dataclass(frozen=True)
class Grant:
    """One active role assignment, resolved: what it allows and where."""

    role: str
    unit_id: int | None
    unit_name: str
    permissions: frozenset[str]
    roots: frozenset[int]
    everywhere: bool
    descendants: bool


def _province_parents(unit: Unit) -> set[int]:
    via_closure = UnitAncestor.objects.filter(unit=unit, ancestor__kind=UnitKind.PROVINCE)
    via_links = UnitLink.objects.filter(child=unit, parent__kind=UnitKind.PROVINCE)
    return set(via_closure.values_list("ancestor_id", flat=True)) | set(
        via_links.values_list("parent_id", flat=True)
    )


def _successions() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Every succession (predecessors by successor, successors by predecessor), kept per
    process with the reference data: a few thousand rows that change with the unit data."""

    def build() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        before: dict[int, set[int]] = defaultdict(set)
        after: dict[int, set[int]] = defaultdict(set)
        for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
            before[succ].add(pred)
            after[pred].add(succ)
        return dict(before), dict(after)

    return reference_cached(("successions",), build)


def scope_with_history(roots: Iterable[int]) -> frozenset[int]:
    """``roots`` plus every predecessor that passed whole into them, transitively."""
    found = set(roots)
    before, after = _successions()
    while True:
        candidates = {p for s in found for p in before.get(s, ())} - found
        if not candidates:
            return frozenset(found)
        whole = {pred for pred in candidates if after.get(pred, set()) <= found}
        if not whole:
            return frozenset(found)
        found |= whole


def scope_roots(*, role: str, unit: Unit) -> frozenset[int]:
    hierarchical = role in HIERARCHICAL_ROLES and unit.kind == UnitKind.DEPARTMENT

    def build() -> frozenset[int]:
        roots = {unit.pk}
        if hierarchical:
            roots |= _province_parents(unit)
        return scope_with_history(roots)

    return reference_cached(("scope_roots", unit.pk, hierarchical), build)


@dataclass(frozen=True)
class _Assignment:
    role: str
    unit_id: int | None
    unit: Unit | None


def _assignments_of(user_id: int, day: dt.date) -> list[_Assignment]:
    """The user's role assignments active on ``day``, in the order made, their units from
    the reference cache: one plain query on every request that checks a permission."""
    table = RoleAssignment._meta.db_table
    when = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT role, unit_id FROM {table} WHERE user_id = %s AND valid_from <= %s "
            "AND (valid_to IS NULL OR valid_to >= %s) ORDER BY id",
            [user_id, when, when],
        )
        rows = cursor.fetchall()
    found = []
    for role, unit_id in rows:
        unit = None
        if unit_id is not None:
            unit = unit_by_id(unit_id) or Unit.objects.get(pk=unit_id)
        found.append(_Assignment(role, unit_id, unit))
    return found


def user_grants(user, *, today: dt.date | None = None) -> list[Grant]:
    """The user's active grants, computed once per user object (that is, once per request);
    where each reaches is kept per process with the reference data (units, links and
    successions change it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = user.__dict__.get(_CACHE_ATTR)
    day = today or timezone.localdate()
    if cached is not None and cached[0] == day:
        return cached[1]
    grants = _grants_build(user, day)
    user.__dict__[_CACHE_ATTR] = (day, grants)
    return grants


def _grants_build(user, day: dt.date) -> list[Grant]:
    grants: list[Grant] = []
    if user.is_superuser:
        grants.append(Grant(Role.ADMIN, None, "", ALL_PERMISSIONS, frozenset(), True, True))
    for assignment in _assignments_of(user.pk, day):
        everywhere = assignment.role in GLOBAL_ROLES
        grants.append(
            Grant(
                role=assignment.role,
                unit_id=assignment.unit_id,
                unit_name=assignment.unit.short_name or assignment.unit.name
                if assignment.unit
                else "",
                permissions=role_permissions(assignment.role),
                roots=frozenset()
                if everywhere
                else scope_roots(role=assignment.role, unit=assignment.unit),
                everywhere=everywhere,
                descendants=assignment.role in HIERARCHICAL_ROLES,
            )
        )
    return grants


def user_grants_forget(user) -> None:
    """Drop the cached grants (after the user's assignments changed)."""
    user.__dict__.pop(_CACHE_ATTR, None)


def _check_permission(permission: str) -> None:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")


def _unit_id(unit: Unit | int) -> int:
    if unit is None:
        raise ValueError("unit is required; use user_has_permission for objects without a unit")
    return unit.pk if isinstance(unit, Unit) else int(unit)


def _grant_reaches(grant: Grant, unit_id: int, on: dt.date | None) -> bool:
    if grant.everywhere or unit_id in grant.roots:
        return True
    if not grant.descendants or not grant.roots:
        return False
    links = UnitAncestor.objects.filter(unit_id=unit_id, ancestor_id__in=grant.roots)
    if on is not None:
        links = links.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return links.exists()


def user_has_permission(user, permission: str) -> bool:
    """Whether any active role of the user grants ``permission`` somewhere."""
    _check_permission(permission)
    return any(permission in grant.permissions for grant in user_grants(user))


def user_permissions(user) -> frozenset[str]:
    found: set[str] = set()
    for grant in user_grants(user):
        found |= grant.permissions
    return frozenset(found)


def user_can(user, permission: str, unit: Unit | int, *, on: dt.date | None = None) -> bool:
    """Whether ``user`` may do ``permission`` on an object of ``unit`` dated ``on``."""
    _check_permission(permission)
    unit_id = _unit_id(unit)
    return any(
        permission in grant.permissions and _grant_reaches(grant, unit_id, on)
        for grant in user_grants(user)
    )


def user_sees(user, unit: Unit | int, *, on: dt.date | None = None) -> bool:
    """Whether ``unit`` is inside any of the user's scopes, whatever the permission."""
    unit_id = _unit_id(unit)
    return any(_grant_reaches(grant, unit_id, on) for grant in user_grants(user))


def _grant_q(grant: Grant, unit_field: str, day: OuterRef | dt.date | None) -> Q:
    own = Q(**{f"{unit_field}__in": sorted(grant.roots)})
    if not grant.descendants:
        return own
    links = UnitAncestor.objects.filter(unit_id=OuterRef(unit_field), ancestor_id__in=grant.roots)
    if day is not None:
        links = links.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    return own | Q(Exists(links))


def scope_filter(
    queryset: QuerySet,
    *,
    user,
    permission: str,
    unit_field: str = "unit",
    date_field: str | None = None,
    on: dt.date | None = None,
) -> QuerySet:
    """``queryset`` narrowed to the objects whose unit the user may ``permission``.

    ``unit_field`` and ``date_field`` are lookups from the queryset's model
    (``"unit"``, ``"period__end"``); ``on`` is one date for all rows instead of ``date_field``
    (units in the scope today). Objects of no unit are kept only for country-wide roles.
    """
    _check_permission(permission)
    if date_field is not None and on is not None:
        raise ValueError("give date_field or on, not both")
    day = OuterRef(date_field) if date_field is not None else on
    grants = [g for g in user_grants(user) if permission in g.permissions]
    if not grants:
        return queryset.none()
    if any(g.everywhere for g in grants):
        return queryset
    condition = Q()
    for grant in grants:
        condition |= _grant_q(grant, unit_field, day)
    return queryset.filter(condition)


def scope_filter_any(
    queryset: QuerySet,
    *,
    user,
    permission: str,
    places: Iterable[tuple[str, str | None]],
) -> QuerySet:
    """``queryset`` narrowed to the objects of which *any* of ``places`` is in the scope.

    ``places`` are ``(unit_field, date_field)`` pairs, as for ``scope_filter`` (a meeting is
    reached through its organizer or its province, each on the meeting's date).
    """
    _check_permission(permission)
    grants = [g for g in user_grants(user) if permission in g.permissions]
    if not grants:
        return queryset.none()
    if any(g.everywhere for g in grants):
        return queryset
    condition = Q()
    for unit_field, date_field in places:
        day = OuterRef(date_field) if date_field is not None else None
        for grant in grants:
            condition |= _grant_q(grant, unit_field, day)
    return queryset.filter(condition)
