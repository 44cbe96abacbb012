"""Writes on report submissions: open, fill in, submit, approve, return, un-approve.

Status flow: draft → submitted (validation errors refuse it) → approved; a submitted report
can be returned to the unit (with a reason), an approved one un-approved (with a reason),
which also returns it; a returned report is corrected and submitted again.

Values can change only in ``draft`` and ``returned``; an approved submission's values are
locked for every writer (see ``selectors.value_keys_locked``). Every change is audited by
the service that makes it, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tongket.accounts import roles
from tongket.accounts.scope import user_can
from tongket.core.audit import audit_record
from tongket.core.models import AuditEntry
from tongket.core.numbers import format_date
from tongket.core.periods import Period as PeriodCode
from tongket.core.rows import objects_insert, rows_insert
from tongket.core.writes import write_run
from tongket.reporting.models import (
    Form,
    Submission,
    SubmissionStatus,
    Value,
)
from tongket.reporting.models import Period as StoredPeriod
from tongket.reporting.periods import period_get_or_create
from tongket.reporting.reference import form_lines, period_stored
from tongket.reporting.selectors import (
    form_deadline,
    form_period,
    form_window,
)
from tongket.reporting.submissions_actor import Actor, actor_parts
from tongket.reporting.submissions_errors import (
    SubmissionError,
    SubmissionForbidden,
    SubmissionInvalid,
    SubmissionLocked,
)
from tongket.reporting.submissions_notes import values_notes_write
from tongket.reporting.submissions_state import ReportState, report_state
from tongket.reporting.submissions_units import unit_recipient_on
from tongket.reporting.submissions_values import (
    AUDIT_COLUMNS,
    audit_row,
    values_flags_apply,
    values_insert_new,
    values_parse,
    values_write,
)
from tongket.reporting.validation import Issue, submission_validate
from tongket.reporting.workflow import (
    Step,
    period_started_check,
    recipient_check,
    workflow_check,
)
from tongket.units.models import Unit, UnitKind


def _kind_label(kind: str) -> str:
    try:
        return str(UnitKind(kind).label)
    except ValueError:
        return kind


def _ref(submission: Submission) -> str:
    return (
        f"#{submission.pk} {submission.form.code} {submission.unit.name} {submission.period.code}"
    )


# ----------------------------------------------------------------------------- open


def _check_recipient(recipient: Unit, *, form: Form, day: dt.date) -> None:
    if form.recipient_kind and recipient.kind != form.recipient_kind:
        raise SubmissionError(
            f"Đơn vị nhận «{recipient.name}» ({_kind_label(recipient.kind)}) không phải loại "
            f"{_kind_label(form.recipient_kind)} mà biểu {form.code} gửi đến / recipient "
            f"«{recipient.name}» ({recipient.kind}) is not the {form.recipient_kind} form "
            f"{form.code} goes to"
        )
    if not recipient.is_valid_on(day):
        raise SubmissionError(
            f"Đơn vị nhận «{recipient.name}» không tồn tại ngày {format_date(day)} / recipient "
            f"«{recipient.name}» did not exist on {format_date(day)}"
        )


def submission_open(
    *,
    unit: Unit,
    form: Form,
    period_code: str,
    actor: Actor,
    recipient: Unit | None = None,
) -> Submission:
    """The submission of ``unit`` on ``form`` for ``period_code``, created if it is new.

    Refuses a unit whose kind the form does not cover, or one that did not exist during the
    period. The deadline is the period's last day under the form's cut-off rule plus its
    deadline days; the recipient is the unit of the form's recipient kind above the unit on
    the period's last day (or the unit's last day, if it ended earlier). ``recipient`` names
    it where the hierarchy cannot (a nationwide enterprise reports to each province's
    department); it must be of the form's recipient kind and exist on that day, and where the
    hierarchy names a recipient it must be that one. A period that has not begun is refused,
    and so is a signed-in user who may not fill in the unit's reports (``reporting.workflow``).
    """
    name, user = actor_parts(actor)
    plan = _open_plan(unit=unit, form=form, period_code=period_code, user=user, recipient=recipient)
    with transaction.atomic():
        submission, _ = _open_write(plan, period_get_or_create(plan.period), name=name, user=user)
    return submission


@dataclass(frozen=True)
class _OpenPlan:
    unit: Unit
    form: Form
    period: PeriodCode
    recipient: Unit | None
    deadline: dt.date


def _open_plan(
    *, unit: Unit, form: Form, period_code: str, user: Any, recipient: Unit | None
) -> _OpenPlan:
    """Every check of ``submission_open``, reading only: the period, the unit, the recipient."""
    period = form_period(form=form, period_code=period_code)
    if unit.kind not in form.unit_kinds:
        kinds = ", ".join(_kind_label(k) for k in form.unit_kinds) or "—"
        raise SubmissionError(
            f"Đơn vị «{unit.name}» ({_kind_label(unit.kind)}) không thuộc đối tượng báo cáo biểu "
            f"{form.code} ({kinds}) / unit «{unit.name}» ({unit.kind}) does not report on form "
            f"{form.code} ({', '.join(form.unit_kinds)})"
        )
    start, end = form_window(form=form, period=period)
    if user is not None and not user_can(user, roles.SUBMISSION_EDIT, unit, on=end):
        raise SubmissionForbidden(
            f"Bạn không có quyền mở báo cáo của «{unit.name}» / you may not open reports of "
            f"«{unit.name}»"
        )
    if unit.valid_from > end or (unit.valid_to is not None and unit.valid_to < start):
        until = format_date(unit.valid_to) if unit.valid_to else "nay / now"
        raise SubmissionError(
            f"Đơn vị «{unit.name}» (hiệu lực {format_date(unit.valid_from)}–{until}) không tồn tại "
            f"trong kỳ {period.code} ({format_date(start)}–{format_date(end)}) / unit "
            f"«{unit.name}» (valid {format_date(unit.valid_from)}–{until}) did not exist during "
            f"period {period.code}"
        )
    period_started_check(code=period.code, start=start)
    day = min(end, unit.valid_to) if unit.valid_to else end
    expected = (
        unit_recipient_on(unit=unit, kind=form.recipient_kind, day=day)
        if form.recipient_kind
        else None
    )
    if recipient is not None:
        _check_recipient(recipient, form=form, day=day)
        recipient_check(unit=unit, recipient=recipient, expected=expected)
    elif form.recipient_kind:
        recipient = expected
        if recipient is None:
            raise SubmissionError(
                f"Không tìm thấy đơn vị nhận ({_kind_label(form.recipient_kind)}) của «{unit.name}»"
                f" ngày {format_date(day)}; hãy chỉ định đơn vị nhận / no recipient unit "
                f"({form.recipient_kind}) above «{unit.name}» on {format_date(day)}; name the "
                f"recipient"
            )
    return _OpenPlan(unit, form, period, recipient, form_deadline(form=form, period=period))


def _open_write(
    plan: _OpenPlan, stored_period: StoredPeriod, *, name: str, user: Any
) -> tuple[Submission, bool]:
    """The submission of the plan, created (and audited) if it is new; whether it was."""
    unit, form, recipient, deadline = plan.unit, plan.form, plan.recipient, plan.deadline
    existing = Submission.objects.filter(unit=unit, form=form, period=stored_period).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                unit=unit,
                form=form,
                period=stored_period,
                recipient=recipient,
                deadline=deadline,
                opened_by=name,
            )
    except IntegrityError:
        # Opened by someone else between the lookup and the insert.
        return Submission.objects.get(unit=unit, form=form, period=stored_period), False
    audit_record(
        actor=name,
        user=user,
        action="submission.opened",
        object_type="submission",
        object_id=submission.pk,
        unit=unit,
        summary=_opened_summary(submission),
        new={
            "status": submission.status,
            "deadline": deadline.isoformat(),
            "recipient": recipient.code if recipient else None,
        },
    )
    return submission, True


# ----------------------------------------------------------------------------- values


def _check_editable(submission: Submission, actor: Actor) -> None:
    workflow_check(submission=submission, step=Step.EDIT, actor=actor)


def _locked_for_update(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("unit", "form", "period")
        .get(pk=submission.pk)
    )


def submission_values_set(
    *,
    submission: Submission,
    values: Mapping[str, float | str | None],
    actor: Actor,
    reason: str = "",
    notes: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Issue]:
    """Set values by indicator code (``"2.060,5"`` is read as 2060,5; None or "" clears one),
    and their ``notes`` (``{code: {"comment": …, "explanation": …}}``, see
    ``submissions_notes``).

    All or nothing: any unknown code, unreadable number, locked value or refused note refuses
    the whole call. Returns the submission's validation issues after the change.
    """
    name, user = actor_parts(actor)
    with transaction.atomic():
        sub = _locked_for_update(submission)
        _check_editable(sub, actor)
        values_write(sub, values, name=name, user=user, reason=reason)
        if notes:
            lines = {fl.indicator.code: fl for fl in form_lines(sub.form_id)}
            AuditEntry.objects.bulk_create(
                values_notes_write(sub, notes, lines, name=name, user=user)
            )
        issues = submission_validate(sub)
        values_flags_apply(sub, issues)
    submission.refresh_from_db()
    return issues


def submission_report(
    *,
    unit: Unit,
    form: Form,
    period_code: str,
    values: Mapping[str, float | str | None],
    actor: Actor,
    recipient: Unit | None = None,
    notes: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Submission, list[Issue]]:
    """A whole report at once: open it (or take the open one), set its values, submit it.

    All or nothing: a refusal at any step (an unreadable number, a locked value, an error
    found by validation, a report already submitted) stores nothing. Everything is read and
    checked first, outside any write lock (forms, lines, rules, the unit tree and periods come
    from this process's reference cache); then one short transaction (``core.writes``: grouped
    with other reports' on SQLite) writes the submission, its values (with their outlier
    marks), their notes, their audit entries and the submission's. Should what was read have
    changed by then, the write reads and checks all again under the lock. ``notes`` are the
    values' comments and explanations (an unusual value needs one). Returns the submission
    (with its unit, form, period and recipient) and the warnings that went along.
    """
    name, user = actor_parts(actor)
    plan = _open_plan(unit=unit, form=form, period_code=period_code, user=user, recipient=recipient)
    lines = {fl.indicator.code: fl for fl in form_lines(form.pk)}
    parsed = values_parse(lines, values, form_code=form.code)
    stored_period = period_stored(plan.period.code)
    state = (
        report_state(unit_id=unit.pk, period_id=stored_period.pk)
        if stored_period is not None
        else ReportState.EMPTY
    )
    current = None
    own = state.submission_of(form.pk)
    if own is not None:
        current = Submission.objects.select_related("unit", "form", "period", "recipient").get(
            pk=own[0]
        )
        workflow_check(submission=current, step=Step.SUBMIT, actor=actor)
    period = stored_period or StoredPeriod(code=plan.period.code, kind=plan.period.kind.value)
    probe = current or Submission(unit=unit, form=form, period=period)
    if stored_period is not None:
        locked = state.locked_keys(
            unit_id=unit.pk,
            period_id=stored_period.pk,
            indicator_ids={lines[c].indicator_id for c in parsed},
        )
        if locked:
            raise SubmissionLocked(keys=locked)
    snapshot = state.values_of({fl.indicator_id for fl in lines.values()})
    merged = dict(snapshot)
    for code, number in parsed.items():
        merged.pop(lines[code].indicator_id, None)
        if number is not None:
            merged[lines[code].indicator_id] = number
    explained = (
        _explanations_stored(unit_id=unit.pk, period_id=stored_period.pk)
        if stored_period is not None and state.values
        else {}
    )
    for code, fields in (notes or {}).items():
        if code in lines and "explanation" in fields:
            explained[lines[code].indicator_id] = str(fields["explanation"] or "").strip()
    issues = submission_validate(probe, values=merged, explanations=explained)
    if any(i.is_error for i in issues):
        raise SubmissionInvalid(issues)
    flags = {i.indicator: i.message for i in issues if i.code == "outlier"}

    def write() -> tuple[Submission, list[Issue]]:
        if (
            current is None
            and stored_period is not None
            and state == report_state(unit_id=unit.pk, period_id=stored_period.pk)
        ):
            new = _report_new(
                plan, stored_period, parsed, lines, flags, name, user, len(issues), notes
            )
            if new is not None:
                return new, issues
        # Not what was read (or a new period): everything again, under the lock.
        return _report_again(plan, values, lines, notes, actor=actor, name=name, user=user)

    return write_run(write)


def _explanations_stored(*, unit_id: int, period_id: int) -> dict[int, str]:
    """The explanations already given for the unit's values of the period, by indicator."""
    return dict(
        Value.objects.filter(unit_id=unit_id, period_id=period_id)
        .exclude(explanation="")
        .values_list("indicator_id", "explanation")
    )


