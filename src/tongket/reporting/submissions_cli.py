"""What the terminal commands on submissions share: argument reading and rendering.

Rendering takes data already gathered by the selectors and never queries.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils import timezone

from tongket.core.numbers import format_date, format_number, format_percent
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.reporting.models import Form, Submission
from tongket.reporting.selectors import (
    Completeness,
    SubmissionLine,
    form_window,
    status_label,
)
from tongket.reporting.submissions_errors import SubmissionError
from tongket.reporting.validation import Issue
from tongket.units.models import Unit

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def date_parse(text: str) -> dt.date:
    """``31/01/2017`` or ``2017-01-31``."""
    raw = text.strip()
    try:
        m = _DMY.match(raw)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise SubmissionError(
            f"Ngày không hợp lệ «{text}» (dùng 31/01/2017 hoặc 2017-01-31) / invalid date "
            f"«{text}» (use 31/01/2017 or 2017-01-31)"
        ) from None


def pairs_parse(items: list[str]) -> dict[str, str]:
    """``["A1=2.060,5", "A2="]`` → ``{"A1": "2.060,5", "A2": ""}`` (empty clears)."""
    values: dict[str, str] = {}
    for item in items:
        code, sep, value = item.partition("=")
        if not sep or not code.strip():
            raise SubmissionError(f"«{item}»: cần dạng chỉ_tiêu=giá_trị / expected indicator=value")
        values[code.strip()] = value.strip()
    return values


def unit_for_form(
    *, code: str, form: Form, period_code: str, prefer_kinds: list[str] | None = None
) -> Unit:
    """The unit with ``code`` that existed during the period (codes are reused over time).

    Several units may share a code at once (a province and an enterprise); those of
    ``prefer_kinds`` (by default the kinds that report on the form) are taken first.
    """
    kinds = form.unit_kinds if prefer_kinds is None else prefer_kinds
    try:
        period = PeriodCode.parse(period_code)
    except PeriodError as exc:
        raise SubmissionError(str(exc)) from None
    start, end = form_window(form=form, period=period)
    during = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    found = list(Unit.objects.filter(during, code=code))
    if len(found) > 1:
        found = [u for u in found if u.kind in kinds] or found
    if len(found) == 1:
        return found[0]
    if not found:
        raise SubmissionError(
            f"Không có đơn vị mã «{code}» trong kỳ {period.code} / no unit with code «{code}» "
            f"during period {period.code}"
        )
    names = ", ".join(f"{u.name} ({u.kind})" for u in found)
    raise SubmissionError(
        f"Mã «{code}» ứng với nhiều đơn vị: {names} / code «{code}» matches several units"
    )


def _dt(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


def submission_as_dict(sub: Submission) -> dict:
    return {
        "id": sub.pk,
        "form": sub.form.code,
        "unit": sub.unit.code,
        "unit_name": sub.unit.name,
        "period": sub.period.code,
        "status": sub.status,
        "recipient": sub.recipient.code if sub.recipient else None,
        "recipient_name": sub.recipient.name if sub.recipient else None,
        "deadline": sub.deadline.isoformat(),
        "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else None,
        "first_submitted_at": sub.first_submitted_at.isoformat()
        if sub.first_submitted_at
        else None,
        "approved_at": sub.approved_at.isoformat() if sub.approved_at else None,
        "approved_by": sub.approved_by or None,
        "return_reason": sub.return_reason or None,
    }


def submission_text(sub: Submission) -> str:
    to = f" · nhận / to: {sub.recipient.name}" if sub.recipient else ""
    lines = [
        f"Báo cáo / report #{sub.pk} · {sub.form.code} · {sub.unit.name} ({sub.unit.code}) · "
        f"{sub.period.code}",
        f"  {status_label(sub.status)} · hạn gửi / due {format_date(sub.deadline)}{to}",
    ]
    if sub.first_submitted_at:
        lines.append(
            f"  gửi lần đầu / first submitted {_dt(sub.first_submitted_at)}"
            f" · gửi / submitted {_dt(sub.submitted_at)}"
        )
    if sub.approved_at:
        lines.append(f"  duyệt / approved {_dt(sub.approved_at)} ({sub.approved_by})")
    if sub.return_reason:
        lines.append(f"  lý do trả lại / return reason: {sub.return_reason}")
    return "\n".join(lines)


def issues_text(issues: list[Issue]) -> str:
    if not issues:
        return "Không có lỗi hay cảnh báo / no errors or warnings"
    errors = sum(1 for i in issues if i.is_error)
    head = f"{errors} lỗi / error(s), {len(issues) - errors} cảnh báo / warning(s):"
    return "\n".join([head, *(f"  - {i}" for i in issues)])


def line_as_dict(line: SubmissionLine) -> dict:
    return {
        "line": line.line,
        "indicator": line.indicator.code,
        "name": line.indicator.name,
        "required": line.required,
        "value": line.value,
        "flagged": line.flagged,
        "flag_reason": line.flag_reason or None,
        "comment": line.comment or None,
        "explanation": line.explanation or None,
    }


def lines_text(lines: list[SubmissionLine]) -> str:
    width = max((len(ln.indicator.code) for ln in lines), default=0)
    rows = []
    for ln in lines:
        value = format_number(ln.value) if ln.value is not None else "—"
        mark = "*" if ln.required else " "
        flag = f"  ⚑ {ln.flag_reason}" if ln.flagged else ""
        rows.append(
            f"  {ln.line:>3}{mark} {ln.indicator.code:<{width}} {value:>16}  "
            f"{ln.indicator.name}{flag}"
        )
    return "\n".join(rows)


def completeness_as_dict(c: Completeness) -> dict:
    return {
        "form": c.form.code,
        "period": c.period,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "deadline": c.deadline.isoformat(),
        "today": c.today.isoformat(),
        "recipient": c.recipient.code if c.recipient else None,
        "expected": c.expected,
        "on_time": c.on_time,
        "late": c.late,
        "missing": c.missing,
        "overdue": c.overdue,
        "submitted_rate": c.submitted_rate,
        "on_time_rate": c.on_time_rate,
    }


_TIMELINESS = {
    "on_time": "đúng hạn / on time",
    "late": "trễ hạn / late",
    "missing": "chưa gửi / missing",
}


def completeness_text(c: Completeness) -> str:
    def rate(value: float | None) -> str:
        return format_percent(value * 100) if value is not None else "—"

    to = f" · {c.recipient.name}" if c.recipient else ""
    lines = [
        f"Biểu / form {c.form.code} · kỳ / period {c.period} ({format_date(c.start)}–"
        f"{format_date(c.end)}){to} · hạn / due {format_date(c.deadline)}",
        f"  Phải gửi / expected {c.expected} · đúng hạn / on time {c.on_time} · trễ / late "
        f"{c.late} · chưa gửi / missing {c.missing} (quá hạn / overdue {c.overdue})",
        f"  Tỷ lệ đã gửi / submitted {rate(c.submitted_rate)} · đúng hạn / on time "
        f"{rate(c.on_time_rate)}",
    ]
    code_w = max((len(r.unit.code) for r in c.rows), default=0)
    name_w = max((len(r.unit.name) for r in c.rows), default=0)
    for r in c.rows:
        when = format_date(r.first_submitted_on) if r.first_submitted_on else " " * 10
        late = f" +{r.days_late} ngày / days" if r.days_late else ""
        lines.append(
            f"  {r.unit.code:<{code_w}}  {r.unit.name:<{name_w}}  "
            f"{_TIMELINESS[r.timeliness]:<20} {when}{late}"
        )
    return "\n".join(lines)
