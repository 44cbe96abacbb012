"""Reminding units that have not sent a report: in the app and by e-mail, each recorded.

Staff see who has not reported (``form_completeness``) and remind them from the page; each
reminder is an in-app notification to the unit, an e-mail to its contacts (the unit's reminder
addresses and its accounts' addresses), and an entry in the audit trail. A mail server that
does not answer leaves the reminder stored: ``tongket remind`` sends it later.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.meetings.models import Notification, NotificationKind, ReminderContact
from tongket.meetings.services.reminders import email_pending
from tongket.reporting.models import Form
from tongket.units.models import Unit

KEY_PREFIX = "report"


@dataclass(frozen=True)
class RemindResult:
    reminded: int
    emailed: int
    email_error: str = ""


def report_contacts(unit_ids: set[int], *, on: dt.date) -> dict[int, list[str]]:
    """Where a unit's reminders go: its reminder addresses, then its accounts' addresses."""
    from tongket.accounts.models import RoleAssignment

    found: dict[int, list[str]] = {}
    for unit_id, email in ReminderContact.objects.filter(
        unit_id__in=unit_ids, active=True
    ).values_list("unit_id", "email"):
        found.setdefault(unit_id, []).append(email)
    users = (
        RoleAssignment.objects.filter(unit_id__in=unit_ids, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    for unit_id, email in users:
        if email not in found.setdefault(unit_id, []):
            found[unit_id].append(email)
    return found


def _key(form: Form, period_code: str, unit_id: int) -> str:
    return f"{KEY_PREFIX}:{form.code}:{period_code}:{unit_id}:"


def report_reminders_last(
    *, form: Form, period_code: str, unit_ids: list[int]
) -> dict[int, dt.datetime]:
    """When each unit was last reminded of this form and period."""
    prefix = f"{KEY_PREFIX}:{form.code}:{period_code}:"
    last: dict[int, dt.datetime] = {}
    for key, at in Notification.objects.filter(
        key__startswith=prefix, unit_id__in=unit_ids
    ).values_list("key", "created_at"):
        unit_id = int(key[len(prefix) :].split(":", 1)[0])
        if unit_id not in last or at > last[unit_id]:
            last[unit_id] = at
    return last


def report_reminders_send(
    *,
    form: Form,
    period_code: str,
    period_label: str,
    deadline: dt.date,
    units: list[Unit],
    actor: str,
    user=None,
) -> RemindResult:
    """Remind ``units`` to send ``form`` for the period: one notification each, audited, then
    the e-mails."""
    now = timezone.now()
    today = timezone.localdate()
    contacts = report_contacts({u.pk for u in units}, on=today)
    late = (today - deadline).days
    when = (
        f"đã quá hạn {late} ngày (hạn {format_date(deadline)})"
        if late > 0
        else f"hạn gửi {format_date(deadline)}"
    )
    with transaction.atomic():
        for unit in units:
            subject = f"Nhắc gửi báo cáo: {form.name}, {period_label}"
            body = (
                f"Kính gửi {unit.name},\n\n"
                f"Đơn vị chưa gửi báo cáo «{form.name}» kỳ {period_label}, {when}. "
                "Đề nghị đơn vị nhập và gửi báo cáo trên hệ thống.\n"
            )
            notification = Notification.objects.create(
                kind=NotificationKind.REPORT_REMINDER,
                key=f"{_key(form, period_code, unit.pk)}{now.isoformat()}",
                unit=unit,
                due_on=deadline,
                subject=subject,
                body=body,
                email_to=", ".join(contacts.get(unit.pk, [])),
            )
            audit_record(
                actor=actor,
                user=user,
                action="submission.reminded",
                object_type="form",
                object_id=f"{form.code}/{period_code}",
                unit=unit,
                summary=subject,
                new={"notification": notification.pk, "email_to": notification.email_to},
            )
    try:
        emailed = email_pending()
    except (OSError, smtplib.SMTPException) as error:
        return RemindResult(len(units), 0, str(error) or error.__class__.__name__)
    return RemindResult(len(units), emailed)
