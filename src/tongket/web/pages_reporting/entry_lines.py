"""The lines of a submission as the entry and approval pages show them: each indicator with its
value as a Vietnamese number, the validation messages that concern it, and the stored value's
id (for its audit trail)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tongket.analytics.derived import base_codes, compute
from tongket.indicators.models import Indicator
from tongket.reporting.models import Submission, SubmissionStatus, Value
from tongket.reporting.selectors import submission_lines
from tongket.reporting.validation import Issue


def input_text(value: float | None) -> str:
    """A stored number as an officer types it, every digit kept: ``2060.5`` → ``2.060,5``,
    ``12.345`` → ``12,345`` (so saving the form again changes nothing)."""
    if value is None:
        return ""
    text = format(Decimal(repr(float(value))), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def field_name(indicator: Indicator) -> str:
    return f"v:{indicator.code}"


@dataclass
class EntryLine:
    line: int
    indicator: Indicator
    required: bool
    value: float | None
    text: str  # what the input shows: the stored number, or what was typed when refused
    derived: bool
    value_id: int | None = None
    flag_reason: str = ""
    issues: list[Issue] = field(default_factory=list)
    input_error: str = ""
    new: float | None = None  # the value an uploaded file brings (its preview)
    new_text: str = ""
    comment: str = ""  # stored, or as typed when the line was refused
    explanation: str = ""
    note_error: str = ""

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.value

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def name(self) -> str:
        return field_name(self.indicator)

    @property
    def comment_name(self) -> str:
        return f"c:{self.indicator.code}"

    @property
    def explanation_name(self) -> str:
        return f"x:{self.indicator.code}"

    @property
    def outlier(self) -> bool:
        return any(i.code == "outlier" for i in self.issues) or bool(self.flag_reason)

    @property
    def invalid(self) -> bool:
        return bool(self.input_error or self.note_error or self.errors)


def editable(submission: Submission) -> bool:
    return submission.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def entry_lines(
    submission: Submission,
    *,
    issues: Iterable[Issue] = (),
    typed: Mapping[str, str] | None = None,
    input_errors: Mapping[str, str] | None = None,
    typed_notes: Mapping[str, Mapping[str, str]] | None = None,
    note_errors: Mapping[str, str] | None = None,
) -> tuple[list[EntryLine], list[Issue]]:
    """The form's lines with the submission's values, each with its issues; and the issues
    about no line in particular. ``typed`` (by indicator code) replaces the shown text of
    lines whose input was refused, with ``input_errors`` beside them; ``typed_notes`` and
    ``note_errors`` do the same for comments and explanations."""
    typed, input_errors = typed or {}, input_errors or {}
    typed_notes, note_errors = typed_notes or {}, note_errors or {}
    stored = submission_lines(submission=submission)
    ids = dict(
        Value.objects.filter(
            unit_id=submission.unit_id,
            period_id=submission.period_id,
            indicator_id__in=[s.indicator.pk for s in stored],
        ).values_list("indicator_id", "id")
    )
    by_code = {s.indicator.code: s.value for s in stored}
    by_indicator: dict[str, list[Issue]] = {}
    general: list[Issue] = []
    for issue in issues:
        if issue.indicator in by_code:
            by_indicator.setdefault(issue.indicator, []).append(issue)
        else:
            general.append(issue)
    lines = []
    for s in stored:
        code = s.indicator.code
        derived = s.indicator.is_derived
        value = s.value
        if derived and value is None:
            parts = {c: by_code.get(c) for c in base_codes(s.indicator)}
            value = (
                compute(s.indicator, parts) if all(v is not None for v in parts.values()) else None
            )
        notes = typed_notes.get(code, {})
        lines.append(
            EntryLine(
                line=s.line,
                indicator=s.indicator,
                required=s.required,
                value=value,
                text=typed.get(code, input_text(s.value)),
                derived=derived,
                value_id=ids.get(s.indicator.pk),
                flag_reason=s.flag_reason if s.flagged else "",
                issues=by_indicator.get(code, []),
                input_error=input_errors.get(code, ""),
                comment=notes.get("comment", s.comment),
                explanation=notes.get("explanation", s.explanation),
                note_error=note_errors.get(code, ""),
            )
        )
    return lines, general
