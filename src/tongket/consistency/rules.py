"""The consistency rules: the catalogue-wide rules of ``data/rules.yaml`` and every
indicator's own bounds, as (unsaved) validation rules the form checks evaluate too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tongket.indicators.formulas import indicator_base_codes
from tongket.indicators.models import Indicator
from tongket.reporting.forms_catalogue import rules_read
from tongket.reporting.models import RuleKind, ValidationRule

RULES_PATH = Path(__file__).resolve().parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class RuleSet:
    rules: list[ValidationRule]
    indicators: dict[str, Indicator]  # every indicator a rule reads, derived ones included

    def bases(self) -> list[str]:
        """Base indicator codes the rules need (derived ones are computed from these)."""
        found: dict[str, None] = {}
        for indicator in self.indicators.values():
            for code in indicator_base_codes(indicator):
                found[code] = None
        return list(found)

    def derived(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.is_derived]


def rule_text(rule: ValidationRule) -> str:
    """A rule in one line, language-neutral: ``tel.mobile_subscribers ≤ tel.subscribers``."""
    if rule.kind == RuleKind.RANGE:
        low = "−∞" if rule.min_value is None else f"{rule.min_value:g}"
        high = "+∞" if rule.max_value is None else f"{rule.max_value:g}"
        return f"{rule.indicator.code} ∈ [{low}; {high}]"
    sign = "≤" if rule.kind == RuleKind.LE else "≥"
    return f"{rule.indicator.code} {sign} {rule.other.code}"


def consistency_rules(path: Path | str = RULES_PATH) -> RuleSet:
    """The rules of ``path`` and the catalogue bounds of every indicator not ranged there."""
    catalogue = {i.code: i for i in Indicator.objects.select_related("numerator", "denominator")}
    rules = [
        ValidationRule(
            kind=spec.kind,
            indicator=catalogue[spec.indicator],
            other=catalogue[spec.other] if spec.other else None,
            min_value=spec.min_value,
            max_value=spec.max_value,
            message=spec.message,
        )
        for spec in rules_read(path, catalogue, skip_unknown=True)
    ]
    ranged = {r.indicator.code for r in rules if r.kind == RuleKind.RANGE}
    for indicator in catalogue.values():
        if indicator.code in ranged:
            continue
        if indicator.min_value is None and indicator.max_value is None:
            continue
        rules.append(
            ValidationRule(
                kind=RuleKind.RANGE,
                indicator=indicator,
                min_value=indicator.min_value,
                max_value=indicator.max_value,
            )
        )
    used: dict[str, Indicator] = {}
    for rule in rules:
        used[rule.indicator.code] = rule.indicator
        if rule.other is not None:
            used[rule.other.code] = rule.other
    return RuleSet(rules=rules, indicators=used)
