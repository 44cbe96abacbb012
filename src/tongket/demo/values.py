"""Synthetic, plausible indicator values and targets for the demo database.

Every value written here has ``source=synthetic`` so nobody mistakes it for real data; the
figures the source documents state (Thái Bình 2017, Vĩnh Long 2010, Thừa Thiên Huế 2007)
are stored with ``source=document`` instead. Values are drawn from a generator seeded by
(unit code, indicator, period), so running the demo twice gives the same numbers and stores
nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.db import transaction

from tongket.core.periods import Period as PeriodCode
from tongket.demo.calibration import calibration
from tongket.indicators.models import Indicator
from tongket.reporting.models import Period, Target, Value, ValueSource
from tongket.reporting.periods import periods_ensure
from tongket.units.models import Unit, UnitKind, UnitSuccession

FIRST_YEAR = 2016
MERGE_DAY = dt.date(2025, 7, 1)
SYNTHETIC_REF = "demo: dữ liệu giả lập / synthetic"
# Provinces whose communes and enterprise branches report through the demo forms (their
# commune values come from those reports): Hưng Yên (with Thái Bình), Huế.
DEMO_PROVINCES = ("33", "46")
COMMUNE_MONTHLY = (
    "pop.total",
    "tel.subscribers",
    "bb.subscribers",
    "bts.stations",
    "post.points",
)


def _rng(*key: object) -> random.Random:
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _population(code: str, year: int) -> float:
    """A province's population (code as until 30/06/2025), calibrated to the published one."""
    return calibration().population(code, year)


@dataclass(frozen=True)
class DemoScope:
    years: list[int]
    today: dt.date


def _old_provinces() -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.PROVINCE, valid_from__lt=MERGE_DAY).exclude(
            valid_to__lt=dt.date(FIRST_YEAR, 1, 1)
        )
    )


def _new_provinces() -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True).exclude(
            valid_from__gt=dt.date.today()
        )
    )


def _predecessors(unit: Unit) -> list[Unit]:
    """The old provinces a province of 1 July 2025 covers (itself when it did not change)."""
    olds = [
        s.predecessor
        for s in UnitSuccession.objects.filter(successor=unit).select_related("predecessor")
    ]
    found: list[Unit] = []
    for old in olds:
        found.extend(_predecessors(old) if old.valid_from >= dt.date(2024, 1, 1) else [old])
    return found or [unit]


def _per_inhabitant(code: str, indicator: str, year: int) -> float:
    """The calibrated level with the province's own market profile, shared by its
    subscriber figures so that parts keep below their wholes."""
    profile = _rng(code, "market").uniform(0.92, 1.08)
    noise = _rng(code, indicator, year).uniform(0.98, 1.02)
    return calibration().per_inhabitant(code, indicator, year - FIRST_YEAR) * profile * noise


@cache
def _province_value(code: str, indicator: str, year: int) -> float:
    pop = _population(code, year)
    if indicator == "pop.total":
        return pop
    cal = calibration()
    rng = _rng(code, indicator, year)
    if indicator == "pop.households":
        size = cal.people_per_household * _rng(code, "household").uniform(0.9, 1.1)
        return float(round(pop / size))
    if indicator == "egov.edoc_share":
        return round(min(99.5, 55 + 5 * (year - FIRST_YEAR) + rng.uniform(-6, 6)), 1)
    if indicator == "egov.online_services":
        return float(int(350 + 160 * (year - FIRST_YEAR) + rng.uniform(-80, 80)))
    if indicator == "sec.incidents":
        # Each province its own level, falling slowly as systems are hardened.
        level = _rng(code, "incidents").uniform(8, 35) * 0.96 ** (year - FIRST_YEAR)
        return float(round(level * rng.uniform(0.8, 1.2)))
    if indicator == "train.sessions":
        return float(round(_rng(code, "training").uniform(10, 35) * rng.uniform(0.85, 1.15)))
    if indicator == "tel.mobile_subscribers":
        return _province_value(code, "tel.subscribers", year) - _province_value(
            code, "tel.fixed_subscribers", year
        )
    if indicator == "bb.subscribers":
        return _province_value(code, "bb.fixed_subscribers", year) + _province_value(
            code, "bb.mobile_subscribers", year
        )
    value = pop * _per_inhabitant(code, indicator, year)
    anchor = ANCHORS.get((code, indicator))
    if anchor is not None:
        # Around a figure a source document states, the synthetic series follows it.
        anchor_year, anchor_value = anchor
        growth = cal.levels[indicator].growth
        value = anchor_value * (1 + growth) ** (year - anchor_year) * rng.uniform(0.97, 1.03)
    return float(round(value, -6) if indicator.startswith("ict.") else round(value))


