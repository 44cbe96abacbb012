"""Live analytics read straight from the stored values: tables, series and the national pivot.

Every figure is aggregated when asked (see ``tongket.analytics.engine``); nothing is kept
between queries. Rows carry the target for the unit and period, the attainment, the change
on the same period a year earlier and the rank among peer units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from tongket.analytics import engine, hierarchy
from tongket.analytics.coverage import unit_codes
from tongket.analytics.figures import Figure, figures
from tongket.analytics.hierarchy import AnalyticsError, UnitRef
from tongket.analytics.measures import HIGHER, LOWER, attainment, change, competition_ranks
from tongket.analytics.measures import target_met as _met
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError, PeriodKind
from tongket.indicators.display import (
    Display,
    indicator_display,
    percent_text,
    signed_percent_text,
)
from tongket.indicators.models import Indicator
from tongket.reporting.models import Target
from tongket.units.models import UnitKind

BY_SELF = "self"
BY_UNIT = "unit"
BY_PERIOD = "period"


@dataclass(frozen=True)
class Row:
    unit: UnitRef
    period: str
    indicator: str
    value: float | None
    target: float | None = None
    direction: str = HIGHER
    attainment: float | None = None
    target_met: bool | None = None
    previous: float | None = None
    change_abs: float | None = None
    change_pct: float | None = None
    rank: int | None = None
    rank_attainment: int | None = None
    peers: int = 0
    # Where the figure comes from and how much stands behind it (see analytics.figures).
    source: str = ""
    expected: int | None = None
    reported: int | None = None
    coverage: float | None = None  # percent of the expected units that reported
    partial: bool = False  # coverage under the indicator's threshold: not the total
    missing: tuple[tuple[str, str], ...] = ()  # (code, name) of the units that did not report
    withheld: str = ""  # why a derived figure is not computed
    reconciliation_source: str = ""
    reconciliation_value: float | None = None
    reconciliation_difference: float | None = None
    estimated: bool = False  # «ước thực hiện»: the period is still in progress
    estimate_method: str = ""  # flow | stock | average | entered | derived
    estimate_note: str = ""
    reported_value: float | None = None  # what came in, before any estimate
    entered_estimate: float | None = None  # the estimate entered, beside the outcome later
    display: Display | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["unit"] = self.unit.code
        data["unit_name"] = self.unit.name
        data["unit_kind"] = self.unit.kind
        data["change"] = data.pop("change_abs")
        data["missing"] = [{"code": c, "name": n} for c, n in self.missing]
        shown = self.display or Display(unit="", unit_en="")
        data["display"] = {
            "unit": shown.unit,
            "unit_en": shown.unit_en,
            "scale": shown.scale,
            "decimals": shown.decimals,
            **{name: shown.value(getattr(self, attr)) for name, attr in _DISPLAYED.items()},
            **{
                f"{name}_text": shown.text(getattr(self, attr)) for name, attr in _DISPLAYED.items()
            },
        }
        return data

    def text(self, name: str = "value") -> str:
        """A figure of the row in the indicator's display unit («8.618,4»)."""
        shown = self.display or Display(unit="", unit_en="")
        return shown.text(getattr(self, _DISPLAYED.get(name, name)))

    @property
    def value_text(self) -> str:
        return self.text("value")

    @property
    def target_text(self) -> str:
        return self.text("target")

    @property
    def previous_text(self) -> str:
        return self.text("previous")

    @property
    def change_text(self) -> str:
        text = self.text("change")
        return f"+{text}" if self.change_abs is not None and self.change_abs > 0 else text

    @property
    def attainment_text(self) -> str:
        """«100,0%»: one decimal always."""
        return percent_text(self.attainment)

    @property
    def change_pct_text(self) -> str:
        """«+3,0%», «-2,1%»."""
        return signed_percent_text(self.change_pct)

    @property
    def coverage_pct_text(self) -> str:
        return percent_text(self.coverage)

    @property
    def reconciliation_text(self) -> str:
        return self.text("reconciliation_value")

    @property
    def reconciliation_difference_text(self) -> str:
        text = self.text("reconciliation_difference")
        positive = self.reconciliation_difference is not None and self.reconciliation_difference > 0
        return f"+{text}" if positive else text

    @property
    def entered_estimate_text(self) -> str:
        return self.text("entered_estimate")

    @property
    def coverage_text(self) -> str:
        """«1/886 đơn vị báo cáo» when partial; «» otherwise."""
        if not self.partial or self.expected is None:
            return ""
        return f"{self.reported}/{self.expected} đơn vị báo cáo"


