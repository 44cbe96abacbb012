"""Targets (chỉ tiêu kế hoạch): setting and deleting them, each change audited."""

from __future__ import annotations

import math

from django.db import transaction

from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.measures import DIRECTIONS, HIGHER
from tongket.core.audit import audit_record
from tongket.core.numbers import format_number, value_limit
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.reporting.models import Target
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit


def _parse(code: str, what: str) -> PeriodCode:
    try:
        return PeriodCode.parse(code)
    except PeriodError as exc:
        raise AnalyticsError(f"{what}: {exc}") from None


def _number(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise AnalyticsError(f"{what}: «{value}» không phải là số / is not a number") from None
    if not math.isfinite(number):
        raise AnalyticsError(f"{what}: «{value}» không phải là số hữu hạn / is not finite")
    limit = value_limit()
    if abs(number) > limit:
        raise AnalyticsError(
            f"{what}: {number:g} vượt giới hạn ±{format_number(limit)} của mọi giá trị "
            "(TONGKET_VALUE_LIMIT) / is beyond the limit on every value"
        )
    return number


def _snapshot(target: Target) -> dict:
    return {
        "unit": target.unit.code,
        "indicator": target.indicator.code,
        "period": target.period.code,
        "value": target.value,
        "baseline": target.baseline,
        "baseline_period": target.baseline_period.code if target.baseline_period else None,
        "direction": target.direction,
        "note": target.note,
    }


def target_set(
    *,
    unit: Unit,
    indicator: Indicator,
    period_code: str,
    value: float,
    baseline: float | None = None,
    baseline_period: str | None = None,
    direction: str = HIGHER,
    note: str = "",
    actor: str,
) -> Target:
    """Create or change the target of ``unit`` for ``indicator`` in a period.

    The unit must exist during the period. Nothing is written (and nothing audited) when the
    target is already exactly so.
    """
    period = _parse(period_code, "Kỳ / period")
    number = _number(value, "Chỉ tiêu / target")
    base = _number(baseline, "Giá trị gốc / baseline")
    if direction not in DIRECTIONS:
        raise AnalyticsError(
            f"Chiều đánh giá «{direction}» không hợp lệ (higher hoặc lower) / "
            f"invalid direction «{direction}» (higher or lower)"
        )
    if unit.valid_from > period.end() or (unit.valid_to and unit.valid_to < period.start()):
        raise AnalyticsError(
            f"{unit.name} (mã {unit.code}) không tồn tại trong kỳ {period.code} / "
            f"unit {unit.code} did not exist in {period.code}"
        )
    base_period = _parse(baseline_period, "Kỳ gốc / baseline period") if baseline_period else None
    with transaction.atomic():
        stored = period_get_or_create(period)
        stored_base = period_get_or_create(base_period) if base_period else None
        fields = {
            "value": number,
            "baseline": base,
            "baseline_period": stored_base,
            "direction": direction,
            "note": note,
        }
        target = (
            Target.objects.select_for_update(of=("self",))
            .select_related("unit", "indicator", "period", "baseline_period")
            .filter(unit=unit, indicator=indicator, period=stored)
            .first()
        )
        if target is None:
            target = Target.objects.create(unit=unit, indicator=indicator, period=stored, **fields)
            audit_record(
                actor=actor,
                action="target.created",
                object_type="target",
                object_id=target.pk,
                unit=unit,
                summary=(
                    f"Chỉ tiêu {indicator.code} kỳ {period.code} của {unit.name}: "
                    f"{format_number(number)}"
                ),
                new=_snapshot(target),
            )
            return target
        old = _snapshot(target)
        for name, new_value in fields.items():
            setattr(target, name, new_value)
        new = _snapshot(target)
        if new == old:
            return target
        target.save(update_fields=list(fields))
        audit_record(
            actor=actor,
            action="target.changed",
            object_type="target",
            object_id=target.pk,
            unit=unit,
            summary=(
                f"Chỉ tiêu {indicator.code} kỳ {period.code} của {unit.name}: "
                f"{format_number(old['value'])} → {format_number(number)}"
            ),
            old=old,
            new=new,
        )
        return target


def target_delete(
    *, unit: Unit, indicator: Indicator, period_code: str, actor: str, reason: str = ""
) -> None:
    """Delete a target; the audit entry keeps what it was."""
    period = _parse(period_code, "Kỳ / period")
    with transaction.atomic():
        target = (
            Target.objects.select_for_update(of=("self",))
            .select_related("unit", "indicator", "period", "baseline_period")
            .filter(unit=unit, indicator=indicator, period__code=period.code)
            .first()
        )
        if target is None:
            raise AnalyticsError(
                f"Không có chỉ tiêu {indicator.code} kỳ {period.code} của {unit.name} / "
                f"no target for {indicator.code} in {period.code} for unit {unit.code}"
            )
        old = _snapshot(target)
        pk = target.pk
        target.delete()
        audit_record(
            actor=actor,
            action="target.deleted",
            object_type="target",
            object_id=pk,
            unit=unit,
            summary=f"Xoá chỉ tiêu {indicator.code} kỳ {period.code} của {unit.name}",
            old=old,
            reason=reason,
        )
