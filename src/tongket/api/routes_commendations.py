"""Commendations (khen thưởng): list, one decision, record one; the award forms."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import (
    access_meeting,
    commendation_scope,
)
from tongket.api.access import access_commendation, access_unit_on, units_by_id
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, Text, Year, page
from tongket.api.idempotency import idempotent
from tongket.meetings.models import AwardCategory, AwardForm, RecipientKind
from tongket.meetings.selectors import (
    commendation_list,
    commendation_rows,
)
from tongket.meetings.services import (
    RecipientSpec,
    award_form_find,
    commendation_create,
)

router = Router(tags=["commendations"])


# ----------------------------------------------------------------------------- commendations


class RecipientOut(Schema):
    kind: RecipientKind
    name: str
    title: str | None


class CommendationOut(Schema):
    id: int
    year: int
    form: str
    form_code: str
    category: AwardCategory
    grantor: str
    decision_number: str | None
    decision_date: dt.date | None
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
    kind: RecipientKind
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
    reason: Text = Field("", max_length=5000)
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
    grantor = (
        units_by_id([body.grantor_unit_id], "grantor_unit_id")[0] if body.grantor_unit_id else None
    )
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