# Figures of a row shown in the display unit: name in the JSON → attribute.
_DISPLAYED = {
    "value": "value",
    "target": "target",
    "previous": "previous",
    "change": "change_abs",
    "reconciliation_value": "reconciliation_value",
    "reconciliation_difference": "reconciliation_difference",
    "reported_value": "reported_value",
    "entered_estimate": "entered_estimate",
}


@dataclass(frozen=True)
class PivotCell:
    value: float | None
    target: float | None
    attainment: float | None  # none for a partial figure: it is not the total
    expected: int | None = None
    reported: int | None = None
    coverage: float | None = None  # percent of the expected units that reported
    partial: bool = False
    estimated: bool = False  # «ước thực hiện»: the quarter is still in progress


@dataclass
class Pivot:
    year: int
    units: list[UnitRef]
    periods: list[str]
    indicators: list[str]
    cells: dict[tuple[str, str, str], PivotCell] = field(default_factory=dict)

    def cell(self, unit_code: str, period: str, indicator: str) -> PivotCell:
        return self.cells[(unit_code, period, indicator)]


def _parse_period(code: str) -> PeriodCode:
    try:
        return PeriodCode.parse(code)
    except PeriodError as exc:
        raise AnalyticsError(str(exc)) from None


def indicator_list(codes: Sequence[str]) -> list[Indicator]:
    """The indicators with ``codes``, in that order; an unknown code is an error."""
    found = {
        i.code: i
        for i in Indicator.objects.filter(code__in=list(codes)).select_related(
            "numerator", "denominator"
        )
    }
    missing = [c for c in codes if c not in found]
    if missing:
        names = ", ".join(missing)
        raise AnalyticsError(f"Không có chỉ tiêu: {names} / unknown indicator: {names}")
    return [found[c] for c in codes]


def _targets(
    unit_ids: Sequence[int],
    indicators: Sequence[Indicator],
    periods: Sequence[str],
    *,
    today_units: bool = False,
    today_map: dict[int, int] | None = None,
) -> dict[tuple[int, str, str], tuple[float, str]]:
    """Targets by (unit id, indicator code, period code).

    With ``today_units``, a unit of today without a target of its own for a period takes the
    sum of its predecessors' targets (Hưng Yên's 2017 target = Thái Bình's + old Hưng Yên's),
    for summed indicators, when every predecessor has one and they agree on the direction.
    """
    merged: dict[int, list[int]] = {}
    if today_units:
        mapping = hierarchy.today_map() if today_map is None else today_map
        for old, new in mapping.items():
            if new in unit_ids:
                merged.setdefault(new, []).append(old)
    wanted = [*unit_ids, *(old for olds in merged.values() for old in olds)]
    rows = Target.objects.filter(
        unit_id__in=wanted, indicator__in=list(indicators), period__code__in=list(periods)
    ).values_list("unit_id", "indicator__code", "period__code", "value", "direction")
    found = {(u, i, p): (value, direction) for u, i, p, value, direction in rows}
    summed = {i.code for i in indicators if i.aggregation == "sum" and not i.is_derived}
    for new, olds in merged.items():
        for code in summed:
            for period in periods:
                if (new, code, period) in found:
                    continue
                parts = [found[(old, code, period)] for old in olds if (old, code, period) in found]
                if parts and len(parts) == len(olds) and len({d for _, d in parts}) == 1:
                    found[(new, code, period)] = (sum(v for v, _ in parts), parts[0][1])
    return {key: target for key, target in found.items() if key[0] in set(unit_ids)}


def _values(
    *,
    indicators: Sequence[Indicator],
    row_ids: Sequence[int],
    buckets: Sequence[PeriodCode],
    today_units: bool,
) -> dict[tuple[int, str, str], float | None]:
    catalogue = engine.Catalogue.load(indicators)
    periods = engine.stored_periods(buckets)
    if not periods or not row_ids:
        return {}
    cells = engine.cells(
        indicator_ids=[b.id for b in catalogue.bases.values()],
        periods=periods,
        row_ids=row_ids,
        today=hierarchy.today() if today_units else None,
        today_map=hierarchy.today_map() if today_units else None,
    )
    return engine.fold(cells, catalogue=catalogue, row_ids=row_ids, buckets=buckets)


