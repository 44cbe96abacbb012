"""Which units a table shows: a unit named by code on a date, its children, its peers.

Two views of history:

* valid in the period: the units and parent links valid on the last day of the period
  (``UnitAncestor`` rows carry validity intervals);
* today's units: every unit is mapped to the unit that covers it today
  (``tongket.units.selectors.unit_today_map``) and rolled up through today's links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tongket.units.models import Unit, UnitAncestor, UnitKind


class AnalyticsError(ValueError):
    """Bad input to an analytics query; the message is Vietnamese / English."""


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    kind: str


# When a code names units of several kinds on the same day, administrative units win.
_KIND_PRIORITY = [
    UnitKind.PROVINCE,
    UnitKind.COMMUNE,
    UnitKind.DISTRICT,
    UnitKind.COUNTRY,
    UnitKind.DEPARTMENT,
    UnitKind.AGENCY,
    UnitKind.ENTERPRISE,
    UnitKind.PRESS,
]


def today() -> dt.date:
    return timezone.localdate()


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind)


def unit_at(*, code: str, on: dt.date) -> UnitRef:
    """The unit with ``code`` valid on ``on`` (code 80 was Long An in 2017, Tây Ninh today)."""
    found = list(Unit.objects.filter(_valid_on(on), code=code))
    if not found:
        other = Unit.objects.filter(code=code).order_by("valid_from").first()
        when = f"{on:%d/%m/%Y}"
        if other is None:
            raise AnalyticsError(f"Không có đơn vị mã «{code}» / no unit with code «{code}»")
        raise AnalyticsError(
            f"Đơn vị mã «{code}» không có hiệu lực ngày {when} (ví dụ: {other.name} từ "
            f"{other.valid_from:%d/%m/%Y}) / no unit with code «{code}» is valid on {when}"
        )
    found.sort(key=lambda u: _KIND_PRIORITY.index(u.kind) if u.kind in _KIND_PRIORITY else 99)
    return _ref(found[0])


def unit_children(*, unit_id: int, on: dt.date) -> list[UnitRef]:
    """Direct children of a unit through the links valid on ``on``, by code."""
    ids = UnitAncestor.objects.filter(_valid_on(on), ancestor_id=unit_id, depth=1).values("unit_id")
    return [_ref(u) for u in Unit.objects.filter(_valid_on(on), id__in=ids).order_by("code")]


def units_of_kind(*, kind: str, on: dt.date) -> list[UnitRef]:
    return [_ref(u) for u in Unit.objects.filter(_valid_on(on), kind=kind).order_by("code")]


def unit_peers(*, unit: UnitRef, on: dt.date) -> list[UnitRef]:
    """Units of the same kind under the same parent on ``on`` (the unit included)."""
    parent = (
        UnitAncestor.objects.filter(_valid_on(on), unit_id=unit.id, depth=1)
        .values_list("ancestor_id", flat=True)
        .first()
    )
    if parent is None:
        # A top-level unit (a province without a country row): its peers are all units of
        # its kind that are top-level on that day too.
        linked = UnitAncestor.objects.filter(_valid_on(on), depth=1).values("unit_id")
        return [
            _ref(u)
            for u in Unit.objects.filter(_valid_on(on), kind=unit.kind)
            .exclude(id__in=linked)
            .order_by("code")
        ]
    return [u for u in unit_children(unit_id=parent, on=on) if u.kind == unit.kind]


def today_map() -> dict[int, int]:
    """Retired units → the unit that covers each today (units valid today are left out).

    Units that ended without a successor, or split into several, have no entry: their values
    have no single place among today's units and are not counted there.
    """
    from tongket.units.selectors import unit_today_map

    return {old: new for old, new in unit_today_map(today=today()).items() if old != new}
