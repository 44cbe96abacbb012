"""Derived indicators (numerator / denominator × factor), through the catalogue's formulas.

A derived value over a group of units or periods is computed from the aggregated parts, never
averaged: the density of a merged province is its summed subscribers over its summed
population × 100.
"""

from __future__ import annotations

from collections.abc import Mapping

from tongket.indicators.formulas import indicator_base_codes, indicator_compute
from tongket.indicators.models import Indicator


def base_codes(indicator: Indicator) -> list[str]:
    """Codes of the base (reported) indicators a value of ``indicator`` is computed from."""
    return [indicator.code] if not indicator.is_derived else indicator_base_codes(indicator)


def compute(indicator: Indicator, parts: Mapping[str, float | None]) -> float | None:
    """The value of ``indicator`` from its aggregated base parts (``None`` when undefined)."""
    return (
        parts.get(indicator.code)
        if not indicator.is_derived
        else indicator_compute(indicator, parts)
    )
