"""People: one identity per normalized name within a province, whatever their title."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from tongket.core.audit import audit_record
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Person, Position
from tongket.meetings.refs import province_of
from tongket.meetings.text import clean, person_key, person_name, text_key
from tongket.units.models import Unit, UnitSuccession


def person_scope(*, unit: Unit | None, on: dt.date | None) -> Unit | None:
    """Where a name identifies one person: the unit's province, else the unit itself."""
    if unit is None:
        return None
    if on is not None:
        province = province_of(unit, on=on)
        if province is not None:
            return province
    return unit


def _related_scopes(scope: Unit) -> list[int]:
    """The scope and the units it succeeded or that succeeded it (a province before and after
    a merger or a rename), so a leader keeps one identity across the change."""
    ids = [scope.pk]
    for pred, succ in UnitSuccession.objects.filter(
        Q(successor=scope) | Q(predecessor=scope)
    ).values_list("predecessor_id", "successor_id"):
        ids.append(pred if succ == scope.pk else succ)
    return ids


def _find(key: str, scope: Unit | None) -> Person | None:
    if scope is None:
        return Person.objects.filter(name_key=key, scope=None).order_by("id").first()
    ids = _related_scopes(scope)
    found = list(Person.objects.filter(name_key=key, scope_id__in=ids).order_by("id"))
    # The exact scope first, then a predecessor's or successor's.
    found.sort(key=lambda p: (p.scope_id != scope.pk, p.pk))
    return found[0] if found else None


def person_get_or_create(
    *,
    name: str,
    actor: str,
    unit: Unit | None = None,
    province: Unit | None = None,
    title: str = "",
    on: dt.date | None = None,
    is_synthetic: bool = False,
) -> Person:
    """The person named ``name`` in ``province`` (or the province of ``unit``), created once.

    A new title never makes a new person: it is recorded as a position of the same one.
    """
    full_name = person_name(name)
    if not full_name:
        raise MeetingsError("Thiếu họ tên", "Name missing")
    key = person_key(full_name)
    scope = province or person_scope(unit=unit, on=on)
    with transaction.atomic():
        person = _find(key, scope)
        if person is None:
            person = Person.objects.create(
                full_name=full_name, name_key=key, scope=scope, is_synthetic=is_synthetic
            )
            audit_record(
                actor=actor,
                action="person.created",
                object_type="person",
                object_id=person.pk,
                unit=scope,
                summary=full_name,
            )
        if clean(title):
            position_observe(person=person, title=title, unit=unit, on=on, actor=actor)
    return person


def position_observe(
    *, person: Person, title: str, unit: Unit | None, on: dt.date | None, actor: str
) -> Position:
    """Record that ``person`` held ``title`` on ``on``: widen the matching position or add one."""
    title = clean(title)
    if not title:
        raise MeetingsError("Thiếu chức vụ", "Title missing")
    key = text_key(title)
    position = (
        Position.objects.filter(person=person, title_key=key, unit=unit).order_by("id").first()
    )
    if position is None:
        position = Position.objects.create(
            person=person, title=title, title_key=key, unit=unit, valid_from=on, valid_to=on
        )
        audit_record(
            actor=actor,
            action="person.position_added",
            object_type="person",
            object_id=person.pk,
            unit=unit,
            summary=f"{person.full_name}: {title}",
            new={"title": title, "on": on.isoformat() if on else None},
        )
        return position
    if on is not None:
        changed = []
        if position.valid_from is None or on < position.valid_from:
            position.valid_from = on
            changed.append("valid_from")
        # A closed interval widens; an open one (held until now) stays open.
        if position.valid_to is not None and on > position.valid_to:
            position.valid_to = on
            changed.append("valid_to")
        if changed:
            position.save(update_fields=changed)
    return position


def position_add(
    *,
    person: Person,
    title: str,
    unit: Unit | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    actor: str,
) -> Position:
    """Record a position with a known interval (``valid_to`` None: held until now)."""
    title = clean(title)
    if not title:
        raise MeetingsError("Thiếu chức vụ", "Title missing")
    if valid_from and valid_to and valid_to < valid_from:
        raise MeetingsError(
            "Ngày kết thúc chức vụ trước ngày bắt đầu",
            "the position ends before it begins",
        )
    position = Position.objects.create(
        person=person,
        title=title,
        title_key=text_key(title),
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit_record(
        actor=actor,
        action="person.position_added",
        object_type="person",
        object_id=person.pk,
        unit=unit,
        summary=f"{person.full_name}: {title}",
    )
    return position
