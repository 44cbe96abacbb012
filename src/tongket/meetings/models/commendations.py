"""Commendations (khen thưởng) and emulation titles (danh hiệu thi đua).

The forms are data (``data/award_forms.yaml``), after the Law on Emulation and Commendation
2022 (Luật Thi đua, khen thưởng số 06/2022/QH15).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardCategory(models.TextChoices):
    COMMENDATION = "commendation", _("Hình thức khen thưởng")
    EMULATION_TITLE = "emulation_title", _("Danh hiệu thi đua")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardForm(models.Model):
    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    category = models.CharField(max_length=16, choices=AwardCategory.choices)
    grantor = models.CharField(_("người quyết định tặng"), max_length=255)
    level = models.CharField(_("cấp"), max_length=16)
    recipients = models.CharField(_("đối tượng"), max_length=16)
    rank = models.PositiveSmallIntegerField(default=0)
    aliases = models.JSONField(default=list, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class Commendation(models.Model):
    """A decision to award a form, for a year, to collectives and individuals."""

    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="commendations")
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    grantor_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan quyết định"),
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("đơn vị được khen"),
        help_text=_("Đơn vị có tập thể, cá nhân được khen"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("trao tại"),
    )
    reason = models.TextField(_("thành tích"), blank=True)
    collectives = models.PositiveIntegerField(_("số tập thể"), null=True, blank=True)
    individuals = models.PositiveIntegerField(_("số cá nhân"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mẫu"), default=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set when read from a published report: the source document (documents.SourceDocument)
    # and the span of the passage that states the award in its cleaned text.
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_span_start = models.PositiveIntegerField(null=True, blank=True)
    source_span_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "form__rank", "id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.form} {self.year}"


class CommendationRecipient(models.Model):
    """A named recipient; counts without names stay on the commendation."""

    commendation = models.ForeignKey(
        Commendation, on_delete=models.CASCADE, related_name="recipients"
    )
    kind = models.CharField(max_length=16, choices=RecipientKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["commendation", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="collective") | Q(person__isnull=False) | ~Q(name=""),
                name="recipient_named",
            ),
        ]

    def __str__(self) -> str:
        return self.name
