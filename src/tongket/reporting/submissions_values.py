"""Reading entered values, storing them with their audit entries, and marking unusual ones,
for the submission services."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from tongket.core.models import AuditEntry
from tongket.core.numbers import NumberFormatError, format_number, parse_number
from tongket.core.rows import json_value, objects_insert, rows_insert, time_value
from tongket.indicators.models import Indicator
from tongket.reporting.models import FormIndicator, Submission, Value, ValueSource
from tongket.reporting.selectors import value_keys_locked
from tongket.reporting.submissions_errors import SubmissionError, SubmissionLocked
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
    # Ids, not objects: setting a relation costs more than the rest of an entry (40 a report).
    user_id = getattr(user, "pk", None)
    for action, value_id, old, number, code in changes:
        indicator = indicators[code]
        old_s = format_number(old) if old is not None else "—"
        new_s = format_number(number) if number is not None else "—"
        entries.append(
            AuditEntry(
                actor=actor,
                user_id=user_id,
                action=action,
                object_type="value",
                object_id=str(value_id if value_id is not None else new_ids[code]),
                unit_id=sub.unit_id,
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


def values_parse(
    lines: Mapping[str, FormIndicator], values: Mapping[str, Any], *, form_code: str
) -> dict[str, float | None]:
    """The entered values read as numbers by indicator code (None clears a line).

    Refuses the whole call (``SubmissionError``) on any code not on the form, a derived
    indicator, or an unreadable number, naming each."""
    parsed: dict[str, float | None] = {}
    problems: list[str] = []
    for code, raw in values.items():
        fl = lines.get(code)
        if fl is None:
            problems.append(
                f"{code}: chỉ tiêu không có trong biểu {form_code} / indicator is not on "
                f"form {form_code}"
            )
            continue
        if fl.indicator.is_derived:
            problems.append(
                f"{code}: chỉ tiêu tính từ các chỉ tiêu khác, không nhập trực tiếp / a derived "
                f"indicator is computed from its parts, not entered"
            )
            continue
        number, problem = value_input_parse(code, raw)
        if problem:
            problems.append(problem)
        else:
            parsed[code] = number
    if problems:
        raise SubmissionError(
            "Không lưu số liệu nào / nothing was stored:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return parsed


def values_locked_check(sub: Submission, lines: Mapping[str, FormIndicator], codes) -> None:
    keys = {(sub.unit_id, lines[c].indicator_id, sub.period_id) for c in codes}
    locked = value_keys_locked(keys=keys)
    if locked:
        raise SubmissionLocked(keys=locked)


def values_stored(sub: Submission, indicator_ids) -> dict[int, Value]:
    """The stored values of ``sub``'s unit and period for these indicators, by indicator id."""
    return {
        v.indicator_id: v
        for v in Value.objects.filter(
            unit_id=sub.unit_id, period_id=sub.period_id, indicator_id__in=list(indicator_ids)
        )
    }


def values_write(
    sub: Submission,
    values: Mapping[str, float | str | None],
    *,
    name: str,
    user: Any,
    reason: str,
) -> None:
    """The write of ``submission_values_set``, on a submission locked for update and editable.

    Refuses the whole call (``SubmissionError``, ``SubmissionLocked``) on any bad code,
    number or locked value; new values and every audit entry are stored in one statement each.
    """
    from tongket.reporting.reference import form_lines

    lines = {fl.indicator.code: fl for fl in form_lines(sub.form_id)}
    parsed = values_parse(lines, values, form_code=sub.form.code)
    values_locked_check(sub, lines, parsed)
    existing = values_stored(sub, [lines[c].indicator_id for c in parsed])
    objects_insert(values_store(sub, parsed, lines, existing, name=name, user=user, reason=reason))


