"""The workflow of a report in one place: its states, the steps between them, and who may take
each step. Every path in (the pages, the API, an import, a DHIS2 payload, the command line)
meets these rules through the submission services and the value locks.

    draft ──submit──► submitted ──approve──► approved
      ▲                 │                      │
      └──(edit)   returned ◄──return───────────┘ (un-approve, with a reason)
                    │  ▲
                    └──┘ submit again

- Values change only while a report is *draft* or *returned*. While it awaits approval
  (*submitted*) and once approved they are locked for every writer: the approver must see
  what was sent, and approved figures stay as approved.
- Filling in and sending need ``submission.edit`` on the reporting unit; approving, returning
  and un-approving need ``submission.approve`` on the receiving department (on the reporting
  unit where the form has no recipient), on the period's last day.
- A report goes to the department the unit hierarchy names; another one can be named only where
  the hierarchy names none (a nationwide enterprise reports to each province's department).
- Separation of duties: whoever sent a report may not approve it. ``TONGKET_SEPARATION_OF_DUTIES``
  chooses where: ``provinces`` (the default: reports received by a province's department),
  ``all``, or ``off``.
- A report is opened only for a period that has begun.

An actor given as a name (the command line, the demo) is the operator of the installation:
the role checks are for signed-in people, but the state rules and the separation of duties
apply to names as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

from tongket.accounts import roles
from tongket.accounts.scope import user_can
from tongket.core.numbers import format_date
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.submissions_actor import Actor, actor_parts
from tongket.reporting.submissions_errors import (
    SubmissionError,
    SubmissionForbidden,
    SubmissionLocked,
    SubmissionStateError,
)
from tongket.reporting.submissions_units import unit_recipient_on
from tongket.units.models import Unit, UnitKind

S = SubmissionStatus

# The states in which a report's values may change; in every other state they are locked.
VALUES_OPEN: tuple[str, ...] = (S.DRAFT, S.RETURNED)
VALUES_LOCKED: tuple[str, ...] = (S.SUBMITTED, S.APPROVED)


class Step(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    UNAPPROVE = "unapprove"


@dataclass(frozen=True)
class Rule:
    sources: tuple[str, ...]
    target: str | None
    permission: str
    by_recipient: bool
    verb_vi: str
    verb_en: str


RULES: dict[Step, Rule] = {
    Step.EDIT: Rule(VALUES_OPEN, None, roles.SUBMISSION_EDIT, False, "sửa số liệu", "edited"),
    Step.SUBMIT: Rule(VALUES_OPEN, S.SUBMITTED, roles.SUBMISSION_EDIT, False, "gửi", "submitted"),
    Step.APPROVE: Rule(
        (S.SUBMITTED,), S.APPROVED, roles.SUBMISSION_APPROVE, True, "duyệt", "approved"
    ),
    Step.RETURN: Rule(
        (S.SUBMITTED,), S.RETURNED, roles.SUBMISSION_APPROVE, True, "trả lại", "returned"
    ),
    Step.UNAPPROVE: Rule(
        (S.APPROVED,), S.RETURNED, roles.SUBMISSION_APPROVE, True, "hủy duyệt", "un-approved"
    ),
}

_STATUS_EN = {
    S.DRAFT: "draft",
    S.SUBMITTED: "submitted",
    S.RETURNED: "returned",
    S.APPROVED: "approved",
}


def _label(status: str) -> str:
    return f"{S(status).label} / {_STATUS_EN[S(status)]}"


def _ref(sub: Submission) -> str:
    return f"#{sub.pk} {sub.form.code} {sub.unit.name} {sub.period.code}"


def separation_applies(submission: Submission) -> bool:
    """Whether the sender of ``submission`` is kept from approving it (see the module text)."""
    where = str(getattr(settings, "TONGKET_SEPARATION_OF_DUTIES", "provinces")).strip().lower()
    if where in ("off", "0", "false", "no", ""):
        return False
    if where == "all":
        return True
    recipient = submission.recipient
    return recipient is not None and recipient.kind in (UnitKind.DEPARTMENT, UnitKind.PROVINCE)


def _who(sub: Submission, rule: Rule) -> Unit:
    if rule.by_recipient and sub.recipient_id is not None:
        return sub.recipient
    return sub.unit


def workflow_check(*, submission: Submission, step: Step, actor: Actor) -> None:
    """Refuse ``step`` on ``submission`` by ``actor`` unless the workflow allows it.

    ``SubmissionLocked`` for values of an approved report, ``SubmissionStateError`` for a step
    the report's state does not allow, ``SubmissionForbidden`` for an actor who may not take it.
    """
    rule = RULES[step]
    sub = submission
    if sub.status not in rule.sources:
        if step is Step.EDIT and sub.status == S.APPROVED:
            raise SubmissionLocked(
                f"Báo cáo {_ref(sub)} đã được duyệt nên số liệu bị khóa; cần hủy duyệt (có lý "
                f"do) trước khi sửa / report {_ref(sub)} is approved and its values are "
                f"locked; un-approve it (with a reason) before editing"
            )
        if step is Step.EDIT:
            raise SubmissionStateError(
                f"Báo cáo {_ref(sub)} đang ở trạng thái «{_label(sub.status)}»: chỉ sửa được khi "
                f"đang soạn hoặc bị trả lại / report {_ref(sub)} can be edited only while draft "
                f"or returned"
            )
        raise SubmissionStateError(
            f"Báo cáo {_ref(sub)} đang ở trạng thái «{_label(sub.status)}», không thể "
            f"{rule.verb_vi} / report {_ref(sub)} is {sub.status} and cannot be {rule.verb_en}"
        )
    name, user = actor_parts(actor)
    if user is not None:
        place = _who(sub, rule)
        if not user_can(user, rule.permission, place, on=sub.period.end):
            raise SubmissionForbidden(
                f"Bạn không có quyền {rule.verb_vi} báo cáo {_ref(sub)} (thuộc «{place.name}») / "
                f"you may not have report {_ref(sub)} {rule.verb_en} (it belongs to "
                f"«{place.name}»)"
            )
    if step is Step.APPROVE:
        _approver_checks(sub, name)


def _approver_checks(sub: Submission, name: str) -> None:
    if sub.recipient_id is not None and sub.form.recipient_kind:
        day = min(sub.period.end, sub.unit.valid_to) if sub.unit.valid_to else sub.period.end
        expected = unit_recipient_on(unit=sub.unit, kind=sub.form.recipient_kind, day=day)
        if expected is not None and expected.pk != sub.recipient_id:
            raise SubmissionForbidden(
                f"Báo cáo {_ref(sub)} gửi nhầm đến «{sub.recipient.name}»; «{sub.unit.name}» "
                f"báo cáo cho «{expected.name}», nơi duyệt báo cáo này / report {_ref(sub)} "
                f"was sent to «{sub.recipient.name}» by mistake; «{sub.unit.name}» reports to "
                f"«{expected.name}», which approves it"
            )
    if separation_applies(sub) and name == sub.submitted_by:
        raise SubmissionForbidden(
            f"Người gửi báo cáo {_ref(sub)} ({name}) không được tự duyệt; một cán bộ khác cần "
            f"duyệt / {name} sent report {_ref(sub)} and may not approve it too; another "
            f"staff member must approve it"
        )


def recipient_check(*, unit: Unit, recipient: Unit, expected: Unit | None) -> None:
    """A named recipient must be the one the hierarchy names, when it names one."""
    if expected is not None and expected.pk != recipient.pk:
        raise SubmissionError(
            f"Báo cáo của «{unit.name}» gửi đến «{expected.name}», không gửi đến "
            f"«{recipient.name}» / «{unit.name}» reports to «{expected.name}», not to "
            f"«{recipient.name}»"
        )


def period_started_check(*, code: str, start: dt.date) -> None:
    """A report is opened only for a period that has begun (not for 2030Q1 in 2026)."""
    today = timezone.localdate()
    if start > today:
        raise SubmissionError(
            f"Kỳ {code} chưa bắt đầu (từ {format_date(start)}); chỉ mở được báo cáo của kỳ đã "
            f"bắt đầu / period {code} has not begun (it starts on {format_date(start)}); a "
            f"report opens only for a period that has begun"
        )
