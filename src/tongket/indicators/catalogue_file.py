"""Reading and checking the indicator catalogue file (no database).

The whole file is checked before anything is stored, and every problem is reported with its
line, column and field, so a hand edit that breaks one entry cannot leave half a catalogue.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tongket.indicators.models import Aggregation, Indicator, ValueType
from tongket.indicators.yaml_source import (
    DataFileError,
    EntryReader,
    LocatedDict,
    Problem,
    yaml_read,
)

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.yaml"

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

_FIELD_KEYS = {"key", "name", "name_en"}
_INDICATOR_KEYS = {
    "code",
    "name",
    "name_en",
    "unit",
    "unit_en",
    "value_type",
    "aggregation",
    "period_aggregation",
    "field",
    "legal_basis",
    "description",
    "min",
    "max",
    "numerator",
    "denominator",
    "factor",
}
# A ratio is never an integer, and summing or averaging it over units would be wrong.
_DERIVED_VALUE_TYPES = [ValueType.DECIMAL.value, ValueType.PERCENT.value, ValueType.MONEY.value]


def _max_length(name: str) -> int:
    return Indicator._meta.get_field(name).max_length or 255


@dataclass(frozen=True)
class FieldSpec:
    key: str
    name: str
    name_en: str


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator as the file defines it; ``snapshot()`` is what the database row must hold."""

    code: str
    name: str
    name_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    value_type: str
    aggregation: str
    period_aggregation: str
    numerator: str | None
    denominator: str | None
    factor: float
    field: str
    legal_basis: str
    description: str
    min_value: float | None
    max_value: float | None
    sort_order: int
    line: int

    @property
    def is_derived(self) -> bool:
        return self.numerator is not None

    def snapshot(self) -> dict[str, Any]:
        data = asdict(self)
        del data["line"]
        return data


@dataclass(frozen=True)
class Catalogue:
    path: Path
    fields: list[FieldSpec]
    indicators: list[IndicatorSpec]

    def by_code(self) -> dict[str, IndicatorSpec]:
        return {spec.code: spec for spec in self.indicators}


def _read_fields(data: LocatedDict, problems: list[Problem]) -> list[FieldSpec]:
    raw = data.get("fields")
    if not isinstance(raw, list) or not raw:
        line, column = data.mark("fields")
        problems.append(
            Problem(
                line,
                column,
                "fields",
                "thiếu danh sách lĩnh vực",
                "the list of fields is missing",
            )
        )
        return []
    fields: list[FieldSpec] = []
    for entry in raw:
        reader = EntryReader(entry, problems, allowed=_FIELD_KEYS, where="lĩnh vực")
        spec = FieldSpec(
            key=reader.text("key", max_length=32),
            name=reader.text("name", max_length=_max_length("field")),
            name_en=reader.text("name_en"),
        )
        if spec.key in {f.key for f in fields}:
            reader.add("key", f"lĩnh vực «{spec.key}» lặp lại", f"field «{spec.key}» is repeated")
        fields.append(spec)
    return fields


