"""Checks on a submission: errors block submitting, warnings are shown and flagged.

Errors: a required line left empty, a value outside the indicator's catalogue bounds or the
installation's limit on every value (``TONGKET_VALUE_LIMIT``), a fractional or negative value
for a count (an ``integer`` indicator), a value that is not a finite number, and the form's
own rules (a range, or one
indicator not above / not below another: mobile subscribers ≤ total subscribers).

Warnings: a value far from the unit's own history for the same indicator (see ``outliers``).
Such a value goes with an explanation: without one, an error (``explain``) asks for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from tongket.core.numbers import format_number, value_limit
from tongket.core.periods import PeriodKind
from tongket.indicators.models import Indicator, ValueType
from tongket.reporting.models import FormIndicator, RuleKind, Submission, ValidationRule, Value
from tongket.reporting.submissions_outliers import Outlier, history_for, outlier_check


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    indicator: str  # indicator code; "" for an issue about the whole report
    severity: Severity
    # Stable: required, min, max, integer, negative, finite, limit, range, le, ge, outlier,
    # explain (an outlier without its explanation).
    code: str
    message: str  # Vietnamese / English
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def __str__(self) -> str:
        where = f"dòng {self.line} " if self.line is not None else ""
        return f"[{self.severity.value}] {where}{self.indicator}: {self.message}"


# Relative tolerance for comparisons between indicators: a value computed in a spreadsheet
# may carry float noise, which must not turn an equal pair into an error.
_EPS = 1e-9


def _n(value: float) -> str:
    return format_number(value)


def _label(indicator: Indicator) -> str:
    return f"«{indicator.name}» ({indicator.code})"


def _label_en(indicator: Indicator) -> str:
    return f'"{indicator.name_en or indicator.name}" ({indicator.code})'


def _exceeds(a: float, b: float) -> bool:
    return a - b > _EPS * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class Bounds:
    """What an indicator's values may be: within [low, high], whole for a count."""

    low: float
    high: float
    whole: bool

    def admits(self, value: float) -> bool:
        # NaN fails both comparisons; infinity is beyond any finite limit.
        return self.low <= value <= self.high and (not self.whole or float(value).is_integer())


def value_bounds(indicator: Indicator) -> Bounds:
    """The indicator's catalogue bounds within the installation's limit on every value; a
    count (``integer``) is whole and never negative whatever its catalogue entry says."""
    limit = value_limit()
    low = -limit if indicator.min_value is None else max(indicator.min_value, -limit)
    high = limit if indicator.max_value is None else min(indicator.max_value, limit)
    whole = indicator.value_type == ValueType.INTEGER
    if whole:
        low = max(low, 0.0)
    return Bounds(low, high, whole)


def value_problems(indicator: Indicator, value: float) -> list[tuple[str, str]]:
    """Why ``value`` cannot be a value of ``indicator``: (code, Vietnamese / English message)
    pairs, none for a good value. One check for every path in: entry, API, imports, DHIS2."""
    label, label_en = _label(indicator), _label_en(indicator)
    if not math.isfinite(value):
        return [
            (
                "finite",
                f"{label} phải là một số hữu hạn, nhận được «{value}» / {label_en} must be a "
                f"finite number, got «{value}»",
            )
        ]
    limit = value_limit()
    if abs(value) > limit:
        return [
            (
                "limit",
                f"{label} = {_big(value)} vượt giới hạn ±{_n(limit)} của mọi giá trị "
                f"(TONGKET_VALUE_LIMIT) / {label_en} = {_big(value)} is beyond the limit "
                f"±{_n(limit)} on every value (TONGKET_VALUE_LIMIT)",
            )
        ]
    problems = []
    whole = indicator.value_type == ValueType.INTEGER
    if whole and value < 0:
        problems.append(
            (
                "negative",
                f"{label} là số đếm, không âm, nhận được {_n(value)} / {label_en} is a count, "
                f"never negative, got {_n(value)}",
            )
        )
    elif indicator.min_value is not None and _exceeds(indicator.min_value, value):
        problems.append(
            (
                "min",
                f"{label} = {_n(value)} nhỏ hơn mức tối thiểu {_n(indicator.min_value)}"
                f" / {label_en} = {_n(value)} is below the minimum {_n(indicator.min_value)}",
            )
        )
    if indicator.max_value is not None and _exceeds(value, indicator.max_value):
        problems.append(
            (
                "max",
                f"{label} = {_n(value)} lớn hơn mức tối đa {_n(indicator.max_value)}"
                f" / {label_en} = {_n(value)} is above the maximum {_n(indicator.max_value)}",
            )
        )
    if whole and not float(value).is_integer():
        problems.append(
            (
                "integer",
                f"{label} phải là số nguyên, nhận được {_n(value)}"
                f" / {label_en} must be a whole number, got {_n(value)}",
            )
        )
    return problems


def _big(value: float) -> str:
    # A number past the limit may have hundreds of digits: the exponent says enough.
    return f"{value:.3e}" if abs(value) >= 1e18 else _n(value)


def _catalogue_issues(indicator: Indicator, value: float, line: int | None) -> list[Issue]:
    return [
        Issue(indicator.code, Severity.ERROR, code, message, line)
        for code, message in value_problems(indicator, value)
    ]


