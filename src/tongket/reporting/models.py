"""Periods, report forms, submissions, values and targets."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.core.periods import Cutoff, PeriodKind


class Period(models.Model):
    """A stored period; its code is the key (``2017``, ``2017S1``, ``2017Q1``, ``2017-01``)."""

    code = models.CharField(_("mã kỳ"), max_length=16, unique=True)
    kind = models.CharField(
        _("loại kỳ"), max_length=8, choices=[(k.value, k.value) for k in PeriodKind]
    )
    year = models.PositiveSmallIntegerField(db_index=True)
    half = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        ordering = ["start", "-end"]

    def __str__(self) -> str:
        return self.code


class Frequency(models.TextChoices):
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Hằng năm")


class Form(models.Model):
    """A report form (biểu mẫu) of a reporting regime."""

    code = models.CharField(_("ký hiệu biểu"), max_length=64, unique=True)
    name = models.CharField(_("tên biểu"), max_length=255)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=8, choices=Frequency.choices)
    cutoff = models.CharField(
        _("thời gian chốt số liệu"),
        max_length=16,
        choices=[
            (Cutoff.CALENDAR.value, _("Theo kỳ thống kê")),
            (Cutoff.DECREE09.value, _("Theo Nghị định 09/2019")),
        ],
        default=Cutoff.CALENDAR.value,
    )
    unit_kinds = models.JSONField(_("đơn vị báo cáo"), default=list)
    recipient_kind = models.CharField(
        _("đơn vị nhận báo cáo"),
        max_length=16,
        help_text=_(
            "Loại đơn vị nhận: báo cáo gửi đến đơn vị loại này cấp trên của đơn vị báo cáo"
        ),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày sau kỳ)"),
        help_text=_("Hạn gửi là ngày thứ N sau ngày cuối của kỳ"),
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", through="FormIndicator", related_name="forms"
    )

    class Meta:
        verbose_name = _("biểu mẫu")
        verbose_name_plural = _("biểu mẫu")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class FormIndicator(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    line = models.PositiveSmallIntegerField(_("dòng"))
    required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        ordering = ["form", "line"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="formindicator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.line}"


class RuleKind(models.TextChoices):
    RANGE = "range", _("Trong khoảng")
    LE = "le", _("Không lớn hơn chỉ tiêu khác")
    GE = "ge", _("Không nhỏ hơn chỉ tiêu khác")


class ValidationRule(models.Model):
    """A rule checked on a submission (required and catalogue ranges are checked always)."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=8, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    other = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    message = models.CharField(_("thông báo"), max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.indicator_id}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Submission(models.Model):
    """One unit's report on one form for one period."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="submissions")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    recipient = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_submissions",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    deadline = models.DateField(_("hạn gửi"))
    # Actors are names as written in the audit trail («cli:nam» or a login), so a report
    # opened from the terminal and approved on the web reads the same way.
    opened_by = models.CharField(_("người mở"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("ngày mở"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.CharField(_("người gửi"), max_length=150, blank=True)
    first_submitted_at = models.DateTimeField(_("ngày gửi lần đầu"), null=True, blank=True)
    approved_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    approved_by = models.CharField(_("người duyệt"), max_length=150, blank=True)
    returned_at = models.DateTimeField(_("ngày trả lại"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "form", "period"], name="submission_unique"),
        ]
        indexes = [
            models.Index(fields=["form", "period"]),
            models.Index(fields=["period", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.unit} {self.period}"


class ValueSource(models.TextChoices):
    SUBMISSION = "submission", _("Báo cáo của đơn vị")
    IMPORT = "import", _("Nhập từ tệp")
    DOCUMENT = "document", _("Trích từ văn bản đã công bố")
    SYNTHETIC = "synthetic", _("Dữ liệu mẫu (giả lập)")
    MANUAL = "manual", _("Nhập tay")


class Value(models.Model):
    """The value of an indicator for a unit and a period; one per (unit, indicator, period)."""

    # Every index costs each imported row its upkeep, so there are three besides the key:
    # value_unique (unit, indicator, period) for a unit's values; (period, indicator) for the
    # analytics (indicator IN … AND period IN …) and a period's values; and the values of a
    # report, indexed only where there is a report (imported values have none).
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    value = models.FloatField(_("giá trị"))
    comment = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # Why a value far from the unit's history is right: asked before the report is sent.
    explanation = models.CharField(_("giải thích số liệu bất thường"), max_length=1000, blank=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=ValueSource.choices)
    source_ref = models.CharField(
        _("tham chiếu nguồn"), max_length=255, blank=True, help_text=_("Tệp, văn bản hoặc báo cáo")
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        db_index=False,
    )
    flagged = models.BooleanField(_("bất thường"), default=False)
    flag_reason = models.CharField(_("lý do đánh dấu"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="value_unique"),
        ]
        indexes = [
            models.Index(fields=["period", "indicator"], name="value_period_indicator"),
            models.Index(
                fields=["submission"],
                name="value_submission",
                condition=models.Q(submission__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.period_id}={self.value}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Target(models.Model):
    """A plan target (chỉ tiêu kế hoạch): unit × indicator × period."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="targets")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.FloatField(_("chỉ tiêu"))
    baseline = models.FloatField(_("giá trị gốc"), null=True, blank=True)
    baseline_period = models.ForeignKey(
        Period, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    direction = models.CharField(
        _("chiều đánh giá"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.period_id}→{self.value}"


class ImportBatch(models.Model):
    """A file that was imported: its content hash makes a second import of it a no-op."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=16)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [models.CheckConstraint(condition=Q(rows__gte=0), name="importbatch_rows")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.sha256[:12]})"
