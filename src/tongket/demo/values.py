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
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction

from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Period, Target, Value, ValueSource
from tongket.reporting.periods import periods_ensure
from tongket.units.models import Unit, UnitKind, UnitSuccession

FIRST_YEAR = 2016
MERGE_DAY = dt.date(2025, 7, 1)
SYNTHETIC_REF = "demo: dữ liệu giả lập / synthetic"

# Per-inhabitant levels in the first demo year and their yearly growth.
PROVINCE_RATES: dict[str, tuple[float, float]] = {
    "tel.subscribers": (1.25, 0.015),
    "bb.subscribers": (0.11, 0.12),
    "bts.stations": (0.0011, 0.06),
    "post.points": (0.00019, 0.01),
    "ict.revenue": (1_350_000.0, 0.11),
    "ict.budget": (52_000.0, 0.08),
}
COMMUNE_MONTHLY = ("tel.subscribers", "bb.subscribers", "bts.stations", "post.points")


def _rng(*key: object) -> random.Random:
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _population(code: str, year: int) -> float:
    """A province's population: a seeded size around 1.4 million, growing about 1% a year."""
    base = 350_000 + _rng("pop", code).random() ** 2 * 3_000_000
    if code in {"01", "79"}:
        base *= 3.4
    return round(base * (1.0095 ** (year - FIRST_YEAR)))


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


def _province_value(code: str, indicator: str, year: int) -> float:
    pop = _population(code, year)
    if indicator == "pop.total":
        return pop
    rng = _rng(code, indicator, year)
    if indicator == "egov.edoc_share":
        return round(min(99.5, 55 + 5 * (year - FIRST_YEAR) + rng.uniform(-6, 6)), 1)
    if indicator == "egov.online_services":
        return float(int(350 + 160 * (year - FIRST_YEAR) + rng.uniform(-80, 80)))
    if indicator == "sec.incidents":
        return float(int(rng.uniform(4, 60)))
    if indicator == "train.sessions":
        return float(int(rng.uniform(8, 40)))
    level, growth = PROVINCE_RATES[indicator]
    profile = _rng(code, indicator).uniform(0.8, 1.2)
    noise = rng.uniform(0.97, 1.03)
    value = pop * level * profile * (1 + growth) ** (year - FIRST_YEAR) * noise
    anchor = ANCHORS.get((code, indicator))
    if anchor is not None:
        # Around a figure a source document states, the synthetic series follows it.
        anchor_year, anchor_value = anchor
        value = anchor_value * (1 + growth) ** (year - anchor_year) * noise
    return float(round(value, -6) if indicator.startswith("ict.") else round(value))


# (province code, indicator) → (year, value) that the synthetic series passes through.
ANCHORS: dict[tuple[str, str], tuple[int, float]] = {
    ("34", "ict.revenue"): (2017, 2_060_000_000_000.0),
    ("34", "ict.budget"): (2017, 100_000_000_000.0),
}


PROVINCE_INDICATORS = (
    "pop.total",
    *PROVINCE_RATES,
    "egov.edoc_share",
    "egov.online_services",
    "sec.incidents",
    "train.sessions",
)


def _merged_value(units: list[Unit], indicator: str, year: int) -> float:
    """A 2025+ province's value: its predecessors' summed, rates averaged weighted by people."""
    codes = [u.code for u in units]
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
                for code in PROVINCE_INDICATORS:
                    yield unit, code, str(year), _merged_value(parts, code, year)


def _commune_rows(scope: DemoScope) -> Iterator[tuple[Unit, str, str, float]]:
    """Monthly values of today's communes from July 2025 to the last finished month."""
    last = PeriodCode.parse(f"{scope.today.year}-{scope.today.month:02d}").previous()
    months = [
        PeriodCode.parse(f"{year}-{month:02d}")
        for year in range(2025, last.year + 1)
        for month in range(1, 13)
        if (2025, 7) <= (year, month) <= (last.year, last.number)
    ]
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
    for commune in communes.iterator(chunk_size=2000):
        size = 3_000 + _rng("commune", commune.code).random() ** 2 * 60_000
        for code in COMMUNE_MONTHLY:
            level, growth = PROVINCE_RATES[code]
            for period in months:
                months_in = (period.year - 2025) * 12 + period.number - 7
                value = size * level * (1 + growth) ** (months_in / 12)
                value *= _rng(commune.code, code, period.code).uniform(0.99, 1.01)
                yield commune, code, period.code, float(round(value))


def _enterprise_rows(scope: DemoScope) -> Iterator[tuple[Unit, str, str, float]]:
    # The national enterprises; their provincial branches report through the demo forms.
    enterprises = list(
        Unit.objects.filter(
            kind=UnitKind.ENTERPRISE, parent_links__parent__kind=UnitKind.COUNTRY
        ).distinct()
    )
    for unit in enterprises:
        share = _rng("share", unit.code).uniform(0.02, 0.5)
        for year in scope.years:
            if not unit.is_valid_on(dt.date(year, 12, 31)):
                continue
            national = 125_000_000 * (1.01 ** (year - FIRST_YEAR))
            revenue = 2.9e14 * (1.07 ** (year - FIRST_YEAR))
            noise = _rng(unit.code, year).uniform(0.95, 1.05)
            yield unit, "tel.subscribers", str(year), float(round(national * share * noise))
            yield unit, "ict.revenue", str(year), float(round(revenue * share * noise, -9))


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
    progress("  số liệu doanh nghiệp / enterprise values")
    counts["values"] += store(_enterprise_rows(scope), ValueSource.SYNTHETIC, SYNTHETIC_REF)
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
