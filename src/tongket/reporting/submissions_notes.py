"""What a unit writes beside its values: a comment on any value, and the explanation of a
value far from its history (asked before the report is sent). Both are stored on the value
and audited with it, so the approver and the value's history read them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tongket.core.models import AuditEntry
from tongket.reporting.models import FormIndicator, Submission, Value
from tongket.reporting.submissions_errors import SubmissionError

COMMENT_MAX = Value._meta.get_field("comment").max_length
EXPLANATION_MAX = Value._meta.get_field("explanation").max_length
NOTE_FIELDS = {"comment": COMMENT_MAX, "explanation": EXPLANATION_MAX}


def note_clean(text: Any) -> str:
    """A note as stored: trimmed, line ends kept (an explanation may take a few lines)."""
    return str(text or "").replace("\r\n", "\n").strip()


def note_problem(field: str, text: str) -> str | None:
    """Why ``text`` cannot be stored as the ``field`` note (Vietnamese / English), or None."""
    limit = NOTE_FIELDS[field]
    if len(text) <= limit:
        return None
    if field == "comment":
        return (
            f"ghi chú dài {len(text)} ký tự, tối đa {limit} / the comment has {len(text)} "
            f"characters, at most {limit}"
        )
    return (
        f"phần giải thích dài {len(text)} ký tự, tối đa {limit} / the explanation has "
        f"{len(text)} characters, at most {limit}"
    )


def values_notes_write(
    sub: Submission,
    notes: Mapping[str, Mapping[str, Any]],
    lines: Mapping[str, FormIndicator],
    *,
    name: str,
    user: Any,
) -> list[AuditEntry]:
    """Set the notes (``{code: {"comment": …, "explanation": …}}``; a field left out stays)
    on ``sub``'s stored values; returns their audit entries, unsaved.

    Refuses the whole call (``SubmissionError``) on a code not on the form, a note too long,
    or a note on a line that has no value (a comment belongs to a number)."""
    problems: list[str] = []
    wanted: dict[str, dict[str, str]] = {}
    for code, fields in notes.items():
        if code not in lines:
            problems.append(
                f"{code}: chỉ tiêu không có trong biểu {sub.form.code} / indicator is not on "
                f"form {sub.form.code}"
            )
            continue
        cleaned = {f: note_clean(fields[f]) for f in NOTE_FIELDS if f in fields}
        for field, text in cleaned.items():
            problem = note_problem(field, text)
            if problem:
                problems.append(f"{code}: {problem}")
        wanted[code] = cleaned
    stored = {
        v.indicator_id: v
        for v in Value.objects.filter(
            unit_id=sub.unit_id,
            period_id=sub.period_id,
            indicator_id__in=[lines[c].indicator_id for c in wanted],
        )
    }
    for code, cleaned in wanted.items():
        if lines[code].indicator_id not in stored and any(cleaned.values()):
            problems.append(f"{code}: chưa có số liệu để ghi chú / there is no value to annotate")
    if problems:
        raise SubmissionError(
            "Không lưu ghi chú nào / no note was stored:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    entries = []
    for code, cleaned in wanted.items():
        value = stored.get(lines[code].indicator_id)
        if value is None:
            continue
        old = {f: getattr(value, f) for f in cleaned}
        new = {f: t for f, t in cleaned.items() if old[f] != t}
        if not new:
            continue
        for field, text in new.items():
            setattr(value, field, text)
        value.save(update_fields=[*new, "updated_at"])
        entries.append(_note_entry(sub, value, lines[code], old, new, name=name, user=user))
    return entries


def _note_entry(sub, value, line, old, new, *, name, user) -> AuditEntry:
    indicator = line.indicator
    parts = [f"{f}: «{t}»" if t else f"{f}: —" for f, t in new.items()]
    return AuditEntry(
        actor=name,
        user=user,
        action="value.noted",
        object_type="value",
        object_id=str(value.pk),
        unit=sub.unit,
        summary=(
            f"{indicator.code} «{indicator.name}», {sub.period.code}: "
            f"ghi chú / note ({'; '.join(parts)}) (báo cáo / report #{sub.pk})"
        )[:500],
        old={f: old[f] for f in new},
        new=new,
    )