def _period_parts(period: PeriodCode) -> list[PeriodCode]:
    if period.kind in (PeriodKind.YEAR, PeriodKind.HALF):
        return period.parts(PeriodKind.QUARTER)
    if period.kind is PeriodKind.QUARTER:
        return period.parts(PeriodKind.MONTH)
    return [period]


def _rows(
    *,
    indicator: Indicator,
    shown: Sequence[UnitRef],
    peers: Sequence[UnitRef],
    buckets: Sequence[PeriodCode],
    today_units: bool,
) -> list[Row]:
    """Rows for ``shown`` × ``buckets``, ranked among ``peers`` (which include ``shown``)."""
    previous = [b.shift_years(-1) for b in buckets]
    peer_ids = [u.id for u in peers]
    found = figures(
        indicators=[indicator],
        row_ids=peer_ids,
        buckets=[*buckets, *previous],
        today_units=today_units,
    )
    targets = _targets(peer_ids, [indicator], [b.code for b in buckets], today_units=today_units)
    default_direction = indicator.direction
    names = _missing_names(found.values())
    rows: list[Row] = []
    for bucket, before in zip(buckets, previous, strict=True):
        built = []
        for unit in peers:
            figure = found[(unit.id, indicator.code, bucket.code)]
            target, direction = targets.get(
                (unit.id, indicator.code, bucket.code), (None, default_direction)
            )
            prev = found[(unit.id, indicator.code, before.code)].value
            built.append(_row(unit, bucket.code, indicator, figure, target, direction, prev, names))
        rows.extend(_ranked(built, default_direction, {u.id for u in shown}))
    return rows


def _missing_names(found) -> dict[int, tuple[str, str]]:
    ids = [i for f in found if f.coverage is not None for i in f.coverage.missing_ids]
    return unit_codes(ids) if ids else {}


def _ranked(rows: list[Row], direction: str, keep: set[int]) -> list[Row]:
    """Rank each kind of unit among itself, by value (respecting direction) and attainment."""
    out: dict[int, Row] = {}
    for kind in dict.fromkeys(r.unit.kind for r in rows):
        group = [r for r in rows if r.unit.kind == kind]
        by_value = competition_ranks(group, lambda r: r.value, descending=direction != LOWER)
        by_attainment = competition_ranks(group, lambda r: r.attainment)
        peers = sum(1 for r in group if r.value is not None)
        for r, rv, ra in zip(group, by_value, by_attainment, strict=True):
            out[r.unit.id] = replace(r, rank=rv, rank_attainment=ra, peers=peers)
    return [out[r.unit.id] for r in rows if r.unit.id in keep]


def _row(
    unit: UnitRef,
    period: str,
    indicator: Indicator,
    figure: Figure,
    target: float | None,
    direction: str,
    prev: float | None,
    names: dict[int, tuple[str, str]],
) -> Row:
    """A row with its attainment, its change on ``prev`` (the same period a year earlier),
    its coverage, reconciliation and estimate."""
    value = figure.value
    diff, pct = change(value, prev)
    c = figure.coverage
    return Row(
        unit=unit,
        period=period,
        indicator=indicator.code,
        value=value,
        target=target,
        direction=direction,
        attainment=attainment(value, target, direction),
        target_met=_met(value, target, direction),
        previous=prev,
        change_abs=diff,
        change_pct=pct,
        source=figure.source,
        expected=c.expected if c else None,
        reported=c.reported if c else None,
        coverage=c.percent if c else None,
        partial=figure.partial,
        missing=tuple(names.get(i, (str(i), "")) for i in c.missing_ids) if c else (),
        withheld=figure.withheld,
        reconciliation_source=figure.other_source,
        reconciliation_value=figure.other_value,
        reconciliation_difference=figure.difference,
        estimated=figure.estimated,
        estimate_method=figure.method,
        estimate_note=figure.estimate_note,
        reported_value=figure.reported_value,
        entered_estimate=figure.entered,
        display=indicator_display(indicator),
    )


