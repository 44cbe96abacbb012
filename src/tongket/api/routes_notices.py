"""Conclusion notices: list, one notice with its assignments, a draft made from a meeting and
edited, issued with its number (which assigns the tasks), and its files asked for."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import access_meeting, access_notice, notice_scope
from tongket.api.access import access_unit_on, units_by_id
from tongket.api.auth import permission_require
from tongket.api.common import Id, ObjectBody, Page, Paging, Text, Year, page
from tongket.api.errors import ApiError
from tongket.api.idempotency import idempotent
from tongket.api.routes_papers import DocumentFormat, JobOut, job_out
from tongket.meetings.models import Meeting, Notice, NoticeStatus
from tongket.meetings.selectors import notice_items, notice_list, notice_rows
from tongket.meetings.services import notice_create, notice_draft_update, notice_issue
from tongket.meetings.services.specs import AssignmentSpec
from tongket.papers.jobs import notice_job_request

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    number: str | None
    status: NoticeStatus
    issuer: str
    meeting_id: int
    meeting: str
    meeting_date: dt.date
    issued_on: dt.date | None
    due_on: dt.date | None
    late: bool
    items: int | None
    is_synthetic: bool


class NoticeItemOut(Schema):
    order: int
    text: str
    lead: str
    lead_code: str
    support: list[str]
    deadline: dt.date | None
    task_id: int | None
    status: str | None
    status_label: str | None


class NoticeDetail(NoticeOut):
    title: str
    text: str
    signer_title: str
    assignments: list[NoticeItemOut]


class NoticeFilter(Paging):
    year: Year | None = Field(None, description="Năm họp / the meeting's year")
    status: NoticeStatus | None = None
    late: bool | None = Field(None, description="Chỉ thông báo ban hành muộn / only late ones")


@router.get("/notices", response=Page[NoticeOut], url_name="notices", summary="Thông báo kết luận")
def notices_list(request: HttpRequest, filters: Query[NoticeFilter]):
    permission_require(request, roles.MEETING_VIEW)
    qs = notice_scope(
        notice_list(year=filters.year, status=filters.status, late=True if filters.late else None),
        user=request.user,
    )
    return page(request, qs, filters, rows=notice_rows)


def _detail(notice: Notice) -> dict:
    notice = notice_list().get(pk=notice.pk)
    (row,) = notice_rows([notice])
    return {
        **row,
        "title": notice.title,
        "text": notice.text,
        "signer_title": notice.signer_title,
        "assignments": notice_items(notice=notice, today=timezone.localdate()),
    }


@router.get(
    "/notices/{notice_id}",
    response=NoticeDetail,
    url_name="notice",
    summary="Một thông báo kết luận với các nhiệm vụ / one notice with its assignments",
)
def notice_get(request: HttpRequest, notice_id: Id):
    permission_require(request, roles.MEETING_VIEW)
    return _detail(access_notice(user=request.user, notice_id=notice_id))


class AssignmentIn(Schema):
    text: Text = Field(min_length=1, max_length=5000)
    lead_id: Id = Field(description="Đơn vị chủ trì / the lead unit")
    supporting_ids: list[Id] = Field(default_factory=list, max_length=100)
    deadline: dt.date | None = None


def _assignments(request: HttpRequest, meeting: Meeting, items: list[AssignmentIn]) -> list:
    """The assignments with their units; the lead must be a unit the caller may assign to on
    the meeting's day (as on the notice form)."""
    specs = []
    for index, item in enumerate(items):
        lead = access_unit_on(
            user=request.user,
            unit_id=item.lead_id,
            permission=roles.TASK_ASSIGN,
            on=meeting.last_day,
        )
        if item.lead_id in item.supporting_ids:
            raise ApiError(
                422,
                "invalid_request",
                "Đơn vị chủ trì không đồng thời là đơn vị phối hợp",
                "The lead unit cannot also be a supporting unit",
                [{"loc": ["body", "items", index, "supporting_ids"]}],
            )
        specs.append(
            AssignmentSpec(
                text=item.text,
                lead=lead,
                supporting=tuple(units_by_id(item.supporting_ids, "supporting_ids")),
                deadline=item.deadline,
            )
        )
    return specs


class NoticeIn(Schema):
    title: Text = Field("", max_length=500, description="Trích yếu (mặc định theo cuộc họp)")
    text: Text = Field("", max_length=50000, description="Nội dung kết luận / the conclusions")
    items: list[AssignmentIn] = Field(min_length=1, max_length=50)


