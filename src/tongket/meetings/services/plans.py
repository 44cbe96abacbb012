"""Plans: a unit's key tasks for a period (its targets are ``reporting.Target`` rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from tongket.core.audit import audit_record
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import KeyTask, Meeting, Plan
from tongket.meetings.refs import period_code, unit_find
from tongket.meetings.text import clean, texts_checked
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit


@transaction.atomic
def plan_create(
    *,
    unit: Unit,
    period: str,
    actor: str,
    key_tasks: Sequence[str] = (),
    title: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    meeting: Meeting | None = None,
    is_synthetic: bool = False,
    fingerprint: str = "",
) -> Plan:
    texts_checked(title=title, decision_number=decision_number)
    for index, text in enumerate(key_tasks, start=1):
        texts_checked(row=f"mục/item {index}", key_tasks=text)
    code = period_code(period)
    stored = period_get_or_create(code)
    try:
        unit_find(unit, on=stored.start if unit.is_valid_on(stored.start) else stored.end)
    except MeetingsError as error:
        raise error.at(column="unit") from None
    if Plan.objects.filter(unit=unit, period=stored).exists():
        raise MeetingsError(
            f"«{unit.name}» đã có kế hoạch kỳ {code}",
            f"«{unit.name}» already has a plan for {code}",
            column="period",
        )
    plan = Plan.objects.create(
        unit=unit,
        period=stored,
        title=clean(title) or f"Kế hoạch {stored.code} của {unit.name}",
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        meeting=meeting,
        is_synthetic=is_synthetic,
        fingerprint=fingerprint,
    )
    for text in key_tasks:
        plan_key_task_add(plan=plan, text=text, actor=actor, audit=False)
    audit_record(
        actor=actor,
        action="plan.created",
        object_type="plan",
        object_id=plan.pk,
        unit=unit,
        summary=plan.title,
        new={"key_tasks": len(key_tasks)},
    )
    return plan


def plan_key_task_add(*, plan: Plan, text: str, actor: str, audit: bool = True) -> KeyTask:
    texts_checked(key_tasks=text)
    text = clean(text)
    if not text:
        raise MeetingsError(
            "Nhiệm vụ trọng tâm trống", "Key task text is empty", column="key_tasks"
        )
    last = plan.key_tasks.aggregate(m=Max("order"))["m"] or 0
    key_task = KeyTask.objects.create(plan=plan, order=last + 1, text=text)
    if audit:
        audit_record(
            actor=actor,
            action="plan.key_task_added",
            object_type="plan",
            object_id=plan.pk,
            unit=plan.unit,
            summary=text,
        )
    return key_task
