"""Reading people and the positions they held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tongket.meetings.models import Person, Position
from tongket.meetings.text import person_key
from tongket.units.models import Unit, UnitSuccession


def person_list(*, name: str | None = None) -> QuerySet[Person]:
    qs = Person.objects.select_related("scope").prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("unit").order_by("valid_from", "id"),
        )
    )
    if name:
        qs = qs.filter(name_key__contains=person_key(name))
    return qs.order_by("full_name", "id")


def _related_scopes(scope: Unit) -> list[int]:
    """The scope and the units it succeeded or that succeeded it (a province before and after
    a merger or a rename), so a leader keeps one identity across the change."""
    ids = [scope.pk]
    for pred, succ in UnitSuccession.objects.filter(
        Q(successor=scope) | Q(predecessor=scope)
    ).values_list("predecessor_id", "successor_id"):
        ids.append(pred if succ == scope.pk else succ)
    return ids


def person_find_by_key(*, key: str, scope: Unit | None) -> Person | None:
    """The person whose normalized name is ``key`` in ``scope`` (or in a province it became or
    came from), the one of the exact scope first."""
    if scope is None:
        return Person.objects.filter(name_key=key, scope=None).order_by("id").first()
    ids = _related_scopes(scope)
    found = list(Person.objects.filter(name_key=key, scope_id__in=ids).order_by("id"))
    found.sort(key=lambda p: (p.scope_id != scope.pk, p.pk))
    return found[0] if found else None


def person_find(*, name: str, scope: Unit | None) -> Person | None:
    """The person ``person_get_or_create`` would return for ``name`` in ``scope``, without
    creating one."""
    return person_find_by_key(key=person_key(name), scope=scope)


def person_titles_on(*, person: Person, on: dt.date) -> list[str]:
    """The titles ``person`` is known to have held on ``on``."""
    return [
        p.title
        for p in person.positions.all()
        if (p.valid_from is None or p.valid_from <= on) and (p.valid_to is None or on <= p.valid_to)
    ]


def person_rows(people: Iterable[Person]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "name": p.full_name,
            "scope": p.scope.name if p.scope else None,
            "positions": [
                {
                    "title": pos.title,
                    "unit": pos.unit.name if pos.unit else None,
                    "from": pos.valid_from.isoformat() if pos.valid_from else None,
                    "to": pos.valid_to.isoformat() if pos.valid_to else None,
                }
                for pos in p.positions.all()
            ],
            "is_synthetic": p.is_synthetic,
        }
        for p in people
    ]
