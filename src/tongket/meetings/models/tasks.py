"""Assigned tasks (nhiệm vụ được giao), their progress updates and their status categories."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskSource(models.TextChoices):
    PLAN = "plan", _("Nhiệm vụ trọng tâm của kế hoạch")
    MEETING = "meeting", _("Kết luận cuộc họp")
    DOCUMENT = "document", _("Văn bản chỉ đạo")


class TaskStatus(models.TextChoices):
    """The Government Office's categories; computed from deadline, completion and the day."""

    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn chưa hoàn thành")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")


class Task(models.Model):
    text = models.TextField(_("nội dung nhiệm vụ"))
    source = models.CharField(_("nguồn giao"), max_length=16, choices=TaskSource.choices)
    key_task = models.ForeignKey(
        "meetings.KeyTask",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("nhiệm vụ trọng tâm"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("cuộc họp"),
    )
    notice = models.ForeignKey(
        "meetings.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("thông báo kết luận"),
    )
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    document_title = models.CharField(_("trích yếu văn bản"), max_length=500, blank=True)
    assigned_by_person = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("người giao"),
    )
    assigned_by_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị giao"),
    )
    assigned_on = models.DateField(_("ngày giao"))
    lead = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("đơn vị chủ trì"),
    )
    supporting = models.ManyToManyField(
        "units.Unit",
        blank=True,
        related_name="supported_tasks",
        verbose_name=_("đơn vị phối hợp"),
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(
        "reporting.Target", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    completion_note = models.TextField(_("kết quả"), blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set when read from a published report: the source document (documents.SourceDocument)
    # and the span of the task's text in its cleaned text.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("assigned_on")),
                name="task_deadline_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("assigned_on")),
                name="task_completed_after_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["lead", "deadline"]),
            models.Index(fields=["completed_on"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class TaskProgress(models.Model):
    """A progress update: what was done, the evidence, and who reported it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("ngày báo cáo"))
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    evidence = models.TextField(_("minh chứng"), blank=True)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to="tasks/%Y/", blank=True)
    reported_by_person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_by_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.CharField(_("người nhập"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ")
        ordering = ["task", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.text[:60]}"
