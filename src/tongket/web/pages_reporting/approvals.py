"""The approvals queue of a department: reports sent to it, approved, returned with a reason
or un-approved with a reason; and the audit trail of each value, one click away."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.access import access_submission, access_value, submission_scope
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_permissions
from tongket.consistency.checks import submission_consistency
from tongket.core.audit import audit_entry_list
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.services import (
    submission_approve,
    submission_return,
    submission_unapprove,
)
from tongket.reporting.submissions_errors import SubmissionError
from tongket.reporting.validation import submission_validate
from tongket.web.audit_lines import describe
from tongket.web.pages_reporting.entry_lines import entry_lines
from tongket.web.pages_reporting.forms import ApprovalFilterForm, ReasonForm
from tongket.web.pages_reporting.labels import in_language

PAGE_SIZE = 50


@require_GET
@require_permission(roles.SUBMISSION_APPROVE)
def approval_list(request: HttpRequest) -> HttpResponse:
    filters = ApprovalFilterForm(request.GET or None)
    reports = submission_scope(
        Submission.objects.select_related("unit", "form", "period", "recipient"),
        user=request.user,
        permission=roles.SUBMISSION_APPROVE,
    )
    reports = (
        filters.apply(reports)
        .annotate(warnings=Count("values", filter=Q(values__flagged=True)))
        .order_by("submitted_at", "deadline", "unit__name", "pk")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        first = report.first_submitted_at
        report.late = first is not None and timezone.localdate(first) > report.deadline
    return render(request, "web/reporting/approval_list.html", {"page": page, "filters": filters})


_ACTIONS = {
    "approve": (SubmissionStatus.SUBMITTED, False),
    "return": (SubmissionStatus.SUBMITTED, True),
    "unapprove": (SubmissionStatus.APPROVED, True),
}


def _done_message(action: str, submission: Submission) -> str:
    where = f"{submission.unit.name}, {submission.form.name}, {submission.period.code}"
    return {
        "approve": _("Đã duyệt báo cáo: %(report)s."),
        "return": _("Đã trả lại báo cáo: %(report)s."),
        "unapprove": _("Đã hủy duyệt và trả lại báo cáo: %(report)s."),
    }[action] % {"report": where}


@require_permission(roles.SUBMISSION_APPROVE)
def approval_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """GET: the report with its values and messages; POST: approve, return or un-approve."""
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_APPROVE
    )
    reason_form = ReasonForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in _ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("approval", submission.pk)
        _from, needs_reason = _ACTIONS[action]
        reason_form = ReasonForm(request.POST) if needs_reason else ReasonForm()
        if not needs_reason or reason_form.is_valid():
            reason = reason_form.cleaned_data["reason"] if needs_reason else ""
            try:
                if action == "approve":
                    submission_approve(submission=submission, actor=request.user)
                elif action == "return":
                    submission_return(submission=submission, actor=request.user, reason=reason)
                else:
                    submission_unapprove(submission=submission, actor=request.user, reason=reason)
            except SubmissionError as exc:
                messages.error(request, in_language(str(exc)))
                return redirect("approval", submission.pk)
            messages.success(request, _done_message(action, submission))
            if action == "approve":
                for violation in submission_consistency(submission):
                    messages.warning(request, in_language(violation.message))
            return redirect("approvals")
        status = 400
    lines, general = entry_lines(submission, issues=submission_validate(submission))
    can_audit = roles.AUDIT_VIEW in user_permissions(request.user)
    return render(
        request,
        "web/reporting/approval_detail.html",
        {
            "submission": submission,
            "lines": lines,
            "general": general,
            "reason_form": reason_form,
            "failed_action": request.POST.get("action", "") if status == 400 else "",
            "consistency": submission_consistency(submission),
            "can_audit": can_audit,
            "history": describe(
                audit_entry_list(object_type="submission", object_id=str(submission.pk))[:20]
            )
            if can_audit
            else None,
        },
        status=status,
    )


@require_GET
@require_permission(roles.AUDIT_VIEW)
def value_audit(request: HttpRequest, value_id: int) -> HttpResponse:
    """Who wrote a value, when, from which number to which, and why."""
    value = access_value(user=request.user, value_id=value_id, permission=roles.AUDIT_VIEW)
    entries = list(audit_entry_list(object_type="value", object_id=str(value.pk))[:50])
    template = (
        "web/reporting/_value_audit.html"
        if request.headers.get("HX-Request")
        else "web/reporting/value_audit.html"
    )
    return render(request, template, {"value": value, "entries": entries})
