"""Units with history.

A unit (province, commune, department, enterprise, agency, press agency) exists for an
interval ``[valid_from, valid_to]``; a rename, a merger or a split ends it and links it to its
successors. Parent links carry their own interval, so a 2017 value sums up through the 2017
hierarchy. ``UnitAncestor`` is the closure of the parent links, kept by the service that
changes them (never rebuilt nightly).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận, thị xã")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PRESS = "press", _("Cơ quan báo chí")


class SuccessionEvent(models.TextChoices):
    RENAME = "rename", _("Đổi tên")
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    REORGANIZE = "reorganize", _("Tổ chức lại")


class Unit(models.Model):
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    code = models.CharField(
        _("mã"),
        max_length=32,
        help_text=_(
            "Mã đơn vị hành chính, mã số thuế hoặc mã nội bộ; cùng với ngày mới xác định được đơn vị."
        ),
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=128, blank=True)
    abbreviation = models.CharField(_("viết tắt"), max_length=32, blank=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    division_type = models.CharField(_("cấp, loại hình"), max_length=64, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "valid_from"], name="unit_kind_code_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_interval",
            ),
        ]
        indexes = [models.Index(fields=["code", "valid_from"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class UnitLink(models.Model):
    """``child`` belongs to ``parent`` from ``valid_from`` to ``valid_to``."""

    child = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="child_links")
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("quan hệ trực thuộc")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "parent", "valid_from"], name="unitlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(child=models.F("parent")), name="unitlink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} ⊂ {self.parent_id} [{self.valid_from}, {self.valid_to}]"


class UnitSuccession(models.Model):
    """``predecessor`` ended on ``date - 1``; from ``date`` on, ``successor`` covers (part of) it."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    date = models.DateField(_("ngày hiệu lực"))
    event = models.CharField(_("sự kiện"), max_length=16, choices=SuccessionEvent.choices)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unitsuccession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.date})"


class UnitAncestor(models.Model):
    """Closure of ``UnitLink``: ``ancestor`` contains ``unit`` (depth 0 is the unit itself)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "unit"]),
            models.Index(fields=["unit", "ancestor"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ⊂ {self.ancestor_id}"
