"""Labels of periods, statuses and timeliness, in the page's language."""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError, PeriodKind

_ROMAN = ("I", "II", "III", "IV")


def period_label(period: PeriodCode | str) -> str:
    """``Năm 2017``, ``Quý III năm 2026``, ``Tháng 09/2026`` (or English)."""
    if isinstance(period, str):
        try:
            period = PeriodCode.parse(period)
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
    return _("Tháng %(month)02d/%(year)s") % {"month": period.number, "year": year}


def in_language(text: str) -> str:
    """The half of a «Vietnamese / English» message (as the services write them) in the page's
    language, line by line. A line is cut only where the cut is unambiguous, at its one " / ":
    a line with none, or with several (a status «Đã gửi / submitted» inside the Vietnamese
    half), is kept whole."""
    english = (get_language() or "vi").startswith("en")
    lines = []
    for line in str(text).splitlines():
        if line.count(" / ") != 1:
            lines.append(line)
            continue
        vi, _sep, en = line.partition(" / ")
        if english:
            lines.append(en)
        else:
            lines.append(vi + ":" if en.rstrip().endswith(":") and not vi.endswith(":") else vi)
    return "\n".join(lines)


# The statuses of a report, named here so that the page's language has them.
_STATUS = {
    "draft": gettext_lazy("Đang soạn"),
    "submitted": gettext_lazy("Đã gửi"),
    "returned": gettext_lazy("Bị trả lại"),
    "approved": gettext_lazy("Đã duyệt"),
}


def status_label(status: str) -> str:
    return str(_STATUS.get(status, status))
