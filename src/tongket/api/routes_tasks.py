"""Assigned tasks: list, one task with its progress, assign, report progress, complete,
change the deadline."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import (
    access_meeting,
    access_task,
    task_scope,
)
from tongket.api.access import access_unit_on, units_by_id
from tongket.api.auth import permission_require
from tongket.api.common import Id, Page, Paging, Text, Year, page
from tongket.api.idempotency import idempotent
from tongket.meetings.models import TaskSource, TaskStatus
from tongket.meetings.selectors import (
    task_list,
    task_rows,
)
from tongket.meetings.services import (
    task_complete,
    task_create,
    task_deadline_change,
    task_progress_add,
)

router = Router(tags=["tasks"])


# ----------------------------------------------------------------------------- tasks


class TaskOut(Schema):
    id: int
    text: str
    lead: str
    lead_code: str
    support: list[str]
    deadline: dt.date | None
    status: TaskStatus
    status_label: str
    assigned_on: dt.date
    completed_on: dt.date | None
    source: TaskSource
    source_ref: str
    assigned_by: str | None
    assigned_by_unit: str | None
    meeting_id: int | None
    notice: str | None
    is_synthetic: bool


class ProgressOut(Schema):
    id: int
    on: dt.date
    text: str
    percent: int | None
    evidence: str
    file: str | None
    file_name: str | None
    reported_by: str | None
    reported_by_unit: str | None
    actor: str


class TaskDetail(TaskOut):
    completion_note: str
    progress: list[ProgressOut]


class TaskFilter(Paging):
    status: TaskStatus | None = None
    source: TaskSource | None = None
    year: Year | None = None
    meeting: Id | None = None


@router.get("/tasks", response=Page[TaskOut], url_name="tasks", summary="Nhiệm vụ / tasks")
def tasks_list(request: HttpRequest, filters: Query[TaskFilter]):
    permission_require(request, roles.TASK_VIEW)
    today = timezone.localdate()
    qs = task_scope(
        task_list(
            today=today,
            status=filters.status,
            source=filters.source,
            year=filters.year,
            meeting_id=filters.meeting,
        ),
        user=request.user,
    )
    return page(request, qs, filters, rows=lambda tasks: task_rows(tasks, today=today))


def _progress_rows(task) -> list[dict]:
    updates = task.progress.select_related("reported_by_person", "reported_by_unit")
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
        for p in updates.order_by("on", "id")
    ]


def _task_detail(task) -> dict:
    today = timezone.localdate()
    (row,) = task_rows(task_list(today=today).filter(pk=task.pk), today=today)
    task.refresh_from_db()
    return {
        **row,
        "completion_note": task.completion_note,
        "progress": _progress_rows(task),
    }


@router.get("/tasks/{task_id}", response=TaskDetail, url_name="task", summary="Một nhiệm vụ")
def task_get(request: HttpRequest, task_id: Id):
    permission_require(request, roles.TASK_VIEW)
    return _task_detail(access_task(user=request.user, task_id=task_id))


class TaskIn(Schema):
    text: Text = Field(min_length=1, max_length=5000)
    lead_id: Id
    source: TaskSource = Field(description="meeting | document (plan: from a plan's key task)")
    meeting_id: Id | None = None
    document_number: Text = Field("", max_length=64)
    document_date: dt.date | None = None
    document_title: Text = Field("", max_length=500)
    assigned_on: dt.date | None = None
    deadline: dt.date | None = None
    supporting_ids: list[Id] = Field(default_factory=list, max_length=100)


@router.post("/tasks", response={201: TaskDetail}, url_name="tasks_create", summary="Giao nhiệm vụ")
@decorate_view(idempotent)
def tasks_create(request: HttpRequest, body: TaskIn):
    permission_require(request, roles.TASK_ASSIGN)
    meeting = None
    if body.meeting_id is not None:
        meeting = access_meeting(user=request.user, meeting_id=body.meeting_id)
    day = body.assigned_on or (meeting.last_day if meeting else None) or body.document_date
    lead = access_unit_on(
        user=request.user,
        unit_id=body.lead_id,
        permission=roles.TASK_ASSIGN,
        on=day or timezone.localdate(),
    )
    task = task_create(
        text=body.text,
        lead=lead,
        source=body.source,
        actor=request.user.get_username(),
        deadline=body.deadline,
        supporting=units_by_id(body.supporting_ids, "supporting_ids"),
        assigned_on=body.assigned_on,
        meeting=meeting,
        document_number=body.document_number,
        document_date=body.document_date,
        document_title=body.document_title,
    )
    return Status(201, _task_detail(task))


class ProgressIn(Schema):
    text: Text = Field(min_length=1, max_length=5000)
    on: dt.date | None = Field(None, description="Ngày báo cáo (mặc định hôm nay)")
    percent: int | None = Field(None, ge=0, le=100)
    evidence: Text = Field("", max_length=5000, description="Minh chứng / evidence")


@router.post(
    "/tasks/{task_id}/progress",
    response={201: TaskDetail},
    url_name="task_progress",
    summary="Báo cáo tiến độ / report progress",
)
@decorate_view(idempotent)
def task_progress(request: HttpRequest, task_id: Id, body: ProgressIn):
    permission_require(request, roles.TASK_REPORT)
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_REPORT)
    task_progress_add(
        task=task,
        on=body.on or timezone.localdate(),
        text=body.text,
        actor=request.user.get_username(),
        percent=body.percent,
        evidence=body.evidence,
    )
    return Status(201, _task_detail(task))


class CompleteIn(Schema):
    on: dt.date | None = Field(None, description="Ngày hoàn thành (mặc định hôm nay)")
    note: Text = Field("", max_length=5000)


@router.post(
    "/tasks/{task_id}/complete",
    response=TaskDetail,
    url_name="task_complete",
    summary="Báo hoàn thành / mark done",
)
@decorate_view(idempotent)
def task_done(request: HttpRequest, task_id: Id, body: CompleteIn):
    permission_require(request, roles.TASK_REPORT)
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_REPORT)
    task_complete(
        task=task,
        on=body.on or timezone.localdate(),
        actor=request.user.get_username(),
        note=body.note,
    )
    return _task_detail(task)


class DeadlineIn(Schema):
    deadline: dt.date
    reason: Text = Field(min_length=1, max_length=2000)


@router.post(
    "/tasks/{task_id}/deadline",
    response=TaskDetail,
    url_name="task_deadline",
    summary="Đổi thời hạn, có lý do / change the deadline with a reason",
)
@decorate_view(idempotent)
def task_deadline(request: HttpRequest, task_id: Id, body: DeadlineIn):
    permission_require(request, roles.TASK_ASSIGN)
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_ASSIGN)
    task_deadline_change(
        task=task, deadline=body.deadline, actor=request.user.get_username(), reason=body.reason
    )
    return _task_detail(task)