# (province code, indicator) → (year, value) that the synthetic series passes through.
ANCHORS: dict[tuple[str, str], tuple[int, float]] = {
    ("34", "ict.revenue"): (2017, 2_060_000_000_000.0),
    ("34", "ict.budget"): (2017, 100_000_000_000.0),
}


PROVINCE_INDICATORS = (
    "pop.total",
    "pop.households",
    "tel.subscribers",
    "tel.fixed_subscribers",
    "tel.mobile_subscribers",
    "bb.subscribers",
    "bb.fixed_subscribers",
    "bb.mobile_subscribers",
    "bts.stations",
    "post.points",
    "ict.revenue",
    "ict.budget",
    "egov.edoc_share",
    "egov.online_services",
    "sec.incidents",
    "train.sessions",
)


def _merged_value(units: list[Unit], indicator: str, year: int) -> float:
    """A 2025+ province's value: its predecessors' summed, rates averaged weighted by people."""
    return _merged_codes(tuple(u.code for u in units), indicator, year)


@cache
def _merged_codes(codes: tuple[str, ...], indicator: str, year: int) -> float:
    if indicator in {"egov.edoc_share"}:
        weights = [_population(c, year) for c in codes]
        values = [_province_value(c, indicator, year) for c in codes]
        return round(sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights), 1)
    return float(sum(_province_value(c, indicator, year) for c in codes))


def _annual_rows(scope: DemoScope) -> Iterator[tuple[Unit, str, str, float]]:
    for year in scope.years:
        period_end = dt.date(year, 12, 31)
        if period_end < MERGE_DAY:
            for unit in _old_provinces():
                if unit.is_valid_on(period_end):
                    for code in PROVINCE_INDICATORS:
                        yield unit, code, str(year), _province_value(unit.code, code, year)
        else:
            for unit in _new_provinces():
                parts = _predecessors(unit)
                values = {code: _merged_value(parts, code, year) for code in PROVINCE_INDICATORS}
                if year == scope.today.year and unit.code in DEMO_PROVINCES:
                    # The year in progress of a province whose communes report the parts of
                    # these totals: its own record carries the parts too, so that a part and
                    # its whole come from the same figures (the department's annual report
                    # gives them for the closed years).
                    values.update(_own_parts(values, year))
                for code, value in values.items():
                    yield unit, code, str(year), value


def _own_parts(values: dict[str, float], year: int) -> dict[str, float]:
    """Full-process and partial online services, incidents handled: in keeping with the
    province's own totals (the same shares as the department's annual report)."""
    services = values["egov.online_services"]
    full = math.floor(services * min(0.6, 0.15 + 0.05 * (year - FIRST_YEAR)))
    return {
        "egov.online_services_full": float(full),
        "egov.online_services_partial": float(services - full),
        "sec.incidents_handled": float(math.floor(values["sec.incidents"] * 0.9)),
    }


def demo_months(today: dt.date) -> list[PeriodCode]:
    """The months of today's communes: from July 2025 to the last finished month."""
    last = PeriodCode.parse(f"{today.year}-{today.month:02d}").previous()
    return [
        PeriodCode.parse(f"{year}-{month:02d}")
        for year in range(2025, last.year + 1)
        for month in range(1, 13)
        if (2025, 7) <= (year, month) <= (last.year, last.number)
    ]