def values_store(
    sub: Submission,
    parsed: Mapping[str, float | None],
    lines: Mapping[str, FormIndicator],
    existing: Mapping[int, Value],
    *,
    name: str,
    user: Any,
    reason: str,
    flags: Mapping[str, str] | None = None,
) -> list[AuditEntry]:
    """Insert, change or delete the parsed values against ``existing`` (read in the same
    transaction); returns the audit entries of the changes, unsaved, for the caller to store
    with its own. ``flags`` (reason by indicator code) marks new values as they are written."""
    # A whole report is typically 40 new values: they are written in one statement.
    created: list[tuple[str, Value]] = []
    audits: list[tuple[str, int | None, float | None, float | None, str]] = []
    for code, number in parsed.items():
        indicator = lines[code].indicator
        current = existing.get(indicator.pk)
        old = current.value if current else None
        if old == number:
            continue
        if number is None:
            value_id = current.pk
            current.delete()
            audits.append(("value.deleted", value_id, old, number, code))
        elif current is None:
            reason_flag = (flags or {}).get(code, "")[:255]
            created.append(
                (
                    code,
                    Value(
                        unit_id=sub.unit_id,
                        indicator_id=indicator.pk,
                        period_id=sub.period_id,
                        value=number,
                        source=ValueSource.SUBMISSION,
                        source_ref=f"submission {sub.pk}",
                        submission_id=sub.pk,
                        flagged=bool(reason_flag),
                        flag_reason=reason_flag,
                    ),
                )
            )
            audits.append(("value.created", None, old, number, code))
        else:
            current.value = number
            current.source = ValueSource.SUBMISSION
            current.source_ref = f"submission {sub.pk}"
            current.submission = sub
            current.save(
                update_fields=["value", "source", "source_ref", "submission", "updated_at"]
            )
            audits.append(("value.changed", current.pk, old, number, code))
    objects_insert([value for _, value in created], returning=True)
    new_ids = {code: value.pk for code, value in created}
    return value_audit_entries(
        sub=sub,
        indicators={code: lines[code].indicator for _, _, _, _, code in audits},
        changes=audits,
        new_ids=new_ids,
        actor=name,
        user=user,
        reason=reason,
    )


# The columns of an audit entry as the hot write path builds it (``core.rows.rows_insert``).
AUDIT_COLUMNS = (
    "at",
    "user_id",
    "actor",
    "action",
    "object_type",
    "object_id",
    "unit_id",
    "summary",
    "old",
    "new",
    "reason",
)
_VALUE_COLUMNS = (
    "unit_id",
    "indicator_id",
    "period_id",
    "value",
    "source",
    "source_ref",
    "submission_id",
    "flagged",
    "flag_reason",
    "updated_at",
)


def audit_row(entry: AuditEntry, at) -> tuple:
    """An unsaved audit entry as a row of ``AUDIT_COLUMNS`` (written at ``at``)."""
    return (
        time_value(at),
        entry.user_id,
        entry.actor,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.unit_id,
        entry.summary,
        json_value(entry.old),
        json_value(entry.new),
        entry.reason,
    )


def values_insert_new(
    sub: Submission,
    parsed: Mapping[str, float | None],
    lines: Mapping[str, FormIndicator],
    *,
    name: str,
    user: Any,
    flags: Mapping[str, str],
    now,
) -> list[tuple]:
    """``values_store`` for a unit's period that has no value of the form yet (a new report):
    the values inserted in one statement, straight from the parsed numbers; returns their
    audit entries as rows of ``AUDIT_COLUMNS`` (one per value, as ``value_audit_entries``)."""
    stamp = time_value(now)
    source_ref = f"submission {sub.pk}"
    unit_id, period_id, sub_id = sub.unit_id, sub.period_id, sub.pk
    new = [(code, number) for code, number in parsed.items() if number is not None]
    rows = []
    for code, number in new:
        reason_flag = flags.get(code, "")[:255]
        rows.append(
            (
                unit_id,
                lines[code].indicator_id,
                period_id,
                number,
                ValueSource.SUBMISSION,
                source_ref,
                sub_id,
                bool(reason_flag),
                reason_flag,
                stamp,
            )
        )
    ids = rows_insert(Value, _VALUE_COLUMNS, rows, returning=True, now=now)
    user_id = getattr(user, "pk", None)
    period_code = sub.period.code
    audits = []
    for (code, number), value_id in zip(new, ids, strict=True):
        indicator = lines[code].indicator
        audits.append(
            (
                stamp,
                user_id,
                name,
                "value.created",
                "value",
                str(value_id),
                unit_id,
                (
                    f"{indicator.code} «{indicator.name}», {period_code}: — → "
                    f"{format_number(number)} (báo cáo / report #{sub_id})"
                )[:500],
                None,
                # As json.dumps writes it (the number is finite: checked before).
                f'{{"value": {number!r}}}',
                "",
            )
        )
    return audits
