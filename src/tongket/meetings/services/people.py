"""People: one identity per normalized name within a province, whatever their title."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Person, Position
from tongket.meetings.refs import province_of
from tongket.meetings.selectors.people import person_find_by_key
from tongket.meetings.text import clean, person_key, person_name, text_key
from tongket.units.models import Unit


def person_scope(*, unit: Unit | None, on: dt.date | None) -> Unit | None:
    """Where a name identifies one person: the unit's province, else the unit itself."""
    if unit is None:
        return None
    if on is not None:
        province = province_of(unit, on=on)
        if province is not None:
            return province
    return unit


def person_get_or_create(
    *,
    name: str,
    actor: str,
    unit: Unit | None = None,
    province: Unit | None = None,
    title: str = "",
    on: dt.date | None = None,
    is_synthetic: bool = False,
    source_document_id: int | None = None,
    source_span: tuple[int, int] | None = None,
) -> Person:
    """The person named ``name`` in ``province`` (or the province of ``unit``), created once.

    A new title never makes a new person: it is recorded as a position of the same one.
    ``source_document_id`` and ``source_span`` mark a position first read from a document.
    """
    full_name = person_name(name)
    if not full_name:
        raise MeetingsError("Thiếu họ tên", "Name missing")
    key = person_key(full_name)
    scope = province or person_scope(unit=unit, on=on)
    with transaction.atomic():
        person = person_find_by_key(key=key, scope=scope)
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
            position_observe(
                person=person,
                title=title,
                unit=unit,
                on=on,
                actor=actor,
                source_document_id=source_document_id,
                source_span=source_span,
            )
    return person


def position_observe(
    *,
    person: Person,
    title: str,
    unit: Unit | None,
    on: dt.date | None,
    actor: str,
    source_document_id: int | None = None,
    source_span: tuple[int, int] | None = None,
) -> Position:
    """Record that ``person`` held ``title`` on ``on``: widen the matching position or add one
    (marked with the document it was read from, when given)."""
    title = clean(title)
    if not title:
        raise MeetingsError("Thiếu chức vụ", "Title missing")
    key = text_key(title)
    position = (
        Position.objects.filter(person=person, title_key=key, unit=unit).order_by("id").first()
    )
    if position is None:
        position = Position.objects.create(
            person=person,
            title=title,
            title_key=key,
            unit=unit,
            valid_from=on,
            valid_to=on,
            source_document_id=source_document_id,
            source_span_start=source_span[0] if source_span else None,
            source_span_end=source_span[1] if source_span else None,
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
