"""Units as this process last read them (``core.refcache``: dropped when unit data changes)."""

from __future__ import annotations

from tongket.core.refcache import reference_cached
from tongket.units.models import Unit


def _units() -> dict[int, Unit]:
    # Every unit at once (a few thousand rows): on deadline day each report names another
    # commune, so a cache filled one unit at a time would miss on nearly every call.
    return reference_cached(("units",), lambda: {u.pk: u for u in Unit.objects.all()})


def unit_by_id(pk: int) -> Unit | None:
    """A unit by id (a report's recipient, the unit of a role), from the reference cache; a
    unit newer than the cached copy is read from the database."""
    found = _units().get(pk)
    if found is None:
        found = Unit.objects.filter(pk=pk).first()
    return found
