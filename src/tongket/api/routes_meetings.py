"""Meetings, assigned tasks (with progress updates) and commendations."""

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
    commendation_scope,
    meeting_scope,
    task_scope,
)
from tongket.api.access import access_commendation, access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, Text, Year, page
from tongket.api.errors import ApiError
from tongket.api.idempotency import idempotent
from tongket.meetings.models import AwardForm, MeetingKind, ParticipantRole, TaskSource, TaskStatus
from tongket.meetings.selectors import (
    commendation_list,
    commendation_rows,
    meeting_detail,
    meeting_list,
    meeting_rows,
    task_list,
    task_rows,
)
from tongket.meetings.services import (
    PersonSpec,
    RecipientSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    meeting_update,
    task_complete,
    task_create,
    task_deadline_change,
    task_progress_add,
)
from tongket.units.models import Unit

router = Router(tags=["meetings"])

LongText = Text


def _units(ids: list[int], field: str) -> list[Unit]:
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApiError(
            422,
            "invalid_request",
            f"Không có đơn vị số {', '.join(map(str, missing))}",
            f"There is no unit #{', '.join(map(str, missing))}",
            [{"loc": ["body", field]}],
        )
    return [found[i] for i in ids]


# ----------------------------------------------------------------------------- meetings


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    date: str
    end_date: str | None
    place: str
    organizer: str
    organizer_code: str
    province: str | None
    province_code: str | None
    chair: str | None
    chair_title: str
    reviewed: list[str]
    planned: list[str]
    participants: int | None
    figures: int | None
    tasks: int | None
    notices: list[str]
    source: str
    is_synthetic: bool


class MeetingDetailOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    date: str
    end_date: str | None
    place: str
    organizer: str
    organizer_code: str
    province: str | None
    province_code: str | None
    chair: str | None
    chair_title: str
    reviewed: list[str]
    planned: list[str]
    agenda: str
    minutes: str
    conclusions: str
    participants: list[dict]
    reports: list[dict]
    figures: list[dict]
    documents: list[dict]
    notices: list[dict]
    tasks: list[dict]
    commendations: list[dict]
    source: str
    source_document_id: int | None
    source_ref: str
    is_synthetic: bool


class MeetingFilter(Paging):
    year: Year | None = None
    kind: MeetingKind | None = None


@router.get("/meetings", response=Page[MeetingOut], url_name="meetings", summary="Cuộc họp")
def meetings_list(request: HttpRequest, filters: Query[MeetingFilter]):
    permission_require(request, roles.MEETING_VIEW)
    qs = meeting_scope(meeting_list(year=filters.year, kind=filters.kind), user=request.user)
    return page(request, qs, filters, rows=meeting_rows)


@router.get(
    "/meetings/{meeting_id}", response=MeetingDetailOut, url_name="meeting", summary="Một cuộc họp"
)
def meeting_get(request: HttpRequest, meeting_id: Id):
    permission_require(request, roles.MEETING_VIEW)
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    return meeting_detail(meeting=meeting, today=timezone.localdate())


class PersonIn(Schema):
    name: Text = Field(min_length=1, max_length=255)
    title: Text = Field("", max_length=255)
    role: ParticipantRole = ParticipantRole.GUEST


class MeetingIn(Schema):
    kind: MeetingKind
    title: Text = Field(min_length=1, max_length=500)
    date: dt.date
    organizer_id: Id
    end_date: dt.date | None = None
    place: Text = Field("", max_length=255)
    chair: PersonIn | None = None
    participants: list[PersonIn] = Field(default_factory=list, max_length=500)
    agenda: LongText = Field("", max_length=20000)
    minutes: LongText = Field("", max_length=200000)
    conclusions: LongText = Field("", max_length=50000)
    reviewed_periods: list[Text] = Field(default_factory=list, max_length=20)
    planned_periods: list[Text] = Field(default_factory=list, max_length=20)


def _meeting_detail(meeting) -> dict:
    return meeting_detail(meeting=meeting, today=timezone.localdate())


@router.post(
    "/meetings", response={201: MeetingDetailOut}, url_name="meetings_create", summary="Thêm họp"
)
@decorate_view(idempotent)
def meetings_create(request: HttpRequest, body: MeetingIn):
    permission_require(request, roles.MEETING_MANAGE)
    organizer = access_unit_on(
        user=request.user, unit_id=body.organizer_id, permission=roles.MEETING_MANAGE, on=body.date
    )
    meeting = meeting_create(
        kind=body.kind,
        title=body.title,
        date=body.date,
        organizer=organizer,
        actor=request.user.get_username(),
        end_date=body.end_date,
        place=body.place,
        chair=PersonSpec(body.chair.name, body.chair.title) if body.chair else None,
        participants=[PersonSpec(p.name, p.title, None, p.role) for p in body.participants],
        agenda=body.agenda,
        minutes=body.minutes,
        conclusions=body.conclusions,
        reviewed_periods=body.reviewed_periods,
        planned_periods=body.planned_periods,
    )
    return Status(201, _meeting_detail(meeting))


class MeetingPatch(Schema):
    title: Text | None = Field(None, min_length=1, max_length=500)
    place: Text | None = Field(None, max_length=255)
    agenda: LongText | None = Field(None, max_length=20000)
    minutes: LongText | None = Field(None, max_length=200000)
    conclusions: LongText | None = Field(None, max_length=50000)
    end_date: dt.date | None = None
    reason: Text = Field("", max_length=2000)