def _read_indicator(
    entry: Any, position: int, fields: dict[str, FieldSpec], problems: list[Problem]
) -> IndicatorSpec:
    reader = EntryReader(entry, problems, allowed=_INDICATOR_KEYS, where="chỉ tiêu")
    code = reader.text("code", max_length=_max_length("code"))
    if code and not CODE_PATTERN.match(code):
        reader.add(
            "code",
            f"mã «{code}» phải gồm chữ thường, số, «_», ngăn nhóm bằng dấu chấm (vd. tel.density)",
            f"code «{code}» must be lower-case letters, digits and «_» in dotted groups "
            "(e.g. tel.density)",
        )
    numerator = reader.text("numerator", required=False) or None
    denominator = reader.text("denominator", required=False) or None
    derived = numerator is not None or denominator is not None
    if derived and (numerator is None or denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        reader.add(
            missing,
            "chỉ tiêu dẫn xuất cần cả tử số (numerator) và mẫu số (denominator)",
            "a derived indicator needs both a numerator and a denominator",
        )
    factor = reader.number("factor")
    if factor is not None and not derived:
        reader.add("factor", "hệ số chỉ dùng cho chỉ tiêu dẫn xuất", "a factor needs a formula")
    if factor == 0:
        reader.add("factor", "hệ số phải khác 0", "the factor must not be 0")

    aggregations = list(Aggregation.values)
    if derived:
        value_type = reader.choice("value_type", _DERIVED_VALUE_TYPES)
        aggregation = reader.choice("aggregation", aggregations, default=Aggregation.NONE)
        period_aggregation = reader.choice(
            "period_aggregation", aggregations, default=Aggregation.NONE
        )
        for key, value in (
            ("aggregation", aggregation),
            ("period_aggregation", period_aggregation),
        ):
            if value and value != Aggregation.NONE:
                reader.add(
                    key,
                    "chỉ tiêu dẫn xuất được tính lại từ tử số và mẫu số đã tổng hợp, "
                    "không cộng hay lấy trung bình: dùng «none»",
                    "a derived indicator is recomputed from its aggregated parts, never "
                    "summed or averaged: use «none»",
                )
    else:
        value_type = reader.choice("value_type", list(ValueType.values))
        aggregation = reader.choice("aggregation", aggregations)
        period_aggregation = reader.choice("period_aggregation", aggregations)

    field_key = reader.text("field", max_length=32)
    if field_key and field_key not in fields:
        reader.add(
            "field",
            f"lĩnh vực «{field_key}» không có trong danh sách fields (dùng: {', '.join(fields)})",
            f"field «{field_key}» is not in the list of fields (use: {', '.join(fields)})",
        )
    min_value = reader.number("min")
    max_value = reader.number("max")
    if min_value is not None and max_value is not None and min_value > max_value:
        reader.add(
            "max",
            f"giá trị lớn nhất {max_value:g} nhỏ hơn giá trị nhỏ nhất {min_value:g}",
            f"max {max_value:g} is below min {min_value:g}",
        )
    if value_type == ValueType.INTEGER and min_value is not None and min_value < 0:
        reader.add(
            "min",
            f"chỉ tiêu kiểu integer là số đếm, không âm: giá trị nhỏ nhất {min_value:g} phải ≥ 0",
            f"an integer indicator is a count, never negative: min {min_value:g} must be ≥ 0",
        )
    if value_type == ValueType.PERCENT and max_value is None and not derived:
        reader.add(
            "max",
            "chỉ tiêu tỷ lệ phần trăm do đơn vị báo cáo cần giới hạn (thường 0..100)",
            "a reported percentage needs its bounds (usually 0..100)",
        )
    field_spec = fields.get(field_key)
    return IndicatorSpec(
        code=code,
        name=reader.text("name", max_length=_max_length("name")),
        name_en=reader.text("name_en", max_length=_max_length("name_en")),
        unit_of_measure=reader.text("unit", max_length=_max_length("unit_of_measure")),
        unit_of_measure_en=reader.text("unit_en", max_length=_max_length("unit_of_measure_en")),
        value_type=value_type,
        aggregation=aggregation,
        period_aggregation=period_aggregation,
        numerator=numerator,
        denominator=denominator,
        factor=float(factor) if factor is not None else 1.0,
        field=field_spec.name if field_spec else "",
        legal_basis=reader.text(
            "legal_basis", required=False, max_length=_max_length("legal_basis")
        ),
        description=reader.text("description", required=False, max_length=2000),
        min_value=min_value,
        max_value=max_value,
        sort_order=position * 10,
        line=reader.line,
    )


def _check_formulas(data: LocatedDict, specs: list[IndicatorSpec], problems: list[Problem]) -> None:
    """Parts must be in the file; a formula may use derived parts, but never itself."""
    by_code = {spec.code: spec for spec in specs}
    entries = data["indicators"]
    for spec, entry in zip(specs, entries, strict=True):
        if not spec.is_derived or not isinstance(entry, LocatedDict):
            continue
        for key in ("numerator", "denominator"):
            part = getattr(spec, key)
            if part and part not in by_code:
                line, column = entry.mark(key)
                problems.append(
                    Problem(
                        line,
                        column,
                        key,
                        f"chỉ tiêu «{part}» không có trong danh mục",
                        f"indicator «{part}» is not in the catalogue",
                    )
                )
        # Follow the formula down; meeting the start again is a cycle.
        stack = [p for p in (spec.numerator, spec.denominator) if p in by_code]
        seen: set[str] = set()
        while stack:
            current = stack.pop()
            if current == spec.code:
                line, column = entry.mark("numerator")
                problems.append(
                    Problem(
                        line,
                        column,
                        "numerator",
                        f"công thức của «{spec.code}» quay vòng về chính nó",
                        f"the formula of «{spec.code}» refers back to itself",
                    )
                )
                break
            if current in seen:
                continue
            seen.add(current)
            part_spec = by_code[current]
            stack.extend(p for p in (part_spec.numerator, part_spec.denominator) if p in by_code)


def catalogue_read(path: Path | str = CATALOGUE_PATH) -> Catalogue:
    """Parse and check the catalogue file; raises ``DataFileError`` listing every problem."""
    path = Path(path)
    data = yaml_read(path)
    problems: list[Problem] = []
    if not isinstance(data, LocatedDict) or not isinstance(data.get("indicators"), list):
        raise DataFileError(
            path,
            [
                Problem(
                    1,
                    1,
                    "indicators",
                    "tệp phải có «fields:» và «indicators:» (danh sách chỉ tiêu)",
                    "the file must have «fields:» and «indicators:» (a list of indicators)",
                )
            ],
        )
    fields = _read_fields(data, problems)
    field_map = {f.key: f for f in fields if f.key}
    specs = [
        _read_indicator(entry, position, field_map, problems)
        for position, entry in enumerate(data["indicators"], start=1)
    ]
    seen: dict[str, int] = {}
    for spec, entry in zip(specs, data["indicators"], strict=True):
        if spec.code and spec.code in seen:
            line, column = entry.mark("code") if isinstance(entry, LocatedDict) else (0, 0)
            problems.append(
                Problem(
                    line,
                    column,
                    "code",
                    f"mã «{spec.code}» đã dùng ở dòng {seen[spec.code]}",
                    f"code «{spec.code}» is already used on line {seen[spec.code]}",
                )
            )
        seen.setdefault(spec.code, spec.line)
    _check_formulas(data, specs, problems)
    if problems:
        raise DataFileError(path, problems)
    return Catalogue(path=path, fields=fields, indicators=specs)


@lru_cache(maxsize=1)
def catalogue_fields() -> tuple[FieldSpec, ...]:
    """The fields (lĩnh vực) of the shipped catalogue, in file order."""
    return tuple(catalogue_read(CATALOGUE_PATH).fields)
