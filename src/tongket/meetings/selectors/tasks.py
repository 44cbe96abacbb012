"""Reading tasks: lists with their status on a day, overdue lists, completion rates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from tongket.core.numbers import format_date
from tongket.core.period_words import period_label
from tongket.core.periods import PeriodKind, period_for_day
from tongket.meetings.models import Task, TaskSource, TaskStatus
from tongket.meetings.rules import task_status
from tongket.units.models import Unit


def task_status_expression(today: dt.date) -> Case:
    """``task_status`` as a database expression (the two are tested to agree)."""
    done = Q(completed_on__isnull=False, completed_on__lte=today)
    return Case(
        When(
            done & (Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))),
            then=Value(TaskStatus.DONE_ON_TIME.value),
        ),
        When(done, then=Value(TaskStatus.DONE_LATE.value)),
        When(Q(deadline__lt=today), then=Value(TaskStatus.OVERDUE.value)),
        default=Value(TaskStatus.IN_PROGRESS.value),
    )


def task_list(
    *,
    today: dt.date,
    lead_ids: Sequence[int] | None = None,
    unit_ids: Sequence[int] | None = None,
    status: str | None = None,
    source: str | None = None,
    year: int | None = None,
    meeting_id: int | None = None,
) -> QuerySet[Task]:
    """Tasks annotated with ``status`` on ``today``.

    ``lead_ids``: led by these units; ``unit_ids``: led or supported by them; ``year``: the
    deadline's year (the assignment's when there is no deadline).
    """
    qs = (
        Task.objects.select_related(
            "lead",
            "meeting",
            "notice",
            "key_task__plan__period",
            "assigned_by_unit",
            "assigned_by_person",
        )
        .prefetch_related("supporting")
        .annotate(status=task_status_expression(today))
        .order_by("deadline", "id")
    )
    if lead_ids is not None:
        qs = qs.filter(lead_id__in=lead_ids)
    if unit_ids is not None:
        qs = qs.filter(Q(lead_id__in=unit_ids) | Q(supporting__in=unit_ids)).distinct()
    if status:
        if status not in TaskStatus.values:
            raise ValueError(status)
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if year is not None:
        qs = qs.filter(Q(deadline__year=year) | Q(deadline__isnull=True, assigned_on__year=year))
    if meeting_id is not None:
        qs = qs.filter(meeting_id=meeting_id)
    return qs


def task_alive_in(year: int) -> Q:
    """Tasks that had something to do in ``year``: assigned in it, due in it, or still open
    when it began (an overdue task of an earlier year stays on the list until it is done)."""
    start = dt.date(year, 1, 1)
    return (
        Q(assigned_on__year=year)
        | Q(deadline__year=year)
        | (Q(assigned_on__lt=start) & (Q(completed_on__isnull=True) | Q(completed_on__gte=start)))
    )


def task_status_counts(tasks: QuerySet[Task]) -> dict[str, int]:
    """How many of ``tasks`` (from ``task_list``) are in each status: the one count that the
    dashboard, the task page and the command line show."""
    rows = (
        tasks.prefetch_related(None)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk", distinct=True))
        .values_list("status", "n")
    )
    counts = dict(rows)
    return {status: counts.get(status, 0) for status in TaskStatus.values}


def task_overdue_list(*, today: dt.date, lead_ids: Sequence[int] | None = None) -> QuerySet[Task]:
    """Tasks not done whose deadline has passed, the longest overdue first."""
    return task_list(today=today, lead_ids=lead_ids, status=TaskStatus.OVERDUE).order_by(
        "deadline", "id"
    )


def _source_ref(task: Task) -> str:
    if task.source == TaskSource.PLAN and task.key_task_id:
        plan = task.key_task.plan
        return _("Kế hoạch %(period)s, nhiệm vụ trọng tâm %(order)s") % {
            "period": period_label(plan.period.code),
            "order": task.key_task.order,
        }
    if task.document_number:
        if not task.document_date:
            return task.document_number
        return _("%(number)s ngày %(date)s") % {
            "number": task.document_number,
            "date": format_date(task.document_date),
        }
    if task.meeting_id:
        return f"{task.meeting.title} ({task.meeting.date:%d/%m/%Y})"
    return ""


def task_rows(tasks: Iterable[Task], *, today: dt.date) -> list[dict[str, Any]]:
    """One plain row per task (for the CLI, the web pages and exports)."""
    rows = []
    for task in tasks:
        status = getattr(task, "status", None) or task_status(
            deadline=task.deadline, completed_on=task.completed_on, today=today
        )
        rows.append(
            {
                "id": task.pk,
                "text": task.text,
                "lead": task.lead.name,
                "lead_code": task.lead.code,
                "support": [u.name for u in task.supporting.all()],
                "deadline": task.deadline.isoformat() if task.deadline else None,
                "status": str(status),
                "status_label": str(TaskStatus(status).label),
                "assigned_on": task.assigned_on.isoformat(),
                "completed_on": task.completed_on.isoformat() if task.completed_on else None,
                "source": task.source,
                "source_ref": _source_ref(task),
                "assigned_by": (
                    task.assigned_by_person.full_name if task.assigned_by_person else None
                ),
                "assigned_by_unit": task.assigned_by_unit.name if task.assigned_by_unit else None,
                "meeting_id": task.meeting_id,
                "notice": task.notice.number if task.notice_id else None,
                "is_synthetic": task.is_synthetic,
            }
        )
    return rows


def _period_label(day: dt.date, kind: PeriodKind) -> str:
    return period_for_day(day, kind).code


def task_completion_rates(
    *,
    today: dt.date,
    by: str,
    period_kind: PeriodKind = PeriodKind.YEAR,
    lead_ids: Sequence[int] | None = None,
    year: int | None = None,
    tasks: QuerySet[Task] | None = None,
) -> list[dict[str, Any]]:
    """Counts per status and rates, grouped ``by`` ``lead``, ``source`` or ``period``.

    ``tasks`` narrows the count to a queryset of tasks (those a user may see).

    ``completion_rate`` is done (on time or late) over all tasks of the group;
    ``on_time_rate`` is done on time over all tasks. The period of a task is the one its
    deadline falls in (its assignment date when it has none).
    """
    if by not in ("lead", "source", "period"):
        raise ValueError(by)
    qs = Task.objects.all() if tasks is None else tasks.order_by()
    if lead_ids is not None:
        qs = qs.filter(lead_id__in=lead_ids)
    if year is not None:
        qs = qs.filter(Q(deadline__year=year) | Q(deadline__isnull=True, assigned_on__year=year))
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TaskStatus.values, 0))
    labels: dict[Any, str] = {}
    fields = ("deadline", "completed_on", "assigned_on", "source", "lead_id", "lead__name")
    for deadline, completed_on, assigned_on, source, lead_id, lead_name in qs.values_list(*fields):
        status = task_status(deadline=deadline, completed_on=completed_on, today=today)
        if by == "lead":
            key, labels[lead_id] = lead_id, lead_name
        elif by == "source":
            key, labels[source] = source, str(TaskSource(source).label)
        else:
            key = _period_label(deadline or assigned_on, PeriodKind(period_kind))
            labels[key] = key
        counts[key][status] += 1
    rows = []
    for key, c in counts.items():
        total = sum(c.values())
        done = c[TaskStatus.DONE_ON_TIME] + c[TaskStatus.DONE_LATE]
        rows.append(
            {
                "group": by,
                "key": key,
                "label": labels[key],
                "total": total,
                **c,
                "done": done,
                "completion_rate": done / total if total else None,
                "on_time_rate": c[TaskStatus.DONE_ON_TIME] / total if total else None,
            }
        )
    if by == "lead":
        _disambiguate(rows)
    rows.sort(key=lambda r: str(r["label"]) if by != "period" else r["key"])
    return rows


def _disambiguate(rows: list[dict[str, Any]]) -> None:
    """Two rows of one name (a unit before and after a merger) get their validity."""
    names = defaultdict(list)
    for row in rows:
        names[row["label"]].append(row)
    clashes = [r for same in names.values() if len(same) > 1 for r in same]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[r["key"] for r in clashes])}
    for row in clashes:
        unit = units[row["key"]]
        end = format_date(unit.valid_to) if unit.valid_to else "nay"
        row["label"] = f"{row['label']} ({format_date(unit.valid_from)}–{end})"


def task_progress_rows(*, task: Task) -> list[dict[str, Any]]:
    """The progress updates of a task, oldest first, with their evidence."""
    return [
        {
            "id": p.pk,
            "on": p.on.isoformat(),
            "text": p.text,
            "percent": p.percent,
            "evidence": p.evidence,
            "file": p.evidence_file.name or None,
            "file_name": p.evidence_file.name.rsplit("/", 1)[-1] if p.evidence_file else None,
            "reported_by": p.reported_by_person.full_name if p.reported_by_person else None,
            "reported_by_unit": p.reported_by_unit.name if p.reported_by_unit else None,
            "actor": p.actor,
        }
        for p in task.progress.select_related("reported_by_person", "reported_by_unit").order_by(
            "on", "id"
        )
    ]
