"""Where a report goes and who is expected to send one: the unit hierarchy on given days.

Parent links carry validity intervals, so the answer depends on the date: a commune reported
to its district until 30/06/2025 and to its province from 01/07/2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from tongket.units.models import Unit, UnitLink

# Deep enough for country → province → district → commune and agencies below them; a guard
# against a cycle in bad reference data, not a real limit.
_MAX_DEPTH = 12
_CHUNK = 5000


def _on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _overlapping(start: dt.date, end: dt.date) -> Q:
    return Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


def unit_ancestors_on(*, unit: Unit, day: dt.date) -> list[Unit]:
    """The units containing ``unit`` on ``day``, nearest first."""
    chain: list[Unit] = []
    seen = {unit.pk}
    current = unit
    for _ in range(_MAX_DEPTH):
        link = (
            UnitLink.objects.filter(_on(day), child=current)
            .select_related("parent")
            .order_by("-valid_from", "parent_id")
            .first()
        )
        if link is None or link.parent_id in seen:
            break
        current = link.parent
        seen.add(current.pk)
        chain.append(current)
    return chain


def unit_recipient_on(*, unit: Unit, kind: str, day: dt.date) -> Unit | None:
    """The unit of ``kind`` that receives ``unit``'s reports on ``day``.

    The nearest ancestor of that kind; failing one, the only unit of that kind directly under
    the nearest ancestor that has one (an enterprise under a province reports to that
    province's department, which sits beside it rather than above it).
    """
    ancestors = unit_ancestors_on(unit=unit, day=day)
    for ancestor in ancestors:
        if ancestor.kind == kind:
            return ancestor
    for ancestor in ancestors:
        candidates = list(
            Unit.objects.filter(
                _on(day),
                kind=kind,
                pk__in=UnitLink.objects.filter(_on(day), parent=ancestor).values("child_id"),
            ).exclude(pk=unit.pk)[:2]
        )
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return None
    return None


def unit_descendant_ids(*, roots: Iterable[int], start: dt.date, end: dt.date) -> set[int]:
    """Ids of the units under ``roots`` through links valid at some time in ``[start, end]``."""
    found: set[int] = set()
    frontier = sorted(set(roots))
    for _ in range(_MAX_DEPTH):
        if not frontier:
            break
        children: set[int] = set()
        # Chunked so a level of ten thousand communes stays under SQLite's parameter limit.
        for i in range(0, len(frontier), _CHUNK):
            children.update(
                UnitLink.objects.filter(
                    _overlapping(start, end), parent_id__in=frontier[i : i + _CHUNK]
                ).values_list("child_id", flat=True)
            )
        frontier = sorted(children - found)
        found.update(frontier)
    return found


def units_valid_between(start: dt.date, end: dt.date) -> Q:
    """A filter on ``Unit`` for units that existed at some time in ``[start, end]``."""
    return _overlapping(start, end)
