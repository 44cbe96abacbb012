"""Reading in-app notifications."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from tongket.meetings.models import Notification


def notification_list(
    *, unit_ids: Sequence[int] | None = None, unread: bool | None = None
) -> QuerySet[Notification]:
    qs = Notification.objects.select_related("task", "unit").order_by("-created_at", "-id")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs
