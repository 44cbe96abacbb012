"""The closure of parent links (``UnitAncestor``), computed in memory and written as a diff.

A row says: from ``valid_from`` to ``valid_to`` (the intersection of the intervals of the links
on the path), ``ancestor`` contains ``unit`` ``depth`` levels up. Depth 0 is the unit itself,
over its own validity. Two paths to the same ancestor (a unit that moved and came back) give
two rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from tongket.units.models import Unit, UnitAncestor, UnitLink

Interval = tuple[dt.date, dt.date | None]
Row = tuple[int, int, int, dt.date, dt.date | None]  # unit, ancestor, depth, from, to

_CHUNK = 500


class HierarchyCycleError(ValueError):
    pass


def _intersect(a: Interval, b: Interval) -> Interval | None:
    start = max(a[0], b[0])
    ends = [e for e in (a[1], b[1]) if e is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    return start, end


def closure_rows(
    *,
    units: dict[int, Interval],
    links: Iterable[tuple[int, int, dt.date, dt.date | None]],
    targets: Iterable[int] | None = None,
) -> set[Row]:
    """The closure rows of ``targets`` (all units when None) from ``(child, parent, from, to)``."""
    parents: dict[int, list[tuple[int, Interval]]] = defaultdict(list)
    for child, parent, start, end in links:
        parents[child].append((parent, (start, end)))
    up: dict[int, list[tuple[int, int, Interval]]] = {}

    def above(node: int, path: tuple[int, ...]) -> list[tuple[int, int, Interval]]:
        if node in up:
            return up[node]
        if node in path:
            raise HierarchyCycleError(
                f"Vòng lặp trực thuộc qua các đơn vị {list(path)} / parent links form a cycle "
                f"through units {list(path)}"
            )
        found: list[tuple[int, int, Interval]] = []
        for parent, interval in parents.get(node, ()):
            found.append((parent, 1, interval))
            for ancestor, depth, higher in above(parent, (*path, node)):
                both = _intersect(interval, higher)
                if both is not None:
                    found.append((ancestor, depth + 1, both))
        up[node] = found
        return found

    rows: set[Row] = set()
    for unit_id in units if targets is None else targets:
        start, end = units[unit_id]
        rows.add((unit_id, unit_id, 0, start, end))
        for ancestor, depth, (a, b) in above(unit_id, ()):
            rows.add((unit_id, ancestor, depth, a, b))
    return rows


def subtree_ids(
    roots: Iterable[int], links: Iterable[tuple[int, int, dt.date, dt.date | None]]
) -> set[int]:
    """``roots`` and every unit ever linked below them."""
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent, _start, _end in links:
        children[parent].append(child)
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(children.get(node, ()))
    return seen


def hierarchy_sync(*, unit_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Make ``UnitAncestor`` match the links for ``unit_ids`` and their subtrees (or all)."""
    links = list(UnitLink.objects.values_list("child_id", "parent_id", "valid_from", "valid_to"))
    units = {
        pk: (start, end)
        for pk, start, end in Unit.objects.values_list("id", "valid_from", "valid_to")
    }
    targets = None if unit_ids is None else subtree_ids(unit_ids, links) & units.keys()
    wanted = closure_rows(units=units, links=links, targets=targets)

    existing = UnitAncestor.objects.values_list(
        "id", "unit_id", "ancestor_id", "depth", "valid_from", "valid_to"
    )
    if targets is None:
        current = list(existing)
    else:
        ordered = sorted(targets)
        current = []
        for i in range(0, len(ordered), _CHUNK):
            current.extend(existing.filter(unit_id__in=ordered[i : i + _CHUNK]))
    stale: list[int] = []
    have: set[Row] = set()
    for pk, *row in current:
        key = tuple(row)
        if key in wanted and key not in have:
            have.add(key)  # type: ignore[arg-type]
        else:
            stale.append(pk)
    for i in range(0, len(stale), _CHUNK):
        UnitAncestor.objects.filter(id__in=stale[i : i + _CHUNK]).delete()
    new = [
        UnitAncestor(unit_id=u, ancestor_id=a, depth=d, valid_from=f, valid_to=t)
        for u, a, d, f, t in sorted(wanted - have, key=lambda r: (r[0], r[2], r[1], r[3]))
    ]
    UnitAncestor.objects.bulk_create(new, batch_size=2000)
    return {"ancestors_created": len(new), "ancestors_deleted": len(stale)}
