"""Write a :class:`ReferenceSet` to the database as a diff (bulk, idempotent).

A unit of the data is matched to a stored unit by ``(kind, code, valid_from)``, or else by
the one stored unit of the same kind and code whose interval overlaps it (so correcting a
date in the data updates the row instead of adding a second one). Links and successions
between two reference units belong to the data: those the data no longer has are removed.
Units are never deleted: values may hang on them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from tongket.core.refcache import reference_changed
from tongket.units.models import Unit, UnitLink, UnitSuccession
from tongket.units.reference import Key, ReferenceDataError, ReferenceSet, UnitSpec

UNIT_FIELDS = (
    "name",
    "short_name",
    "abbreviation",
    "name_en",
    "division_type",
    "valid_from",
    "valid_to",
    "legal_basis",
)
_CHUNK = 500


def _overlaps(a: Unit, b: UnitSpec) -> bool:
    return (a.valid_to is None or a.valid_to >= b.valid_from) and (
        b.valid_to is None or b.valid_to >= a.valid_from
    )


def _match_units(ref: ReferenceSet) -> tuple[dict[Key, Unit], int, int]:
    stored = list(Unit.objects.filter(kind__in={u.kind for u in ref.units}))
    by_key = {(u.kind, u.code, u.valid_from): u for u in stored}
    by_code: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for u in stored:
        by_code[(u.kind, u.code)].append(u)

    matched: dict[Key, Unit] = {}
    used: set[int] = set()
    for spec in ref.units:
        unit = by_key.get(spec.key)
        if unit is not None:
            matched[spec.key] = unit
            used.add(unit.pk)
    missing: list[UnitSpec] = []
    changed: list[Unit] = []
    for spec in ref.units:
        if spec.key in matched:
            continue
        near = [
            u for u in by_code[(spec.kind, spec.code)] if u.pk not in used and _overlaps(u, spec)
        ]
        if len(near) > 1:
            raise ReferenceDataError(
                f"{spec.kind} {spec.code}: «{spec.name}» trùng thời gian với nhiều đơn vị đã lưu / "
                f"overlaps several stored units ({', '.join(u.name for u in near)})"
            )
        if near:
            matched[spec.key] = near[0]
            used.add(near[0].pk)
        else:
            missing.append(spec)
    for spec in ref.units:
        unit = matched.get(spec.key)
        if unit is None:
            continue
        dirty = False
        for name in UNIT_FIELDS:
            if getattr(unit, name) != getattr(spec, name):
                setattr(unit, name, getattr(spec, name))
                dirty = True
        if dirty:
            changed.append(unit)
    if changed:
        Unit.objects.bulk_update(changed, UNIT_FIELDS, batch_size=_CHUNK)
    created = Unit.objects.bulk_create(
        [
            Unit(kind=s.kind, code=s.code, **{f: getattr(s, f) for f in UNIT_FIELDS})
            for s in missing
        ],
        batch_size=_CHUNK,
    )
    for spec, unit in zip(missing, created, strict=True):
        matched[spec.key] = unit
    return matched, len(created), len(changed)


def _sync_links(ref: ReferenceSet, ids: dict[Key, int]) -> dict[str, int]:
    ours = set(ids.values())
    wanted = {
        (ids[link.child], ids[link.parent], link.valid_from): link.valid_to for link in ref.links
    }
    stored: dict[tuple, tuple] = {}
    stale: list[int] = []
    for pk, child, parent, start, end in UnitLink.objects.values_list(
        "id", "child_id", "parent_id", "valid_from", "valid_to"
    ):
        if child in ours and parent in ours:
            if (child, parent, start) in wanted:
                stored[(child, parent, start)] = (pk, end)
            else:
                stale.append(pk)
    for i in range(0, len(stale), _CHUNK):
        UnitLink.objects.filter(id__in=stale[i : i + _CHUNK]).delete()
    updated = [
        UnitLink(id=stored[key][0], valid_to=end)
        for key, end in wanted.items()
        if key in stored and stored[key][1] != end
    ]
    UnitLink.objects.bulk_update(updated, ["valid_to"], batch_size=_CHUNK)
    new = [
        UnitLink(child_id=c, parent_id=p, valid_from=start, valid_to=end)
        for (c, p, start), end in wanted.items()
        if (c, p, start) not in stored
    ]
    UnitLink.objects.bulk_create(new, batch_size=_CHUNK)
    return {"links_created": len(new), "links_updated": len(updated), "links_deleted": len(stale)}


def _sync_successions(ref: ReferenceSet, ids: dict[Key, int]) -> dict[str, int]:
    ours = set(ids.values())
    wanted = {
        (ids[s.predecessor], ids[s.successor]): (s.date, s.event, s.legal_basis)
        for s in ref.successions
    }
    stored: dict[tuple[int, int], tuple[int, tuple]] = {}
    stale: list[int] = []
    for pk, pred, succ, date, event, legal in UnitSuccession.objects.values_list(
        "id", "predecessor_id", "successor_id", "date", "event", "legal_basis"
    ):
        if pred in ours and succ in ours:
            if (pred, succ) in wanted:
                stored[(pred, succ)] = (pk, (date, event, legal))
            else:
                stale.append(pk)
    for i in range(0, len(stale), _CHUNK):
        UnitSuccession.objects.filter(id__in=stale[i : i + _CHUNK]).delete()
    updated = [
        UnitSuccession(id=stored[key][0], date=v[0], event=v[1], legal_basis=v[2])
        for key, v in wanted.items()
        if key in stored and stored[key][1] != v
    ]
    UnitSuccession.objects.bulk_update(updated, ["date", "event", "legal_basis"])
    new = [
        UnitSuccession(predecessor_id=p, successor_id=s, date=v[0], event=v[1], legal_basis=v[2])
        for (p, s), v in wanted.items()
        if (p, s) not in stored
    ]
    UnitSuccession.objects.bulk_create(new, batch_size=_CHUNK)
    return {
        "successions_created": len(new),
        "successions_updated": len(updated),
        "successions_deleted": len(stale),
    }


def _check_codes(ref: ReferenceSet) -> None:
    """After the sync, a code and a date still name one unit (a hand-made unit may clash)."""
    codes = {(u.kind, u.code) for u in ref.units}
    by_code: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for kind, code, name, start, end in Unit.objects.filter(
        kind__in={k for k, _ in codes}
    ).values_list("kind", "code", "name", "valid_from", "valid_to"):
        if (kind, code) in codes:
            by_code[(kind, code)].append((start, end, name))
    for (kind, code), rows in by_code.items():
        rows.sort(key=lambda r: r[0])
        for a, b in itertools.pairwise(rows):
            if a[1] is None or a[1] >= b[0]:
                raise ReferenceDataError(
                    f"{kind} {code}: «{a[2]}» và «{b[2]}» cùng mã trong cùng thời gian; sửa "
                    f"đơn vị đã lưu rồi nạp lại / «{a[2]}» and «{b[2]}» share the code over "
                    "the same time; fix the stored unit and load again"
                )


def reference_sync(ref: ReferenceSet) -> dict[str, int]:
    """Store ``ref`` (call inside a transaction); returns what was created, changed, removed."""
    matched, created, updated = _match_units(ref)
    ids = {key: unit.pk for key, unit in matched.items()}
    counts = {"units_created": created, "units_updated": updated}
    counts.update(_sync_links(ref, ids))
    counts.update(_sync_successions(ref, ids))
    _check_codes(ref)
    reference_changed()  # bulk writes send no signals: the cached unit trees are dropped here
    counts.update(
        {
            "units": len(ref.units),
            "links": len(ref.links),
            "successions": len(ref.successions),
        }
    )
    return counts
