"""What staff write into a year-end review report, kept between drafts of it."""

from __future__ import annotations

from django.conf import settings
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")


class JobKind(models.TextChoices):
    REPORT = "report", _("Báo cáo tổng kết")
    NOTICE = "notice", _("Thông báo kết luận")


class DocumentJob(models.Model):
    """One document asked for on a page and made in the background (``tongket worker``).

    The queue itself is django-tasks' (``task_id``); this row is what the person waits for:
    how far the work has come, and the file, kept for its download.
    """

    kind = models.CharField(max_length=8, choices=JobKind.choices)
    fmt = models.CharField(max_length=8)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    notice = models.ForeignKey(
        "meetings.Notice", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(max_length=16, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    error_vi = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    data = models.BinaryField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="documentjob_progress"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.fmt} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
