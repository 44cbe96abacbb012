"""The report-form catalogue: forms, their indicator lines and validation rules, from YAML.

Forms refer to the indicator catalogue, so ``indicator_catalogue_load`` runs first. The whole
file is checked against the stored indicators before anything is written; loading twice
changes nothing, and each change is audited with the old and the new definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.core.numbers import format_number
from tongket.core.periods import Cutoff
from tongket.indicators.models import Indicator
from tongket.indicators.yaml_source import (
    DataFileError,
    EntryReader,
    LocatedDict,
    LocatedList,
    Problem,
    yaml_read,
)
from tongket.reporting.models import Form, FormIndicator, Frequency, RuleKind, ValidationRule
from tongket.units.models import UnitKind

FORMS_PATH = Path(__file__).resolve().parent / "data" / "forms.yaml"

_FORM_KEYS = {
    "code",
    "name",
    "frequency",
    "cutoff",
    "unit_kinds",
    "recipient_kind",
    "deadline_days",
    "legal_basis",
    "lines",
    "rules",
}
_LINE_KEYS = {"code", "required"}
_RULE_KEYS = {"kind", "indicator", "other", "min", "max", "message"}
_MESSAGE_MAX = ValidationRule._meta.get_field("message").max_length or 255
# PositiveSmallIntegerField; a deadline beyond a year after the period makes no sense.
_DEADLINE_MAX = 366


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    indicator: str
    other: str | None
    min_value: float | None
    max_value: float | None
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.indicator, self.other or "")

    def as_list(self) -> list[Any]:
        return [self.kind, self.indicator, self.other, self.min_value, self.max_value, self.message]


@dataclass(frozen=True)
class FormSpec:
    code: str
    name: str
    frequency: str
    cutoff: str
    unit_kinds: list[str]
    recipient_kind: str
    deadline_days: int
    legal_basis: str
    lines: list[tuple[str, bool]]
    rules: list[RuleSpec]

    def snapshot(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "frequency": self.frequency,
            "cutoff": self.cutoff,
            "unit_kinds": list(self.unit_kinds),
            "recipient_kind": self.recipient_kind,
            "deadline_days": self.deadline_days,
            "legal_basis": self.legal_basis,
            "lines": [[code, required] for code, required in self.lines],
            "rules": sorted((rule.as_list() for rule in self.rules), key=_rule_order),
        }


def _rule_order(rule: list[Any]) -> tuple[str, str, str]:
    return (rule[0], rule[1], rule[2] or "")


def _default_message(rule: RuleSpec, indicators: dict[str, Indicator]) -> str:
    """«A không được lớn hơn B / A must not exceed B», shortened to codes when too long."""
    ind = indicators[rule.indicator]
    other = indicators.get(rule.other or "")
    if rule.kind == RuleKind.RANGE:
        low = "" if rule.min_value is None else format_number(rule.min_value)
        high = "" if rule.max_value is None else format_number(rule.max_value)
        vi = f"{ind.name} phải trong khoảng {low}..{high}"
        en = f"{ind.name_en} must be within {low}..{high}"
    else:
        assert other is not None
        verb_vi = "không được lớn hơn" if rule.kind == RuleKind.LE else "không được nhỏ hơn"
        verb_en = "must not exceed" if rule.kind == RuleKind.LE else "must not be below"
        vi = f"{ind.name} {verb_vi} {other.name}"
        en = f"{ind.name_en} {verb_en} {other.name_en}"
    message = f"{vi} / {en}"
    if len(message) <= _MESSAGE_MAX:
        return message
    sign = {RuleKind.LE: "≤", RuleKind.GE: "≥"}.get(rule.kind, "∈")
    target = rule.other or f"[{rule.min_value}..{rule.max_value}]"
    return f"{rule.indicator} {sign} {target}"


def _read_lines(
    reader: EntryReader, indicators: dict[str, Indicator], problems: list[Problem]
) -> list[tuple[str, bool]]:
    raw = reader.raw("lines")
    if not isinstance(raw, LocatedList) or not raw:
        reader.add(
            "lines", "biểu mẫu cần ít nhất một dòng chỉ tiêu", "a form needs indicator lines"
        )
        return []
    lines: list[tuple[str, bool]] = []
    for index, item in enumerate(raw):
        line, column = raw.mark(index)
        if isinstance(item, str):
            code, required = item.strip(), True
        else:
            line_reader = EntryReader(item, problems, allowed=_LINE_KEYS, where="dòng chỉ tiêu")
            code = line_reader.text("code")
            required = line_reader.boolean("required", default=True)
        if not code:
            continue
        problem = None
        if code not in indicators:
            problem = (
                f"chỉ tiêu «{code}» không có trong danh mục chỉ tiêu",
                f"indicator «{code}» is not in the indicator catalogue",
            )
        elif indicators[code].is_derived:
            problem = (
                f"«{code}» là chỉ tiêu dẫn xuất, được tính từ các thành phần, không báo cáo",
                f"«{code}» is derived from its parts and is not reported",
            )
        elif code in {c for c, _ in lines}:
            problem = (f"chỉ tiêu «{code}» lặp lại", f"indicator «{code}» is repeated")
        if problem:
            problems.append(Problem(line, column, "lines", *problem))
            continue
        lines.append((code, required))
    return lines


def _flatten_rules(raw: Any) -> list[Any]:
    """Rule items in order, with items that are lists (YAML aliases) spliced in."""
    items: list[Any] = []
    for item in raw:
        if isinstance(item, list):
            items.extend(_flatten_rules(item))
        else:
            items.append(item)
    return items


def _read_rules(
    reader: EntryReader,
    line_codes: set[str],
    indicators: dict[str, Indicator],
    problems: list[Problem],
    *,
    skip_unknown: bool = False,
) -> list[RuleSpec]:
    raw = reader.raw("rules")
    if raw is None:
        return []
    if not isinstance(raw, list):
        reader.add("rules", "phải là danh sách", "must be a list")
        return []
    rules: list[RuleSpec] = []
    for item in _flatten_rules(raw):
        rule_reader = EntryReader(item, problems, allowed=_RULE_KEYS, where="quy tắc kiểm tra")
        kind = rule_reader.choice("kind", list(RuleKind.values))
        indicator = rule_reader.text("indicator")
        other = rule_reader.text("other", required=False) or None
        low = rule_reader.number("min")
        high = rule_reader.number("max")
        if skip_unknown and any(c and c not in indicators for c in (indicator, other)):
            continue
        before = len(problems)
        for key, code in (("indicator", indicator), ("other", other)):
            if code and code not in indicators:
                rule_reader.add(
                    key,
                    f"chỉ tiêu «{code}» không có trong danh mục chỉ tiêu",
                    f"indicator «{code}» is not in the indicator catalogue",
                )
            elif code and code not in line_codes:
                rule_reader.add(
                    key,
                    f"chỉ tiêu «{code}» không phải một dòng của biểu mẫu này",
                    f"indicator «{code}» is not a line of this form",
                )
        if kind == RuleKind.RANGE:
            if other is not None:
                rule_reader.add("other", "quy tắc range không dùng «other»", "range takes no other")
            if low is None and high is None:
                rule_reader.add("min", "range cần min hoặc max", "range needs a min or a max")
            if low is not None and high is not None and low > high:
                rule_reader.add("max", "max nhỏ hơn min", "max is below min")
        elif kind in (RuleKind.LE, RuleKind.GE):
            if other is None:
                rule_reader.add("other", "cần chỉ tiêu để so sánh", "needs an indicator to compare")
            elif other == indicator:
                rule_reader.add("other", "so sánh chỉ tiêu với chính nó", "compares with itself")
            if low is not None or high is not None:
                rule_reader.add(
                    "min", f"quy tắc {kind} không dùng min/max", f"{kind} takes no bounds"
                )
        message = rule_reader.text("message", required=False, max_length=_MESSAGE_MAX)
        if len(problems) > before or not kind or not indicator:
            continue
        rule = RuleSpec(kind, indicator, other, low, high, message)
        if rule.key in {r.key for r in rules}:
            rule_reader.add("kind", "quy tắc lặp lại", "the rule is repeated")
            continue
        if not message:
            rule = RuleSpec(kind, indicator, other, low, high, _default_message(rule, indicators))
        rules.append(rule)
    return rules


def rules_read(
    path: Path | str, indicators: dict[str, Indicator], *, skip_unknown: bool = False
) -> list[RuleSpec]:
    """Parse and check a file of rules over the whole catalogue (a top-level «rules:» list).

    The rules are written and checked as a form's rules are, over every indicator of the
    catalogue, derived ones included (a density within plausible bounds). With
    ``skip_unknown`` a rule on an indicator missing from ``indicators`` is left out instead
    of refused (an installation that loaded only part of the catalogue).
    """
    path = Path(path)
    data = yaml_read(path)
    problems: list[Problem] = []
    reader = EntryReader(data, problems, allowed={"rules"}, where="tệp quy tắc")
    if not isinstance(data, LocatedDict) or not isinstance(data.get("rules"), list):
        raise DataFileError(
            path,
            [Problem(1, 1, "rules", "tệp phải có «rules:» (danh sách)", "needs a «rules:» list")],
        )
    rules = _read_rules(reader, set(indicators), indicators, problems, skip_unknown=skip_unknown)
    if problems:
        raise DataFileError(path, problems)
    return rules


def _read_form(entry: Any, indicators: dict[str, Indicator], problems: list[Problem]) -> FormSpec:
    reader = EntryReader(entry, problems, allowed=_FORM_KEYS, where="biểu mẫu")
    kinds = list(UnitKind.values)
    deadline = reader.number("deadline_days", required=True, integer=True)
    if deadline is not None and not 0 <= deadline <= _DEADLINE_MAX:
        reader.add(
            "deadline_days",
            f"phải từ 0 đến {_DEADLINE_MAX} ngày",
            f"must be 0 to {_DEADLINE_MAX} days",
        )
    lines = _read_lines(reader, indicators, problems)
    return FormSpec(
        code=reader.text("code", max_length=Form._meta.get_field("code").max_length or 64),
        name=reader.text("name", max_length=Form._meta.get_field("name").max_length or 255),
        frequency=reader.choice("frequency", list(Frequency.values)),
        cutoff=reader.choice("cutoff", [c.value for c in Cutoff], default=Cutoff.CALENDAR.value),
        unit_kinds=reader.text_list("unit_kinds", kinds),
        recipient_kind=reader.choice("recipient_kind", kinds),
        deadline_days=int(deadline or 0),
        legal_basis=reader.text("legal_basis", required=False),
        lines=lines,
        rules=_read_rules(reader, {c for c, _ in lines}, indicators, problems),
    )


def forms_read(path: Path | str, indicators: dict[str, Indicator]) -> list[FormSpec]:
    """Parse and check the forms file against ``indicators`` (by code)."""
    path = Path(path)
    data = yaml_read(path)
    if not isinstance(data, LocatedDict) or not isinstance(data.get("forms"), list):
        raise DataFileError(
            path,
            [Problem(1, 1, "forms", "tệp phải có «forms:» (danh sách)", "needs a «forms:» list")],
        )
    if not indicators:
        raise DataFileError(
            path,
            [
                Problem(
                    1,
                    1,
                    "",
                    "danh mục chỉ tiêu chưa được nạp (chạy indicator_catalogue_load trước)",
                    "the indicator catalogue is not loaded yet (run indicator_catalogue_load first)",
                )
            ],
        )
    problems: list[Problem] = []
    specs: list[FormSpec] = []
    for entry in data["forms"]:
        spec = _read_form(entry, indicators, problems)
        if spec.code and spec.code in {s.code for s in specs}:
            line, column = entry.mark("code") if isinstance(entry, LocatedDict) else (0, 0)
            problems.append(
                Problem(
                    line, column, "code", f"mã «{spec.code}» lặp lại", f"«{spec.code}» repeated"
                )
            )
        specs.append(spec)
    if problems:
        raise DataFileError(path, problems)
    return specs


def _form_snapshot(form: Form, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "name": form.name,
        "frequency": form.frequency,
        "cutoff": form.cutoff,
        "unit_kinds": list(form.unit_kinds),
        "recipient_kind": form.recipient_kind,
        "deadline_days": form.deadline_days,
        "legal_basis": form.legal_basis,
        "lines": [
            [codes[line.indicator_id], line.required] for line in form.lines.order_by("line")
        ],
        "rules": sorted(
            (
                [
                    rule.kind,
                    codes[rule.indicator_id],
                    codes.get(rule.other_id) if rule.other_id else None,
                    rule.min_value,
                    rule.max_value,
                    rule.message,
                ]
                for rule in form.rules.all()
            ),
            key=_rule_order,
        ),
    }


def _apply_lines(form: Form, spec: FormSpec, indicators: dict[str, Indicator]) -> None:
    existing = {line.indicator_id: line for line in form.lines.all()}
    wanted = {
        indicators[code].pk: (number, required)
        for number, (code, required) in enumerate(spec.lines, start=1)
    }
    form.lines.exclude(indicator_id__in=list(wanted)).delete()
    for indicator_id, (number, required) in wanted.items():
        line = existing.get(indicator_id)
        if line is None:
            FormIndicator.objects.create(
                form=form, indicator_id=indicator_id, line=number, required=required
            )
        elif (line.line, line.required) != (number, required):
            line.line, line.required = number, required
            line.save(update_fields=["line", "required"])


def _apply_rules(form: Form, spec: FormSpec, indicators: dict[str, Indicator]) -> None:
    codes = {ind.pk: code for code, ind in indicators.items()}
    wanted = {rule.key: rule for rule in spec.rules}
    kept: set[tuple[str, str, str]] = set()
    for rule in form.rules.all().order_by("pk"):
        key = (rule.kind, codes.get(rule.indicator_id, ""), codes.get(rule.other_id, ""))
        if key not in wanted or key in kept:
            rule.delete()
            continue
        kept.add(key)
        target = wanted[key]
        if (rule.min_value, rule.max_value, rule.message) != (
            target.min_value,
            target.max_value,
            target.message,
        ):
            rule.min_value, rule.max_value = target.min_value, target.max_value
            rule.message = target.message
            rule.save(update_fields=["min_value", "max_value", "message"])
    for key, rule in wanted.items():
        if key not in kept:
            ValidationRule.objects.create(
                form=form,
                kind=rule.kind,
                indicator=indicators[rule.indicator],
                other=indicators[rule.other] if rule.other else None,
                min_value=rule.min_value,
                max_value=rule.max_value,
                message=rule.message,
            )


_FORM_FIELDS = (
    "name",
    "frequency",
    "cutoff",
    "unit_kinds",
    "recipient_kind",
    "deadline_days",
    "legal_basis",
)


@transaction.atomic
def form_catalogue_load(*, actor: str = "system", path: Path | str | None = None) -> dict[str, int]:
    """Create or update the report forms from their YAML file; idempotent, audited.

    Forms in the database but not in the file are kept (submissions may refer to them) and
    counted as ``absent``. A bad file raises ``DataFileError`` and stores nothing.
    """
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    specs = forms_read(path or FORMS_PATH, indicators)
    codes = {ind.pk: code for code, ind in indicators.items()}
    forms = {form.code: form for form in Form.objects.all()}
    counts = {"created": 0, "changed": 0, "unchanged": 0, "lines": 0, "rules": 0}
    for spec in specs:
        wanted = spec.snapshot()
        counts["lines"] += len(spec.lines)
        counts["rules"] += len(spec.rules)
        form = forms.get(spec.code)
        if form is None:
            form = Form.objects.create(code=spec.code, **{k: wanted[k] for k in _FORM_FIELDS})
            _apply_lines(form, spec, indicators)
            _apply_rules(form, spec, indicators)
            audit_record(
                actor=actor,
                action="form.created",
                object_type="form",
                object_id=spec.code,
                summary=f"Thêm biểu mẫu {spec.code} — {spec.name} / form added",
                new=wanted,
            )
            counts["created"] += 1
            continue
        current = _form_snapshot(form, codes)
        changed = [key for key in wanted if wanted[key] != current[key]]
        if not changed:
            counts["unchanged"] += 1
            continue
        fields = [key for key in changed if key in _FORM_FIELDS]
        if fields:
            for key in fields:
                setattr(form, key, wanted[key])
            form.save(update_fields=fields)
        if "lines" in changed:
            _apply_lines(form, spec, indicators)
        if "rules" in changed:
            _apply_rules(form, spec, indicators)
        audit_record(
            actor=actor,
            action="form.changed",
            object_type="form",
            object_id=spec.code,
            summary=f"Sửa biểu mẫu {spec.code}: {', '.join(changed)} / form changed",
            old={key: current[key] for key in changed},
            new={key: wanted[key] for key in changed},
        )
        counts["changed"] += 1
    counts["absent"] = len(set(forms) - {spec.code for spec in specs})
    return counts
