"""Writing and reading the audit trail. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from tongket.core.models import AuditEntry


def audit_record(
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int = "",
    unit: Any = None,
    summary: str = "",
    old: Any = None,
    new: Any = None,
    reason: str = "",
    user: Any = None,
) -> AuditEntry:
    """Write one entry. ``action`` is a stable code such as ``value.changed``."""
    return AuditEntry.objects.create(
        actor=actor,
        user=user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        unit=unit,
        summary=summary[:500],
        old=old,
        new=new,
        reason=reason,
    )


def audit_record_many(entries: list[AuditEntry], *, batch_size: int = 1000) -> None:
    """Write many entries at once (bulk imports); build them with ``AuditEntry(...)``."""
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def audit_entry_list(
    *,
    unit_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("unit").order_by("-at", "-id")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if actor:
        qs = qs.filter(actor=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id is not None:
        qs = qs.filter(object_id=str(object_id))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs
