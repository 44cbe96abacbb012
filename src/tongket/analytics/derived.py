"""Derived indicators (numerator / denominator × factor), through the catalogue's formulas.

A derived value over a group of units or periods is computed from the aggregated parts, never
averaged: the density of a merged province is its summed subscribers over its summed
population × 100.
"""

from __future__ import annotations

from collections.abc import Mapping

from tongket.indicators.models import Indicator


def base_codes(indicator: Indicator) -> list[str]:
    """Codes of the base (reported) indicators a value of ``indicator`` is computed from."""
    if not indicator.is_derived:
        return [indicator.code]
    try:
        from tongket.indicators.formulas import indicator_base_codes
    except ImportError:
        return _base_codes_from_links(indicator)
    return list(indicator_base_codes(indicator))


def compute(indicator: Indicator, parts: Mapping[str, float | None]) -> float | None:
    """The value of ``indicator`` from its aggregated base parts (``None`` when undefined)."""
    if not indicator.is_derived:
        return parts.get(indicator.code)
    try:
        from tongket.indicators.formulas import indicator_compute
    except ImportError:
        return _compute_from_links(indicator, parts)
    return indicator_compute(indicator, dict(parts))


def _base_codes_from_links(indicator: Indicator) -> list[str]:
    codes: list[str] = []
    for part in (indicator.numerator, indicator.denominator):
        for code in base_codes(part):
            if code not in codes:
                codes.append(code)
    return codes


def _compute_from_links(indicator: Indicator, parts: Mapping[str, float | None]) -> float | None:
    numerator = compute(indicator.numerator, parts)
    denominator = compute(indicator.denominator, parts)
    if numerator is None or not denominator:
        return None
    return numerator / denominator * indicator.factor
