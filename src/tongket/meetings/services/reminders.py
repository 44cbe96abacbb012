"""Deadline reminders: in-app notifications and e-mail, each sent once.

A reminder is due a set number of days before a deadline and after it. A run on a given day
sends, per open task, the closest reminder that is due and not yet sent: running every day
sends each reminder on its day; a first run just before a deadline sends only the latest one.
A reminder is keyed by task, kind, offset and deadline, so a second run sends nothing and a
moved deadline gets reminders of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Notification, NotificationKind, ReminderContact, Task
from tongket.units.models import Unit

DEFAULT_DAYS_BEFORE = (7, 1)
DEFAULT_DAYS_AFTER = (1, 7)


def _setting(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    value = getattr(settings, name, None) or os.environ.get(name)
    if not value:
        return default
    items = value.split(",") if isinstance(value, str) else value
    try:
        days = tuple(sorted({int(str(x).strip()) for x in items if str(x).strip()}))
    except ValueError:
        raise MeetingsError(
            f"{name} phải là các số ngày, ví dụ «7,1»",
            f"{name} must be numbers of days, e.g. «7,1»",
        ) from None
    return _check_days(days, name)


def _check_days(days: Sequence[int], name: str) -> tuple[int, ...]:
    if any(d < 0 for d in days):
        raise MeetingsError(f"{name}: số ngày âm", f"{name}: negative number of days")
    return tuple(sorted(set(days)))


def reminder_days() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Days before and after a deadline that reminders go out (settings or environment:
    ``TONGKET_REMINDER_DAYS_BEFORE``, ``TONGKET_REMINDER_DAYS_AFTER``, e.g. ``"7,1"``)."""
    return (
        _setting("TONGKET_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE),
        _setting("TONGKET_REMINDER_DAYS_AFTER", DEFAULT_DAYS_AFTER),
    )


def _due_reminder(
    task: Task, today: dt.date, before: Sequence[int], after: Sequence[int]
) -> tuple[str, int] | None:
    days_left = (task.deadline - today).days
    if days_left >= 0:
        due = [d for d in before if days_left <= d]
        return (NotificationKind.BEFORE_DEADLINE, min(due)) if due else None
    due = [d for d in after if -days_left >= d]
    return (NotificationKind.AFTER_DEADLINE, max(due)) if due else None


def _message(task: Task, kind: str, offset: int, today: dt.date) -> tuple[str, str]:
    deadline = format_date(task.deadline)
    if kind == NotificationKind.BEFORE_DEADLINE:
        left = (task.deadline - today).days
        when_vi = "hôm nay là hạn" if left == 0 else f"còn {left} ngày"
        when_en = "due today" if left == 0 else f"due in {left} days"
        subject = f"Nhắc hạn nhiệm vụ: {when_vi} ({deadline}) / Task {when_en}"
    else:
        late = (today - task.deadline).days
        subject = f"Nhiệm vụ quá hạn {late} ngày (hạn {deadline}) / Task {late} days overdue"
    lines = [
        f"Nhiệm vụ / task: {task.text}",
        f"Đơn vị chủ trì / lead: {task.lead.name}",
        f"Thời hạn / deadline: {deadline}",
    ]
    if task.document_number:
        lines.append(f"Theo văn bản / per document: {task.document_number}")
    lines += [
        "",
        "Đề nghị báo cáo tiến độ hoặc kết quả: «tongket task-progress», «tongket task-done».",
        "Please report progress or completion: «tongket task-progress», «tongket task-done».",
    ]
    return subject[:255], "\n".join(lines)


def reminders_send(
    *,
    today: dt.date,
    actor: str,
    days_before: Sequence[int] | None = None,
    days_after: Sequence[int] | None = None,
) -> dict[str, int]:
    """Create the reminders due on ``today`` and e-mail them to the lead units' contacts."""
    default_before, default_after = reminder_days()
    before = _check_days(days_before, "--before") if days_before is not None else default_before
    after = _check_days(days_after, "--after") if days_after is not None else default_after
    horizon = today + dt.timedelta(days=max(before, default=0))
    tasks = (
        Task.objects.filter(deadline__isnull=False, deadline__lte=horizon)
        .exclude(completed_on__lte=today)
        .select_related("lead")
        .order_by("deadline", "id")
    )
    wanted: dict[str, tuple[Task, str, int]] = {}
    for task in tasks.iterator(chunk_size=1000):
        due = _due_reminder(task, today, before, after)
        if due is not None:
            kind, offset = due
            wanted[f"task:{task.pk}:{kind}:{offset}:{task.deadline.isoformat()}"] = (
                task,
                kind,
                offset,
            )
    existing = set(Notification.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    contacts = _contacts({t.lead_id for t, _, _ in wanted.values()})
    created = 0
    for key, (task, kind, offset) in wanted.items():
        if key in existing:
            continue
        subject, body = _message(task, kind, offset, today)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    kind=kind,
                    key=key,
                    task=task,
                    unit=task.lead,
                    offset_days=offset,
                    due_on=task.deadline,
                    subject=subject,
                    body=body,
                    email_to=", ".join(contacts.get(task.lead_id, [])),
                )
                audit_record(
                    actor=actor,
                    action="task.reminded",
                    object_type="task",
                    object_id=task.pk,
                    unit=task.lead,
                    summary=subject,
                    new={"notification": notification.pk, "kind": kind, "offset": offset},
                )
        except IntegrityError:  # another run created it in the meantime
            continue
        created += 1
    emailed = email_pending()
    return {
        "reminders_created": created,
        "reminders_already_sent": len(existing),
        "emailed": emailed,
    }


def _contacts(unit_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for unit_id, email in ReminderContact.objects.filter(
        unit_id__in=unit_ids, active=True
    ).values_list("unit_id", "email"):
        found.setdefault(unit_id, []).append(email)
    return found


def email_pending() -> int:
    """Send the notifications that have addresses and no e-mail yet (a failed send retries)."""
    pending = list(
        Notification.objects.filter(emailed_at__isnull=True).exclude(email_to="").order_by("id")
    )
    if not pending:
        return 0
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            message = EmailMessage(
                subject=notification.subject,
                body=notification.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[a.strip() for a in notification.email_to.split(",") if a.strip()],
                connection=connection,
            )
            message.send()
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@transaction.atomic
def reminder_contact_set(
    *, unit: Unit, email: str, actor: str, name: str = "", active: bool = True
) -> ReminderContact:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise MeetingsError(
            f"Địa chỉ thư không hợp lệ «{email}»",
            f"invalid e-mail address «{email}»",
            column="email",
        ) from None
    contact, _ = ReminderContact.objects.update_or_create(
        unit=unit, email=email, defaults={"name": name.strip(), "active": active}
    )
    audit_record(
        actor=actor,
        action="reminder_contact.set",
        object_type="reminder_contact",
        object_id=contact.pk,
        unit=unit,
        summary=f"{email}: {'bật' if active else 'tắt'} / {email}: {'on' if active else 'off'}",
    )
    return contact


def notification_mark_read(*, notification: Notification, actor: str) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
