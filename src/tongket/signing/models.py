"""Signed documents, kept as they were signed, and signed PDFs received and checked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignedKind(models.TextChoices):
    REPORT = "report", _("Báo cáo tổng kết")
    NOTICE = "notice", _("Thông báo kết luận")


KIND_WORDS = {
    "report": ("Báo cáo tổng kết", "Year-end review report"),
    "notice": ("Thông báo kết luận", "Conclusion notice"),
}


class SignedDocument(models.Model):
    """A document as it was signed: the PDF with its signatures, byte for byte. Its number
    belongs to it from then on: the same document is never made again under that number."""

    kind = models.CharField(_("loại văn bản"), max_length=8, choices=SignedKind.choices)
    issuer = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    # The report's year, or the year the notice was issued (numbers restart each year).
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    notice = models.OneToOneField(
        "meetings.Notice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    signer = models.CharField(_("người ký"), max_length=255)
    agency = models.CharField(_("cơ quan ký"), max_length=255, blank=True)
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)
    verification = models.JSONField(_("kết quả kiểm tra"), default=dict)
    signed_by = models.CharField(_("người thực hiện"), max_length=150)
    signed_at = models.DateTimeField(_("ký lúc"))

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuer", "year", "number"], name="signeddocument_number_unique"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="signeddocument_has_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def kind_words(self) -> tuple[str, str]:
        """The kind in Vietnamese and English, whatever the page's language."""
        return KIND_WORDS[self.kind]


class ReceivedDocument(models.Model):
    """A PDF someone uploaded to check its signatures, kept with what the check found."""

    name = models.CharField(_("tên tệp"), max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    signed = models.BooleanField(_("có chữ ký số"))
    ok = models.BooleanField(_("chữ ký hợp lệ"))
    verification = models.JSONField(_("kết quả kiểm tra"), default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản nhận để kiểm tra chữ ký")
        verbose_name_plural = _("văn bản nhận để kiểm tra chữ ký")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name
