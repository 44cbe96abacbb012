"""Targets (read, set, delete) and the live analytics tables of ``tongket.analytics``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import access_object
from tongket.accounts.scope import scope_filter, user_can
from tongket.analytics import hierarchy
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.measures import DIRECTIONS, HIGHER
from tongket.analytics.selectors import (
    BY_PERIOD,
    BY_UNIT,
    Row,
    analytics_rows,
    indicator_series,
    target_rows,
)
from tongket.analytics.services import target_delete, target_set
from tongket.api.access import access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, PeriodText, Text, page
from tongket.api.idempotency import idempotent
from tongket.api.routes_values import Finite
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.selectors import indicator_get
from tongket.reporting.models import Target

router = Router(tags=["analytics"])


class DisplayOut(Schema):
    """The row's figures in the indicator's display unit (stored values stay in base units)."""

    unit: str = Field(description="Đơn vị hiển thị / display unit (tỷ đồng)")
    unit_en: str
    scale: float = Field(description="Giá trị gốc chia cho hệ số này / base value ÷ scale")
    decimals: int
    value: float | None
    value_text: str
    target: float | None
    target_text: str
    previous: float | None
    previous_text: str
    change: float | None
    change_text: str
    reconciliation_value: float | None
    reconciliation_value_text: str
    reconciliation_difference: float | None
    reconciliation_difference_text: str
    reported_value: float | None
    reported_value_text: str
    entered_estimate: float | None
    entered_estimate_text: str


class MissingOut(Schema):
    code: str
    name: str


class RowOut(Schema):
    unit: str
    unit_id: int
    unit_name: str
    unit_kind: str
    period: str
    indicator: str
    value: float | None
    target: float | None
    direction: str
    attainment: float | None
    target_met: bool | None
    previous: float | None
    change: float | None
    change_pct: float | None
    rank: int | None
    rank_attainment: int | None
    peers: int
    source: str = Field(
        description="Nguồn: own (số của chính đơn vị), loại đơn vị báo cáo (commune, "
        "enterprise…) hoặc rỗng / the figure's source"
    )
    expected: int | None = Field(description="Số đơn vị phải báo cáo / units expected")
    reported: int | None = Field(description="Số đơn vị đã báo cáo / units that reported")
    coverage: float | None = Field(description="% đơn vị đã báo cáo / percent reported")
    partial: bool = Field(description="Dưới ngưỡng đầy đủ: không phải tổng / below threshold")
    missing: list[MissingOut] = Field(description="Đơn vị chưa báo cáo / units not reported")
    withheld: str = Field(description="Lý do không tính chỉ tiêu dẫn xuất / why not computed")
    reconciliation_source: str
    reconciliation_value: float | None
    reconciliation_difference: float | None
    estimated: bool = Field(description="Ước thực hiện: kỳ chưa kết thúc / an estimate")
    estimate_method: str = Field(description="flow | stock | average | entered | derived")
    estimate_note: str
    reported_value: float | None = Field(description="Số đã báo cáo, trước khi ước / as reported")
    entered_estimate: float | None = Field(
        description="Số ước do đơn vị nhập, giữ cạnh số thực hiện / the estimate entered"
    )
    display: DisplayOut


class TargetOut(RowOut):
    id: int
    baseline: float | None
    baseline_period: str | None
    note: str


def row_out(row: Row) -> dict:
    data = row.as_dict()
    data["unit_id"] = row.unit.id
    return data


def _period(code: str) -> PeriodCode:
    try:
        return PeriodCode.parse(code)
    except PeriodError as exc:
        raise AnalyticsError(str(exc)) from None


# ----------------------------------------------------------------------------- targets


class TargetFilter(Paging):
    unit_code: Code | None = Field(None, description="Mã đơn vị / unit code")
    period: PeriodText | None = None
    indicator: Code | None = None


@router.get("/targets", response=Page[TargetOut], url_name="targets", summary="Chỉ tiêu kế hoạch")
def targets_list(request: HttpRequest, filters: Query[TargetFilter]):
    """Targets with the value reached and the attainment, for the units the user may see."""
    permission_require(request, roles.TARGET_VIEW)
    visible = scope_filter(
        Target.objects.all(),
        user=request.user,
        permission=roles.TARGET_VIEW,
        unit_field="unit",
        date_field="period__end",
    )
    stored = {
        (t.unit_id, t.indicator.code, t.period.code): t
        for t in visible.select_related("indicator", "period", "baseline_period")
        .filter(**({"unit__code": filters.unit_code} if filters.unit_code else {}))
        .filter(**({"indicator__code": filters.indicator} if filters.indicator else {}))
        .filter(**({"period__code": _period(filters.period).code} if filters.period else {}))
    }
    if not stored:
        return page(request, [], filters)
    rows = [
        r
        for r in target_rows(
            unit=filters.unit_code, period_code=filters.period, indicator=filters.indicator
        )
        if (r.unit.id, r.indicator, r.period) in stored
    ]

    def out(row: Row) -> dict:
        target = stored[(row.unit.id, row.indicator, row.period)]
        return {
            **row_out(row),
            "id": target.pk,
            "baseline": target.baseline,
            "baseline_period": target.baseline_period.code if target.baseline_period else None,
            "note": target.note,
        }

    return page(request, rows, filters, out)


class TargetIn(Schema):
    unit_id: Id
    indicator: Code
    period: PeriodText
    value: Finite
    baseline: Finite | None = None
    baseline_period: PeriodText | None = None
    direction: str = Field(HIGHER, pattern="^(higher|lower)$", description=" | ".join(DIRECTIONS))
    note: Text = Field("", max_length=500)


class TargetSaved(Schema):
    id: int
    unit_id: int
    indicator: str
    period: str
    value: float
    baseline: float | None
    baseline_period: str | None
    direction: str
    note: str


def _target_out(t: Target) -> dict:
    return {
        "id": t.pk,
        "unit_id": t.unit_id,
        "indicator": t.indicator.code,
        "period": t.period.code,
        "value": t.value,
        "baseline": t.baseline,
        "baseline_period": t.baseline_period.code if t.baseline_period else None,
        "direction": t.direction,
        "note": t.note,
    }


@router.put(
    "/targets",
    response=TargetSaved,
    url_name="targets_set",
    summary="Đặt chỉ tiêu kế hoạch (tạo hoặc sửa) / set a target",
)
@decorate_view(idempotent)
def target_put(request: HttpRequest, body: TargetIn):
    permission_require(request, roles.TARGET_EDIT)
    period = _period(body.period)
    unit = access_unit_on(
        user=request.user, unit_id=body.unit_id, permission=roles.TARGET_EDIT, on=period.end()
    )
    target = target_set(
        unit=unit,
        indicator=indicator_get(body.indicator),
        period_code=period.code,
        value=body.value,
        baseline=body.baseline,
        baseline_period=body.baseline_period,
        direction=body.direction,
        note=body.note,
        actor=request.user.get_username(),
    )
    return _target_out(target)


class DeleteQuery(Schema):
    reason: Text = Field("", max_length=2000)


@router.delete(
    "/targets/{target_id}",
    response={204: None},
    url_name="target",
    summary="Xoá chỉ tiêu kế hoạch / delete a target",
)
@decorate_view(idempotent)
def target_remove(request: HttpRequest, target_id: Id, query: Query[DeleteQuery]):
    permission_require(request, roles.TARGET_EDIT)
    target = access_object(
        user=request.user,
        queryset=Target.objects.select_related("unit", "indicator", "period"),
        pk=target_id,
        permission=roles.TARGET_EDIT,
        units_of=lambda t: [(t.unit, t.period.end)],
        object_type="target",
    )
    target_delete(
        unit=target.unit,
        indicator=target.indicator,
        period_code=target.period.code,
        actor=request.user.get_username(),
        reason=query.reason,
    )
    return Status(204, None)


# ----------------------------------------------------------------------------- analytics


class RowsQuery(Paging):
    indicator: Code
    period: PeriodText
    unit: Code | None = Field(None, description="Mã đơn vị cha (mặc định: các tỉnh)")
    by: str = Field(BY_UNIT, pattern="^(unit|period)$", description="unit | period")
    today_units: bool = Field(False, description="Theo đơn vị hôm nay / on today's units")


def _visible_rows(request: HttpRequest, rows: list[Row], day) -> list[Row]:
    return [r for r in rows if user_can(request.user, roles.ANALYTICS_VIEW, r.unit.id, on=day)]


@router.get(
    "/analytics/rows",
    response=Page[RowOut],
    url_name="analytics_rows",
    summary="Bảng một chỉ tiêu theo đơn vị hoặc theo kỳ / one indicator by unit or by period",
)
def analytics_table(request: HttpRequest, query: Query[RowsQuery]):
    """Values aggregated live, with target, attainment, change on a year earlier and rank.
    A parent unit outside the user's scope is not found; without one, only the rows of
    units in the scope are shown."""
    permission_require(request, roles.ANALYTICS_VIEW)
    period = _period(query.period)
    day = hierarchy.today() if query.today_units else period.end()
    if query.unit:
        parent = hierarchy.unit_at(code=query.unit, on=day)
        access_unit_on(
            user=request.user, unit_id=parent.id, permission=roles.ANALYTICS_VIEW, on=day
        )
    rows = analytics_rows(
        indicator=query.indicator,
        period_code=period.code,
        unit=query.unit,
        by=query.by if query.by in (BY_UNIT, BY_PERIOD) else BY_UNIT,
        today_units=query.today_units,
    )
    return page(request, _visible_rows(request, rows, day), query, row_out)


class SeriesQuery(Schema):
    indicator: Code
    unit: Code = Field(description="Mã đơn vị / unit code")
    periods: list[PeriodText] = Field(min_length=1, max_length=120)
    today_units: bool = False


@router.get(
    "/analytics/series",
    response=list[RowOut],
    url_name="analytics_series",
    summary="Chuỗi thời gian của một đơn vị / one unit's time series",
)
def analytics_series(request: HttpRequest, query: Query[SeriesQuery]):
    permission_require(request, roles.ANALYTICS_VIEW)
    buckets = [_period(p) for p in query.periods]
    day = hierarchy.today() if query.today_units else max(b.end() for b in buckets)
    ref = hierarchy.unit_at(code=query.unit, on=day)
    access_unit_on(user=request.user, unit_id=ref.id, permission=roles.ANALYTICS_VIEW, on=day)
    rows = indicator_series(
        indicator=query.indicator,
        unit=query.unit,
        periods=[b.code for b in buckets],
        today_units=query.today_units,
    )
    return [row_out(r) for r in rows]
