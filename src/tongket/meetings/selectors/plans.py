"""Reading plans: key tasks with the state of their tasks, targets with the values reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from tongket.meetings.models import Plan, TaskStatus
from tongket.meetings.refs import province_of
from tongket.meetings.rules import task_status
from tongket.reporting.models import Direction, Target, Value


def plan_list(*, unit_ids: Sequence[int] | None = None, year: int | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("unit", "period", "meeting").order_by("-period__start", "id")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if year is not None:
        qs = qs.filter(period__year=year)
    return qs


def plan_targets(*, plan: Plan) -> list[dict[str, Any]]:
    """The targets for the plan's period of its unit and, for a department, of its province
    (the sector's targets the department answers for), with the value reached where there is
    one.

    ``attainment`` is value / target for "higher is better" and target / value for "lower is
    better", so 1.0 means the target was met either way.
    """
    units = [plan.unit]
    for day in (plan.period.end, plan.period.start):
        province = province_of(plan.unit, on=day) if plan.unit.is_valid_on(day) else None
        if province is not None:
            if province.pk != plan.unit.pk:
                units.append(province)
            break
    targets = list(
        Target.objects.filter(unit__in=units, period=plan.period)
        .select_related("indicator", "unit")
        .order_by("indicator__sort_order", "indicator__code", "unit_id")
    )
    values = {
        (unit_id, indicator_id): value
        for unit_id, indicator_id, value in Value.objects.filter(
            unit__in=units,
            period=plan.period,
            indicator__in=[t.indicator_id for t in targets],
        ).values_list("unit_id", "indicator_id", "value")
    }
    rows = []
    for t in targets:
        value = values.get((t.unit_id, t.indicator_id))
        attainment = None
        if value is not None and t.value:
            if t.direction == Direction.LOWER:
                attainment = t.value / value if value else None
            else:
                attainment = value / t.value
        rows.append(
            {
                "indicator": t.indicator.code,
                "unit": t.unit.name,
                "name": t.indicator.name,
                "unit_of_measure": t.indicator.unit_of_measure,
                "target": t.value,
                "value": value,
                "direction": t.direction,
                "attainment": attainment,
                "met": None if attainment is None else attainment >= 1.0,
            }
        )
    return rows


def plan_overview(*, plan: Plan, today: dt.date) -> dict[str, Any]:
    """A plan at a glance: each key task with its tasks per status, and the targets."""
    key_tasks = []
    totals = dict.fromkeys(TaskStatus.values, 0)
    for kt in plan.key_tasks.prefetch_related("tasks").order_by("order"):
        counts = dict.fromkeys(TaskStatus.values, 0)
        for task in kt.tasks.all():
            status = task_status(
                deadline=task.deadline, completed_on=task.completed_on, today=today
            )
            counts[status] += 1
            totals[status] += 1
        key_tasks.append({"order": kt.order, "text": kt.text, "tasks": counts})
    return {
        "id": plan.pk,
        "unit": plan.unit.name,
        "unit_code": plan.unit.code,
        "period": plan.period.code,
        "title": plan.title,
        "decision_number": plan.decision_number or None,
        "meeting_id": plan.meeting_id,
        "key_tasks": key_tasks,
        "tasks": totals,
        "targets": plan_targets(plan=plan),
        "is_synthetic": plan.is_synthetic,
    }
