"""Outliers against a unit's own history.

A value is compared with the same unit's values of the same indicator in the previous
periods of the same kind (up to 12: twelve months, twelve quarters...).

* With 4 or more earlier values: median and MAD (median absolute deviation). A value is an
  outlier when its robust z-score 0,6745·|x − median| / MAD exceeds 3,5 (Iglewicz and
  Hoaglin) and it is more than 20% away from the median — the second condition keeps a
  very steady history (MAD near 0) from flagging every small change.
* With 1 to 3 earlier values: a ratio band against the same period a year earlier, or else
  the latest earlier value; outside ×1/3 … ×3 is an outlier.
* With none: nothing to compare with.

Outliers are warnings: they are flagged on the value with the reason, never block.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from tongket.core.numbers import format_number, format_percent
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.reporting.models import Period, Value

HISTORY = 12
MIN_FOR_MAD = 4
Z_LIMIT = 3.5
MATERIAL = 0.20
BAND = 3.0
_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}


@dataclass(frozen=True)
class HistoryPoint:
    code: str  # period code
    lag: int  # periods back: 1 is the previous period
    value: float


@dataclass(frozen=True)
class Outlier:
    reference: float
    change: float | None  # relative change to the reference; None when the reference is 0
    reason: str  # Vietnamese / English


def previous_codes(code: str, count: int = HISTORY) -> list[str]:
    """The ``count`` periods before ``code`` of the same kind, nearest first."""
    codes, current = [], PeriodCode.parse(code)
    for _ in range(count):
        current = current.previous()
        codes.append(current.code)
    return codes


def history_for(
    *, unit_id: int, period: Period, indicator_ids: Sequence[int]
) -> dict[int, list[HistoryPoint]]:
    """Earlier values of ``unit_id`` per indicator, nearest first."""
    if not indicator_ids:
        return {}
    lag_of = {c: i + 1 for i, c in enumerate(previous_codes(period.code))}
    # Plain SQL: a report runs this on every call, and the ORM's compiler cost more than it.
    indicators = list(indicator_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.indicator_id, p.code, v.value FROM {Value._meta.db_table} v "
            f"JOIN {Period._meta.db_table} p ON p.id = v.period_id "
            f"WHERE v.unit_id = %s AND v.indicator_id IN ({', '.join(['%s'] * len(indicators))}) "
            f"AND p.code IN ({', '.join(['%s'] * len(lag_of))})",
            [unit_id, *indicators, *lag_of],
        )
        rows = cursor.fetchall()
    history: dict[int, list[HistoryPoint]] = defaultdict(list)
    for indicator_id, code, value in rows:
        history[indicator_id].append(HistoryPoint(code, lag_of[code], value))
    for points in history.values():
        points.sort(key=lambda p: p.lag)
    return dict(history)


def _change_text(value: float, reference: float) -> tuple[float | None, str, str]:
    if reference == 0:
        return None, f"bằng {format_number(value)}", f"is {format_number(value)}"
    change = (value - reference) / abs(reference)
    pct = format_percent(abs(change) * 100, 1)
    if change >= 0:
        return change, f"tăng {pct}", f"up {pct}"
    return change, f"giảm {pct}", f"down {pct}"


def _is_far(value: float, reference: float, *, up: float, down: float) -> bool:
    if reference == 0:
        return value != 0
    change = (value - reference) / abs(reference)
    return change > up or change < -down


def outlier_check(
    *, value: float, history: Sequence[HistoryPoint], kind: PeriodKind | None = None
) -> Outlier | None:
    """An ``Outlier`` when ``value`` lies far from ``history`` (nearest first), else None."""
    if not history:
        return None
    if len(history) >= MIN_FOR_MAD:
        numbers = [p.value for p in history]
        median = statistics.median(numbers)
        mad = statistics.median(abs(x - median) for x in numbers)
        deviation = abs(value - median)
        if mad > 0 and 0.6745 * deviation / mad <= Z_LIMIT:
            return None
        if not _is_far(value, median, up=MATERIAL, down=MATERIAL):
            return None
        change, vi, en = _change_text(value, median)
        n, m = len(numbers), format_number(median)
        return Outlier(
            median,
            change,
            f"{vi} so với trung vị {n} kỳ trước ({m}) / {en} on the {n}-period median ({m})",
        )
    per_year = _PER_YEAR[kind] if kind is not None else None
    year_earlier = next((p for p in history if p.lag == per_year), None)
    reference = year_earlier or history[0]
    if not _is_far(value, reference.value, up=BAND - 1, down=1 - 1 / BAND):
        return None
    change, vi, en = _change_text(value, reference.value)
    ref = f"{reference.code}: {format_number(reference.value)}"
    if year_earlier is not None:
        where_vi, where_en = "cùng kỳ năm trước", "the same period a year earlier"
    else:
        where_vi, where_en = "kỳ trước gần nhất có số liệu", "the latest earlier period"
    return Outlier(
        reference.value, change, f"{vi} so với {where_vi} ({ref}) / {en} on {where_en} ({ref})"
    )
