"""Writes to the indicator catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.indicators.catalogue_file import CATALOGUE_PATH, IndicatorSpec, catalogue_read
from tongket.indicators.models import Indicator

_FORMULA_FIELDS = ("numerator", "denominator")


def _row_snapshot(row: Indicator, codes_by_id: dict[int, str]) -> dict[str, Any]:
    """The row in the shape of ``IndicatorSpec.snapshot()`` (formula parts as codes)."""
    return {
        "code": row.code,
        "name": row.name,
        "name_en": row.name_en,
        "unit_of_measure": row.unit_of_measure,
        "unit_of_measure_en": row.unit_of_measure_en,
        "value_type": row.value_type,
        "aggregation": row.aggregation,
        "period_aggregation": row.period_aggregation,
        "numerator": codes_by_id.get(row.numerator_id) if row.numerator_id else None,
        "denominator": codes_by_id.get(row.denominator_id) if row.denominator_id else None,
        "factor": row.factor,
        "field": row.field,
        "legal_basis": row.legal_basis,
        "description": row.description,
        "min_value": row.min_value,
        "max_value": row.max_value,
        "sort_order": row.sort_order,
        "display_unit": row.display_unit,
        "display_unit_en": row.display_unit_en,
        "display_scale": row.display_scale,
        "decimals": row.decimals,
        "direction": row.direction,
        "sources": list(row.sources or []),
        "coverage_threshold": row.coverage_threshold,
    }


def _dependency_order(specs: list[IndicatorSpec]) -> list[IndicatorSpec]:
    """Parts before the indicators derived from them (the file was checked for cycles)."""
    by_code = {spec.code: spec for spec in specs}
    ordered: list[IndicatorSpec] = []
    placed: set[str] = set()

    def place(spec: IndicatorSpec) -> None:
        if spec.code in placed:
            return
        for part in (spec.numerator, spec.denominator):
            if part is not None and part in by_code:
                place(by_code[part])
        placed.add(spec.code)
        ordered.append(spec)

    for spec in specs:
        place(spec)
    return ordered


@transaction.atomic
def indicator_catalogue_load(
    *, actor: str = "system", path: Path | str | None = None
) -> dict[str, int]:
    """Create or update the catalogue from its YAML file; idempotent, every change audited.

    Indicators in the database but not in the file are kept (values may refer to them) and
    counted as ``absent``. A bad file raises ``DataFileError`` and stores nothing.
    """
    catalogue = catalogue_read(path or CATALOGUE_PATH)
    rows = {row.code: row for row in Indicator.objects.all()}
    codes_by_id = {row.pk: code for code, row in rows.items()}
    counts = {"created": 0, "changed": 0, "unchanged": 0, "reordered": 0}
    moved_old: dict[str, int] = {}
    moved_new: dict[str, int] = {}
    for spec in _dependency_order(catalogue.indicators):
        wanted = spec.snapshot()
        attributes = {k: v for k, v in wanted.items() if k not in _FORMULA_FIELDS}
        for key in _FORMULA_FIELDS:
            attributes[key] = rows[wanted[key]] if wanted[key] else None
        row = rows.get(spec.code)
        if row is None:
            row = Indicator.objects.create(**attributes)
            rows[spec.code] = row
            codes_by_id[row.pk] = spec.code
            audit_record(
                actor=actor,
                action="indicator.created",
                object_type="indicator",
                object_id=spec.code,
                summary=f"Thêm chỉ tiêu {spec.code} — {spec.name} / indicator added",
                new=wanted,
            )
            counts["created"] += 1
            continue
        current = _row_snapshot(row, codes_by_id)
        changed = [key for key in wanted if wanted[key] != current[key]]
        if not changed:
            counts["unchanged"] += 1
            continue
        for key in changed:
            setattr(row, key, attributes[key])
        row.save(update_fields=changed)
        if changed == ["sort_order"]:
            # Inserting one indicator shifts every later position; one summary entry below
            # keeps the audit trail about definitions rather than about line numbers.
            moved_old[spec.code] = current["sort_order"]
            moved_new[spec.code] = wanted["sort_order"]
            counts["reordered"] += 1
            continue
        audit_record(
            actor=actor,
            action="indicator.changed",
            object_type="indicator",
            object_id=spec.code,
            summary=(
                f"Sửa chỉ tiêu {spec.code}: {', '.join(changed)} / "
                f"indicator changed: {', '.join(changed)}"
            ),
            old={key: current[key] for key in changed},
            new={key: wanted[key] for key in changed},
        )
        counts["changed"] += 1
    if moved_new:
        audit_record(
            actor=actor,
            action="indicator.reordered",
            object_type="indicator",
            summary=(
                f"Đổi thứ tự {len(moved_new)} chỉ tiêu trong danh mục / "
                f"{len(moved_new)} indicators moved in the catalogue order"
            ),
            old=moved_old,
            new=moved_new,
        )
    counts["absent"] = len(set(rows) - {spec.code for spec in catalogue.indicators})
    return counts
