"""Reading conclusion notices (with the late ones flagged)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, QuerySet

from tongket.meetings.models import Notice, NoticeStatus, TaskStatus
from tongket.meetings.rules import task_status


def notice_list(
    *,
    unit_ids: Sequence[int] | None = None,
    year: int | None = None,
    late: bool | None = None,
    status: str | None = None,
) -> QuerySet[Notice]:
    qs = (
        Notice.objects.select_related("meeting", "issuer")
        .annotate(n_items=Count("items"))
        .order_by("-issued_on", "-id")
    )
    if unit_ids is not None:
        qs = qs.filter(issuer_id__in=unit_ids)
    if year is not None:
        qs = qs.filter(meeting__date__year=year)
    if late is not None:
        qs = qs.filter(is_late=late, status=NoticeStatus.ISSUED)
    if status:
        qs = qs.filter(status=status)
    return qs


def notice_rows(notices: Iterable[Notice]) -> list[dict[str, Any]]:
    return [
        {
            "id": n.pk,
            "number": n.number or None,
            "status": n.status,
            "issuer": n.issuer.name,
            "meeting_id": n.meeting_id,
            "meeting": n.meeting.title,
            "meeting_date": n.meeting.last_day.isoformat(),
            "issued_on": n.issued_on.isoformat() if n.issued_on else None,
            "due_on": n.due_on.isoformat() if n.due_on else None,
            "late": n.is_late,
            "items": getattr(n, "n_items", None),
            "is_synthetic": n.is_synthetic,
        }
        for n in notices
    ]


def notice_items(*, notice: Notice, today: dt.date) -> list[dict[str, Any]]:
    """The assignments of a notice, each with the task it became and that task's status."""
    rows = []
    for item in notice.items.select_related("lead", "task").prefetch_related("supporting"):
        task = item.task
        status = (
            task_status(deadline=task.deadline, completed_on=task.completed_on, today=today)
            if task is not None
            else None
        )
        rows.append(
            {
                "order": item.order,
                "text": item.text,
                "lead": item.lead.name,
                "lead_code": item.lead.code,
                "support": [u.name for u in item.supporting.all()],
                "deadline": item.deadline.isoformat() if item.deadline else None,
                "task_id": item.task_id,
                "status": str(status) if status else None,
                "status_label": str(TaskStatus(status).label) if status else None,
            }
        )
    return rows
