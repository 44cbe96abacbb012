"""Small factories for tests. Reference data (all provinces) comes from the real loaders."""

from __future__ import annotations

import datetime as dt
import itertools

from tongket.indicators.models import Indicator
from tongket.units.models import Unit, UnitKind, UnitLink

_seq = itertools.count(1)


def make_unit(
    *,
    kind: str = UnitKind.PROVINCE,
    code: str | None = None,
    name: str | None = None,
    valid_from: dt.date = dt.date(2000, 1, 1),
    valid_to: dt.date | None = None,
    parent: Unit | None = None,
    **extra,
) -> Unit:
    n = next(_seq)
    unit = Unit.objects.create(
        kind=kind,
        code=code or f"T{n:05d}",
        name=name or f"Đơn vị thử {n}",
        valid_from=valid_from,
        valid_to=valid_to,
        **extra,
    )
    if parent is not None:
        UnitLink.objects.create(child=unit, parent=parent, valid_from=valid_from, valid_to=valid_to)
    return unit


def make_indicator(
    code: str | None = None,
    *,
    name: str | None = None,
    unit_of_measure: str = "thuê bao",
    value_type: str = "integer",
    aggregation: str = "sum",
    period_aggregation: str = "sum",
    numerator: Indicator | None = None,
    denominator: Indicator | None = None,
    factor: float = 1,
    **extra,
) -> Indicator:
    n = next(_seq)
    return Indicator.objects.create(
        code=code or f"test.ind{n}",
        name=name or f"Chỉ tiêu thử {n}",
        name_en=extra.pop("name_en", f"Test indicator {n}"),
        unit_of_measure=unit_of_measure,
        value_type=value_type,
        aggregation=aggregation,
        period_aggregation=period_aggregation,
        numerator=numerator,
        denominator=denominator,
        factor=factor,
        **extra,
    )
