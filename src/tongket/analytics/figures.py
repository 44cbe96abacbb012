"""Figures as a person may read them: value, where it came from, how much stands behind it,
and whether it is an estimate. Every output (the command line, the API, the pages, XLSX and
DOCX) reads its figures from here.

* **Source.** An area's figure is its own stored value, else the sum of the reports of the
  first kind of unit in the indicator's order of sources that has any; the next source with
  values is kept as a reconciliation difference.
* **Coverage.** The units of that kind expected to report and those that did
  (``tongket.analytics.coverage``); under the indicator's threshold the figure is partial.
* **Derived indicators** are computed only over the same units: when every part is complete,
  or every part comes from the same units; otherwise not at all (``withheld``).
* **Estimates.** For a period still in progress (not over, or its reports not yet due) the
  figure is an estimate, «ước thực hiện»: a flow is extrapolated from the months reported
  (value × months of the period ÷ months reported), a stock is its latest value, an average
  the average of what came in; an estimate the department entered takes precedence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tongket.analytics import coverage as cov
from tongket.analytics import derived, engine, hierarchy
from tongket.analytics.coverage import Coverage
from tongket.analytics.models import Estimate
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.indicators.models import Aggregation, Indicator
from tongket.units.models import Unit

FLOW = "flow"
STOCK = "stock"
AVERAGE = "average"
ENTERED = "entered"
DERIVED = "derived"

ESTIMATE_LABEL = "ước thực hiện"
WITHHELD = (
    "Không tính: tử số và mẫu số không cùng các đơn vị báo cáo / "
    "not computed: numerator and denominator do not come from the same units"
)


@dataclass(frozen=True)
class Figure:
    value: float | None
    source: str = engine.NEAREST
    coverage: Coverage | None = None
    threshold: float = 100.0
    withheld: str = ""
    other_source: str = ""
    other_value: float | None = None
    estimated: bool = False
    method: str = ""
    months: int = 0
    months_total: int = 0
    latest: str = ""
    reported_value: float | None = None  # what came in, before any estimate
    entered: float | None = None  # the estimate the unit entered, kept beside the outcome

    @property
    def partial(self) -> bool:
        if self.coverage is None or self.coverage.expected == 0:
            return False
        return self.coverage.reported / self.coverage.expected * 100 < self.threshold

    @property
    def complete(self) -> bool:
        return self.coverage is None or self.coverage.reported >= self.coverage.expected

    @property
    def difference(self) -> float | None:
        if self.value is None or self.other_value is None:
            return None
        return self.value - self.other_value

    @property
    def estimate_note(self) -> str:
        """How the estimate was made, in Vietnamese («» when the figure is not an estimate)."""
        if not self.estimated:
            return ""
        if self.method == FLOW and self.months >= self.months_total:
            return f"{ESTIMATE_LABEL}: số liệu cả kỳ đã báo cáo, chưa chính thức"
        if self.method == FLOW:
            return (
                f"{ESTIMATE_LABEL}: ngoại suy từ {self.months}/{self.months_total} tháng đã báo cáo"
            )
        whole = bool(self.latest) and PeriodCode.parse(self.latest).kind is PeriodKind.YEAR
        if self.method == STOCK and self.latest and not whole:
            label = PeriodCode.parse(self.latest).label_vi()
            return f"{ESTIMATE_LABEL}: số liệu mới nhất ({label[0].lower()}{label[1:]})"
        if self.method == STOCK:
            return f"{ESTIMATE_LABEL}: số liệu cả kỳ đã báo cáo, chưa chính thức"
        if self.method == AVERAGE:
            return f"{ESTIMATE_LABEL}: bình quân các tháng đã báo cáo"
        if self.method == ENTERED:
            return f"{ESTIMATE_LABEL}: số ước do đơn vị nhập"
        return f"{ESTIMATE_LABEL}: tính từ các chỉ tiêu thành phần"


def _estimate(figure: engine.BaseFigure, indicator: Indicator) -> tuple[float | None, str]:
    if figure.value is None:
        return None, ""
    if indicator.period_aggregation == Aggregation.SUM:
        if not figure.months or figure.months >= figure.months_total:
            return figure.value, FLOW
        return figure.value * figure.months_total / figure.months, FLOW
    if indicator.period_aggregation == Aggregation.AVERAGE:
        return figure.value, AVERAGE
    return figure.value, STOCK


def figures(
    *,
    indicators: Sequence[Indicator],
    row_ids: Sequence[int],
    buckets: Sequence[PeriodCode],
    today_units: bool,
    today: dt.date | None = None,
    entered: dict[tuple[int, str, str], float] | None = None,
    today_map: dict[int, int] | None = None,
) -> dict[tuple[int, str, str], Figure]:
    """(row unit id, indicator code, bucket code) → its figure, for every indicator asked.

    ``today_map`` (``hierarchy.today_map()``) may be given when the caller has read it."""
    today = today or hierarchy.today()
    catalogue = engine.Catalogue.load(indicators)
    buckets = list({b.code: b for b in buckets}.values())
    mapping: dict[int, int] = {}
    if today_units:
        mapping = hierarchy.today_map() if today_map is None else today_map
    if entered is None:
        entered = estimates_entered(
            row_ids=row_ids,
            indicators=list(indicators),
            buckets=buckets,
            today_units=today_units,
            today_map=mapping,
        )
    periods = engine.stored_periods(buckets)
    if not row_ids:
        return {}
    if periods:
        cells = engine.cells(
            indicator_ids=[b.id for b in catalogue.bases.values()],
            periods=periods,
            row_ids=row_ids,
            today=hierarchy.today() if today_units else None,
            today_map=mapping if today_units else None,
        )
    else:
        cells = engine.CellSet()
    base = engine.fold_figures(cells, catalogue=catalogue, row_ids=row_ids, buckets=buckets)
    forms = cov.forms_by_indicator(list(catalogue.bases.values()))
    row_kinds = dict(Unit.objects.filter(pk__in=list(row_ids)).values_list("pk", "kind"))
    ordered = [b for b in catalogue.bases.values() if b.sources]
    # Read once for every bucket: who reported (one statement for the quarters of a year),
    # since when the enterprises report each line, and, on today's units, the closure.
    reported_all = (
        cov.reported_by_bucket(
            base_ids=[b.id for b in ordered],
            row_ids=row_ids,
            buckets=buckets,
            today_units=today_units,
            today_map=mapping,
        )
        if ordered
        else {}
    )
    registered_all = cov.registered_since(
        indicator_ids=sorted(
            {
                b.id
                for b in ordered
                for bucket in buckets
                if cov.expected_kinds(forms.get(b.id, []), bucket) & cov.REGISTERED_KINDS
            }
        ),
        until=max((b.end() for b in buckets), default=today),
    )
    below = None
    out: dict[tuple[int, str, str], Figure] = {}
    for bucket in buckets:
        kinds = set()
        for b in ordered:
            kinds |= cov.expected_kinds(forms.get(b.id, []), bucket) & set(b.sources)
        if kinds and today_units and below is None:
            below = cov.closure_below(row_ids=row_ids, day=hierarchy.today())
        expected = cov.expected_units(
            row_ids=row_ids,
            kinds=kinds,
            bucket=bucket,
            today_units=today_units,
            at_end=cov.at_end_kinds([f for b in ordered for f in forms.get(b.id, [])], bucket),
            today_map=mapping,
            below=below if today_units else None,
        )
        reported = reported_all.get(bucket.code, {})
        registered = registered_all.by(bucket.end())
        bucket_code = bucket.code
        for code, indicator in catalogue.bases.items():
            closing = cov.closing_days(forms.get(indicator.id, []), bucket)
            open_ = cov.is_open(bucket, today=today, closing=closing)
            wanted = cov.expected_kinds(forms.get(indicator.id, []), bucket)
            reporting = registered.get(indicator.id, ())
            for row_id in row_ids:
                found = base[(row_id, code, bucket_code)]
                source = found.source
                if found.value is None and indicator.sources:
                    # Nothing came in: the coverage of the first source expected says who owes.
                    source = next((k for k in indicator.sources if k in wanted), "")
                coverage = None
                if source or found.value is not None:
                    # Only the units of the figure's source count (``coverage_of``).
                    units = expected.get(row_id, {}).get(source, {}) if source in wanted else {}
                    if units and source in cov.REGISTERED_KINDS:
                        units = {u: d for u, d in units.items() if u in reporting}
                    coverage = cov.coverage_of(
                        source=source,
                        row_id=row_id,
                        expected={source: units} if units else {},
                        reported=reported.get((row_id, indicator.id), {}),
                    )
                if found.value is None and row_kinds.get(row_id) in wanted:
                    # The row unit itself owes the report (a commune on the commune form).
                    source, coverage = engine.OWN, Coverage(1, 0, frozenset(), (row_id,))
                value, method = found.value, ""
                if open_:
                    value, method = _estimate(found, indicator)
                key = (row_id, code, bucket_code)
                if open_ and key in entered:
                    value, method = entered[key], ENTERED
                out[key] = Figure(
                    value=value,
                    source=source,
                    coverage=coverage,
                    threshold=indicator.coverage_threshold,
                    other_source=found.other_source,
                    other_value=found.other_value,
                    estimated=open_ and value is not None,
                    method=method,
                    months=found.months,
                    months_total=found.months_total,
                    latest=found.latest,
                    reported_value=found.value,
                    entered=entered.get(key),
                )
    for indicator in catalogue.requested:
        if not indicator.is_derived:
            continue
        needs = catalogue.needs[indicator.code]
        for bucket in buckets:
            open_ = cov.is_open(bucket, today=today, closing=0)
            bucket_code = bucket.code
            for row_id in row_ids:
                parts = {c: out[(row_id, c, bucket_code)] for c in needs}
                key = (row_id, indicator.code, bucket_code)
                figure = derive(indicator, parts)
                if key in entered:
                    figure = replace(figure, entered=entered[key])
                    if open_:
                        figure = replace(figure, value=entered[key], estimated=True, method=ENTERED)
                out[key] = figure
    return out


def estimates_entered(
    *,
    row_ids: Sequence[int],
    indicators: Sequence[Indicator],
    buckets: Sequence[PeriodCode],
    today_units: bool,
    today_map: dict[int, int] | None = None,
) -> dict[tuple[int, str, str], float]:
    """Estimates entered for the row units (on today's units, also those entered for the units
    they cover today, summed), by (row unit id, indicator code, bucket code)."""
    wanted = set(row_ids)
    mapping: dict[int, int] = {}
    if today_units:
        mapping = hierarchy.today_map() if today_map is None else today_map
    units = wanted | {old for old, new in mapping.items() if new in wanted}
    found: dict[tuple[int, str, str], float] = {}
    for unit_id, code, period, value in Estimate.objects.filter(
        unit_id__in=sorted(units),
        indicator__in=list(indicators),
        period__code__in=[b.code for b in buckets],
    ).values_list("unit_id", "indicator__code", "period__code", "value"):
        key = (mapping.get(unit_id, unit_id), code, period)
        found[key] = found.get(key, 0.0) + value
    return found


def derive(indicator: Indicator, parts: dict[str, Figure]) -> Figure:
    """A derived figure from its parts' figures, computed only over the same units."""
    figures_ = list(parts.values())
    same = all(f.complete for f in figures_)
    if not same:
        sources = {f.source for f in figures_}
        sets = {f.coverage.reporter_ids for f in figures_ if f.coverage is not None}
        same = (
            len(sources) == 1 and all(f.coverage is not None for f in figures_) and len(sets) == 1
        )
    values = {c: f.value for c, f in parts.items()}
    value = derived.compute(indicator, values) if same else None
    weakest = min(
        (f for f in figures_ if f.coverage is not None and f.coverage.expected),
        key=lambda f: f.coverage.reported / f.coverage.expected,
        default=None,
    )
    estimated = any(f.estimated for f in figures_) and value is not None
    return Figure(
        value=value,
        source=weakest.source if weakest else engine.NEAREST,
        coverage=weakest.coverage if weakest else None,
        threshold=indicator.coverage_threshold,
        withheld="" if same or any(v is None for v in values.values()) else WITHHELD,
        estimated=estimated,
        method=DERIVED if estimated else "",
    )