@router.post(
    "/meetings/{meeting_id}/notices",
    response={201: NoticeDetail},
    url_name="notices_create",
    summary="Dự thảo thông báo kết luận của cuộc họp / draft a meeting's conclusion notice",
)
@decorate_view(idempotent)
def notices_create(request: HttpRequest, meeting_id: Id, body: NoticeIn):
    permission_require(request, roles.MEETING_MANAGE)
    meeting = access_meeting(
        user=request.user, meeting_id=meeting_id, permission=roles.MEETING_MANAGE
    )
    notice = notice_create(
        meeting=meeting,
        items=_assignments(request, meeting, body.items),
        actor=request.user.get_username(),
        title=body.title,
        text=body.text,
    )
    return Status(201, _detail(notice))


def _draft_only(notice: Notice) -> None:
    if notice.status == NoticeStatus.ISSUED:
        raise ApiError(
            409,
            "invalid_state",
            f"Thông báo {notice.number} đã ban hành, không sửa được",
            f"Notice {notice.number} is issued and cannot be changed",
        )


class NoticePatch(ObjectBody):
    title: Text | None = Field(None, max_length=500)
    text: Text | None = Field(None, max_length=50000)
    signer_title: Text | None = Field(None, max_length=255)
    items: list[AssignmentIn] | None = Field(
        None,
        min_length=1,
        max_length=50,
        description="Mọi nhiệm vụ, theo thứ tự (thay cả danh sách) / all the assignments",
    )


@router.patch(
    "/notices/{notice_id}",
    response=NoticeDetail,
    url_name="notice_update",
    summary="Sửa dự thảo thông báo / change a draft notice",
)
@decorate_view(idempotent)
def notice_patch(request: HttpRequest, notice_id: Id, body: NoticePatch):
    permission_require(request, roles.MEETING_MANAGE)
    notice = access_notice(user=request.user, notice_id=notice_id, permission=roles.MEETING_MANAGE)
    _draft_only(notice)
    items = _assignments(request, notice.meeting, body.items) if body.items is not None else None
    notice = notice_draft_update(
        notice=notice,
        actor=request.user.get_username(),
        title=notice.title if body.title is None else body.title,
        text=notice.text if body.text is None else body.text,
        signer_title=notice.signer_title if body.signer_title is None else body.signer_title,
        items=items,
    )
    return _detail(notice)


class IssueIn(ObjectBody):
    issued_on: dt.date | None = Field(None, description="Ngày ban hành (mặc định hôm nay)")
    number: Text | None = Field(
        None,
        max_length=64,
        examples=["15/TB-SKHCN"],
        description="Số thông báo; để trống: số tiếp theo của năm / the number; empty: the next",
    )


@router.post(
    "/notices/{notice_id}/issue",
    response=NoticeDetail,
    url_name="notice_issue",
    summary="Ban hành thông báo, giao nhiệm vụ / issue the notice with its number",
)
@decorate_view(idempotent)
def notice_issue_op(request: HttpRequest, notice_id: Id, body: IssueIn):
    permission_require(request, roles.MEETING_MANAGE)
    notice = access_notice(user=request.user, notice_id=notice_id, permission=roles.MEETING_MANAGE)
    if notice.status == NoticeStatus.ISSUED:
        raise ApiError(
            409,
            "invalid_state",
            f"Thông báo {notice.number} đã ban hành",
            f"Notice {notice.number} is already issued",
        )
    today = timezone.localdate()
    issued_on = body.issued_on or max(today, notice.meeting.last_day)
    if issued_on > today:
        raise ApiError(
            422,
            "invalid_request",
            "Ngày ban hành ở tương lai",
            "The issue date is in the future",
            [{"loc": ["body", "issued_on"]}],
        )
    notice = notice_issue(
        notice=notice,
        issued_on=issued_on,
        number=body.number or None,
        actor=request.user.get_username(),
    )
    return _detail(notice)


class NoticeFileIn(Schema):
    format: DocumentFormat = Field(description="docx | pdf")


@router.post(
    "/notices/{notice_id}/files",
    response={202: JobOut},
    url_name="notice_file_request",
    summary="Tạo tệp thông báo (DOCX, PDF) ở nền / make the notice's file in the background",
)
@decorate_view(idempotent)
def notice_file_request(request: HttpRequest, notice_id: Id, body: NoticeFileIn):
    permission_require(request, roles.MEETING_VIEW)
    notice = access_notice(user=request.user, notice_id=notice_id)
    if body.format == DocumentFormat.XLSX:
        raise ApiError(
            422,
            "invalid_request",
            "Thông báo có tệp DOCX hoặc PDF",
            "A notice is made as DOCX or PDF",
            [{"loc": ["body", "format"]}],
        )
    job = notice_job_request(
        notice=notice,
        fmt=body.format.value,
        user=request.user,
        actor=request.user.get_username(),
    )
    return Status(202, job_out(request, job))
