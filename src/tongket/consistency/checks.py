"""Consistency analysis of one period: every broken rule with the figures on both sides.

The rules (``rules.consistency_rules``) are checked at three levels, as a validation rule
analysis does:

* ``submission``: both figures come from one report;
* ``unit``: the stored figures of one unit for the period, from different reports (or
  imports) — a telecom report and a postal report of one enterprise, say;
* ``aggregate``: the figures of a province or of the country summed over its units through
  the hierarchy valid at the end of the period, with the analytics engine; a part summed
  over more units than its whole, or subscribers counted twice over the population, shows
  here. A unit whose own stored figures already break a rule is not listed again for it.

Derived figures (densities, shares) are computed from their parts at each level.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q

from tongket.analytics import engine
from tongket.analytics.hierarchy import unit_at
from tongket.consistency.rules import RuleSet, consistency_rules, rule_text
from tongket.core.numbers import format_number
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.display import Display, indicator_display
from tongket.indicators.formulas import indicator_base_codes, indicator_compute
from tongket.indicators.models import Indicator
from tongket.reporting.models import RuleKind, Submission, ValidationRule, Value
from tongket.reporting.validation import rule_broken, rule_message
from tongket.units.models import Unit, UnitAncestor


class CheckError(ValueError):
    """Bad input to a check (a period or a unit that does not parse); Vietnamese / English."""


class Level(StrEnum):
    SUBMISSION = "submission"
    UNIT = "unit"
    AGGREGATE = "aggregate"


@dataclass(frozen=True)
class Side:
    indicator: str
    name: str
    name_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    value: float
    display: Display = field(compare=False, repr=False, default=Display("", ""))

    @property
    def shown(self) -> str:
        """The value as a person reads it, in the catalogue's display unit («8.618,4 tỷ đồng»)."""
        return self.display.text(self.value, with_unit=True)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "name_en": self.name_en,
            "unit_of_measure": self.unit_of_measure,
            "unit_of_measure_en": self.unit_of_measure_en,
            "value": self.value,
            "display": self.display.text(self.value),
            "display_unit": self.display.unit,
        }


@dataclass(frozen=True)
class Violation:
    level: Level
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    period: str
    kind: str  # le | ge | range
    rule: str  # ``tel.mobile_subscribers ≤ tel.subscribers``
    left: Side
    right: Side | None  # the other figure (le, ge)
    low: float | None  # the bounds (range)
    high: float | None
    message: str  # Vietnamese / English, with both figures
    submissions: tuple[int, ...] = ()  # the reports the figures come from

    def as_dict(self) -> dict:
        return {
            "level": self.level.value,
            "unit": {
                "id": self.unit_id,
                "code": self.unit_code,
                "name": self.unit_name,
                "kind": self.unit_kind,
            },
            "period": self.period,
            "kind": self.kind,
            "rule": self.rule,
            "left": self.left.as_dict(),
            "right": self.right.as_dict() if self.right else None,
            "low": self.low,
            "high": self.high,
            "message": self.message,
            "submissions": list(self.submissions),
        }


@dataclass
class CheckResult:
    period: str
    unit: str | None
    rules: int
    units_checked: int
    aggregates_checked: int
    violations: list[Violation] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "period": self.period,
            "unit": self.unit,
            "rules": self.rules,
            "units_checked": self.units_checked,
            "aggregates_checked": self.aggregates_checked,
            "violations": [v.as_dict() for v in self.violations],
        }


def _side(indicator: Indicator, value: float) -> Side:
    return Side(
        indicator=indicator.code,
        name=indicator.name,
        name_en=indicator.name_en,
        unit_of_measure=indicator.unit_of_measure,
        unit_of_measure_en=indicator.unit_of_measure_en,
        value=value,
        display=indicator_display(indicator),
    )


def _with_derived(rules: RuleSet, values: dict[str, float]) -> dict[str, float]:
    """``values`` (base code → value) with every derived figure computable from them."""
    out = dict(values)
    for indicator in rules.derived():
        computed = indicator_compute(indicator, values)
        if computed is not None and math.isfinite(computed):
            out[indicator.code] = computed
    return out


