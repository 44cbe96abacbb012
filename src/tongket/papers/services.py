"""Writes: the parts of a year-end report that staff write."""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.papers.content import SECTION_KEYS, SECTIONS
from tongket.papers.errors import PapersError
from tongket.papers.models import ReportDraft
from tongket.units.models import Unit

_SHORT = {"number": 16, "signer": 255, "signer_title": 255}
_NUMBER = re.compile(r"^\d{1,6}$")
MAX_TEXT = 100_000


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _check(section: str, text: str) -> None:
    if section not in SECTION_KEYS:
        known = ", ".join(SECTION_KEYS)
        raise PapersError(
            f"Không có phần «{section}» (dùng: {known})",
            f"no section «{section}» (use: {known})",
            column="--section",
        )
    limit = _SHORT.get(section, MAX_TEXT)
    if len(text) > limit:
        raise PapersError(
            f"Nội dung phần «{section}» dài {len(text)} ký tự, quá giới hạn {limit}",
            f"the «{section}» text has {len(text)} characters, over the limit of {limit}",
            column="--section",
        )
    if section == "number" and text and not _NUMBER.match(text):
        raise PapersError(
            f"Số văn bản «{text}» phải là một số (ví dụ 12); ký hiệu «/BC-...» tự thêm",
            f"the document number «{text}» must be a number (e.g. 12); «/BC-...» is added",
            column="--section",
        )
    if section in ("number", "signer") and "\n" in text:
        raise PapersError(
            f"Phần «{section}» chỉ có một dòng",
            f"the «{section}» part is one line",
            column="--section",
        )


@transaction.atomic
def report_text_set(*, unit: Unit, year: int, section: str, text: str, actor: str) -> ReportDraft:
    """Store what staff wrote for one part of ``unit``'s report of ``year``; every later draft
    of the report uses it. Empty text clears the part."""
    text = _clean(text)
    _check(section, text)
    if not 1945 <= year <= 9999:
        raise PapersError(f"Năm không hợp lệ: {year}", f"invalid year: {year}", column="--year")
    draft, _ = ReportDraft.objects.select_for_update().get_or_create(unit=unit, year=year)
    old = getattr(draft, section)
    if old == text:
        return draft
    setattr(draft, section, text)
    draft.updated_by = actor
    draft.save(update_fields=[section, "updated_by", "updated_at"])
    label, label_en = next((vi, en) for key, vi, en in SECTIONS if key == section)
    audit_record(
        actor=actor,
        action="report_draft.changed",
        object_type="report_draft",
        object_id=draft.pk,
        unit=unit,
        summary=f"Báo cáo tổng kết năm {year}: {label} / year-end review report {year}: {label_en}",
        old={section: old},
        new={section: text},
    )
    return draft
