"""Plans: a unit's key tasks for a period, the state of the tasks under them and the targets."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import access_object
from tongket.accounts.scope import scope_filter
from tongket.api.access import access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Id, Page, Paging, Text, Year, page
from tongket.api.idempotency import idempotent
from tongket.core.periods import Period as PeriodCode
from tongket.meetings.models import Plan
from tongket.meetings.refs import period_code
from tongket.meetings.selectors import plan_list, plan_overview
from tongket.meetings.services import plan_create, plan_key_task_add
from tongket.units.models import Unit

router = Router(tags=["plans"])


def _plan_units(plan: Plan) -> list[tuple[Unit, dt.date | None]]:
    # A plan belongs to its unit as the unit was at the end of the plan's period.
    return [(plan.unit, plan.period.end)]


def access_plan(*, user, plan_id: int, permission: str = roles.MEETING_VIEW) -> Plan:
    return access_object(
        user=user,
        queryset=Plan.objects.select_related("unit", "period", "meeting"),
        pk=plan_id,
        permission=permission,
        units_of=_plan_units,
        object_type="plan",
    )


class PlanOut(Schema):
    id: int
    unit_id: int
    unit: str
    unit_code: str
    period: str
    title: str
    decision_number: str | None
    decision_date: dt.date | None
    meeting_id: int | None
    key_tasks: int
    is_synthetic: bool


class KeyTaskOut(Schema):
    order: int
    text: str
    tasks: dict[str, int] = Field(description="Số nhiệm vụ theo trạng thái / tasks per status")


class TargetOut(Schema):
    indicator: str
    unit: str
    name: str
    unit_of_measure: str
    target: float | None
    value: float | None
    direction: str
    attainment: float | None
    met: bool | None


class PlanDetail(Schema):
    id: int
    unit: str
    unit_code: str
    period: str
    title: str
    decision_number: str | None
    meeting_id: int | None
    key_tasks: list[KeyTaskOut]
    tasks: dict[str, int]
    targets: list[TargetOut]
    is_synthetic: bool


class PlanFilter(Paging):
    year: Year | None = None
    unit_id: Id | None = None


def _rows(plans: list[Plan]) -> list[dict]:
    counts = dict(
        Plan.objects.filter(pk__in=[p.pk for p in plans])
        .values_list("pk")
        .annotate(n=Count("key_tasks"))
    )
    return [
        {
            "id": p.pk,
            "unit_id": p.unit_id,
            "unit": p.unit.name,
            "unit_code": p.unit.code,
            "period": p.period.code,
            "title": p.title,
            "decision_number": p.decision_number or None,
            "decision_date": p.decision_date,
            "meeting_id": p.meeting_id,
            "key_tasks": counts.get(p.pk, 0),
            "is_synthetic": p.is_synthetic,
        }
        for p in plans
    ]


@router.get("/plans", response=Page[PlanOut], url_name="plans", summary="Kế hoạch / plans")
def plans_list(request: HttpRequest, filters: Query[PlanFilter]):
    permission_require(request, roles.MEETING_VIEW)
    qs = plan_list(
        unit_ids=[filters.unit_id] if filters.unit_id is not None else None, year=filters.year
    )
    qs = scope_filter(
        qs, user=request.user, permission=roles.MEETING_VIEW, date_field="period__end"
    )
    return page(request, qs, filters, rows=_rows)


def _detail(plan: Plan) -> dict:
    return plan_overview(plan=plan, today=timezone.localdate())


@router.get(
    "/plans/{plan_id}",
    response=PlanDetail,
    url_name="plan",
    summary="Một kế hoạch: nhiệm vụ trọng tâm, tiến độ, chỉ tiêu / one plan at a glance",
)
def plan_get(request: HttpRequest, plan_id: Id):
    permission_require(request, roles.MEETING_VIEW)
    return _detail(access_plan(user=request.user, plan_id=plan_id))


class PlanIn(Schema):
    unit_id: Id
    period: Text = Field(
        min_length=4,
        max_length=32,
        examples=["2026", "Năm 2026", "6 tháng đầu năm 2026"],
        description="Kỳ kế hoạch, mã hoặc chữ / the period, as a code or in words",
    )
    title: Text = Field("", max_length=500)
    key_tasks: list[Text] = Field(default_factory=list, max_length=100)
    decision_number: Text = Field("", max_length=64)
    decision_date: dt.date | None = None


@router.post("/plans", response={201: PlanDetail}, url_name="plans_create", summary="Thêm kế hoạch")
@decorate_view(idempotent)
def plans_create(request: HttpRequest, body: PlanIn):
    permission_require(request, roles.MEETING_MANAGE)
    period = PeriodCode.parse(period_code(body.period))
    unit = access_unit_on(
        user=request.user,
        unit_id=body.unit_id,
        permission=roles.MEETING_MANAGE,
        on=period.end(),
    )
    plan = plan_create(
        unit=unit,
        period=period.code,
        title=body.title,
        key_tasks=body.key_tasks,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        actor=request.user.get_username(),
    )
    return Status(201, _detail(plan))


class KeyTaskIn(Schema):
    text: Text = Field(min_length=1, max_length=5000)


@router.post(
    "/plans/{plan_id}/key-tasks",
    response={201: PlanDetail},
    url_name="plan_key_tasks_add",
    summary="Thêm nhiệm vụ trọng tâm / add a key task",
)
@decorate_view(idempotent)
def plan_key_tasks_add(request: HttpRequest, plan_id: Id, body: KeyTaskIn):
    permission_require(request, roles.MEETING_MANAGE)
    plan = access_plan(user=request.user, plan_id=plan_id, permission=roles.MEETING_MANAGE)
    plan_key_task_add(plan=plan, text=body.text, actor=request.user.get_username())
    return Status(201, _detail(plan))