@dataclass(frozen=True)
class CommuneShare:
    """A commune's share of its province of today, and that province's predecessors."""

    commune: Unit
    share: float
    parts: tuple[Unit, ...]

    def people(self, year: int) -> float:
        return self.share * _merged_codes(tuple(u.code for u in self.parts), "pop.total", year)

    def rate(self, indicator: str, period: PeriodCode) -> float:
        """Per inhabitant in ``period``: the province's yearly rates, interpolated by month."""
        codes = tuple(u.code for u in self.parts)
        now = _merged_codes(codes, indicator, period.year) / _merged_codes(
            codes, "pop.total", period.year
        )
        after = _merged_codes(codes, indicator, period.year + 1) / _merged_codes(
            codes, "pop.total", period.year + 1
        )
        return now + (after - now) * period.number / 12


def commune_shares(province: Unit) -> list[CommuneShare]:
    """Today's communes of ``province`` with seeded shares of its people (summing to 1)."""
    communes = list(
        Unit.objects.filter(
            kind=UnitKind.COMMUNE, parent_links__parent=province, valid_to__isnull=True
        ).order_by("code")
    )
    weights = [0.3 + _rng("commune", c.code).random() ** 2 * 3 for c in communes]
    total = sum(weights) or 1.0
    parts = tuple(_predecessors(province))
    return [CommuneShare(c, w / total, parts) for c, w in zip(communes, weights, strict=True)]


def _commune_rows(scope: DemoScope) -> Iterator[tuple[Unit, str, str, float]]:
    """Monthly values of today's communes outside the demo provinces (theirs are reported)."""
    months = demo_months(scope.today)
    for province in _new_provinces():
        if province.code in DEMO_PROVINCES:
            continue
        for share in commune_shares(province):
            for period in months:
                people = share.people(period.year)
                for code in COMMUNE_MONTHLY:
                    if code == "pop.total":
                        yield share.commune, code, period.code, float(round(people))
                        continue
                    value = people * share.rate(code, period)
                    value *= _rng(share.commune.code, code, period.code).uniform(0.99, 1.01)
                    yield share.commune, code, period.code, float(round(value))


# Figures the source documents state, stored as coming from those documents.
DOCUMENT_FIGURES = (
    (
        "34",
        dt.date(2017, 12, 31),
        "ict.revenue",
        "2017",
        2_060_000_000_000.0,
        "seed 003: 2.060 tỷ đồng",
    ),
    (
        "34",
        dt.date(2016, 12, 31),
        "ict.revenue",
        "2016",
        round(2_060_000_000_000.0 / 1.19, -9),
        "seed 003: năm 2017 tăng 19% so với năm 2016",
    ),
    ("34", dt.date(2017, 12, 31), "ict.budget", "2017", 100_000_000_000.0, "seed 003: 100 tỷ đồng"),
    ("86", dt.date(2010, 12, 31), "train.sessions", "2010", 26.0, "seed 004: 26 cuộc"),
)
DOCUMENT_TARGETS = (
    ("46", dt.date(2007, 12, 31), "tel.density", "2007", 35.0, "seed 001: 35 máy/100 dân"),
)