def _report_new(
    plan, period, parsed, lines, flags, name, user, warnings, notes
) -> Submission | None:
    """The write of a report not opened before: the submission (sent at once), its values
    and every audit entry, one statement each. None when another writer opened it first."""
    now = timezone.now()
    try:
        sub = Submission(
            unit=plan.unit,
            form=plan.form,
            period=period,
            recipient=plan.recipient,
            deadline=plan.deadline,
            opened_by=name,
            status=SubmissionStatus.SUBMITTED,
            submitted_at=now,
            submitted_by=name,
            first_submitted_at=now,
        )
        with transaction.atomic():
            objects_insert([sub], returning=True, now=now)
    except IntegrityError:
        return None
    opened = AuditEntry(
        actor=name,
        user_id=getattr(user, "pk", None),
        action="submission.opened",
        object_type="submission",
        object_id=str(sub.pk),
        unit_id=plan.unit.pk,
        summary=_opened_summary(sub)[:500],
        new={
            "status": SubmissionStatus.DRAFT,
            "deadline": plan.deadline.isoformat(),
            "recipient": plan.recipient.code if plan.recipient else None,
        },
    )
    rows = [audit_row(opened, now)]
    rows += values_insert_new(sub, parsed, lines, name=name, user=user, flags=flags, now=now)
    if notes:
        entries = values_notes_write(sub, notes, lines, name=name, user=user)
        rows += [audit_row(entry, now) for entry in entries]
    sent = _submitted_entry(
        sub, old=SubmissionStatus.DRAFT, name=name, user=user, warnings=warnings
    )
    rows.append(audit_row(sent, now))
    rows_insert(AuditEntry, AUDIT_COLUMNS, rows, now=now)
    return sub