def rule_broken(rule: ValidationRule, values: Mapping[int, float]) -> bool:
    """Whether ``rule`` fails on ``values`` (indicator id → value); a missing side passes."""
    value = values.get(rule.indicator_id)
    if value is None or not math.isfinite(value):
        return False
    if rule.kind == RuleKind.RANGE:
        low, high = rule.min_value, rule.max_value
        return (low is not None and _exceeds(low, value)) or (
            high is not None and _exceeds(value, high)
        )
    other_value = values.get(rule.other_id) if rule.other_id else None
    if other_value is None or not math.isfinite(other_value):
        return False
    if rule.kind == RuleKind.LE:
        return _exceeds(value, other_value)
    return rule.kind == RuleKind.GE and _exceeds(other_value, value)


def rule_message(rule: ValidationRule, values: Mapping[int, float]) -> str:
    """What a broken ``rule`` says, with the figures on both sides (Vietnamese / English)."""
    indicator = rule.indicator
    value = values[indicator.pk]
    if rule.kind == RuleKind.RANGE:
        low, high = rule.min_value, rule.max_value
        low_s = _n(low) if low is not None else "−∞"
        high_s = _n(high) if high is not None else "+∞"
        if rule.message:
            return f"{rule.message} ({indicator.code} = {_n(value)}; [{low_s}; {high_s}])"
        return (
            f"{_label(indicator)} = {_n(value)} ngoài khoảng [{low_s}; {high_s}]"
            f" / {_label_en(indicator)} = {_n(value)} is outside [{low_s}; {high_s}]"
        )
    other = rule.other
    other_value = values[other.pk]
    if rule.kind == RuleKind.LE:
        vi, en = "lớn hơn", "exceeds"
    else:
        vi, en = "nhỏ hơn", "is below"
    if rule.message:
        return f"{rule.message} ({indicator.code} = {_n(value)}; {other.code} = {_n(other_value)})"
    return (
        f"{_label(indicator)} = {_n(value)} {vi} {_label(other)} = {_n(other_value)}"
        f" / {_label_en(indicator)} = {_n(value)} {en} {_label_en(other)} = "
        f"{_n(other_value)}"
    )


def _rule_issue(
    rule: ValidationRule, values: dict[int, float], lines: dict[int, int]
) -> Issue | None:
    if not rule_broken(rule, values):
        return None
    return Issue(
        rule.indicator.code,
        Severity.ERROR,
        rule.kind,
        rule_message(rule, values),
        lines.get(rule.indicator_id),
    )


def _outlier_issue(indicator: Indicator, outlier: Outlier, line: int | None) -> Issue:
    return Issue(
        indicator.code,
        Severity.WARNING,
        "outlier",
        outlier.reason,
        line,
    )


def _explain_issue(indicator: Indicator, line: int | None) -> Issue:
    return Issue(
        indicator.code,
        Severity.ERROR,
        "explain",
        f"{_label(indicator)} khác thường so với các kỳ trước: hãy ghi giải thích trước khi gửi"
        f" / {_label_en(indicator)} is unusual against earlier periods: explain it before "
        f"sending",
        line,
    )


def submission_values(submission: Submission) -> dict[int, Value]:
    """The stored values of the submission's form lines, keyed by indicator id."""
    return {
        v.indicator_id: v
        for v in Value.objects.filter(
            unit_id=submission.unit_id,
            period_id=submission.period_id,
            indicator_id__in=FormIndicator.objects.filter(form_id=submission.form_id).values(
                "indicator_id"
            ),
        )
    }


def submission_validate(
    submission: Submission,
    *,
    values: dict[int, float] | None = None,
    explanations: Mapping[int, str] | None = None,
) -> list[Issue]:
    """All issues of ``submission`` in form-line order, errors and warnings.

    ``values`` and ``explanations`` (by indicator id) are checked instead of the stored ones:
    a report is checked before anything of it is written."""
    from tongket.reporting.reference import form_lines, form_rules

    lines = list(form_lines(submission.form_id))
    if values is None:
        stored = submission_values(submission)
        values = {pk: v.value for pk, v in stored.items()}
        if explanations is None:
            explanations = {pk: v.explanation for pk, v in stored.items()}
    explanations = explanations or {}
    line_of = {fl.indicator_id: fl.line for fl in lines}
    history = history_for(
        unit_id=submission.unit_id,
        period=submission.period,
        indicator_ids=[fl.indicator_id for fl in lines if fl.indicator_id in values],
    )
    kind = PeriodKind(submission.period.kind)
    issues: list[Issue] = []
    for fl in lines:
        indicator = fl.indicator
        value = values.get(indicator.pk)
        if value is None:
            if fl.required and not indicator.is_derived:
                issues.append(
                    Issue(
                        indicator.code,
                        Severity.ERROR,
                        "required",
                        f"Chưa nhập {_label(indicator)} (dòng bắt buộc)"
                        f" / {_label_en(indicator)} is required",
                        fl.line,
                    )
                )
            continue
        issues.extend(_catalogue_issues(indicator, value, fl.line))
    rules = form_rules(submission.form_id)
    for rule in sorted(rules, key=lambda r: (line_of.get(r.indicator_id, 0), r.pk)):
        issue = _rule_issue(rule, values, line_of)
        if issue is not None:
            issues.append(issue)
    for fl in lines:
        value = values.get(fl.indicator_id)
        if value is None or fl.indicator.is_derived or not math.isfinite(value):
            continue
        outlier = outlier_check(value=value, history=history.get(fl.indicator_id, []), kind=kind)
        if outlier is not None:
            issues.append(_outlier_issue(fl.indicator, outlier, fl.line))
            if not (explanations.get(fl.indicator_id) or "").strip():
                issues.append(_explain_issue(fl.indicator, fl.line))
    order = {fl.indicator.code: fl.line for fl in lines}
    issues.sort(key=lambda i: (order.get(i.indicator, 0), not i.is_error))
    return issues
