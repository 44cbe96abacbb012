"""The indicator catalogue (chỉ tiêu thống kê).

A base indicator is reported; a derived one is ``numerator / denominator × factor`` and, over
a group of units or periods, is computed from the aggregated parts, never by averaging.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ phần trăm")
    MONEY = "money", _("Tiền (đồng)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Trung bình")
    LAST = "last", _("Giá trị cuối kỳ")
    NONE = "none", _("Không cộng dồn")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Indicator(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=64)
    unit_of_measure_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=64, blank=True)
    value_type = models.CharField(_("kiểu giá trị"), max_length=16, choices=ValueType.choices)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    # Aggregation over periods may differ from over units: subscribers are summed over
    # communes but a year's subscribers are the last month's, not the sum of twelve.
    period_aggregation = models.CharField(
        _("cách tổng hợp theo kỳ"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    factor = models.FloatField(_("hệ số"), default=1)
    field = models.CharField(_("lĩnh vực"), max_length=64, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    description = models.TextField(_("giải thích"), blank=True)
    min_value = models.FloatField(_("giá trị nhỏ nhất"), null=True, blank=True)
    max_value = models.FloatField(_("giá trị lớn nhất"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    # How a person reads it: stored values stay in the base unit (đồng); pages, charts,
    # documents and the command line divide by ``display_scale`` and show ``display_unit``
    # («tỷ đồng») with ``decimals`` decimals.
    display_unit = models.CharField(_("đơn vị hiển thị"), max_length=64, blank=True)
    display_unit_en = models.CharField(_("đơn vị hiển thị (tiếng Anh)"), max_length=64, blank=True)
    display_scale = models.FloatField(_("hệ số hiển thị"), default=1)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    # Which reports make an area's figure, in order of precedence (unit kinds: «department»
    # before «enterprise» before «commune»); the next source that has values is shown as a
    # reconciliation difference. Empty: the area's own value, else the nearest level below.
    sources = models.JSONField(_("nguồn số liệu theo thứ tự ưu tiên"), default=list, blank=True)
    # Below this share of the expected reporting units (percent) a figure is partial.
    coverage_threshold = models.FloatField(_("ngưỡng đầy đủ (%)"), default=100)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) & Q(denominator__isnull=True))
                | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_formula_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_derived(self) -> bool:
        return self.numerator_id is not None