@router.patch(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    url_name="meeting_update",
    summary="Sửa thông tin cuộc họp / change a meeting",
)
@decorate_view(idempotent)
def meeting_patch(request: HttpRequest, meeting_id: Id, body: MeetingPatch):
    permission_require(request, roles.MEETING_MANAGE)
    meeting = access_meeting(
        user=request.user, meeting_id=meeting_id, permission=roles.MEETING_MANAGE
    )
    changes = body.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    meeting = meeting_update(
        meeting=meeting, actor=request.user.get_username(), reason=reason, **changes
    )
    return _meeting_detail(meeting)


# ----------------------------------------------------------------------------- tasks


class TaskOut(Schema):
    id: int
    text: str
    lead: str
    lead_code: str
    support: list[str]
    deadline: str | None
    status: str
    status_label: str
    assigned_on: str
    completed_on: str | None
    source: str
    source_ref: str
    assigned_by: str | None
    assigned_by_unit: str | None
    meeting_id: int | None
    notice: str | None
    is_synthetic: bool


class ProgressOut(Schema):
    id: int
    on: str
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
    text: LongText = Field(min_length=1, max_length=5000)
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
        supporting=_units(body.supporting_ids, "supporting_ids"),
        assigned_on=body.assigned_on,
        meeting=meeting,
        document_number=body.document_number,
        document_date=body.document_date,
        document_title=body.document_title,
    )
    return Status(201, _task_detail(task))


class ProgressIn(Schema):
    text: LongText = Field(min_length=1, max_length=5000)
    on: dt.date | None = Field(None, description="Ngày báo cáo (mặc định hôm nay)")
    percent: int | None = Field(None, ge=0, le=100)
    evidence: LongText = Field("", max_length=5000, description="Minh chứng / evidence")


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
    note: LongText = Field("", max_length=5000)


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


# ----------------------------------------------------------------------------- commendations


class RecipientOut(Schema):
    kind: str
    name: str
    title: str | None


class CommendationOut(Schema):
    id: int
    year: int
    form: str
    form_code: str
    category: str
    grantor: str
    decision_number: str | None
    decision_date: str | None
    unit: str | None
    unit_code: str | None
    meeting_id: int | None
    meeting: str | None
    collectives: int | None
    individuals: int | None
    recipients: list[RecipientOut]
    reason: str
    is_synthetic: bool


class CommendationFilter(Paging):
    year: Year | None = None
    form: Code | None = Field(None, description="Mã hình thức / form code")


@router.get(
    "/commendations",
    response=Page[CommendationOut],
    url_name="commendations",
    summary="Khen thưởng / commendations",
)
def commendations_list(request: HttpRequest, filters: Query[CommendationFilter]):
    permission_require(request, roles.COMMENDATION_VIEW)
    qs = commendation_scope(
        commendation_list(year=filters.year, form_code=filters.form), user=request.user
    )
    return page(request, qs, filters, rows=commendation_rows)


@router.get(
    "/commendations/{commendation_id}",
    response=CommendationOut,
    url_name="commendation",
    summary="Một quyết định khen thưởng",
)
def commendation_get(request: HttpRequest, commendation_id: Id):
    permission_require(request, roles.COMMENDATION_VIEW)
    found = access_commendation(user=request.user, commendation_id=commendation_id)
    return commendation_rows(commendation_list().filter(pk=found.pk))[0]


class RecipientIn(Schema):
    kind: str = Field(pattern="^(collective|individual)$")
    name: Text = Field(min_length=1, max_length=255)
    title: Text = Field("", max_length=255)


class CommendationIn(Schema):
    form: Text = Field(min_length=1, max_length=255, description="Mã hoặc tên hình thức")
    year: Year
    unit_id: Id = Field(description="Đơn vị được khen / the unit commended")
    decision_number: Text = Field("", max_length=64)
    decision_date: dt.date | None = None
    grantor_unit_id: Id | None = None
    meeting_id: Id | None = None
    reason: LongText = Field("", max_length=5000)
    collectives: int | None = Field(None, ge=0, le=1_000_000)
    individuals: int | None = Field(None, ge=0, le=1_000_000)
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=1000)


@router.post(
    "/commendations",
    response={201: CommendationOut},
    url_name="commendations_create",
    summary="Ghi quyết định khen thưởng / record a commendation",
)
@decorate_view(idempotent)
def commendations_create(request: HttpRequest, body: CommendationIn):
    permission_require(request, roles.COMMENDATION_MANAGE)
    on = body.decision_date or dt.date(body.year, 12, 31)
    unit = access_unit_on(
        user=request.user, unit_id=body.unit_id, permission=roles.COMMENDATION_MANAGE, on=on
    )
    meeting = (
        access_meeting(user=request.user, meeting_id=body.meeting_id)
        if body.meeting_id is not None
        else None
    )
    grantor = _units([body.grantor_unit_id], "grantor_unit_id")[0] if body.grantor_unit_id else None
    found = commendation_create(
        form=award_form_find(body.form),
        year=body.year,
        actor=request.user.get_username(),
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        grantor_unit=grantor,
        unit=unit,
        meeting=meeting,
        reason=body.reason,
        collectives=body.collectives,
        individuals=body.individuals,
        recipients=[RecipientSpec(r.kind, r.name, r.title) for r in body.recipients],
    )
    return Status(201, commendation_rows(commendation_list().filter(pk=found.pk))[0])


class AwardFormOut(Schema):
    code: str
    name: str
    name_en: str
    category: str
    grantor: str
    level: str
    recipients: str
    legal_basis: str


@router.get(
    "/award-forms",
    response=list[AwardFormOut],
    url_name="award_forms",
    summary="Hình thức khen thưởng / award forms",
)
def award_forms(request: HttpRequest):
    permission_require(request, roles.COMMENDATION_VIEW)
    return list(AwardForm.objects.order_by("rank", "code"))
