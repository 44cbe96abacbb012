"""Report submissions: list, open, set values, submit, approve, return, un-approve.

``POST /reports`` does open + set values + submit in one transaction, for machines that send
a whole report at once (all or nothing: a report with errors stores nothing).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import access_submission
from tongket.accounts.scope import scope_filter
from tongket.api.access import access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, PeriodText, Text, page
from tongket.api.errors import ApiError
from tongket.api.idempotency import answered_with_write, idempotent
from tongket.api.routes_values import Finite
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.selectors import form_completeness, form_get, submission_lines
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_report,
    submission_return,
    submission_submit,
    submission_unapprove,
    submission_values_set,
)
from tongket.reporting.submissions_errors import SubmissionError
from tongket.reporting.validation import Issue, Severity, submission_validate
from tongket.units.errors import UnitNotFound
from tongket.units.models import Unit
from tongket.units.selectors import unit_get

router = Router(tags=["submissions"])

Number = Finite | Text | None


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class SubmissionOut(Schema):
    id: int
    form: str
    form_name: str
    unit: UnitRefOut
    recipient: UnitRefOut | None
    period: str
    status: SubmissionStatus
    deadline: dt.date
    opened_by: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    submitted_by: str
    first_submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_by: str
    returned_at: dt.datetime | None
    return_reason: str
    updated_at: dt.datetime


class IssueOut(Schema):
    indicator: str
    severity: Severity
    code: str
    message: str
    line: int | None


class LineOut(Schema):
    line: int
    indicator: str
    name: str
    required: bool
    derived: bool
    value: float | None
    flagged: bool
    flag_reason: str
    comment: str = Field("", description="Ghi chú của đơn vị / the unit's comment")
    explanation: str = Field(
        "", description="Giải thích số liệu khác thường / why an unusual value is right"
    )


class SubmissionDetail(SubmissionOut):
    lines: list[LineOut]
    issues: list[IssueOut]


class SubmissionResult(Schema):
    submission: SubmissionOut
    issues: list[IssueOut] = Field(description="Lỗi và cảnh báo / errors and warnings")


def _unit_ref(unit: Unit | None) -> dict | None:
    return None if unit is None else {"id": unit.pk, "code": unit.code, "name": unit.name}


def submission_out(sub: Submission) -> dict:
    return {
        "id": sub.pk,
        "form": sub.form.code,
        "form_name": sub.form.name,
        "unit": _unit_ref(sub.unit),
        "recipient": _unit_ref(sub.recipient),
        "period": sub.period.code,
        "status": sub.status,
        "deadline": sub.deadline,
        "opened_by": sub.opened_by,
        "created_at": sub.created_at,
        "submitted_at": sub.submitted_at,
        "submitted_by": sub.submitted_by,
        "first_submitted_at": sub.first_submitted_at,
        "approved_at": sub.approved_at,
        "approved_by": sub.approved_by,
        "returned_at": sub.returned_at,
        "return_reason": sub.return_reason,
        "updated_at": sub.updated_at,
    }


def _issues(issues: list[Issue]) -> list[dict]:
    return [issue.as_dict() for issue in issues]


def _result(sub: Submission, issues: list[Issue]) -> dict:
    return {"submission": submission_out(sub), "issues": _issues(issues)}


def _reload(sub: Submission) -> Submission:
    return Submission.objects.select_related("unit", "recipient", "period", "form").get(pk=sub.pk)


# ----------------------------------------------------------------------------- reads


class SubmissionFilter(Paging):
    form: Code | None = None
    period: PeriodText | None = None
    status: SubmissionStatus | None = None
    unit: Id | None = Field(None, description="Đơn vị báo cáo (id) / reporting unit id")
    recipient: Id | None = Field(None, description="Đơn vị nhận (id) / recipient unit id")


def submissions_visible(user, permission: str = roles.SUBMISSION_VIEW):
    """Submissions the user reaches through the reporting unit or the recipient."""
    qs = Submission.objects.all()
    return scope_filter(
        qs, user=user, permission=permission, unit_field="unit", date_field="period__end"
    ) | scope_filter(
        qs, user=user, permission=permission, unit_field="recipient", date_field="period__end"
    )


@router.get("/submissions", response=Page[SubmissionOut], url_name="submissions", summary="Báo cáo")
def submissions_list(request: HttpRequest, filters: Query[SubmissionFilter]):
    permission_require(request, roles.SUBMISSION_VIEW)
    qs = submissions_visible(request.user).select_related("unit", "recipient", "period", "form")
    if filters.form:
        qs = qs.filter(form__code=filters.form)
    if filters.period:
        try:
            qs = qs.filter(period__code=PeriodCode.parse(filters.period).code)
        except PeriodError as exc:
            raise SubmissionError(str(exc)) from None
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.recipient:
        qs = qs.filter(recipient_id=filters.recipient)
    qs = qs.order_by("-period__start", "form__code", "unit__code", "pk")
    return page(request, qs, filters, submission_out)


@router.get(
    "/submissions/{submission_id}",
    response=SubmissionDetail,
    url_name="submission",
    summary="Một báo cáo, với các dòng và kết quả kiểm tra / a report with lines and checks",
)
def submission_detail(request: HttpRequest, submission_id: Id):
    permission_require(request, roles.SUBMISSION_VIEW)
    sub = access_submission(user=request.user, submission_id=submission_id)
    lines = [
        {
            "line": line.line,
            "indicator": line.indicator.code,
            "name": line.indicator.name,
            "required": line.required,
            "derived": line.indicator.is_derived,
            "value": line.value,
            "flagged": line.flagged,
            "flag_reason": line.flag_reason,
            "comment": line.comment,
            "explanation": line.explanation,
        }
        for line in submission_lines(submission=sub)
    ]
    return {**submission_out(sub), "lines": lines, "issues": _issues(submission_validate(sub))}


# ----------------------------------------------------------------------------- open


class OpenIn(Schema):
    form: Code = Field(examples=["commune-monthly"])
    period: PeriodText
    unit_id: Id | None = Field(None, description="Đơn vị báo cáo (id) / reporting unit id")
    unit_code: Code | None = Field(
        None, description="Hoặc mã đơn vị, có hiệu lực trong kỳ / or its code, valid in the period"
    )
    recipient_id: Id | None = Field(
        None, description="Đơn vị nhận, khi cây đơn vị không chỉ ra / recipient, when needed"
    )


class NoteIn(Schema):
    comment: Text | None = Field(
        None, max_length=500, description="Ghi chú; bỏ trống để giữ nguyên / comment; null keeps"
    )
    explanation: Text | None = Field(
        None,
        max_length=1000,
        description="Giải thích số liệu khác thường (cần có trước khi gửi) / why an unusual "
        "value is right (needed before submitting)",
    )

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


def _notes(notes: dict[str, NoteIn]) -> dict[str, dict[str, str]]:
    return {code: note.fields() for code, note in notes.items()}


class ReportIn(OpenIn):
    values: dict[Code, Number] = Field(
        description="Giá trị theo mã chỉ tiêu / values by indicator code",
        examples=[{"pop.total": 10250, "pop.households": "2.860"}],
    )
    notes: dict[Code, NoteIn] = Field(
        default_factory=dict,
        description="Ghi chú và giải thích theo mã chỉ tiêu / comments and explanations by "
        "indicator code",
        examples=[{"pop.total": {"comment": "Số ước", "explanation": "Sáp nhập hai xã"}}],
    )


def _period_days(period: str) -> tuple[dt.date, dt.date]:
    try:
        code = PeriodCode.parse(period)
    except PeriodError as exc:
        raise SubmissionError(str(exc)) from None
    return code.start(), code.end()


def _reporting_unit(request: HttpRequest, body: OpenIn) -> Unit:
    """The unit named by id or code, if the user may fill in its reports for the period."""
    start, end = _period_days(body.period)
    if (body.unit_id is None) == (body.unit_code is None):
        raise ApiError(
            422,
            "invalid_request",
            "Cần đúng một trong unit_id hoặc unit_code",
            "Give exactly one of unit_id or unit_code",
            [{"loc": ["body", "unit_id"]}, {"loc": ["body", "unit_code"]}],
        )
    unit_id = body.unit_id
    if unit_id is None:
        try:
            unit_id = unit_get(code=body.unit_code, on=end).pk
        except UnitNotFound:
            unit_id = unit_get(code=body.unit_code, on=start).pk
    return access_unit_on(
        user=request.user, unit_id=unit_id, permission=roles.SUBMISSION_EDIT, on=end, cached=True
    )


def _recipient(body: OpenIn) -> Unit | None:
    if body.recipient_id is None:
        return None
    found = Unit.objects.filter(pk=body.recipient_id).first()
    if found is None:
        raise ApiError(
            422,
            "invalid_request",
            f"Không có đơn vị nhận số {body.recipient_id}",
            f"There is no recipient unit #{body.recipient_id}",
            [{"loc": ["body", "recipient_id"]}],
        )
    return found


def _open(request: HttpRequest, body: OpenIn) -> tuple[Submission, bool]:
    unit = _reporting_unit(request, body)
    form = form_get(code=body.form)
    existed = Submission.objects.filter(
        unit=unit, form=form, period__code=PeriodCode.parse(body.period).code
    ).exists()
    sub = submission_open(
        unit=unit,
        form=form,
        period_code=body.period,
        actor=request.user,
        recipient=_recipient(body),
    )
    return _reload(sub), not existed


@router.post(
    "/submissions",
    response={200: SubmissionOut, 201: SubmissionOut},
    url_name="submissions_open",
    summary="Mở báo cáo (trả về báo cáo đã có nếu đã mở) / open a report",
)
@decorate_view(idempotent)
def submissions_open(request: HttpRequest, body: OpenIn):
    permission_require(request, roles.SUBMISSION_EDIT)
    sub, created = _open(request, body)
    return Status(201 if created else 200, submission_out(sub))


@router.post(
    "/reports",
    response={201: SubmissionResult},
    url_name="reports",
    summary="Gửi cả báo cáo trong một lần: mở, nhập số liệu, gửi / submit a whole report",
)
@decorate_view(idempotent)
def report_submit(request: HttpRequest, body: ReportIn):
    """Open the report (or take the open one), set its values and submit it, all or nothing.

    A report with validation errors is refused (422, the issues in ``details``) and nothing is
    stored; one already submitted or approved is refused (409).
    """
    permission_require(request, roles.SUBMISSION_EDIT)
    unit = _reporting_unit(request, body)
    form = form_get(code=body.form)
    recipient = _recipient(body)
    # The answer is rendered in the report's own transaction, and kept there for a retry.
    with answered_with_write(lambda done: _created(request, *done)) as answer:
        done = submission_report(
            unit=unit,
            form=form,
            period_code=body.period,
            values=body.values,
            actor=request.user,
            recipient=recipient,
            notes=_notes(body.notes),
        )
    return answer.get("response") or _created(request, *done)


def _created(request: HttpRequest, sub: Submission, warnings: list[Issue]) -> HttpResponse:
    """The 201 answer of ``POST /reports``, as its response schema renders it."""
    from tongket.api.api import api

    data = SubmissionResult.model_validate(_result(sub, warnings)).model_dump()
    return api.create_response(request, data, status=201)


# ----------------------------------------------------------------------------- changes


class ValuesIn(Schema):
    values: dict[Code, Number] = Field(
        description='Giá trị theo mã chỉ tiêu; null hoặc "" xoá / by indicator code; null clears',
        examples=[{"pop.total": 10250, "pop.households": "2.860"}],
    )
    reason: Text = Field("", max_length=2000, description="Lý do sửa / reason for the change")
    notes: dict[Code, NoteIn] = Field(
        default_factory=dict,
        description="Ghi chú và giải thích theo mã chỉ tiêu / comments and explanations by "
        "indicator code",
    )


class ReasonIn(Schema):
    reason: Text = Field(min_length=1, max_length=2000, description="Lý do / reason")


def _editable(request: HttpRequest, submission_id: int, permission: str) -> Submission:
    permission_require(request, permission)
    return access_submission(user=request.user, submission_id=submission_id, permission=permission)


@router.put(
    "/submissions/{submission_id}/values",
    response=SubmissionResult,
    url_name="submission_values",
    summary="Nhập số liệu (tất cả hoặc không) / set values (all or nothing)",
)
@decorate_view(idempotent)
def submission_values(request: HttpRequest, submission_id: Id, body: ValuesIn):
    sub = _editable(request, submission_id, roles.SUBMISSION_EDIT)
    issues = submission_values_set(
        submission=sub,
        values=body.values,
        actor=request.user,
        reason=body.reason,
        notes=_notes(body.notes),
    )
    return _result(_reload(sub), issues)


@router.post(
    "/submissions/{submission_id}/submit",
    response=SubmissionResult,
    url_name="submission_submit",
    summary="Gửi báo cáo / submit",
)
@decorate_view(idempotent)
def submission_submit_view(request: HttpRequest, submission_id: Id):
    sub = _editable(request, submission_id, roles.SUBMISSION_EDIT)
    warnings = submission_submit(submission=sub, actor=request.user)
    return _result(_reload(sub), warnings)


@router.post(
    "/submissions/{submission_id}/approve",
    response=SubmissionOut,
    url_name="submission_approve",
    summary="Duyệt / approve",
)
@decorate_view(idempotent)
def submission_approve_view(request: HttpRequest, submission_id: Id):
    sub = _editable(request, submission_id, roles.SUBMISSION_APPROVE)
    return submission_out(_reload(submission_approve(submission=sub, actor=request.user)))


@router.post(
    "/submissions/{submission_id}/return",
    response=SubmissionOut,
    url_name="submission_return",
    summary="Trả lại, có lý do / return with a reason",
)
@decorate_view(idempotent)
def submission_return_view(request: HttpRequest, submission_id: Id, body: ReasonIn):
    sub = _editable(request, submission_id, roles.SUBMISSION_APPROVE)
    done = submission_return(submission=sub, actor=request.user, reason=body.reason)
    return submission_out(_reload(done))


@router.post(
    "/submissions/{submission_id}/unapprove",
    response=SubmissionOut,
    url_name="submission_unapprove",
    summary="Hủy duyệt, có lý do / un-approve with a reason",
)
@decorate_view(idempotent)
def submission_unapprove_view(request: HttpRequest, submission_id: Id, body: ReasonIn):
    sub = _editable(request, submission_id, roles.SUBMISSION_APPROVE)
    done = submission_unapprove(submission=sub, actor=request.user, reason=body.reason)
    return submission_out(_reload(done))


# ----------------------------------------------------------------------------- completeness


class CompletenessQuery(Schema):
    form: Code
    period: PeriodText
    recipient_id: Id = Field(description="Đơn vị nhận (sở) / the recipient unit id")


class CompletenessRowOut(Schema):
    unit: UnitRefOut
    timeliness: str = Field(description="on_time | late | missing")
    submission_id: int | None
    status: str | None
    first_submitted_on: dt.date | None
    days_late: int
    overdue: bool


class CompletenessOut(Schema):
    form: str
    period: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    recipient: UnitRefOut
    expected: int
    on_time: int
    late: int
    missing: int
    overdue: int
    submitted_rate: float | None
    on_time_rate: float | None
    rows: list[CompletenessRowOut]


@router.get(
    "/completeness",
    response=CompletenessOut,
    url_name="completeness",
    summary="Ai đã gửi đúng hạn, trễ, chưa gửi / who reported on time, late, not at all",
)
def completeness(request: HttpRequest, query: Query[CompletenessQuery]):
    """The units expected to send ``form`` for ``period`` to the recipient, and how each did."""
    permission_require(request, roles.SUBMISSION_VIEW)
    _, end = _period_days(query.period)
    recipient = access_unit_on(
        user=request.user, unit_id=query.recipient_id, permission=roles.SUBMISSION_VIEW, on=end
    )
    found = form_completeness(
        form=form_get(code=query.form), period_code=query.period, recipient=recipient
    )
    return {
        "form": found.form.code,
        "period": found.period,
        "start": found.start,
        "end": found.end,
        "deadline": found.deadline,
        "recipient": _unit_ref(recipient),
        "expected": found.expected,
        "on_time": found.on_time,
        "late": found.late,
        "missing": found.missing,
        "overdue": found.overdue,
        "submitted_rate": found.submitted_rate,
        "on_time_rate": found.on_time_rate,
        "rows": [
            {
                "unit": _unit_ref(row.unit),
                "timeliness": row.timeliness,
                "submission_id": row.submission.pk if row.submission else None,
                "status": row.submission.status if row.submission else None,
                "first_submitted_on": row.first_submitted_on,
                "days_late": row.days_late,
                "overdue": row.overdue,
            }
            for row in found.rows
        ],
    }