def _report_again(
    plan: _OpenPlan, values, lines, notes, *, actor: Actor, name: str, user: Any
) -> tuple[Submission, list[Issue]]:
    """The whole report read, checked and written under the write lock (the rare path: the
    report was open already, or someone changed the unit's values since they were read)."""
    sub, _ = _open_write(plan, period_get_or_create(plan.period), name=name, user=user)
    sub = _locked_for_update(sub)
    workflow_check(submission=sub, step=Step.SUBMIT, actor=actor)
    values_write(sub, values, name=name, user=user, reason="")
    if notes:
        AuditEntry.objects.bulk_create(values_notes_write(sub, notes, lines, name=name, user=user))
    issues = submission_submit(submission=sub, actor=actor)
    reloaded = Submission.objects.select_related("unit", "form", "period", "recipient")
    return reloaded.get(pk=sub.pk), issues


# ----------------------------------------------------------------------------- transitions


def _transition(*, submission: Submission, actor: Actor, step: Step) -> tuple[Submission, str, Any]:
    name, user = actor_parts(actor)
    sub = _locked_for_update(submission)
    workflow_check(submission=sub, step=step, actor=actor)
    return sub, name, user


def _reason_required(reason: str, what_vi: str, what_en: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError(f"Cần ghi lý do {what_vi} / a reason is required to {what_en}")
    return reason


def _audit_transition(
    sub: Submission,
    *,
    name: str,
    user: Any,
    action: str,
    old: str,
    reason: str = "",
    summary: str = "",
    extra: dict | None = None,
) -> None:
    audit_record(
        actor=name,
        user=user,
        action=action,
        object_type="submission",
        object_id=sub.pk,
        unit=sub.unit,
        summary=summary or f"{action}: {_ref(sub)}",
        old={"status": old},
        new={"status": sub.status, **(extra or {})},
        reason=reason,
    )


def submission_submit(*, submission: Submission, actor: Actor) -> list[Issue]:
    """Send the report: validation errors refuse it (``SubmissionInvalid`` lists them all).

    Returns the warnings that went along. The first submission's time is kept for
    timeliness, however often the report is returned and sent again.
    """
    with transaction.atomic():
        sub, name, user = _transition(
            submission=submission,
            actor=actor,
            step=Step.SUBMIT,
        )
        issues = submission_validate(sub)
        if any(i.is_error for i in issues):
            raise SubmissionInvalid(issues)
        values_flags_apply(sub, issues)
        _submitted(sub, name=name, user=user, warnings=len(issues)).save()
    submission.refresh_from_db()
    return issues


def _submitted(sub: Submission, *, name: str, user: Any, warnings: int) -> AuditEntry:
    """Mark ``sub`` (locked for update) sent; its audit entry, unsaved."""
    old = sub.status
    now = timezone.now()
    sub.status = SubmissionStatus.SUBMITTED
    sub.submitted_at = now
    sub.submitted_by = name
    sub.first_submitted_at = sub.first_submitted_at or now
    sub.save(
        update_fields=["status", "submitted_at", "submitted_by", "first_submitted_at", "updated_at"]
    )
    return _submitted_entry(sub, old=old, name=name, user=user, warnings=warnings)


def _opened_summary(submission: Submission) -> str:
    return f"Mở báo cáo / opened {_ref(submission)}, hạn / due {format_date(submission.deadline)}"


def _submitted_entry(
    sub: Submission, *, old: str, name: str, user: Any, warnings: int
) -> AuditEntry:
    """The audit entry of ``sub`` sent (its status changed from ``old``), unsaved."""
    late = (timezone.localdate(sub.submitted_at) - sub.deadline).days
    when = f"trễ {late} ngày / {late} day(s) late" if late > 0 else "đúng hạn / on time"
    return AuditEntry(
        actor=name,
        user=user,
        action="submission.submitted",
        object_type="submission",
        object_id=str(sub.pk),
        unit=sub.unit,
        summary=(f"Gửi báo cáo / submitted {_ref(sub)}, {when}, {warnings} cảnh báo / warning(s)")[
            :500
        ],
        old={"status": old},
        new={"status": sub.status, "warnings": warnings},
    )


def submission_approve(*, submission: Submission, actor: Actor) -> Submission:
    """Approve a submitted report; its values are locked from now on."""
    with transaction.atomic():
        sub, name, user = _transition(
            submission=submission,
            actor=actor,
            step=Step.APPROVE,
        )
        old = sub.status
        sub.status = SubmissionStatus.APPROVED
        sub.approved_at = timezone.now()
        sub.approved_by = name
        sub.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        _audit_transition(
            sub,
            name=name,
            user=user,
            action="submission.approved",
            old=old,
            summary=f"Duyệt báo cáo / approved {_ref(sub)}",
        )
    submission.refresh_from_db()
    return submission


def submission_return(*, submission: Submission, actor: Actor, reason: str) -> Submission:
    """Send a submitted report back to the unit for correction; the reason is required."""
    reason = _reason_required(reason, "trả lại báo cáo", "return a report")
    with transaction.atomic():
        sub, name, user = _transition(
            submission=submission,
            actor=actor,
            step=Step.RETURN,
        )
        old = sub.status
        sub.status = SubmissionStatus.RETURNED
        sub.returned_at = timezone.now()
        sub.return_reason = reason
        sub.save(update_fields=["status", "returned_at", "return_reason", "updated_at"])
        _audit_transition(
            sub,
            name=name,
            user=user,
            action="submission.returned",
            old=old,
            reason=reason,
            summary=f"Trả lại báo cáo / returned {_ref(sub)}",
        )
    submission.refresh_from_db()
    return submission


def submission_unapprove(*, submission: Submission, actor: Actor, reason: str) -> Submission:
    """Withdraw an approval; the report goes back to the unit (returned) and is unlocked."""
    reason = _reason_required(reason, "hủy duyệt", "un-approve a report")
    with transaction.atomic():
        sub, name, user = _transition(
            submission=submission,
            actor=actor,
            step=Step.UNAPPROVE,
        )
        old = sub.status
        sub.status = SubmissionStatus.RETURNED
        sub.approved_at = None
        sub.approved_by = ""
        sub.returned_at = timezone.now()
        sub.return_reason = reason
        sub.save(
            update_fields=[
                "status",
                "approved_at",
                "approved_by",
                "returned_at",
                "return_reason",
                "updated_at",
            ]
        )
        _audit_transition(
            sub,
            name=name,
            user=user,
            action="submission.unapproved",
            old=old,
            reason=reason,
            summary=f"Hủy duyệt báo cáo / un-approved {_ref(sub)}",
        )
    submission.refresh_from_db()
    return submission
