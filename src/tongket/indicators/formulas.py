"""Derived indicators: ``numerator / denominator × factor`` from aggregated parts.

A province's telephone density is its subscribers over its population × 100, never the mean
of its communes' densities; so callers aggregate the base parts first (each by its own
aggregation rule) and then compute here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tongket.indicators.models import Indicator

# Formulas are a few levels deep at most; this only stops a cycle written into the database
# by hand (the catalogue loader refuses cycles).
_MAX_DEPTH = 16


class FormulaError(ValueError):
    pass


def _cycle(indicator: Indicator) -> FormulaError:
    return FormulaError(
        f"Công thức của chỉ tiêu «{indicator.code}» quay vòng hoặc lồng quá sâu / "
        f"the formula of indicator «{indicator.code}» is circular or nested too deeply"
    )


def _compute(indicator: Indicator, parts: Mapping[str, float | None], depth: int) -> float | None:
    if depth > _MAX_DEPTH:
        raise _cycle(indicator)
    if not indicator.is_derived:
        value = parts.get(indicator.code)
        if value is None or not math.isfinite(value):
            return None
        return float(value)
    numerator = _compute(indicator.numerator, parts, depth + 1)
    denominator = _compute(indicator.denominator, parts, depth + 1)
    if numerator is None or denominator is None or denominator == 0:
        return None
    # A tiny denominator can still carry the ratio past the largest float.
    result = numerator / denominator * indicator.factor
    return result if math.isfinite(result) else None


def indicator_compute(indicator: Indicator, parts: Mapping[str, float | None]) -> float | None:
    """The value of ``indicator`` from the aggregated values of its base indicators.

    ``parts`` maps base codes (see ``indicator_base_codes``) to values. A base indicator's
    value is read from ``parts`` as is. ``None`` when a part is missing or a denominator is
    0: a ratio that cannot be computed is not 0.
    """
    return _compute(indicator, parts, 0)


def indicator_base_codes(indicator: Indicator) -> list[str]:
    """The base indicators ``indicator`` needs, recursively, in formula order, each once."""
    found: list[str] = []

    def walk(current: Indicator, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise _cycle(indicator)
        if not current.is_derived:
            if current.code not in found:
                found.append(current.code)
            return
        walk(current.numerator, depth + 1)
        walk(current.denominator, depth + 1)

    walk(indicator, 0)
    return found
