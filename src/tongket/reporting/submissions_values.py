"""Reading entered values and marking unusual ones, for the submission services."""

from __future__ import annotations

import math
import numbers
from typing import Any

from tongket.core.numbers import NumberFormatError, parse_number
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
