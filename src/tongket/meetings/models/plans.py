"""A unit's plan for a period: its key tasks (targets are ``reporting.Target``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="plans")
    period = models.ForeignKey("reporting.Period", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên kế hoạch"), max_length=500, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("hội nghị triển khai"),
    )
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="plan_unique")]

    def __str__(self) -> str:
        return self.title or f"{self.unit} {self.period_id}"


class KeyTask(models.Model):
    """A key task (nhiệm vụ trọng tâm) of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="key_tasks")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("nhiệm vụ trọng tâm")
        verbose_name_plural = _("nhiệm vụ trọng tâm")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="keytask_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"
