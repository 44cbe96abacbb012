"""The audit trail: who changed what, when, from which value to which, and why.

Entries are written by the service that makes the change, in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.CharField(
        _("người thực hiện"),
        max_length=150,
        help_text=_("Tên đăng nhập, hoặc «cli:...» cho dòng lệnh"),
    )
    action = models.CharField(_("thao tác"), max_length=64, db_index=True)
    object_type = models.CharField(_("đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(_("nội dung"), max_length=500, blank=True)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["unit", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"


class Agency(models.Model):
    """The agency this installation serves: its name heads every page (one row)."""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    name_en = models.CharField(_("tên cơ quan bằng tiếng Anh"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")

    def __str__(self) -> str:
        return self.name
