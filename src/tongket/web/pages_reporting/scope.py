"""Which units the pickers of the reporting pages offer a user, and which one they start on.

A picker lists the units valid on the day the page looks at (the end of the chosen period, or
today for a period still running): a country-wide role gets the country and its provinces of
that day (the 63 provinces in 2017, the 34 of today); a department's staff or a leader get the
units their scope starts from (their province, with the provinces merged into it for the years
before) and the units directly under those; a reporting unit gets itself.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from tongket.accounts.access import access_unit
from tongket.accounts.scope import user_grants
from tongket.core.collation import sort_key
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.units.models import Unit, UnitAncestor, UnitKind

_KIND_ORDER = {
    UnitKind.COUNTRY: 0,
    UnitKind.PROVINCE: 1,
    UnitKind.DEPARTMENT: 2,
    UnitKind.DISTRICT: 3,
    UnitKind.COMMUNE: 4,
    UnitKind.AGENCY: 5,
    UnitKind.ENTERPRISE: 6,
    UnitKind.PRESS: 7,
}


def valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _sorted(units) -> list[Unit]:
    return sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 9), sort_key(u.name), u.code))


def period_day(period: PeriodCode, today: dt.date | None = None) -> dt.date:
    """The day a page about ``period`` looks at units on: its last day, or today if later."""
    today = today or timezone.localdate()
    return min(period.end(), today)


def parse_period(code: str | None, *, default: PeriodCode) -> PeriodCode:
    if not code:
        return default
    try:
        return PeriodCode.parse(code)
    except PeriodError:
        raise Http404("Kỳ không hợp lệ / invalid period") from None


def picker_units(user, *, permission: str, day: dt.date) -> tuple[list[Unit], list[Unit]]:
    """(the units the user's scope starts from, the units directly under them), valid on
    ``day``; for a country-wide role, the country and its provinces."""
    grants = [g for g in user_grants(user) if permission in g.permissions]
    if any(g.everywhere for g in grants):
        top = Unit.objects.filter(valid_on(day), kind=UnitKind.COUNTRY)
        provinces = Unit.objects.filter(valid_on(day), kind=UnitKind.PROVINCE)
        return _sorted(top), _sorted(provinces)
    roots = set().union(*(g.roots for g in grants)) if grants else set()
    own = _sorted(Unit.objects.filter(valid_on(day), pk__in=roots))
    reach = set().union(*(g.roots for g in grants if g.descendants)) if grants else set()
    below: list[Unit] = []
    if reach:
        links = UnitAncestor.objects.filter(valid_on(day), ancestor_id__in=reach, depth=1)
        below = _sorted(
            Unit.objects.filter(valid_on(day), pk__in=links.values("unit_id")).exclude(pk__in=roots)
        )
    return own, below


def default_unit(own: list[Unit], below: list[Unit]) -> Unit | None:
    """The country, else the user's province, else the first unit of their scope."""
    for kind in (UnitKind.COUNTRY, UnitKind.PROVINCE):
        for unit in own:
            if unit.kind == kind:
                return unit
    return own[0] if own else (below[0] if below else None)


def chosen_unit(
    user, *, permission: str, unit_id: str | None, day: dt.date
) -> tuple[Unit | None, list[Unit], list[Unit]]:
    """The unit a page shows (``unit_id`` checked against the scope: 404 outside it), and the
    picker's two groups.

    A unit that did not exist on ``day`` gives way to the unit of the same code and kind that
    did (today's Hưng Yên asked about 2017 shows the Hưng Yên of 2017), when there is one.
    """
    own, below = picker_units(user, permission=permission, day=day)
    if not unit_id:
        return default_unit(own, below), own, below
    unit = access_unit(user=user, unit_id=unit_id, permission=permission)
    if not unit.is_valid_on(day):
        then = (
            Unit.objects.filter(valid_on(day), code=unit.code, kind=unit.kind)
            .order_by("valid_from")
            .first()
        )
        if then is not None and any(u.pk == then.pk for u in own + below):
            unit = then
    return unit, own, below