def _broken(
    rules: RuleSet, values: dict[str, float]
) -> Iterable[tuple[ValidationRule, dict[int, float]]]:
    """The broken rules over ``values`` (code → value, derived included)."""
    by_id = {
        indicator.pk: values[code] for code, indicator in rules.indicators.items() if code in values
    }
    for rule in rules.rules:
        if rule_broken(rule, by_id):
            yield rule, by_id


def _violation(
    rule: ValidationRule,
    by_id: dict[int, float],
    *,
    level: Level,
    unit: Unit,
    period: str,
    submissions: tuple[int, ...] = (),
) -> Violation:
    other = rule.other if rule.kind != RuleKind.RANGE else None
    return Violation(
        level=level,
        unit_id=unit.pk,
        unit_code=unit.code,
        unit_name=unit.name,
        unit_kind=unit.kind,
        period=period,
        kind=rule.kind,
        rule=rule_text(rule),
        left=_side(rule.indicator, by_id[rule.indicator.pk]),
        right=_side(other, by_id[other.pk]) if other is not None else None,
        low=rule.min_value if rule.kind == RuleKind.RANGE else None,
        high=rule.max_value if rule.kind == RuleKind.RANGE else None,
        message=_message(rule, by_id),
        submissions=submissions,
    )


def _message(rule: ValidationRule, by_id: dict[int, float]) -> str:
    """The rule's message with the figures in each language's half."""
    if not rule.message or " / " not in rule.message:
        return rule_message(rule, by_id)
    figures = f"{rule.indicator.code} = {format_number(by_id[rule.indicator.pk])}"
    if rule.kind == RuleKind.RANGE:
        low = "−∞" if rule.min_value is None else format_number(rule.min_value)
        high = "+∞" if rule.max_value is None else format_number(rule.max_value)
        figures += f"; [{low}; {high}]"
    else:
        figures += f"; {rule.other.code} = {format_number(by_id[rule.other.pk])}"
    vi, en = rule.message.split(" / ", 1)
    return f"{vi} ({figures}) / {en} ({figures})"


def _rule_bases(rule: ValidationRule) -> list[str]:
    codes = indicator_base_codes(rule.indicator)
    if rule.other is not None:
        codes += indicator_base_codes(rule.other)
    return codes


def values_check(
    *,
    rules: RuleSet,
    unit: Unit,
    period: str,
    values: dict[str, float],
    sources: dict[str, int | None],
) -> list[Violation]:
    """The broken rules over one unit's stored values for one period.

    ``sources`` maps a base code to the report its value belongs to (``None``: imported or
    entered outside a report). Figures of one report give a ``submission`` violation, others
    a ``unit`` one.
    """
    found = []
    for rule, by_id in _broken(rules, _with_derived(rules, values)):
        reports = {sources.get(code) for code in _rule_bases(rule)}
        level = Level.SUBMISSION if len(reports) == 1 and None not in reports else Level.UNIT
        found.append(
            _violation(
                rule,
                by_id,
                level=level,
                unit=unit,
                period=period,
                submissions=tuple(sorted(r for r in reports if r is not None)),
            )
        )
    return found


