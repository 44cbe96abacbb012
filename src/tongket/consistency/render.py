"""The text of a consistency check: one block per violation, figures on both sides."""

from __future__ import annotations

from tongket.consistency.checks import CheckResult, Level, Side, Violation
from tongket.core.numbers import format_number

LEVEL_LABELS = {
    Level.SUBMISSION: "trong một báo cáo / inside a report",
    Level.UNIT: "giữa các báo cáo của đơn vị / across the unit's reports",
    Level.AGGREGATE: "số tổng hợp / aggregate",
}


def _figure(side: Side) -> str:
    return f"{side.name} ({side.indicator}) = {format_number(side.value)} {side.unit_of_measure}"


def violation_lines(violation: Violation) -> list[str]:
    head = (
        f"[{LEVEL_LABELS[violation.level]}] {violation.unit_name} ({violation.unit_code}), "
        f"{violation.period}: {violation.rule}"
    )
    if violation.submissions:
        head += " · báo cáo / reports " + ", ".join(f"#{s}" for s in violation.submissions)
    lines = [head, f"    {_figure(violation.left)}"]
    if violation.right is not None:
        sign = "≰" if violation.kind == "le" else "≱"
        lines.append(f"    {sign} {_figure(violation.right)}")
    else:
        low = "−∞" if violation.low is None else format_number(violation.low)
        high = "+∞" if violation.high is None else format_number(violation.high)
        lines.append(f"    ∉ [{low}; {high}]")
    lines.append(f"    {violation.message}")
    return lines


def check_text(result: CheckResult) -> str:
    where = f", {result.unit}" if result.unit else ""
    lines = [
        f"Kiểm tra tính nhất quán kỳ {result.period}{where} / consistency check of "
        f"{result.period}{where}: {format_number(result.rules)} quy tắc / rules, "
        f"{format_number(result.units_checked)} đơn vị có số liệu / units with values, "
        f"{format_number(result.aggregates_checked)} số tổng hợp / aggregates"
    ]
    for violation in result.violations:
        lines.extend(violation_lines(violation))
    count = len(result.violations)
    lines.append(
        f"{format_number(count)} vi phạm / violations"
        if count
        else "Không có vi phạm / no violations"
    )
    return "\n".join(lines)
