"""Units as plain data for JSON output (commands and, later, the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tongket.units.models import Unit
from tongket.units.selectors import (
    HistoryStep,
    unit_children,
    unit_history,
    unit_parent,
    unit_today,
)


def unit_json(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "abbreviation": unit.abbreviation,
        "division_type": unit.division_type,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "legal_basis": unit.legal_basis,
    }


def unit_ref_json(unit: Unit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def history_step_json(step: HistoryStep) -> dict[str, Any]:
    return {
        "date": step.date.isoformat(),
        "event": step.event,
        "predecessor": unit_ref_json(step.predecessor),
        "successor": unit_ref_json(step.successor),
        "legal_basis": step.legal_basis,
    }


def unit_detail_json(unit: Unit, *, on: dt.date, today: dt.date) -> dict[str, Any]:
    """A unit with its parent and children on ``on``, today's unit and its history."""
    day = on if unit.is_valid_on(on) else (unit.valid_to or unit.valid_from)
    try:
        now = unit_today(unit, today=today)
    except LookupError:
        now = None
    return {
        **unit_json(unit),
        "on": day.isoformat(),
        "parent": unit_ref_json(unit_parent(unit, on=day)),
        "children": unit_children(unit, on=day).count(),
        "today": unit_ref_json(now),
        "history": [history_step_json(s) for s in unit_history(unit)],
    }
