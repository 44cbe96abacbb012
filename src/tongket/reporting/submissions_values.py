"""Reading entered values and marking unusual ones, for the submission services."""

from __future__ import annotations

import math
import numbers
from typing import Any

from tongket.core.models import AuditEntry
from tongket.core.numbers import NumberFormatError, format_number, parse_number
from tongket.indicators.models import Indicator
from tongket.reporting.models import FormIndicator, Submission, Value
from tongket.reporting.validation import Issue


def value_input_parse(code: str, raw: Any) -> tuple[float | None, str | None]:
    """(number or None to clear, error message or None)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"{code}: «{raw}» không phải là số / is not a number"
    if isinstance(raw, numbers.Real):
        number = float(raw)
        if not math.isfinite(number):
            return None, f"{code}: «{raw}» không phải là số hữu hạn / is not a finite number"
        return number, None
    text = str(raw).strip()
    if not text:
        return None, None
    try:
        return parse_number(text), None
    except NumberFormatError as exc:
        return None, f"{code}: {exc}"


def values_flags_apply(submission: Submission, issues: list[Issue]) -> None:
    """Mark the submission's values that validation found unusual, with the reason."""
    reasons = {i.indicator: i.message for i in issues if i.code == "outlier"}
    rows = Value.objects.filter(
        unit_id=submission.unit_id,
        period_id=submission.period_id,
        indicator_id__in=FormIndicator.objects.filter(form_id=submission.form_id).values(
            "indicator_id"
        ),
    ).select_related("indicator")
    changed = []
    for v in rows:
        reason = reasons.get(v.indicator.code, "")[:255]
        if v.flagged != bool(reason) or v.flag_reason != reason:
            v.flagged, v.flag_reason = bool(reason), reason
            changed.append(v)
    if changed:
        Value.objects.bulk_update(changed, ["flagged", "flag_reason"])


def value_audit_entries(
    *,
    sub: Submission,
    indicators: dict[str, Indicator],
    changes: list[tuple[str, int | None, float | None, float | None, str]],
    new_ids: dict[str, int],
    actor: str,
    user: Any,
    reason: str,
) -> list[AuditEntry]:
    """The audit entries of value changes (action, value id or None for a new one, old, new,
    indicator code), unsaved, in the order given: stored together by the caller."""
    entries = []
    for action, value_id, old, number, code in changes:
        indicator = indicators[code]
        old_s = format_number(old) if old is not None else "—"
        new_s = format_number(number) if number is not None else "—"
        entries.append(
            AuditEntry(
                actor=actor,
                user=user,
                action=action,
                object_type="value",
                object_id=str(value_id if value_id is not None else new_ids[code]),
                unit=sub.unit,
                summary=(
                    f"{indicator.code} «{indicator.name}», {sub.period.code}: {old_s} → {new_s} "
                    f"(báo cáo / report #{sub.pk})"
                )[:500],
                old={"value": old} if old is not None else None,
                new={"value": number} if number is not None else None,
                reason=reason,
            )
        )
    return entries
