"""Units with their history (by id, or by code and date) and the indicator catalogue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tongket.accounts import roles
from tongket.accounts.access import access_unit
from tongket.accounts.scope import scope_filter, user_sees
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, Text, page
from tongket.api.errors import ApiError
from tongket.indicators.models import Indicator
from tongket.indicators.selectors import indicator_get, indicator_list
from tongket.reporting.models import Form
from tongket.reporting.selectors import form_get
from tongket.reporting.submissions_errors import SubmissionNotFound
from tongket.transfer.dhis2_ids import indicator_uid, unit_uid
from tongket.units.errors import UnitNotFound
from tongket.units.models import Unit, UnitKind, UnitLink
from tongket.units.selectors import unit_get, unit_history

router = Router(tags=["units"])
catalogue = Router(tags=["indicators"])


class UnitOut(Schema):
    id: int
    uid: str = Field(description="UID kiểu DHIS2, ổn định / a stable DHIS2-style UID")
    kind: UnitKind
    code: str
    name: str
    short_name: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date | None


class UnitLinkOut(Schema):
    unit: UnitOut
    valid_from: dt.date
    valid_to: dt.date | None
    visible: bool = Field(description="Trong phạm vi của người dùng / inside the user's scope")


class HistoryStepOut(Schema):
    date: dt.date
    event: str
    predecessor: UnitOut
    successor: UnitOut
    legal_basis: str


class UnitDetail(UnitOut):
    division_type: str
    legal_basis: str
    parents: list[UnitLinkOut]
    history: list[HistoryStepOut]


class UnitFilter(Paging):
    q: Text | None = Field(None, max_length=100, description="Tên hoặc mã / name or code")
    kind: UnitKind | None = None
    code: Text | None = Field(None, max_length=32)
    on: dt.date | None = Field(None, description="Đơn vị có hiệu lực ngày này (mặc định hôm nay)")
    history: bool = Field(False, description="Mọi đơn vị từng có / every unit that ever was")


def unit_out(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "uid": unit_uid(unit),
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "name_en": unit.name_en,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


@router.get("/units", response=Page[UnitOut], url_name="units", summary="Đơn vị / units")
def units_list(request: HttpRequest, filters: Query[UnitFilter]):
    permission_require(request, roles.UNIT_VIEW)
    on = None if filters.history else (filters.on or timezone.localdate())
    units = scope_filter(
        Unit.objects.all(), user=request.user, permission=roles.UNIT_VIEW, unit_field="pk", on=on
    )
    if on is not None:
        units = units.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    if filters.q:
        units = units.filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(code__iexact=filters.q)
        )
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.code:
        units = units.filter(code=filters.code)
    return page(request, units.order_by("kind", "code", "valid_from", "pk"), filters, unit_out)


def _detail(request: HttpRequest, unit: Unit) -> dict:
    links = UnitLink.objects.filter(child=unit).select_related("parent").order_by("valid_from")
    return {
        **unit_out(unit),
        "division_type": unit.division_type,
        "legal_basis": unit.legal_basis,
        "parents": [
            {
                "unit": unit_out(link.parent),
                "valid_from": link.valid_from,
                "valid_to": link.valid_to,
                "visible": user_sees(request.user, link.parent),
            }
            for link in links
        ],
        "history": [
            {
                "date": step.date,
                "event": step.event,
                "predecessor": unit_out(step.predecessor),
                "successor": unit_out(step.successor),
                "legal_basis": step.legal_basis,
            }
            for step in unit_history(unit)
        ],
    }


@router.get("/units/{unit_id}", response=UnitDetail, url_name="unit", summary="Một đơn vị")
def unit_detail(request: HttpRequest, unit_id: Id):
    permission_require(request, roles.UNIT_VIEW)
    return _detail(request, access_unit(user=request.user, unit_id=unit_id))


class ByCode(Schema):
    on: dt.date | None = Field(None, description="Ngày (mặc định hôm nay) / the date (today)")
    kind: UnitKind | None = None


@router.get(
    "/units/by-code/{code}",
    response=UnitDetail,
    url_name="unit_by_code",
    summary="Đơn vị theo mã và ngày / a unit by code and date",
)
def unit_by_code(request: HttpRequest, code: Code, query: Query[ByCode]):
    """A code names a unit together with a date: code 80 was Long An in 2017, Tây Ninh today."""
    permission_require(request, roles.UNIT_VIEW)
    on = query.on or timezone.localdate()
    try:
        unit = unit_get(code=code, on=on, kind=query.kind)
    except UnitNotFound:
        raise ApiError(404, "not_found", "Không tìm thấy", "Not found") from None
    return _detail(request, access_unit(user=request.user, unit_id=unit.pk))


# ----------------------------------------------------------------------------- catalogue


class IndicatorOut(Schema):
    code: str
    uid: str = Field(description="UID kiểu DHIS2, ổn định / a stable DHIS2-style UID")
    name: str
    name_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    value_type: str
    aggregation: str
    period_aggregation: str
    derived: bool
    numerator: str | None
    denominator: str | None
    factor: float
    field: str
    legal_basis: str
    min_value: float | None
    max_value: float | None


def indicator_out(i: Indicator) -> dict:
    return {
        "code": i.code,
        "uid": indicator_uid(i.code),
        "name": i.name,
        "name_en": i.name_en,
        "unit_of_measure": i.unit_of_measure,
        "unit_of_measure_en": i.unit_of_measure_en,
        "value_type": i.value_type,
        "aggregation": i.aggregation,
        "period_aggregation": i.period_aggregation,
        "derived": i.is_derived,
        "numerator": i.numerator.code if i.numerator_id else None,
        "denominator": i.denominator.code if i.denominator_id else None,
        "factor": i.factor,
        "field": i.field,
        "legal_basis": i.legal_basis,
        "min_value": i.min_value,
        "max_value": i.max_value,
    }


class IndicatorFilter(Paging):
    field: Text | None = Field(None, max_length=100, description="Lĩnh vực / field")


@catalogue.get(
    "/indicators", response=Page[IndicatorOut], url_name="indicators", summary="Chỉ tiêu"
)
def indicators_list(request: HttpRequest, filters: Query[IndicatorFilter]):
    permission_require(request, roles.INDICATOR_VIEW)
    return page(request, indicator_list(field=filters.field), filters, indicator_out)


@catalogue.get(
    "/indicators/{code}", response=IndicatorOut, url_name="indicator", summary="Một chỉ tiêu"
)
def indicator_detail(request: HttpRequest, code: Code):
    permission_require(request, roles.INDICATOR_VIEW)
    try:
        return indicator_out(indicator_get(code))
    except LookupError:
        raise ApiError(404, "not_found", "Không tìm thấy", "Not found") from None


class FormLineOut(Schema):
    line: int
    indicator: str
    name: str
    required: bool
    derived: bool


class FormOut(Schema):
    code: str
    name: str
    frequency: str
    cutoff: str
    unit_kinds: list[str]
    recipient_kind: str
    deadline_days: int
    legal_basis: str


class FormDetail(FormOut):
    lines: list[FormLineOut]


def form_out(form: Form) -> dict:
    return {
        "code": form.code,
        "name": form.name,
        "frequency": form.frequency,
        "cutoff": form.cutoff,
        "unit_kinds": list(form.unit_kinds or []),
        "recipient_kind": form.recipient_kind,
        "deadline_days": form.deadline_days,
        "legal_basis": form.legal_basis,
    }


@catalogue.get("/forms", response=Page[FormOut], url_name="forms", summary="Biểu mẫu / forms")
def forms_list(request: HttpRequest, paging: Query[Paging]):
    permission_require(request, roles.INDICATOR_VIEW)
    return page(request, Form.objects.order_by("code"), paging, form_out)


@catalogue.get("/forms/{code}", response=FormDetail, url_name="form", summary="Một biểu mẫu")
def form_detail(request: HttpRequest, code: Code):
    permission_require(request, roles.INDICATOR_VIEW)
    try:
        form = form_get(code=code)
    except SubmissionNotFound:
        raise ApiError(404, "not_found", "Không tìm thấy", "Not found") from None
    lines = form.lines.select_related("indicator").order_by("line")
    return {
        **form_out(form),
        "lines": [
            {
                "line": fl.line,
                "indicator": fl.indicator.code,
                "name": fl.indicator.name,
                "required": fl.required,
                "derived": fl.indicator.is_derived,
            }
            for fl in lines
        ],
    }
