"""Periods in words, in the active language: ``Năm 2017``, ``Quý III năm 2026``,
``Tháng 09/2026`` (``Year 2017``, ``Quarter III of 2026``, ``September 2026`` on the English
switch). Each reads back as its period (``Period.parse``), so a field shows what it takes."""

from __future__ import annotations

import calendar

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tongket.core.periods import Period, PeriodError, PeriodKind

_ROMAN = ("I", "II", "III", "IV")


def period_label(period: Period | str) -> str:
    """The period as people write it; a text that is not a period code is returned as it is."""
    if isinstance(period, str):
        try:
            period = Period.parse(period)
        except PeriodError:
            return period
    year = period.year
    if period.kind is PeriodKind.YEAR:
        return _("Năm %(year)s") % {"year": year}
    if period.kind is PeriodKind.HALF:
        if period.number == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if period.kind is PeriodKind.QUARTER:
        return _("Quý %(quarter)s năm %(year)s") % {
            "quarter": _ROMAN[period.number - 1],
            "year": year,
        }
    if (get_language() or "vi").startswith("en"):
        return f"{calendar.month_name[period.number]} {year}"  # «June 2026», as English writes it
    return _("Tháng %(month)02d/%(year)s") % {"month": period.number, "year": year}
