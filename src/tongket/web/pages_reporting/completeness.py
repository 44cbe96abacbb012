"""Who stands behind a round's counts: the units expected to send a form for a period, by
status (not sent, sent late, waiting for approval, approved), with their contacts, when each was
last reminded, and a button that reminds the ones that have not sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongket.accounts import roles
from tongket.accounts.access import access_unit
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_permissions
from tongket.core.collation import sort_key
from tongket.reporting.models import Form, SubmissionStatus
from tongket.reporting.reminders import (
    report_contacts,
    report_reminders_last,
    report_reminders_send,
)
from tongket.reporting.selectors import Timeliness, form_completeness, form_period
from tongket.reporting.submissions_errors import SubmissionError
from tongket.units.models import UnitKind
from tongket.web.pages_reporting.labels import period_label

SHOWS = ("missing", "late", "on_time", "waiting", "approved", "all")


def _status(row) -> str:
    """One word for a unit's place in the round."""
    if row.submission is None or row.timeliness == Timeliness.MISSING:
        return "missing"
    if row.submission.status == SubmissionStatus.APPROVED:
        return "approved"
    if row.submission.status == SubmissionStatus.SUBMITTED:
        return "waiting"
    return str(row.submission.status)  # draft or returned: opened, not sent


def _label(status: str, row) -> str:
    if status == "missing":
        if row.overdue:
            return _("Chưa gửi, quá hạn %(days)s ngày") % {"days": row.days_late}
        return _("Chưa gửi")
    labels = {
        "approved": _("Đã duyệt"),
        "waiting": _("Chờ duyệt"),
        "returned": _("Bị trả lại"),
        "draft": _("Đang soạn"),
    }
    text = labels.get(status, status)
    if row.timeliness == Timeliness.LATE:
        text += ", " + _("gửi trễ %(days)s ngày") % {"days": row.days_late}
    return text


def _matches(show: str, status: str, row) -> bool:
    if show == "all":
        return True
    if show == "missing":
        return status in ("missing", "draft", "returned") and row.timeliness == Timeliness.MISSING
    if show == "late":
        return row.timeliness == Timeliness.LATE
    if show == "on_time":
        return row.timeliness == Timeliness.ON_TIME
    return status == show


@require_http_methods(["GET", "POST"])
@require_permission(roles.DASHBOARD_VIEW)
def round_units(request: HttpRequest, form_code: str, period: str) -> HttpResponse:
    form = get_object_or_404(Form, code=form_code)
    try:
        period_code = form_period(form=form, period_code=period)
    except SubmissionError:
        raise Http404 from None
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    if not unit_id:
        raise Http404
    recipient = access_unit(user=request.user, unit_id=unit_id, permission=roles.DASHBOARD_VIEW)
    today = timezone.localdate()
    completeness = form_completeness(
        form=form,
        period_code=period_code.code,
        recipient=None if recipient.kind == UnitKind.COUNTRY else recipient,
        today=today,
    )
    can_remind = roles.SUBMISSION_APPROVE in user_permissions(request.user)
    label = period_label(period_code)
    rows = sorted(completeness.rows, key=lambda r: sort_key(r.unit.name))
    if request.method == "POST":
        if not can_remind:
            raise PermissionDenied
        chosen = set(request.POST.getlist("units"))
        units = [
            r.unit for r in rows if str(r.unit.pk) in chosen and r.timeliness == Timeliness.MISSING
        ]
        if not units:
            messages.error(request, _("Chọn ít nhất một đơn vị chưa gửi báo cáo để nhắc."))
        else:
            result = report_reminders_send(
                form=form,
                period_code=period_code.code,
                period_label=label,
                deadline=completeness.deadline,
                units=units,
                actor=request.user.get_username(),
                user=request.user,
            )
            messages.success(
                request,
                _("Đã nhắc %(n)s đơn vị trong ứng dụng; đã gửi %(m)s thư.")
                % {"n": result.reminded, "m": result.emailed},
            )
            if result.email_error:
                messages.warning(
                    request,
                    _(
                        "Chưa gửi được thư (%(error)s): thư sẽ được gửi lại khi chạy «tongket remind»."
                    )
                    % {"error": result.email_error},
                )
        return redirect(request.get_full_path())
    show = request.GET.get("show") if request.GET.get("show") in SHOWS else "missing"
    ids = [r.unit.pk for r in rows]
    contacts = report_contacts(set(ids), on=today)
    reminded = report_reminders_last(form=form, period_code=period_code.code, unit_ids=ids)
    counts = dict.fromkeys(SHOWS, 0)
    shown = []
    for row in rows:
        status = _status(row)
        for key in SHOWS:
            if _matches(key, status, row):
                counts[key] += 1
        if _matches(show, status, row):
            shown.append(
                {
                    "unit": row.unit,
                    "status": status,
                    "label": _label(status, row),
                    "submission": row.submission,
                    "submitted_on": row.first_submitted_on,
                    "contacts": contacts.get(row.unit.pk, []),
                    "reminded_at": reminded.get(row.unit.pk),
                    "can_remind": can_remind and row.timeliness == Timeliness.MISSING,
                }
            )
    tabs = [
        ("missing", _("Chưa gửi")),
        ("late", _("Gửi trễ hạn")),
        ("on_time", _("Gửi đúng hạn")),
        ("waiting", _("Chờ duyệt")),
        ("approved", _("Đã duyệt")),
        ("all", _("Tất cả")),
    ]
    return render(
        request,
        "web/reporting/round_units.html",
        {
            "form": form,
            "period": period_code,
            "recipient": recipient,
            "completeness": completeness,
            "rows": shown,
            "show": show,
            "tabs": [(key, text, counts[key]) for key, text in tabs],
            "can_remind": can_remind,
        },
    )
