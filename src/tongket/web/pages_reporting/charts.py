"""Series of figures as the data of ``web/_chart.html`` (a uPlot line chart and its table)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tongket.analytics.selectors import Row
from tongket.indicators.display import indicator_display
from tongket.indicators.models import Indicator
from tongket.units.models import Unit


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the page's language."""
    if (get_language() or "vi").startswith("en") and indicator.name_en:
        return indicator.name_en
    return indicator.name


def measure_name(indicator: Indicator) -> str:
    """The indicator's display unit («tỷ đồng») in the page's language."""
    return indicator_display(indicator).label((get_language() or "vi").startswith("en"))


def chart_of(indicator: Indicator, rows: Sequence[Row], *, unit: Unit, key: str) -> dict | None:
    """The indicator's values (and targets, where set) over ``rows``' periods; None if there
    is not a single value to draw."""
    if not any(r.value is not None for r in rows):
        return None
    # Values in the display unit: the axis, the tooltips and the table read «8.618,4».
    shown = indicator_display(indicator)
    series = [{"label": unit.name, "values": [shown.value(r.value) for r in rows]}]
    if any(r.target is not None for r in rows):
        series.append({"label": _("Kế hoạch"), "values": [shown.value(r.target) for r in rows]})
    safe = "".join(c if c.isalnum() else "-" for c in f"{indicator.code}-{key}")
    return {
        "id": f"chart-{safe}",
        "title": indicator_name(indicator),
        "unit": measure_name(indicator),
        "x": [r.period for r in rows],
        "series": series,
        "decimals": shown.decimals,
        "note": ", ".join(
            _("%(period)s: ước thực hiện") % {"period": r.period} for r in rows if r.estimated
        ),
    }


def chart_for_fragment(chart: dict | None) -> dict | None:
    """The chart with its data as text too, for a fragment htmx swaps in (it drops the script
    element ``web/_chart.html`` otherwise carries the data in)."""
    if chart is None:
        return None
    return {**chart, "json": json.dumps(chart, ensure_ascii=False)}
