"""In-app notifications (deadline reminders) and who receives them by e-mail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", _("Nhắc trước hạn")
    AFTER_DEADLINE = "after_deadline", _("Nhắc quá hạn")
    REPORT_REMINDER = "report", _("Nhắc gửi báo cáo")


class Notification(models.Model):
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    # One reminder per task, kind, offset and deadline: a second run finds it and sends nothing.
    key = models.CharField(max_length=128, unique=True)
    task = models.ForeignKey(
        "meetings.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị nhận"),
    )
    offset_days = models.SmallIntegerField(default=0)
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    email_to = models.TextField(_("gửi thư tới"), blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo nhắc việc")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class ReminderContact(models.Model):
    """An e-mail address that receives the reminders of a unit's tasks."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    name = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "email"], name="remindercontact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email