def analytics_rows(
    *,
    indicator: str,
    period_code: str,
    unit: str | None = None,
    by: str = BY_UNIT,
    today_units: bool = False,
) -> list[Row]:
    """A table of one indicator.

    ``by="self"``: the unit itself for the period, ranked among its peers;
    ``by="unit"``: the children of ``unit`` (the provinces when no unit) for the period;
    ``by="period"``: the unit (the country when no unit) for each part of the period
    (the quarters of a year or a half, the months of a quarter).
    """
    period = _parse_period(period_code)
    (ind,) = indicator_list([indicator])
    day = hierarchy.today() if today_units else period.end()
    parent = hierarchy.unit_at(code=unit, on=day) if unit else None
    if by == BY_SELF:
        if parent is None:
            raise AnalyticsError(
                "Cần chọn đơn vị (--unit) / a unit (--unit) is needed for its own row"
            )
        return _rows(
            indicator=ind,
            shown=[parent],
            peers=hierarchy.unit_peers(unit=parent, on=day),
            buckets=[period],
            today_units=today_units,
        )
    if by == BY_UNIT:
        shown = (
            hierarchy.unit_children(unit_id=parent.id, on=day)
            if parent
            else hierarchy.units_of_kind(kind=UnitKind.PROVINCE, on=day)
        )
        return _rows(
            indicator=ind, shown=shown, peers=shown, buckets=[period], today_units=today_units
        )
    if by == BY_PERIOD:
        if parent is None:
            countries = hierarchy.units_of_kind(kind=UnitKind.COUNTRY, on=day)
            if not countries:
                raise AnalyticsError(
                    "Cần chọn đơn vị (--unit) khi xem theo kỳ / "
                    "a unit (--unit) is needed to list by period"
                )
            parent = countries[0]
        peers = hierarchy.unit_peers(unit=parent, on=day)
        return _rows(
            indicator=ind,
            shown=[parent],
            peers=peers,
            buckets=_period_parts(period),
            today_units=today_units,
        )
    raise AnalyticsError(f"«{by}»: chỉ dùng self, unit hoặc period / use self, unit or period")


def indicator_series(
    *, indicator: str, unit: str, periods: Sequence[str], today_units: bool = False
) -> list[Row]:
    """One unit's values over ``periods`` (e.g. ten years), with targets and change.

    The unit is the one with ``unit`` as code on the last day of the last period (today with
    ``today_units``); it is not ranked (``rank`` is ``None``).
    """
    buckets = [_parse_period(p) for p in periods]
    if not buckets:
        return []
    (ind,) = indicator_list([indicator])
    day = hierarchy.today() if today_units else max(b.end() for b in buckets)
    ref = hierarchy.unit_at(code=unit, on=day)
    rows = _rows(indicator=ind, shown=[ref], peers=[ref], buckets=buckets, today_units=today_units)
    return [replace(r, rank=None, rank_attainment=None, peers=0) for r in rows]


def unit_indicator_rows(
    *,
    unit: str,
    indicators: Sequence[str],
    periods: Sequence[str],
    today_units: bool = False,
    on: dt.date | None = None,
) -> list[Row]:
    """One unit's values of several indicators over ``periods``, with targets and the change on
    a year earlier: ``indicator_series`` for many indicators in one read of the values (the
    tables of a year-end report). Rows come indicator by indicator, in the order given; they
    are not ranked.

    The unit is the one with code ``unit`` on ``on`` (default: the last day of the last
    period, today with ``today_units``), so a unit that ended within the period is named by a
    day it still existed.
    """
    buckets = [_parse_period(p) for p in periods]
    if not buckets or not indicators:
        return []
    inds = indicator_list(list(indicators))
    day = on or (hierarchy.today() if today_units else max(b.end() for b in buckets))
    ref = hierarchy.unit_at(code=unit, on=day)
    wanted = {b.code: b for b in buckets}
    for b in buckets:
        wanted.setdefault(b.shift_years(-1).code, b.shift_years(-1))
    found = figures(
        indicators=inds, row_ids=[ref.id], buckets=list(wanted.values()), today_units=today_units
    )
    targets = _targets([ref.id], inds, [b.code for b in buckets], today_units=today_units)
    names = _missing_names(found.values())
    rows = []
    for ind in inds:
        for bucket in buckets:
            figure = found[(ref.id, ind.code, bucket.code)]
            target, direction = targets.get((ref.id, ind.code, bucket.code), (None, ind.direction))
            prev = found[(ref.id, ind.code, bucket.shift_years(-1).code)].value
            rows.append(_row(ref, bucket.code, ind, figure, target, direction, prev, names))
    return rows


