"""Labels of periods, statuses and timeliness, in the page's language."""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy

from tongket.core.period_words import period_label  # noqa: F401 (the pages name it here)


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
