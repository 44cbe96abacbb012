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
from tongket.reporting.submissions_values import value_input_parse
from tongket.reporting.validation import submission_validate
from tongket.transfer.selectors import template_data
from tongket.transfer.template import template_render
from tongket.units.models import Unit
from tongket.web.pages_reporting.entry_lines import editable, entry_lines
from tongket.web.pages_reporting.forms import SubmissionFilterForm, UploadForm
from tongket.web.pages_reporting.labels import in_language, status_label
from tongket.web.pages_reporting.scope import valid_on

PAGE_SIZE = 50
OPEN = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
DUE_ROUNDS = 2  # the last periods that are over, per form


@dataclass(frozen=True)
class Due:
    unit: Unit
    form: Form
    period: PeriodCode
    deadline: dt.date


def due_reports(user, *, today: dt.date) -> list[Due]:
    """Reports the user's own units owe for the last periods that are over, not opened yet."""
    unit_ids = {
        g.unit_id
        for g in user_grants(user)
        if roles.SUBMISSION_EDIT in g.permissions and g.unit_id is not None
    }
    units = vi_sorted(Unit.objects.filter(valid_on(today), pk__in=unit_ids), key=lambda u: u.name)
    forms = list(Form.objects.order_by("code"))
    wanted: list[tuple[Unit, Form, PeriodCode]] = []
    for unit in units:
        for form in forms:
            if unit.kind not in (form.unit_kinds or []):
                continue
            period = period_for_day(today, PeriodKind(form.frequency), Cutoff(form.cutoff))
            for _round in range(DUE_ROUNDS):
                period = period.previous()
                if unit.valid_from <= period.end(Cutoff(form.cutoff)):
                    wanted.append((unit, form, period))
    opened = set(
        Submission.objects.filter(
            unit__in=units, period__code__in={p.code for _, _, p in wanted}
        ).values_list("unit_id", "form_id", "period__code")
    )
    return [
        Due(unit, form, period, form_deadline(form=form, period=period))
        for unit, form, period in wanted
        if (unit.pk, form.pk, period.code) not in opened
    ]


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
    return render(
        request,
        "web/reporting/entry_list.html",
        {
            "page": page,
            "filters": filters,
            "due": due_reports(request.user, today=today),
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


def _typed(request: HttpRequest, lines) -> tuple[dict[str, str], dict[str, str]]:
    """What was typed for each line that can be entered, and the lines whose text is no
    number (read as the service reads it)."""
    typed, errors = {}, {}
    for line in lines:
        if line.derived or line.name not in request.POST:
            continue
        raw = request.POST[line.name][:64]
        typed[line.indicator.code] = raw
        _number, problem = value_input_parse(line.indicator.code, raw)
        if problem:
            errors[line.indicator.code] = problem.split(": ", 1)[-1]
    return typed, errors


def _render_entry(request, submission, *, issues, typed=None, input_errors=None, status=200):
    lines, general = entry_lines(submission, issues=issues, typed=typed, input_errors=input_errors)
    allowed = user_permissions(request.user)
    return render(
        request,
        "web/reporting/entry_submission.html",
        {
            "submission": submission,
            "lines": lines,
            "general": general,
            "errors": sum(len(line.errors) for line in lines) + sum(i.is_error for i in general),
            "warnings": sum(len(line.warnings) for line in lines),
            "editable": editable(submission),
            "can_import": roles.VALUES_IMPORT in allowed,
            "can_audit": roles.AUDIT_VIEW in allowed,
            "upload_form": UploadForm(),
            "history": audit_entry_list(object_type="submission", object_id=str(submission.pk))[:20]
            if roles.AUDIT_VIEW in allowed
            else None,
        },
        status=status,
    )


@require_permission(roles.SUBMISSION_EDIT)
def entry_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """GET: the report's values with their messages; POST: save (draft) or submit."""
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
    typed, input_errors = _typed(request, lines)
    if input_errors:
        messages.error(
            request,
            _("Chưa lưu: %(count)s ô không đọc được thành số. Hãy sửa các ô được đánh dấu.")
            % {"count": len(input_errors)},
        )
        return _render_entry(
            request,
            submission,
            issues=submission_validate(submission),
            typed=typed,
            input_errors=input_errors,
            status=400,
        )
    try:
        issues = submission_values_set(submission=submission, values=typed, actor=request.user)
    except SubmissionError as exc:
        messages.error(request, in_language(str(exc)))
        return redirect("entry_submission", submission.pk)
    errors = sum(i.is_error for i in issues)
    if request.POST.get("action") != "submit":
        if errors:
            messages.warning(
                request,
                _("Đã lưu nháp. Còn %(count)s lỗi phải sửa trước khi gửi.") % {"count": errors},
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
        return _render_entry(request, submission, issues=exc.issues, status=400)
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
