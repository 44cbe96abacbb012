"""What the services take as input, already resolved to objects (units, indicators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tongket.indicators.models import Indicator
from tongket.units.models import Unit


@dataclass(frozen=True)
class PersonSpec:
    name: str
    title: str = ""
    unit: Unit | None = None
    role: str = "guest"
    # Where the person was read: a source document and the span in its cleaned text.
    source_document_id: int | None = None
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class ReportSpec:
    title: str
    presenter: PersonSpec | None = None
    unit: Unit | None = None


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    path: str = ""


@dataclass(frozen=True)
class FigureSpec:
    value: float | None
    unit_of_measure: str = ""
    text: str = ""
    indicator: Indicator | None = None
    period: str = ""
    span: tuple[int, int] | None = None
    source_document_id: int | None = None


@dataclass(frozen=True)
class AssignmentSpec:
    """One assignment of a conclusion notice (or a conclusion turned into a task)."""

    text: str
    lead: Unit
    supporting: tuple[Unit, ...] = field(default_factory=tuple)
    deadline: dt.date | None = None
    indicator: Indicator | None = None


@dataclass(frozen=True)
class RecipientSpec:
    kind: str  # "collective" or "individual"
    name: str
    title: str = ""
    unit: Unit | None = None
