"""How a person reads an indicator's figures: its display unit, scale and decimals.

Stored values stay in the catalogue's base unit (đồng, thuê bao); pages, charts and their
axes, the command line, XLSX and DOCX divide by the indicator's ``display_scale`` and show
``display_unit`` with ``decimals`` decimals (8.618.434.000.000 đồng → «8.618,4 tỷ đồng»).
"""

from __future__ import annotations

from dataclasses import dataclass

from tongket.core.numbers import format_number
from tongket.indicators.models import Indicator


@dataclass(frozen=True)
class Display:
    """Divide by ``scale``, show ``decimals`` decimals, in ``unit`` (``unit_en`` in English)."""

    unit: str
    unit_en: str
    scale: float = 1.0
    decimals: int = 0

    def value(self, value: float | None) -> float | None:
        """``value`` in the display unit, rounded to the display decimals."""
        if value is None:
            return None
        shown = round(value / self.scale, self.decimals)
        return shown + 0.0  # no «-0»

    def text(self, value: float | None, *, with_unit: bool = False) -> str:
        """«8.618,4» (or «8.618,4 tỷ đồng»): always ``decimals`` decimals; «» when missing."""
        shown = self.value(value)
        if shown is None:
            return ""
        text = fixed(shown, self.decimals)
        if not with_unit:
            return text
        return f"{text}{self.unit}" if self.unit == "%" else f"{text} {self.unit}"

    def label(self, english: bool = False) -> str:
        return (self.unit_en or self.unit) if english else self.unit


def fixed(value: float, decimals: int) -> str:
    """``2060`` → «2.060,0» with ``decimals=1``: a fixed number of decimals, Vietnamese style."""
    text = format_number(round(value, decimals), decimals)
    if decimals and "," not in text:
        text += ","
    if decimals:
        whole, _, part = text.partition(",")
        text = f"{whole},{part.ljust(decimals, '0')}"
    return text


# Attainment, changes and coverage in percent: one decimal always, so that «100,0%» stands
# beside «101,5%» and «+3,0%» beside «+11,0%».
PERCENT_DECIMALS = 1


def percent_text(value: float | None, decimals: int = PERCENT_DECIMALS) -> str:
    """«100,0%», «101,5%»; «» when missing."""
    if value is None:
        return ""
    return f"{fixed(round(value, decimals) + 0.0, decimals)}%"


def signed_percent_text(value: float | None, decimals: int = PERCENT_DECIMALS) -> str:
    """«+3,0%», «-2,1%», «0,0%»; «» when missing."""
    if value is None:
        return ""
    rounded = round(value, decimals) + 0.0
    return f"{'+' if rounded > 0 else ''}{fixed(rounded, decimals)}%"


def indicator_display(indicator: Indicator) -> Display:
    """The indicator's display unit, scale and decimals (the catalogue's)."""
    return Display(
        unit=indicator.display_unit or indicator.unit_of_measure,
        unit_en=indicator.display_unit_en
        or indicator.unit_of_measure_en
        or indicator.unit_of_measure,
        scale=indicator.display_scale or 1.0,
        decimals=indicator.decimals,
    )
