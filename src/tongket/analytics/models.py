"""Estimates a department enters for a period still in progress («ước thực hiện»).

An entered estimate stands for the figure while the period is open; once the period closes
the figure reported stands and the estimate is kept beside it, so both can be compared.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Estimate(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey("reporting.Period", on_delete=models.PROTECT, related_name="+")
    value = models.FloatField(_("số ước thực hiện"))
    note = models.CharField(_("cách ước tính"), max_length=500, blank=True)
    entered_by = models.CharField(_("người nhập"), max_length=150)
    entered_at = models.DateTimeField(_("ngày nhập"), auto_now=True)

    class Meta:
        verbose_name = _("số ước thực hiện")
        verbose_name_plural = _("số ước thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="estimate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id} {self.period_id}: {self.value}"
