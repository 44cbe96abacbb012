"""People and the positions they held: one identity across titles and years."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A person, identified by the normalized name within a scope (a province, a ministry).

    "Đ/c Ngô Hòa, Phó Chủ tịch UBND tỉnh" in 2007 and "Chủ tịch UBND tỉnh" later is one row.
    """

    full_name = models.CharField(_("họ và tên"), max_length=255)
    name_key = models.CharField(_("khóa tên"), max_length=255, editable=False)
    scope = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh hoặc cơ quan"),
        help_text=_("Tỉnh (hoặc bộ, cơ quan trung ương) trong đó tên này chỉ một người"),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["name_key", "scope"])]

    def __str__(self) -> str:
        return self.full_name


class Position(models.Model):
    """A title a person held in a unit from ``valid_from`` to ``valid_to`` (open when null)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("chức vụ"), max_length=255)
    title_key = models.CharField(max_length=255, editable=False)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    # Set when the position was first read from a published report: the source document
    # (documents.SourceDocument) and the span of the name and title in its cleaned text.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["person", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="position_valid_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"
