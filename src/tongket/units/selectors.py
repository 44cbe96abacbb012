"""Reading units: by code and date, by name, through the hierarchy and through history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.units.errors import UnitAmbiguous, UnitNotFound
from tongket.units.index import UnitIndex
from tongket.units.models import Unit, UnitAncestor, UnitLink, UnitSuccession

__all__ = [
    "HistoryStep",
    "UnitAmbiguous",
    "UnitIndex",
    "UnitNotFound",
    "unit_children",
    "unit_descendant_ids",
    "unit_get",
    "unit_history",
    "unit_parent",
    "unit_resolve",
    "unit_today",
    "unit_today_map",
    "units_valid_on",
]


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def units_valid_on(day: dt.date, *, kind: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(_valid_on(day))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "code")


def unit_get(*, code: str, on: dt.date, kind: str | None = None) -> Unit:
    """The unit with official or internal ``code`` on ``on`` (a code names a unit with a date)."""
    qs = Unit.objects.filter(_valid_on(on), code=str(code).strip())
    if kind:
        qs = qs.filter(kind=kind)
    found = list(qs[:20])
    if len(found) == 1:
        return found[0]
    if found:
        raise UnitAmbiguous(code, on, found)
    others = Unit.objects.filter(code=str(code).strip())
    if kind:
        others = others.filter(kind=kind)
    hint = "; ".join(
        f"{u.name} {format_date(u.valid_from)}–{format_date(u.valid_to) or 'nay'}"
        for u in others.order_by("valid_from")[:5]
    )
    raise UnitNotFound(
        code,
        on,
        kind=kind,
        by_code=True,
        hint=f"mã này dùng cho / the code was used for: {hint}" if hint else "",
    )


def unit_resolve(ref: str, *, on: dt.date, kinds: Iterable[str] | str | None = None) -> Unit:
    """The unit a code or a name (with or without «Tỉnh»/«Thành phố») names on ``on``.

    Raises ``UnitNotFound`` or ``UnitAmbiguous`` (which lists the candidates). For many
    references use ``UnitIndex`` once instead.
    """
    text = str(ref).strip()
    by_code = Unit.objects.filter(_valid_on(on), code=text)
    if kinds is not None:
        by_code = by_code.filter(kind__in=[kinds] if isinstance(kinds, str) else list(kinds))
    found = list(by_code[:2])
    if len(found) == 1:  # the common case, without loading every unit
        return found[0]
    return UnitIndex.load(kinds=kinds).resolve_or_raise(ref, on)


def unit_parent(unit: Unit, *, on: dt.date) -> Unit | None:
    link = (
        UnitLink.objects.filter(_valid_on(on), child=unit)
        .select_related("parent")
        .order_by("valid_from")
        .first()
    )
    return link.parent if link else None


def unit_children(unit: Unit, *, on: dt.date) -> QuerySet[Unit]:
    links = UnitLink.objects.filter(_valid_on(on), parent=unit).values("child_id")
    return Unit.objects.filter(_valid_on(on), id__in=links).order_by("kind", "code")


def unit_descendant_ids(unit: Unit, *, on: dt.date, kind: str | None = None) -> list[int]:
    """Ids of every unit below ``unit`` on ``on`` (not ``unit`` itself), via the closure."""
    qs = UnitAncestor.objects.filter(_valid_on(on), ancestor=unit, depth__gte=1)
    if kind:
        qs = qs.filter(unit__kind=kind)
    return sorted(set(qs.values_list("unit_id", flat=True)))


def _today_targets(
    start: int,
    valid: dict[int, tuple[dt.date, dt.date | None]],
    successors: dict[int, set[int]],
    today: dt.date,
    memo: dict[int, frozenset[int]],
) -> frozenset[int]:
    """Today's units that ``start`` leads to through its successors."""
    if start in memo:
        return memo[start]
    memo[start] = frozenset()  # a cycle in the data leads nowhere
    begin, end = valid[start]
    if begin <= today and (end is None or today <= end):
        found = frozenset({start})
    elif begin > today:
        found = frozenset()
    else:
        found = frozenset().union(
            *(_today_targets(s, valid, successors, today, memo) for s in successors[start])
        )
    memo[start] = found
    return found


def unit_today_map(*, today: dt.date | None = None) -> dict[int, int]:
    """Every unit id → the id of the unit that covers it today (itself while still valid).

    Units that ended without a successor, or whose successors split into several units
    today, are left out.
    """
    today = today or timezone.localdate()
    valid = {pk: (a, b) for pk, a, b in Unit.objects.values_list("id", "valid_from", "valid_to")}
    successors: dict[int, set[int]] = defaultdict(set)
    for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        successors[pred].add(succ)
    memo: dict[int, frozenset[int]] = {}
    result = {}
    for pk in valid:
        targets = _today_targets(pk, valid, successors, today, memo)
        if len(targets) == 1:
            result[pk] = next(iter(targets))
    return result


def unit_today(unit: Unit, *, today: dt.date | None = None) -> Unit:
    """The unit valid today that ``unit`` became (through renames and mergers)."""
    today = today or timezone.localdate()
    valid: dict[int, tuple[dt.date, dt.date | None]] = {unit.pk: (unit.valid_from, unit.valid_to)}
    successors: dict[int, set[int]] = defaultdict(set)
    frontier = {unit.pk}
    while frontier:
        rows = UnitSuccession.objects.filter(predecessor_id__in=frontier).values_list(
            "predecessor_id",
            "successor_id",
            "successor__valid_from",
            "successor__valid_to",
        )
        frontier = set()
        for pred, succ, begin, end in rows:
            successors[pred].add(succ)
            if succ not in valid:
                valid[succ] = (begin, end)
                frontier.add(succ)
    targets = _today_targets(unit.pk, valid, successors, today, {})
    if len(targets) == 1:
        target = next(iter(targets))
        return unit if target == unit.pk else Unit.objects.get(pk=target)
    if targets:
        raise UnitAmbiguous(unit.name, today, list(Unit.objects.filter(pk__in=targets)))
    raise UnitNotFound(
        unit.code,
        today,
        kind=unit.kind,
        by_code=True,
        hint=(
            f"«{unit.name}» không có đơn vị kế thừa còn hiệu lực / "
            f"«{unit.name}» has no successor valid on that day"
        ),
    )


@dataclass(frozen=True)
class HistoryStep:
    date: dt.date
    event: str
    predecessor: Unit
    successor: Unit
    legal_basis: str


def unit_history(unit: Unit) -> list[HistoryStep]:
    """The successions around ``unit``: its chain back and forward, and merge partners."""
    chain = {unit.pk}
    for field, other in (("successor_id", "predecessor_id"), ("predecessor_id", "successor_id")):
        frontier = {unit.pk}
        while frontier:
            found = set(
                UnitSuccession.objects.filter(**{f"{field}__in": frontier}).values_list(
                    other, flat=True
                )
            )
            frontier = found - chain
            chain |= found
    steps = (
        UnitSuccession.objects.filter(Q(predecessor_id__in=chain) | Q(successor_id__in=chain))
        .select_related("predecessor", "successor")
        .order_by("date", "predecessor__code", "id")
    )
    return [HistoryStep(s.date, s.event, s.predecessor, s.successor, s.legal_basis) for s in steps]
