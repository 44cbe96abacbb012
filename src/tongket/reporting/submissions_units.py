"""Where a report goes and who is expected to send one: the unit hierarchy on given days.

Parent links carry validity intervals, so the answer depends on the date: a commune reported
to its district until 30/06/2025 and to its province from 01/07/2025.

One rule finds the recipient, whether for one report being opened (read from the database)
or for every unit at once when counting who should have reported (read into memory once):
the nearest ancestor of the recipient kind; failing one, the only unit of that kind directly
under the nearest ancestor that has one (a commune reports to its province's department,
which sits beside it rather than above it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from django.db.models import Q

from tongket.units.models import Unit, UnitLink
from tongket.units.selectors import unit_parent

# Deep enough for country → province → district → commune and agencies below them; a guard
# against a cycle in bad reference data, not a real limit.
_MAX_DEPTH = 12

Interval = tuple[dt.date, dt.date | None]


def _covers(interval: Interval, day: dt.date) -> bool:
    return interval[0] <= day and (interval[1] is None or day <= interval[1])


def _on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def units_valid_between(start: dt.date, end: dt.date) -> Q:
    """A filter on ``Unit`` for units that existed at some time in ``[start, end]``."""
    return Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


class Tree(Protocol):
    def parent(self, unit_id: int, day: dt.date) -> int | None: ...

    def kind(self, unit_id: int) -> str: ...

    def children_of_kind(self, unit_id: int, kind: str, day: dt.date) -> list[int]: ...


def ancestors_on(tree: Tree, unit_id: int, day: dt.date) -> list[int]:
    """Ids of the units containing ``unit_id`` on ``day``, nearest first."""
    chain: list[int] = []
    seen = {unit_id}
    current: int | None = unit_id
    for _ in range(_MAX_DEPTH):
        current = tree.parent(current, day)
        if current is None or current in seen:
            break
        seen.add(current)
        chain.append(current)
    return chain


def recipient_find(tree: Tree, *, unit_id: int, kind: str, day: dt.date) -> int | None:
    """The id of the unit of ``kind`` that receives ``unit_id``'s reports on ``day``."""
    ancestors = ancestors_on(tree, unit_id, day)
    for ancestor in ancestors:
        if tree.kind(ancestor) == kind:
            return ancestor
    for ancestor in ancestors:
        beside = [c for c in tree.children_of_kind(ancestor, kind, day) if c != unit_id]
        if len(beside) == 1:
            return beside[0]
        if beside:
            return None
    return None


class DatabaseTree:
    """The hierarchy read query by query: for one unit at a time."""

    def __init__(self) -> None:
        self.kinds: dict[int, str] = {}

    def parent(self, unit_id: int, day: dt.date) -> int | None:
        parent = unit_parent(Unit(pk=unit_id), on=day)
        if parent is None:
            return None
        self.kinds[parent.pk] = parent.kind
        return parent.pk

    def kind(self, unit_id: int) -> str:
        if unit_id not in self.kinds:
            self.kinds[unit_id] = Unit.objects.values_list("kind", flat=True).get(pk=unit_id)
        return self.kinds[unit_id]

    def children_of_kind(self, unit_id: int, kind: str, day: dt.date) -> list[int]:
        links = UnitLink.objects.filter(_on(day), parent_id=unit_id).values("child_id")
        return list(
            Unit.objects.filter(_on(day), kind=kind, pk__in=links).values_list("pk", flat=True)[:3]
        )


class MemoryTree:
    """The hierarchy of a period read once: for every unit of a province or the country."""

    def __init__(
        self,
        units: dict[int, tuple[str, Interval]],
        links: Iterable[tuple[int, int, dt.date, dt.date | None]],
    ) -> None:
        self.units = units
        self.parents: dict[int, list[tuple[Interval, int]]] = defaultdict(list)
        self.children: dict[int, list[tuple[Interval, int]]] = defaultdict(list)
        for child, parent, start, end in links:
            self.parents[child].append(((start, end), parent))
            self.children[parent].append(((start, end), child))
        for rows in self.parents.values():
            rows.sort(key=lambda r: (r[0][0], r[1]))
        # Every commune of a province asks for the department beside the same ancestor on the
        # same day: the answer is kept (the tree does not change once read).
        self._children_memo: dict[tuple[int, str, dt.date], list[int]] = {}

    @classmethod
    def load(cls, *, start: dt.date, end: dt.date) -> MemoryTree:
        units = {
            pk: (kind, (a, b))
            for pk, kind, a, b in Unit.objects.values_list("pk", "kind", "valid_from", "valid_to")
        }
        links = UnitLink.objects.filter(units_valid_between(start, end)).values_list(
            "child_id", "parent_id", "valid_from", "valid_to"
        )
        return cls(units, links)

    def parent(self, unit_id: int, day: dt.date) -> int | None:
        return next((p for interval, p in self.parents[unit_id] if _covers(interval, day)), None)

    def kind(self, unit_id: int) -> str:
        return self.units[unit_id][0]

    def children_of_kind(self, unit_id: int, kind: str, day: dt.date) -> list[int]:
        key = (unit_id, kind, day)
        found = self._children_memo.get(key)
        if found is None:
            found = self._children_memo[key] = [
                c
                for interval, c in self.children[unit_id]
                if _covers(interval, day)
                and self.units[c][0] == kind
                and _covers(self.units[c][1], day)
            ]
        return list(found)


def unit_recipient_on(*, unit: Unit, kind: str, day: dt.date) -> Unit | None:
    """The unit of ``kind`` that receives ``unit``'s reports on ``day``, if one is found.

    The hierarchy is walked in this process's cached copy of the unit tree (no query); a unit
    newer than the copy is looked up in the database."""
    from tongket.reporting.reference import unit_tree

    tree = unit_tree()
    source: Tree = tree if unit.pk in tree.units else DatabaseTree()
    found = recipient_find(source, unit_id=unit.pk, kind=kind, day=day)
    if found is None:
        return None
    from tongket.units.cached import unit_by_id

    return unit_by_id(found) or Unit.objects.get(pk=found)


def reporters_of(
    tree: MemoryTree,
    *,
    recipient: Unit,
    kinds: Iterable[str],
    recipient_kind: str,
    start: dt.date,
    end: dt.date,
) -> set[int]:
    """Ids of the units of ``kinds`` existing in ``[start, end]`` that report to ``recipient``.

    Each unit is judged on the period's last day (or its own, if it ended earlier), as when
    its report is opened. A unit the rule finds no recipient for (a nationwide enterprise
    under the country) is expected by every recipient below its parent. A ``recipient`` of
    another kind than ``recipient_kind`` stands for everything below it.
    """
    wanted = set(kinds)
    r_day = min(end, recipient.valid_to) if recipient.valid_to else end
    scope = {recipient.pk, *ancestors_on(tree, recipient.pk, r_day)}
    by_rule = bool(recipient_kind) and recipient.kind == recipient_kind
    found: set[int] = set()
    for pk, (kind, (a, b)) in tree.units.items():
        if kind not in wanted or a > end or (b is not None and b < start):
            continue
        day = min(end, b) if b else end
        if not by_rule:
            # A unit of another kind than the form's recipients (a province asked about a
            # form its department receives): everything below it.
            if recipient.pk in ancestors_on(tree, pk, day):
                found.add(pk)
            continue
        to = recipient_find(tree, unit_id=pk, kind=recipient_kind, day=day)
        if to == recipient.pk or (to is None and tree.parent(pk, day) in scope):
            found.add(pk)
    return found
