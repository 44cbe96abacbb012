"""Data entry: the reports a unit has open or due, and one report's values, entered by hand
(Vietnamese numbers, 2.060,5), saved as a draft and submitted; the form's XLSX template."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_submission, access_unit, submission_scope
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_grants, user_permissions
from tongket.core.audit import audit_entry_list
from tongket.core.collation import vi_sorted
from tongket.core.periods import Cutoff, PeriodKind, period_for_day
from tongket.core.periods import Period as PeriodCode
from tongket.reporting.models import Form, Submission, SubmissionStatus
from tongket.reporting.selectors import form_deadline
from tongket.reporting.services import submission_open, submission_submit, submission_values_set
from tongket.reporting.submissions_errors import SubmissionError, SubmissionInvalid
from tongket.reporting.validation import submission_validate
from tongket.transfer.selectors import template_data
from tongket.transfer.template import template_render
from tongket.units.models import Unit
from tongket.web.audit_lines import describe
from tongket.web.pages_reporting.entry_cells import Posted, entry_summary, posted_cells
from tongket.web.pages_reporting.entry_lines import editable, entry_lines
from tongket.web.pages_reporting.forms import SubmissionFilterForm, UploadForm
from tongket.web.pages_reporting.labels import in_language, status_label
from tongket.web.pages_reporting.scope import valid_on

PAGE_SIZE = 50
OPEN = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
# How far back the list looks for reports not opened yet: every period that ended since the
# start of last year. An older one is opened by naming its period (the form under the list).
LOOKBACK_YEARS = 1


@dataclass(frozen=True)
class Due:
    unit: Unit
    form: Form
    period: PeriodCode
    deadline: dt.date


def _periods_over(form: Form, unit: Unit, *, today: dt.date) -> list[PeriodCode]:
    """The periods of ``form`` that are over, from the start of the look-back (or the unit's
    first day) to the latest, the oldest first."""
    cutoff = Cutoff(form.cutoff)
    since = max(dt.date(today.year - LOOKBACK_YEARS, 1, 1), unit.valid_from)
    period = period_for_day(today, PeriodKind(form.frequency), cutoff)
    found = []
    while True:
        period = period.previous()
        if period.end(cutoff) < since:
            break
        if unit.valid_to is None or period.start(cutoff) <= unit.valid_to:
            found.append(period)
    return found[::-1]


def due_reports(user, *, today: dt.date) -> list[Due]:
    """Reports the user's own units owe for the periods that are over (since the start of
    last year), not opened yet: the oldest deadline first."""
    unit_ids = {
        g.unit_id
        for g in user_grants(user)
        if roles.SUBMISSION_EDIT in g.permissions and g.unit_id is not None
    }
    units = vi_sorted(Unit.objects.filter(valid_on(today), pk__in=unit_ids), key=lambda u: u.name)
    forms = list(Form.objects.order_by("code"))
    wanted: list[tuple[Unit, Form, PeriodCode]] = [
        (unit, form, period)
        for unit in units
        for form in forms
        if unit.kind in (form.unit_kinds or [])
        for period in _periods_over(form, unit, today=today)
    ]
    opened = set(
        Submission.objects.filter(
            unit__in=units, period__code__in={p.code for _, _, p in wanted}
        ).values_list("unit_id", "form_id", "period__code")
    )
    due = [
        Due(unit, form, period, form_deadline(form=form, period=period))
        for unit, form, period in wanted
        if (unit.pk, form.pk, period.code) not in opened
    ]
    return sorted(due, key=lambda d: d.deadline)


@require_GET
@require_permission(roles.SUBMISSION_EDIT)
def entry_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    base = Submission.objects.select_related("unit", "form", "period")
    editable_qs = submission_scope(base, user=request.user, permission=roles.SUBMISSION_EDIT)
    filters = SubmissionFilterForm(request.GET or None)
    open_qs = filters.apply(editable_qs.filter(status__in=OPEN)).order_by(
        "deadline", "unit__name", "pk"
    )
    page = Paginator(open_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    grants = user_grants(request.user)
    own_ids = [g.unit_id for g in grants if g.unit_id is not None]
    # One reporting unit needs neither filters nor unit names; a department does.
    many_units = any(g.everywhere or g.descendants for g in grants) or len(set(own_ids)) > 1
    sent = (
        editable_qs.filter(unit_id__in=own_ids)
        .exclude(status__in=OPEN)
        .order_by("-submitted_at", "-pk")[:10]
    )
    own_units = vi_sorted(
        Unit.objects.filter(valid_on(today), pk__in=own_ids),
        key=lambda u: u.name,
    )
    kinds = {u.kind for u in own_units}
    return render(
        request,
        "web/reporting/entry_list.html",
        {
            "page": page,
            "filters": filters,
            "due": due_reports(request.user, today=today),
            "own_units": own_units,
            "own_forms": [f for f in Form.objects.order_by("code") if kinds & set(f.unit_kinds)],
            "sent": sent,
            "today": today,
            "many_units": many_units,
            "own_ids": set(own_ids),
            "show_filters": many_units or filters.is_bound,
        },
    )


@require_POST
@require_permission(roles.SUBMISSION_EDIT)
def entry_open(request: HttpRequest) -> HttpResponse:
    """Open (or find) the report of a unit on a form for a period, then go to it."""
    unit = access_unit(
        user=request.user, unit_id=request.POST.get("unit", ""), permission=roles.SUBMISSION_EDIT
    )
    form = Form.objects.filter(code=request.POST.get("form", "")).first()
    if form is None:
        messages.error(request, _("Không có biểu mẫu này."))
        return redirect("entry")
    try:
        submission = submission_open(
            unit=unit, form=form, period_code=request.POST.get("period", ""), actor=request.user
        )
    except SubmissionError as exc:
        messages.error(request, in_language(str(exc)))
        return redirect("entry")
    return redirect("entry_submission", submission.pk)


def required_hidden(issues, *, acted: bool):
    """The issues to show: a line not filled in yet is no error until the person sends the
    report (or acts on that line), so a blank form opens without a single red box."""
    return list(issues) if acted else [i for i in issues if i.code != "required"]


def entry_counts(lines, general) -> dict[str, int]:
    errors = sum(len(line.errors) + bool(line.input_error or line.note_error) for line in lines)
    required = [line for line in lines if line.required and not line.derived]
    return {
        "errors": errors + sum(i.is_error for i in general),
        "warnings": sum(len(line.warnings) for line in lines),
        "required": len(required),
        "filled": sum(line.value is not None for line in required),
    }


def _render_entry(request, submission, *, issues, posted=None, acted=False, status=200):
    posted = posted or Posted()
    lines, general = entry_lines(
        submission,
        issues=required_hidden(issues, acted=acted),
        typed=posted.typed,
        input_errors=posted.input_errors,
        typed_notes=posted.typed_notes,
        note_errors=posted.note_errors,
    )
    allowed = user_permissions(request.user)
    return render(
        request,
        "web/reporting/entry_submission.html",
        {
            "submission": submission,
            "lines": lines,
            "general": general,
            "summary": entry_summary(entry_counts(lines, general)),
            "editable": editable(submission),
            "can_import": roles.VALUES_IMPORT in allowed,
            "can_audit": roles.AUDIT_VIEW in allowed,
            "upload_form": UploadForm(),
            "history": describe(
                audit_entry_list(object_type="submission", object_id=str(submission.pk))[:20]
            )
            if roles.AUDIT_VIEW in allowed
            else None,
        },
        status=status,
    )


@require_permission(roles.SUBMISSION_EDIT)
def entry_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """GET: the report's values with their messages; POST: save (draft) or submit.

    A save stores every cell that reads well and brings back the others as typed, each with
    its message; a submit goes on only when every cell was stored."""
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    if request.method != "POST":
        return _render_entry(request, submission, issues=submission_validate(submission))
    if not editable(submission):
        messages.error(
            request,
            _("Báo cáo đang ở trạng thái «%(status)s»: không sửa được.")
            % {"status": status_label(submission.status)},
        )
        return redirect("entry_submission", submission.pk)
    lines, _general = entry_lines(submission)
    posted = posted_cells(request.POST, lines)
    try:
        issues = submission_values_set(
            submission=submission, values=posted.values, notes=posted.notes, actor=request.user
        )
    except SubmissionError as exc:
        messages.error(request, in_language(str(exc)))
        return redirect("entry_submission", submission.pk)
    submit = request.POST.get("action") == "submit"
    if posted.refused:
        messages.error(
            request,
            _(
                "Đã lưu các ô hợp lệ. Còn %(count)s ô chưa lưu được: sửa các ô được đánh dấu"
                " rồi lưu lại."
            )
            % {"count": posted.refused}
            + (" " + _("Báo cáo chưa được gửi.") if submit else ""),
        )
        return _render_entry(request, submission, issues=issues, posted=posted, status=400)
    if not submit:
        errors = sum(i.is_error and i.code != "required" for i in issues)
        missing = sum(i.code == "required" for i in issues)
        if errors:
            messages.warning(
                request,
                _("Đã lưu nháp. Còn %(count)s lỗi phải sửa trước khi gửi.") % {"count": errors},
            )
        elif missing:
            messages.success(
                request,
                _("Đã lưu nháp. Còn %(count)s dòng bắt buộc chưa nhập.") % {"count": missing},
            )
        else:
            messages.success(request, _("Đã lưu nháp."))
        return redirect("entry_submission", submission.pk)
    try:
        warnings = submission_submit(submission=submission, actor=request.user)
    except SubmissionInvalid as exc:
        messages.error(
            request,
            _("Đã lưu số liệu nhưng chưa gửi được: còn %(count)s lỗi, xem ngay dưới các ô.")
            % {"count": sum(i.is_error for i in exc.issues)},
        )
        return _render_entry(request, submission, issues=exc.issues, acted=True, status=400)
    except SubmissionError as exc:
        messages.error(request, in_language(str(exc)))
        return redirect("entry_submission", submission.pk)
    if warnings:
        messages.success(
            request,
            _("Đã gửi báo cáo, kèm %(count)s cảnh báo để đơn vị nhận xem xét.")
            % {"count": len(warnings)},
        )
    else:
        messages.success(request, _("Đã gửi báo cáo."))
    return redirect("entry_submission", submission.pk)


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "bieu"


@require_GET
@require_permission(roles.SUBMISSION_EDIT)
def entry_template(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The form's fillable XLSX template for this report, its stored values filled in."""
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    data = template_data(
        form=submission.form, period=PeriodCode.parse(submission.period.code), unit=submission.unit
    )
    buffer = io.BytesIO()
    template_render(data).save(buffer)
    name = _ascii(f"{submission.form.code}_{submission.unit.code}_{submission.period.code}")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