def national_pivot(
    *,
    year: int,
    indicators: Sequence[str],
    level: str = UnitKind.PROVINCE,
    today_units: bool = True,
) -> Pivot:
    """Every unit of ``level`` × the four quarters of ``year`` × ``indicators``, each cell with
    its coverage (partial cells get no attainment) and whether it is an estimate."""
    inds = indicator_list(list(indicators))
    day = hierarchy.today() if today_units else dt.date(year, 12, 31)
    units = hierarchy.units_of_kind(kind=level, on=day)
    quarters = PeriodCode.year_of(year).parts(PeriodKind.QUARTER)
    unit_ids = [u.id for u in units]
    mapping = hierarchy.today_map() if today_units else {}
    found = figures(
        indicators=inds,
        row_ids=unit_ids,
        buckets=quarters,
        today_units=today_units,
        today_map=mapping,
    )
    targets = _targets(
        unit_ids, inds, [q.code for q in quarters], today_units=today_units, today_map=mapping
    )
    pivot = Pivot(
        year=year,
        units=units,
        periods=[q.code for q in quarters],
        indicators=[i.code for i in inds],
    )
    codes = [q.code for q in quarters]
    for unit in units:
        for quarter in codes:
            for ind in inds:
                key = (unit.id, ind.code, quarter)
                figure = found[key]
                target, direction = targets.get(key, (None, ind.direction))
                c = figure.coverage
                pivot.cells[(unit.code, quarter, ind.code)] = PivotCell(
                    value=figure.value,
                    target=target,
                    attainment=None
                    if figure.partial
                    else attainment(figure.value, target, direction),
                    expected=c.expected if c else None,
                    reported=c.reported if c else None,
                    coverage=c.percent if c else None,
                    partial=figure.partial,
                    estimated=figure.estimated,
                )
    return pivot


def target_rows(
    *, unit: str | None = None, period_code: str | None = None, indicator: str | None = None
) -> list[Row]:
    """Stored targets (filtered by unit code, period, indicator) with the value reached.

    Each value is aggregated for the target's own unit through the links valid in its
    period, so a 2017 target of Thái Bình is checked against Thái Bình's 2017 figures.
    """
    qs = Target.objects.select_related("unit", "indicator", "period").order_by(
        "period__start", "indicator__sort_order", "indicator__code", "unit__code"
    )
    if unit:
        qs = qs.filter(unit__code=unit)
    if period_code:
        qs = qs.filter(period__code=_parse_period(period_code).code)
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    targets = list(qs)
    groups: dict[tuple[int, str], list[Target]] = {}
    for t in targets:
        groups.setdefault((t.indicator_id, t.period.code), []).append(t)
    values: dict[tuple[int, str, str], float | None] = {}
    for group in groups.values():
        first = group[0]
        bucket = _parse_period(first.period.code)
        values.update(
            _values(
                indicators=[first.indicator],
                row_ids=sorted({t.unit_id for t in group}),
                buckets=[bucket],
                today_units=False,
            )
        )
    rows = []
    for t in targets:
        value = values.get((t.unit_id, t.indicator.code, t.period.code))
        rows.append(
            Row(
                unit=UnitRef(id=t.unit_id, code=t.unit.code, name=t.unit.name, kind=t.unit.kind),
                period=t.period.code,
                indicator=t.indicator.code,
                value=value,
                target=t.value,
                direction=t.direction,
                attainment=attainment(value, t.value, t.direction),
                target_met=_met(value, t.value, t.direction),
                display=indicator_display(t.indicator),
            )
        )
    return rows


def estimate_rows(*, unit: str | None = None, period_code: str | None = None) -> list[Row]:
    """Entered estimates, each as the row of its unit, indicator and period: while the period
    is open the estimate is the figure; once closed the outcome stands with the estimate
    beside it (``entered_estimate``)."""
    from tongket.analytics.models import Estimate

    qs = Estimate.objects.select_related("unit", "indicator", "period").order_by(
        "period__start", "unit__code", "indicator__sort_order", "indicator__code"
    )
    if unit:
        qs = qs.filter(unit__code=unit)
    if period_code:
        qs = qs.filter(period__code=_parse_period(period_code).code)
    rows = []
    for e in qs:
        day = min(e.period.end, e.unit.valid_to) if e.unit.valid_to else e.period.end
        rows += unit_indicator_rows(
            unit=e.unit.code, indicators=[e.indicator.code], periods=[e.period.code], on=day
        )
    return rows