def _valid_on(day, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _parse_period(code: str) -> PeriodCode:
    try:
        return PeriodCode.parse(code)
    except ValueError as error:
        raise CheckError(
            f"Kỳ «{code}» không hợp lệ (ví dụ 2025, 2025Q3, 2025-10) / "
            f"bad period «{code}» (e.g. 2025, 2025Q3, 2025-10)"
        ) from error


def consistency_check(*, period_code: str, unit_code: str | None = None) -> CheckResult:
    """Every violation of the consistency rules in ``period_code``.

    With ``unit_code`` (read at the period's end), the unit and the units under it; without,
    every unit. Violations are listed by level (reports, units, aggregates), unit and rule.
    """
    period = _parse_period(period_code)
    end = period.end()
    rules = consistency_rules()
    scope: set[int] | None = None
    if unit_code:
        try:
            top = unit_at(code=unit_code, on=end)
        except ValueError as error:
            raise CheckError(str(error)) from error
        scope = set(
            UnitAncestor.objects.filter(_valid_on(end), ancestor_id=top.id).values_list(
                "unit_id", flat=True
            )
        ) | {top.id}
    bases = {code: None for code in rules.bases()}
    stored = Value.objects.filter(period__code=period.code, indicator__code__in=list(bases))
    if scope is not None:
        stored = stored.filter(unit_id__in=scope)
    values: dict[int, dict[str, float]] = defaultdict(dict)
    sources: dict[int, dict[str, int | None]] = defaultdict(dict)
    for unit_id, code, value, submission_id in stored.values_list(
        "unit_id", "indicator__code", "value", "submission_id"
    ).iterator(chunk_size=5000):
        values[unit_id][code] = value
        sources[unit_id][code] = submission_id
    units = Unit.objects.in_bulk(list(values))
    violations: list[Violation] = []
    for unit_id in sorted(values, key=lambda i: (units[i].code, i)):
        violations.extend(
            values_check(
                rules=rules,
                unit=units[unit_id],
                period=period.code,
                values=values[unit_id],
                sources=sources[unit_id],
            )
        )
    # The sums over every unit with values inside the period (a year's from the communes'
    # months and the branches' quarters), not only over those that stored the period itself.
    inside = Value.objects.filter(
        period_id__in=list(engine.stored_periods([period])), indicator__code__in=list(bases)
    )
    if scope is not None:
        inside = inside.filter(unit_id__in=scope)
    reporting = set(values) | set(inside.values_list("unit_id", flat=True).distinct())
    aggregates = _aggregate_ids(sorted(reporting), end=end, scope=scope)
    seen = {(v.unit_id, v.rule) for v in violations}
    for violation in _aggregates_check(rules=rules, row_ids=aggregates, period=period):
        if (violation.unit_id, violation.rule) not in seen:
            violations.append(violation)
    order = {Level.SUBMISSION: 0, Level.UNIT: 1, Level.AGGREGATE: 2}
    violations.sort(key=lambda v: (order[v.level], v.unit_code, v.unit_id, v.rule))
    return CheckResult(
        period=period.code,
        unit=unit_code,
        rules=len(rules.rules),
        units_checked=len(values),
        aggregates_checked=len(aggregates),
        violations=violations,
    )


def _aggregate_ids(unit_ids: list[int], *, end, scope: set[int] | None) -> list[int]:
    """Units above the units with values (through the links valid at ``end``), in scope."""
    found: set[int] = set()
    for start in range(0, len(unit_ids), 2000):
        chunk = unit_ids[start : start + 2000]
        found.update(
            UnitAncestor.objects.filter(_valid_on(end), unit_id__in=chunk, depth__gte=1)
            .values_list("ancestor_id", flat=True)
            .distinct()
        )
    if scope is not None:
        found &= scope
    return sorted(found)


def _aggregates_check(*, rules: RuleSet, row_ids: list[int], period: PeriodCode) -> list[Violation]:
    if not row_ids:
        return []
    indicators = list(Indicator.objects.filter(code__in=rules.bases()))
    catalogue = engine.Catalogue.load(indicators)
    periods = engine.stored_periods([period])
    if not periods:
        return []
    cells = engine.cells(indicator_ids=[i.id for i in indicators], periods=periods, row_ids=row_ids)
    folded = engine.fold(cells, catalogue=catalogue, row_ids=row_ids, buckets=[period])
    units = Unit.objects.in_bulk(row_ids)
    found = []
    for row_id in row_ids:
        values = {
            i.code: folded[(row_id, i.code, period.code)]
            for i in indicators
            if folded.get((row_id, i.code, period.code)) is not None
        }
        for rule, by_id in _broken(rules, _with_derived(rules, values)):
            found.append(
                _violation(
                    rule, by_id, level=Level.AGGREGATE, unit=units[row_id], period=period.code
                )
            )
    return found


def submission_consistency(submission: Submission) -> list[Violation]:
    """The violations a report is part of: its unit's stored figures for its period.

    Shown before approval as warnings; they do not block it (the other figure may be the
    one that is wrong).
    """
    rules = consistency_rules()
    values: dict[str, float] = {}
    sources: dict[str, int | None] = {}
    for code, value, submission_id in Value.objects.filter(
        unit_id=submission.unit_id,
        period_id=submission.period_id,
        indicator__code__in=rules.bases(),
    ).values_list("indicator__code", "value", "submission_id"):
        values[code] = value
        sources[code] = submission_id
    found = values_check(
        rules=rules,
        unit=submission.unit,
        period=submission.period.code,
        values=values,
        sources=sources,
    )
    return [v for v in found if submission.pk in v.submissions]
