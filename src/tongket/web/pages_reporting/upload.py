"""Uploading a filled template into one report: read and check the whole file first (every
problem named by file, row, column and reason), show what would change and what validation
would then say, and store only when the user confirms.

The file is read by ``tongket.transfer`` (the same reader as ``tongket import``); its values
are then stored through the submission service, so they belong to the report, each change is
audited, and the rules of the report (locks, statuses) apply as for values typed by hand.
Between the preview and the confirmation the checked values wait in the user's session,
together with the file's fingerprint the confirmation must repeat.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_submission
from tongket.accounts.decorators import require_permission
from tongket.reporting.models import FormIndicator, Submission
from tongket.reporting.services import submission_values_set
from tongket.reporting.submissions_errors import SubmissionError
from tongket.transfer.check import Resolvers, file_check, key_unpack
from tongket.transfer.errors import Issue as FileIssue
from tongket.transfer.errors import IssueList
from tongket.transfer.limits import memory_release, request_limits
from tongket.units.models import Unit
from tongket.web.pages_reporting.entry_lines import editable, entry_lines, input_text
from tongket.web.pages_reporting.forms import UploadForm
from tongket.web.pages_reporting.labels import in_language

SESSION_KEY = "tongket_entry_upload"


@dataclass(frozen=True)
class Checked:
    file: str
    sha256: str
    values: dict[str, float]  # indicator code → value
    issues: list[FileIssue]
    omitted: int
    comments: dict[str, str] = field(default_factory=dict)  # the «Ghi chú» column, by code

    def notes(self) -> dict[str, dict[str, str]]:
        return notes_of(self.values, self.comments)


def notes_of(values: dict, comments: dict[str, str]) -> dict[str, dict[str, str]]:
    """The comments of the file as the submission service takes them (a comment goes with a
    number: one beside an empty cell has nothing to belong to)."""
    return {
        code: {"comment": text} for code, text in comments.items() if values.get(code) is not None
    }


def upload_check(*, submission: Submission, path: Path, name: str) -> Checked:
    """Read ``path`` and check that every value belongs to this report: its unit, its period,
    an indicator on its form. Nothing is written."""
    issues = IssueList()
    resolvers = Resolvers()
    parsed = file_check(
        path=path, name=name, resolvers=resolvers, issues=issues, limits=request_limits()
    )
    values: dict[str, float] = {}
    comments: dict[str, str] = {}
    if parsed is None:
        return Checked(name, "", values, issues.items, issues.omitted)
    on_form = dict(
        FormIndicator.objects.filter(form_id=submission.form_id).values_list(
            "indicator_id", "indicator__code"
        )
    )
    unit_names = {submission.unit_id: submission.unit.name}
    for index in parsed.order:
        unit_id, indicator_id, period_index = key_unpack(parsed.keys[index])
        row = parsed.row_label(parsed.lines[index])
        period = resolvers.periods.codes[period_index].code
        code = resolvers.indicators.codes.get(indicator_id, str(indicator_id))
        if unit_id != submission.unit_id:
            if unit_id not in unit_names:
                unit_names[unit_id] = Unit.objects.get(pk=unit_id).name
            issues.add(
                name,
                row,
                "đơn vị / unit",
                f"số liệu của «{unit_names[unit_id]}», không phải của «{submission.unit.name}» "
                f"mà báo cáo này thuộc về / a value of «{unit_names[unit_id]}», not of "
                f"«{submission.unit.name}» this report belongs to",
            )
        elif period != submission.period.code:
            issues.add(
                name,
                row,
                "kỳ / period",
                f"kỳ {period}, không phải kỳ {submission.period.code} của báo cáo này / period "
                f"{period}, not the report's period {submission.period.code}",
            )
        elif indicator_id not in on_form:
            issues.add(
                name,
                row,
                "chỉ tiêu / indicator",
                f"chỉ tiêu «{code}» không có trong biểu {submission.form.code} / indicator "
                f"«{code}» is not on form {submission.form.code}",
            )
        else:
            values[on_form[indicator_id]] = parsed.values[index]
            if parsed.comment_mode == "column" or index in parsed.comments:
                comments[on_form[indicator_id]] = parsed.comments.get(index, "")
    ordered = sorted(issues.items, key=_row_order)
    return Checked(name, parsed.sha256, values, ordered, issues.omitted, comments)


def _row_order(issue: FileIssue) -> tuple:
    row = issue.row
    return (row is None, row if isinstance(row, int) else 0, str(row), issue.column)


def _preview_issues(submission: Submission, checked: Checked, user):
    """The validation issues the report would have with these values: the service is run and
    its transaction rolled back."""
    with transaction.atomic():
        issues = submission_values_set(
            submission=submission, values=checked.values, notes=checked.notes(), actor=user
        )
        transaction.set_rollback(True)
    return issues


@require_POST
@require_permission(roles.VALUES_IMPORT)
def entry_upload(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    if not editable(submission):
        messages.error(request, _("Báo cáo này không còn sửa được."))
        return redirect("entry_submission", submission.pk)
    form = UploadForm(request.POST, request.FILES)
    context = {"submission": submission, "form": form, "upload_form": UploadForm()}
    if not form.is_valid():
        return render(request, "web/reporting/entry_upload.html", context, status=400)
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="tongket-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            checked = upload_check(submission=submission, path=path, name=upload.name)
        finally:
            memory_release()
    context["checked"] = checked
    if checked.issues or not checked.values:
        request.session.pop(SESSION_KEY, None)
        return render(request, "web/reporting/entry_upload.html", context, status=400)
    try:
        issues = _preview_issues(submission, checked, request.user)
    except SubmissionError as exc:
        context["refused"] = str(exc)
        return render(request, "web/reporting/entry_upload.html", context, status=400)
    submission.refresh_from_db()
    lines, general = entry_lines(submission, issues=issues)
    for line in lines:
        line.new = checked.values.get(line.indicator.code)
        line.new_text = input_text(line.new)
    request.session[SESSION_KEY] = {
        "submission": submission.pk,
        "file": checked.file,
        "sha256": checked.sha256,
        "values": checked.values,
        "comments": checked.comments,
    }
    context.update(
        lines=lines,
        general=general,
        changes=sum(1 for line in lines if line.changed),
        errors=sum(i.is_error for i in issues),
    )
    return render(request, "web/reporting/entry_upload.html", context)


@require_POST
@require_permission(roles.VALUES_IMPORT)
def entry_upload_confirm(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("submission") != submission.pk or pending.get("sha256") != request.POST.get(
        "sha256"
    ):
        messages.error(
            request, _("Không tìm thấy tệp đã kiểm tra cho báo cáo này; hãy tải tệp lên lại.")
        )
        return redirect("entry_submission", submission.pk)
    name = pending["file"]
    try:
        issues = submission_values_set(
            submission=submission,
            values=pending["values"],
            notes=notes_of(pending["values"], pending.get("comments") or {}),
            actor=request.user,
            reason=f"Tải lên tệp {name} / uploaded file {name}",
        )
    except SubmissionError as exc:
        messages.error(request, in_language(str(exc)))
        return redirect("entry_submission", submission.pk)
    request.session.pop(SESSION_KEY, None)
    errors = sum(i.is_error for i in issues)
    messages.success(
        request,
        _("Đã lưu %(count)s số liệu từ tệp %(file)s.")
        % {"count": len(pending["values"]), "file": name},
    )
    if errors:
        messages.warning(
            request, _("Còn %(count)s lỗi phải sửa trước khi gửi.") % {"count": errors}
        )
    return redirect("entry_submission", submission.pk)
