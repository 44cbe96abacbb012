"""Reading people and the positions they held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from tongket.meetings.models import Person, Position
from tongket.meetings.text import person_key


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
