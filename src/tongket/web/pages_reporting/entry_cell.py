"""One cell of the entry grid saved as the person leaves it: its value or its notes are read,
stored through the submission service when they read well, and the line's messages come back
(JSON) for the page to show beside the cell. A refused cell stores nothing and keeps its text.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_submission
from tongket.accounts.decorators import require_permission
from tongket.core.numbers import format_number
from tongket.reporting.services import submission_values_set
from tongket.reporting.submissions_errors import SubmissionError
from tongket.web.pages_reporting.entry import entry_counts, required_hidden
from tongket.web.pages_reporting.entry_cells import entry_summary, posted_cells
from tongket.web.pages_reporting.entry_lines import editable, entry_lines, input_text
from tongket.web.pages_reporting.labels import in_language


def _messages(line) -> list[dict[str, str]]:
    found = []
    for text in (line.input_error, line.note_error):
        if text:
            found.append({"severity": "error", "text": in_language(text)})
    found += [{"severity": i.severity.value, "text": in_language(i.message)} for i in line.issues]
    return found


@require_POST
@require_permission(roles.SUBMISSION_EDIT)
def entry_cell(request: HttpRequest, submission_id: int) -> JsonResponse:
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    code = request.POST.get("code", "")
    if not editable(submission):
        return JsonResponse({"ok": False, "code": code, "error": _locked_text()}, status=409)
    lines, _general = entry_lines(submission)
    line = next((x for x in lines if x.indicator.code == code and not x.derived), None)
    if line is None:
        return JsonResponse({"ok": False, "code": code, "error": _unknown_text()}, status=404)
    posted = posted_cells(request.POST, [line])
    try:
        issues = submission_values_set(
            submission=submission, values=posted.values, notes=posted.notes, actor=request.user
        )
    except SubmissionError as exc:
        return JsonResponse({"ok": False, "code": code, "error": in_language(str(exc))}, status=409)
    # The other lines are shown as the page showed them: «not filled in» only for this one.
    shown = required_hidden(issues, acted=False) + [
        i for i in issues if i.code == "required" and i.indicator == code
    ]
    lines, general = entry_lines(
        submission,
        issues=shown,
        typed=posted.typed,
        input_errors=posted.input_errors,
        typed_notes=posted.typed_notes,
        note_errors=posted.note_errors,
    )
    line = next(x for x in lines if x.indicator.code == code)
    refused = bool(posted.refused)
    return JsonResponse(
        {
            "ok": not refused,
            "code": code,
            "text": line.text if code in posted.typed else input_text(line.value),
            "messages": _messages(line),
            "outlier": line.outlier,
            "derived": {
                x.indicator.code: format_number(x.value) if x.value is not None else ""
                for x in lines
                if x.derived
            },
            "summary": entry_summary(entry_counts(lines, general)),
        },
        status=400 if refused else 200,
    )


def _locked_text() -> str:
    return _("Báo cáo này không còn sửa được.")


def _unknown_text() -> str:
    return _("Không có dòng nhập này trong biểu.")
