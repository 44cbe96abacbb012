"""What staff write into a year-end review report, kept between drafts of it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportDraft(models.Model):
    """The written parts of a unit's year-end report for a year.

    The figures, tables and lists of the report are read from the data each time it is
    generated; the assessments below are not in the data, so they are kept here and reused by
    every new draft until someone changes them.
    """

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    overview = models.TextField(_("đánh giá chung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    directions = models.TextField(_("phương hướng chung năm sau"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận; để trống: nơi nhận mặc định")
    )
    number = models.CharField(_("số văn bản"), max_length=16, blank=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(
        _("thẩm quyền, chức vụ người ký"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ «GIÁM ĐỐC» hoặc «KT. GIÁM ĐỐC» xuống dòng «PHÓ GIÁM ĐỐC»"),
    )
    updated_by = models.CharField(_("người sửa"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dự thảo báo cáo tổng kết")
        verbose_name_plural = _("dự thảo báo cáo tổng kết")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reportdraft_unique"),
            models.CheckConstraint(condition=Q(year__gte=1945), name="reportdraft_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
