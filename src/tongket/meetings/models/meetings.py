"""Meetings: review conferences, briefings, and what was said and decided at them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", _("Hội nghị tổng kết năm")
    MIDYEAR_REVIEW = "midyear_review", _("Hội nghị sơ kết 6 tháng")
    QUARTERLY_REVIEW = "quarterly_review", _("Giao ban quý")
    MONTHLY_BRIEFING = "monthly_briefing", _("Giao ban tháng")
    OTHER = "other", _("Cuộc họp khác")


class MeetingSource(models.TextChoices):
    ENTERED = "entered", _("Nhập trực tiếp")
    IMPORTED = "imported", _("Trích từ văn bản đã công bố")


class Meeting(models.Model):
    kind = models.CharField(_("loại cuộc họp"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("tên cuộc họp"), max_length=500)
    date = models.DateField(_("ngày họp"), db_index=True)
    # A published report that does not say when the meeting was held: its date of
    # publication stands in for the meeting's day.
    date_approximate = models.BooleanField(
        _("ngày họp ước tính"),
        default=False,
        help_text=_("Văn bản không cho biết ngày họp: lấy ngày đăng tin"),
    )
    end_date = models.DateField(
        _("ngày kết thúc"), null=True, blank=True, help_text=_("Khi họp nhiều ngày")
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    organizer = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="organized_meetings",
        verbose_name=_("đơn vị tổ chức"),
    )
    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh"),
        help_text=_("Tỉnh của đơn vị tổ chức vào ngày họp"),
    )
    chair = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chủ trì"),
    )
    chair_title = models.CharField(_("chức vụ người chủ trì"), max_length=255, blank=True)
    agenda = models.TextField(_("chương trình"), blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    reviewed_periods = models.JSONField(_("kỳ được đánh giá"), default=list, blank=True)
    planned_periods = models.JSONField(_("kỳ triển khai"), default=list, blank=True)
    source = models.CharField(
        _("nguồn"), max_length=16, choices=MeetingSource.choices, default=MeetingSource.ENTERED
    )
    # Set by the import of published reports: the document and the character span of the
    # passage the meeting was read from.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)
    source_ref = models.CharField(
        _("tham chiếu nguồn"), max_length=500, blank=True, help_text=_("Địa chỉ, tên văn bản")
    )
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="meeting_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organizer", "date"]),
            models.Index(fields=["province", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def last_day(self):
        return self.end_date or self.date


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chủ trì")
    GUEST = "guest", _("Đại biểu")
    PRESENTER = "presenter", _("Trình bày báo cáo")
    MEMBER = "member", _("Thành phần dự họp")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="participations"
    )
    title = models.CharField(_("chức vụ lúc đó"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.GUEST
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Set when read from a published report: the source document (documents.SourceDocument)
    # and the character span of the passage in its cleaned text.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("người dự họp")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.title})"


class MeetingReport(models.Model):
    """A report heard at the meeting and who presented it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("báo cáo"), max_length=500)
    presenter = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    """A document attached to the meeting: an uploaded file or a path where it is kept."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="meetings/%Y/", blank=True)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.name


class MeetingFigure(models.Model):
    """A figure stated at the meeting ("2.060 tỷ đồng"), mapped to an indicator when one fits."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveSmallIntegerField(default=0)
    value = models.FloatField(_("giá trị"), null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    text = models.CharField(_("nguyên văn"), max_length=500, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("kỳ"), max_length=16, blank=True)
    # The document the figure was read from (a meeting reported by several documents keeps
    # each one's figures) and the span of the figure's text in its cleaned text.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text or f"{self.value} {self.unit_of_measure}"
