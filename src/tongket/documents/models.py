"""Published reports read into the system, and what each one stated.

A ``SourceDocument`` keeps the original text (and HTML), its cleaned text, the extraction
record and its provenance. The items stored from it (meeting, participants, positions,
figures, tasks, commendations) carry its id and the span of their passage in the cleaned
text; the indicator values it stated are linked through ``DocumentValue``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Provenance(models.TextChoices):
    FILE = "file", _("Tệp")
    PASTED = "pasted", _("Dán vào trang web")
    API = "api", _("Giao diện lập trình (API)")


WEB_SCHEMES = ("http", "https")


def web_url(url: str | None) -> str:
    """``url`` when it is a web address (http or https, with a host), else "": a
    ``javascript:`` or ``data:`` address from a document is neither stored nor linked."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return text if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else ""


class SourceDocument(models.Model):
    # The original bytes (a file as read, or the text as given, in UTF-8): the same document
    # ingested twice is found here and stored once.
    sha256 = models.CharField(max_length=64, unique=True)
    source_id = models.CharField(_("mã tài liệu"), max_length=255, blank=True)
    url = models.URLField(_("địa chỉ"), max_length=2000, blank=True)
    site = models.CharField(_("trang"), max_length=255, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=1000, blank=True)
    # As the record gives it: a day, or a day and time ("2007-02-01T10:27:14").
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    published_text = models.CharField(max_length=32, blank=True)
    raw_text = models.TextField(_("văn bản gốc"))
    raw_html = models.TextField(_("HTML gốc"), blank=True)
    clean_text = models.TextField(_("văn bản đã làm sạch"))
    record = models.JSONField(_("bản ghi trích xuất"))
    # The record as the extractor gave it, when a person corrected it before storing.
    extracted_record = models.JSONField(null=True, blank=True)
    extractor_version = models.CharField(_("phiên bản bộ trích xuất"), max_length=64)
    provenance = models.CharField(_("nguồn nhập"), max_length=8, choices=Provenance.choices)
    source_name = models.CharField(_("tên tệp"), max_length=500, blank=True)
    signature = models.JSONField(
        _("chữ ký số"),
        null=True,
        blank=True,
        help_text=_("Chữ ký số của tệp PDF đã đọc: ai ký, khi nào, có bị sửa sau khi ký không"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cuộc họp"),
    )
    # Warnings and value conflicts met while storing, for the person who reviews them.
    notes = models.JSONField(default=list, blank=True)
    ingested_by = models.CharField(_("người nhập"), max_length=150)
    ingested_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản nguồn")
        verbose_name_plural = _("văn bản nguồn")
        ordering = ["-ingested_at", "-id"]
        indexes = [models.Index(fields=["site", "published_on"])]

    def __str__(self) -> str:
        return self.title or self.source_name or f"#{self.pk}"

    @property
    def link(self) -> str:
        """The address to link to: a web address only (rows stored before it was checked)."""
        return web_url(self.url)


class ValueOutcome(models.TextChoices):
    CREATED = "created", _("Đã lưu")
    REPLACED = "replaced", _("Đã thay số liệu từ văn bản khác")
    SAME = "same", _("Trùng số liệu đã có")
    LOCKED = "locked", _("Không lưu: số liệu thuộc báo cáo đã duyệt")
    KEPT = "kept", _("Không lưu: giữ số liệu do đơn vị báo cáo hoặc nhập")
    REPEATED = "repeated", _("Không lưu: văn bản nêu chỉ tiêu này lần thứ hai")


class DocumentValue(models.Model):
    """An indicator value a document stated, and what became of it."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="values")
    figure = models.ForeignKey(
        "meetings.MeetingFigure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    value = models.ForeignKey(
        "reporting.Value", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey("reporting.Period", on_delete=models.PROTECT, related_name="+")
    stated = models.FloatField(_("giá trị nêu trong văn bản"))
    # The value stored before, when it differed (replaced, locked or kept).
    previous = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=ValueOutcome.choices)
    text = models.CharField(_("nguyên văn"), max_length=500)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu nêu trong văn bản")
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(span_start__isnull=True) | Q(span_end__gte=models.F("span_start")),
                name="documentvalue_span",
            ),
        ]
        indexes = [models.Index(fields=["unit", "indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.text} → {self.indicator_id}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    ACCEPTED = "accepted", _("Đã nhận")
    REJECTED = "rejected", _("Đã bỏ")


class FigureReview(models.Model):
    """A figure of a document that may be an indicator's value but not surely (the reason
    says why): it waits for a person to accept it as the value or reject it."""

    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="figure_reviews"
    )
    figure = models.ForeignKey("meetings.MeetingFigure", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("kỳ"), max_length=16)
    stated = models.FloatField(_("giá trị nêu trong văn bản"))
    text = models.CharField(_("nguyên văn"), max_length=500)
    reason = models.CharField(_("lý do chưa chắc"), max_length=500)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu chờ duyệt")
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.text
