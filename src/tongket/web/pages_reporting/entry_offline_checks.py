"""The checks of a form that a browser can run without a connection, with the server's own
sentences.

Each message is the sentence the server writes (``tongket.reporting.validation``,
``tongket.core.numbers``), made by calling the server's function with a number that prints as
a placeholder (``{value}``, ``{other}``, ``{text}``): the browser puts the typed number in its
place, formatted as the server formats it, then keeps the half in the page's language as the
entry page does. The server stays the judge: history-based warnings, and anything changed on
the server since the form was saved for offline use, are only checked there.
"""

from __future__ import annotations

from tongket.core.numbers import NumberFormatError, parse_number, value_limit
from tongket.indicators.models import Indicator, ValueType
from tongket.reporting.models import FormIndicator, RuleKind, Submission, ValidationRule
from tongket.reporting.validation import rule_message, submission_validate, value_problems

VALUE = "{value}"
OTHER = "{other}"
TEXT = "{text}"


class _Shown(float):
    """A number that prints as a placeholder wherever the server formats it."""

    mark: str

    def __new__(cls, number: float, mark: str) -> _Shown:
        shown = super().__new__(cls, number)
        shown.mark = mark
        return shown

    def __format__(self, spec: str) -> str:
        return self.mark

    def __abs__(self) -> _Shown:
        return _Shown(abs(float(self)), self.mark)

    def __str__(self) -> str:
        return self.mark

    __repr__ = __str__


def _template(message: str, *marks: str) -> str:
    # format_number puts the sign in front of the digits: the browser writes the sign itself.
    for mark in marks:
        message = message.replace("-" + mark, mark)
    return message


def _problem(indicator: Indicator, number: float, code: str) -> str | None:
    """The server's sentence for problem ``code`` of ``indicator``, if ``number`` shows it."""
    limit = value_limit()
    if not abs(number) <= limit:
        return None
    for found, message in value_problems(indicator, _Shown(number, VALUE)):
        if found == code:
            return _template(message, VALUE)
    return None


def _step(bound: float) -> float:
    return 1e-3 * max(1.0, abs(bound))


def line_messages(indicator: Indicator) -> dict[str, str]:
    """The catalogue checks of one indicator: negative (a count), min, max, integer."""
    whole = indicator.value_type == ValueType.INTEGER
    found: dict[str, str | None] = {}
    if whole:
        found["negative"] = _problem(indicator, -1.0, "negative")
        low = max(indicator.min_value or 0.0, 0.0)
        found["integer"] = _problem(indicator, low + 0.5, "integer")
    if indicator.min_value is not None:
        found["min"] = _problem(indicator, indicator.min_value - _step(indicator.min_value), "min")
    if indicator.max_value is not None:
        found["max"] = _problem(indicator, indicator.max_value + _step(indicator.max_value), "max")
    return {code: message for code, message in found.items() if message}


def rule_template(rule: ValidationRule) -> str:
    values = {rule.indicator_id: _Shown(1.0, VALUE)}
    if rule.other_id:
        values[rule.other_id] = _Shown(1.0, OTHER)
    return _template(rule_message(rule, values), VALUE, OTHER)


def parse_messages() -> dict[str, str]:
    """What the server says of typed text that is no number, or not a finite one, or beyond
    the limit on every value (``{text}`` the typed text, shortened as the server does)."""
    found = {}
    limit_digits = "9" * (len(f"{value_limit():.0f}") + 1)
    for code, text in (("number", TEXT), ("finite", "1e999"), ("limit", limit_digits)):
        try:
            parse_number(text)
        except NumberFormatError as exc:
            found[code] = str(exc).replace(f"«{text}»", f"«{TEXT}»")
    return found


def required_messages(submission: Submission) -> dict[str, str]:
    """The server's «required» sentence of each required line, by indicator code."""
    return {
        issue.indicator: issue.message
        for issue in submission_validate(submission, values={})
        if issue.code == "required"
    }


def form_checks(submission: Submission) -> dict:
    """The lines, kinds, bounds, required flags and rules of the submission's form, with the
    server's sentences, for the browser's own checks."""
    from tongket.reporting.reference import form_lines, form_rules

    lines: list[FormIndicator] = list(form_lines(submission.form_id))
    required = required_messages(submission)
    limit = value_limit()
    derived = {fl.indicator_id for fl in lines if fl.indicator.is_derived}
    return {
        "limit": limit,
        "parse": parse_messages(),
        "lines": [
            {
                "line": fl.line,
                "code": fl.indicator.code,
                "derived": fl.indicator.is_derived,
                "required": fl.required and not fl.indicator.is_derived,
                "whole": fl.indicator.value_type == ValueType.INTEGER,
                "min": fl.indicator.min_value,
                "max": fl.indicator.max_value,
                "messages": {
                    **line_messages(fl.indicator),
                    **(
                        {"required": required[fl.indicator.code]}
                        if fl.indicator.code in required
                        else {}
                    ),
                },
            }
            for fl in lines
        ],
        "rules": [
            {
                "kind": str(rule.kind),
                "indicator": rule.indicator.code,
                "other": rule.other.code if rule.other_id else None,
                "min": rule.min_value,
                "max": rule.max_value,
                "message": rule_template(rule),
            }
            for rule in form_rules(submission.form_id)
            # A derived side is computed on the server from stored parts: checked there.
            if rule.indicator_id not in derived
            and rule.other_id not in derived
            and rule.kind in (RuleKind.RANGE, RuleKind.LE, RuleKind.GE)
        ],
    }