@transaction.atomic
def demo_values_load(*, today: dt.date, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Store the synthetic values and targets; returns counts of what was added."""
    scope = DemoScope(years=list(range(FIRST_YEAR, today.year + 1)), today=today)
    indicators = {i.code: i for i in Indicator.objects.all()}
    missing = [c for c in (*PROVINCE_INDICATORS, "tel.density") if c not in indicators]
    if missing:
        raise LookupError(
            "Thiếu chỉ tiêu trong danh mục (chạy «tongket init» trước): "
            f"{', '.join(missing)} / missing catalogue indicators (run «tongket init» first)"
        )
    counts = {"values": 0, "targets": 0}

    def store(rows: Iterator[tuple[Unit, str, str, float]], source: str, ref: str) -> int:
        batch: list[tuple[Unit, str, str, float]] = []
        added = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= 20_000:
                added += _store_batch(batch, indicators, source, ref)
                batch = []
        return added + _store_batch(batch, indicators, source, ref)

    progress("  số liệu tỉnh theo năm / provincial yearly values")
    counts["values"] += store(_annual_rows(scope), ValueSource.SYNTHETIC, SYNTHETIC_REF)
    progress("  số liệu xã, phường hằng tháng từ 07/2025 / monthly commune values since 07/2025")
    counts["values"] += store(_commune_rows(scope), ValueSource.SYNTHETIC, SYNTHETIC_REF)
    counts["values"] += _store_document_figures(indicators)
    counts["targets"] += _store_targets(scope, indicators)
    return counts


def _store_batch(
    batch: list[tuple[Unit, str, str, float]],
    indicators: dict[str, Indicator],
    source: str,
    ref: str,
) -> int:
    if not batch:
        return 0
    periods = periods_ensure({p for _, _, p, _ in batch})
    before = Value.objects.count()
    Value.objects.bulk_create(
        [
            Value(
                unit=unit,
                indicator=indicators[code],
                period=periods[period],
                value=value,
                source=source,
                source_ref=ref,
            )
            for unit, code, period, value in batch
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return Value.objects.count() - before


def _store_document_figures(indicators: dict[str, Indicator]) -> int:
    added = 0
    for code, day, indicator, period, value, ref in DOCUMENT_FIGURES:
        unit = (
            Unit.objects.filter(kind=UnitKind.PROVINCE, code=code, valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .first()
        )
        if unit is None:
            continue
        _, created = Value.objects.update_or_create(
            unit=unit,
            indicator=indicators[indicator],
            period=periods_ensure([period])[period],
            defaults={"value": value, "source": ValueSource.DOCUMENT, "source_ref": ref},
        )
        added += created
    return added


def _store_targets(scope: DemoScope, indicators: dict[str, Indicator]) -> int:
    """Yearly targets: last year's value raised by a plausible plan growth (incidents: lowered)."""
    plan = {
        "tel.subscribers": 1.03,
        "bb.subscribers": 1.12,
        "bts.stations": 1.06,
        "ict.revenue": 1.10,
        "ict.budget": 1.08,
        "egov.edoc_share": None,
        "egov.online_services": 1.20,
        "sec.incidents": 0.9,
    }
    rows: list[Target] = []
    values = {
        (v.unit_id, v.indicator.code, v.period.code): v.value
        for v in Value.objects.filter(
            unit__kind=UnitKind.PROVINCE, indicator__code__in=list(plan), period__kind="year"
        ).select_related("indicator", "period")
    }
    periods = periods_ensure({str(y) for y in scope.years})
    # The provinces of 1 July 2025 take their predecessors' summed 2024 values as baseline.
    merged_baseline: dict[tuple[int, str, str], float] = {}
    for unit in _new_provinces():
        parts = [p.id for p in _predecessors(unit)]
        if parts == [unit.id]:
            continue
        for code in plan:
            found = [values.get((pid, code, "2024")) for pid in parts]
            if all(v is not None for v in found):
                total = sum(found)  # type: ignore[arg-type]
                merged_baseline[(unit.id, code, "2024")] = (
                    total / len(found) if code == "egov.edoc_share" else total
                )
    values.update(merged_baseline)
    ends = dict(Unit.objects.filter(kind=UnitKind.PROVINCE).values_list("id", "valid_to"))
    for year in scope.years[1:]:
        for (unit_id, code, period), value in values.items():
            if period != str(year - 1):
                continue
            valid_to = ends.get(unit_id)
            if valid_to is not None and valid_to < dt.date(year, 12, 31):
                continue  # the unit no longer exists at the end of the target year
            growth = plan[code]
            target = min(98.0, value + 8) if growth is None else value * growth
            rows.append(
                Target(
                    unit_id=unit_id,
                    indicator=indicators[code],
                    period=periods[str(year)],
                    value=round(target, 1 if growth is None else 0),
                    baseline=value,
                    baseline_period=periods[str(year - 1)],
                    direction="lower" if code == "sec.incidents" else "higher",
                    note="Chỉ tiêu mẫu (giả lập) / synthetic target",
                    is_synthetic=True,
                )
            )
    # Targets the source documents state.
    for code, day, indicator, period, value, ref in DOCUMENT_TARGETS:
        unit = (
            Unit.objects.filter(kind=UnitKind.PROVINCE, code=code, valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .first()
        )
        if unit is not None:
            rows.append(
                Target(
                    unit=unit,
                    indicator=indicators[indicator],
                    period=periods_ensure([period])[period],
                    value=value,
                    note=ref,
                )
            )
    before = Target.objects.count()
    Target.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return Target.objects.count() - before


def demo_periods() -> list[Period]:
    return list(Period.objects.order_by("start"))
