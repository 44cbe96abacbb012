"""Meetings: list, one meeting with everything hung on it, create, change."""

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
    meeting_scope,
)
from tongket.api.access import access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Id, ObjectBody, Page, Paging, Text, Year, page
from tongket.api.idempotency import idempotent
from tongket.meetings.models import MeetingKind, MeetingSource, ParticipantRole
from tongket.meetings.selectors import (
    meeting_detail,
    meeting_list,
    meeting_rows,
)
from tongket.meetings.services import (
    PersonSpec,
    meeting_create,
    meeting_update,
)

router = Router(tags=["meetings"])


# ----------------------------------------------------------------------------- meetings


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    kind_label: str
    title: str
    date: dt.date
    end_date: dt.date | None
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
    source: MeetingSource
    is_synthetic: bool


class MeetingDetailOut(Schema):
    id: int
    kind: MeetingKind
    kind_label: str
    title: str
    date: dt.date
    end_date: dt.date | None
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
    source: MeetingSource
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
    agenda: Text = Field("", max_length=20000)
    minutes: Text = Field("", max_length=200000)
    conclusions: Text = Field("", max_length=50000)
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


class MeetingPatch(ObjectBody):
    title: Text | None = Field(None, min_length=1, max_length=500)
    place: Text | None = Field(None, max_length=255)
    agenda: Text | None = Field(None, max_length=20000)
    minutes: Text | None = Field(None, max_length=200000)
    conclusions: Text | None = Field(None, max_length=50000)
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
