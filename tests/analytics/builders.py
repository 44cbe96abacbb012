"""Helpers for analytics tests: store values, rebuild the closure."""

from __future__ import annotations

import datetime as dt

from tongket.indicators.models import Indicator
from tongket.reporting.models import Value
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit
from tongket.units.services import unit_hierarchy_rebuild

MERGER = dt.date(2025, 7, 1)


def rebuild_closure() -> None:
    """Rebuild ``UnitAncestor`` with the units app's own service."""
    unit_hierarchy_rebuild()


def put(unit: Unit, indicator: Indicator, period: str, value: float) -> Value:
    return Value.objects.create(
        unit=unit,
        indicator=indicator,
        period=period_get_or_create(period),
        value=value,
        source="manual",
    )
