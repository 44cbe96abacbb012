"""Reads for import and export: locks, the values to export and the data of a form template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from tongket.core.periods import Cutoff
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, Submission, SubmissionStatus, Value
from tongket.reporting.models import Period as StoredPeriod
from tongket.transfer.dhis2_ids import Dhis2Ids
from tongket.transfer.resolve import UnitResolver
from tongket.units.models import Unit, UnitLink

_EVER = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))


def approved_exists(*, period_ids: Iterable[int]) -> bool:
    """Whether any approved submission covers these periods (if none, no key can be locked)."""
    return Submission.objects.filter(
        status=SubmissionStatus.APPROVED, period_id__in=list(period_ids)
    ).exists()


def unit_descendant_ids(*, roots: Iterable[int], start: dt.date, end: dt.date) -> set[int]:
    """The units below ``roots`` through parent links valid at some time in ``[start, end]``
    (a 2017 export of a province includes the districts and communes it had in 2017)."""
    overlapping = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    children: dict[int, list[int]] = {}
    for child, parent in UnitLink.objects.filter(overlapping).values_list("child_id", "parent_id"):
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    todo = list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@dataclass(frozen=True)
class ExportFilter:
    """What to export; a unit includes every unit below it (in the period, if one is given)."""

    unit: Unit | None = None
    indicators: tuple[Indicator, ...] = ()
    period: PeriodCode | None = None
    form: Form | None = None


def export_values(
    *, spec: ExportFilter, chunk: int = 20_000, within: QuerySet[Value] | None = None
) -> Iterator[tuple]:
    """``(unit code, indicator code, period code, value, comment)`` ordered by period, unit
    and indicator; streamed from the database in chunks. A unit whose code names another unit
    in the value's period is given by its UID (``tongket.transfer.dhis2_ids``).

    ``within`` narrows the values to a queryset (those a user may see, for the API).
    """
    qs = Value.objects.all() if within is None else within
    if spec.unit is not None:
        start, end = (spec.period.start(), spec.period.end()) if spec.period is not None else _EVER
        ids = unit_descendant_ids(roots=[spec.unit.pk], start=start, end=end) | {spec.unit.pk}
        qs = qs.filter(unit_id__in=sorted(ids))
    indicator_ids = {i.pk for i in spec.indicators}
    if spec.form is not None:
        form_ids = set(
            FormIndicator.objects.filter(form=spec.form).values_list("indicator_id", flat=True)
        )
        indicator_ids = (indicator_ids & form_ids) if spec.indicators else form_ids
    if spec.indicators or spec.form is not None:
        qs = qs.filter(indicator_id__in=sorted(indicator_ids))
    if spec.period is not None:
        # A year exports its halves, quarters and months too.
        qs = qs.filter(period__start__gte=spec.period.start(), period__end__lte=spec.period.end())
    rows = qs.order_by(
        "period__start",
        "-period__end",
        "unit__code",
        "unit__valid_from",
        "indicator__sort_order",
        "indicator__code",
    ).values_list("unit_id", "unit__code", "indicator__code", "period__code", "value", "comment")
    # A code that names another unit in the value's period (code 80: Long An until
    # 30/06/2025, Tây Ninh after) is written as the unit's UID, so the file imports back.
    names: dict[tuple[str, str], int | str] = {}
    resolver, ids = UnitResolver(), Dhis2Ids()
    for unit_id, code, indicator, period, value, comment in rows.iterator(chunk_size=chunk):
        key = (code, period)
        if key not in names:
            names[key] = resolver.lookup(code, PeriodCode.parse(period))
        shown = code if names[key] == unit_id else ids.unit_uid_of(unit_id)
        yield shown, indicator, period, value, comment


@dataclass
class TemplateData:
    """Everything a form template shows, gathered before it is rendered."""

    form: Form
    period: PeriodCode
    deadline: dt.date
    lines: list[tuple[int, Indicator]]  # base indicators only: derived ones are computed
    computed: list[Indicator]
    units: list[Unit]  # the reporting units, one row each (one unit: the long layout)
    parent: Unit | None
    long: bool
    values: dict[tuple[int, int], float] = field(default_factory=dict)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)


def template_data(*, form: Form, period: PeriodCode, unit: Unit | None = None) -> TemplateData:
    """The reporting units of ``form`` for ``period`` (``unit`` itself when it is one, else the
    units below it, else all), its lines, and the values already stored."""
    cutoff = Cutoff(form.cutoff)
    start, end = period.start(cutoff), period.end(cutoff)
    deadline = end + dt.timedelta(days=form.deadline_days)
    lines = list(form.lines.select_related("indicator").order_by("line"))
    base = [(fl.line, fl.indicator) for fl in lines if fl.indicator.numerator_id is None]
    computed = [fl.indicator for fl in lines if fl.indicator.numerator_id is not None]
    kinds = list(form.unit_kinds or [])
    valid = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    long = unit is not None and (not kinds or unit.kind in kinds)
    if long:
        units = [unit]
    else:
        qs = Unit.objects.filter(valid)
        if kinds:
            qs = qs.filter(kind__in=kinds)
        if unit is not None:
            qs = qs.filter(
                pk__in=sorted(unit_descendant_ids(roots=[unit.pk], start=start, end=end))
            )
        units = list(qs.order_by("code", "valid_from"))
    data = TemplateData(
        form=form,
        period=period,
        deadline=deadline,
        lines=base,
        computed=computed,
        units=units,
        parent=None if long else unit,
        long=long,
    )
    stored = StoredPeriod.objects.filter(code=period.code).first()
    if stored is not None and units and base:
        unit_ids = [u.pk for u in units]
        indicator_ids = [i.pk for _, i in base]
        for i in range(0, len(unit_ids), 5000):
            for unit_id, indicator_id, value, comment in Value.objects.filter(
                period=stored, unit_id__in=unit_ids[i : i + 5000], indicator_id__in=indicator_ids
            ).values_list("unit_id", "indicator_id", "value", "comment"):
                data.values[(unit_id, indicator_id)] = value
                if comment:
                    data.comments[(unit_id, indicator_id)] = comment
    return data
