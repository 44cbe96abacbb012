"""Conclusion notices (thông báo kết luận): a meeting's conclusions, numbered and issued."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Notice(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="notices"
    )
    issuer = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan ban hành"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    sequence = models.PositiveIntegerField(_("số"), null=True, blank=True)
    # Numbers restart each year: «1/TB-STTTT» of 2017 and of 2018 are two notices.
    year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    signer = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    status = models.CharField(
        max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # The last day allowed (5 working days after the meeting, Decision 45/2018/QĐ-TTg) and
    # whether the notice came later; both set when it is issued.
    due_on = models.DateField(_("hạn ban hành"), null=True, blank=True)
    is_late = models.BooleanField(_("ban hành muộn"), default=False)
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=~Q(number=""),
                name="notice_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Số: {self.number}" if self.number else f"Dự thảo thông báo {self.pk}"


class NoticeItem(models.Model):
    """One assignment of the notice: what, lead unit, supporting units, deadline."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("nội dung"))
    lead = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    supporting = models.ManyToManyField("units.Unit", blank=True, related_name="+")
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    task = models.OneToOneField(
        "meetings.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice_item",
    )

    class Meta:
        ordering = ["notice", "order"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "order"], name="noticeitem_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"
