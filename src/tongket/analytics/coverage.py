"""Who stands behind a figure: the units expected to report it and those that did.

A figure of an area taken from the reports of units of one kind (the communes, the
enterprises' branches) covers the units of that kind under the area that reported a value in
the period. The units expected are those of that kind under the area, through the same
hierarchy the values are summed through (valid in the period, or today's), that a report form
carrying the indicator asks for at a frequency fitting the period (a monthly form fits a
year; the annual form does not fit a quarter). Units that reported without being expected
count as expected too, so coverage never exceeds 100%.

Enterprises and press agencies report only the lines of the services they run: a telecom
branch files the telecom form and leaves postal revenue alone, a postal branch the other way
round, though both forms are the enterprises'. A unit of those kinds is expected for an
indicator once it has reported it, or has opened a report of a form on which that line is
required, in a period that began before the end of the figure's period. Administrative units
(communes, departments) owe every line of every form of their kind.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Min, Q

from tongket.analytics import engine, hierarchy
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.indicators.models import Indicator
from tongket.reporting.models import FormIndicator, Submission, Value
from tongket.units.models import Unit, UnitAncestor, UnitKind

_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.HALF: 2, PeriodKind.YEAR: 3}
_CHUNK = 5000


@dataclass(frozen=True)
class Reporters:
    """For one row unit, indicator and period: units by kind, each with its depth."""

    expected: dict[str, dict[int, int]]
    reported: dict[str, dict[int, int]]


@dataclass(frozen=True)
class Coverage:
    expected: int
    reported: int
    reporter_ids: frozenset[int]
    missing_ids: tuple[int, ...]

    @property
    def percent(self) -> float | None:
        return self.reported / self.expected * 100 if self.expected else None


# (frequency, unit kinds, deadline days) of a form
FormSpec = tuple[str, list[str], int]


def forms_by_indicator(indicators: Sequence[Indicator]) -> dict[int, list[FormSpec]]:
    """Indicator id → (frequency, unit kinds, deadline days) of each form carrying it."""
    found: dict[int, list[FormSpec]] = defaultdict(list)
    for indicator_id, frequency, kinds, days in FormIndicator.objects.filter(
        indicator__in=list(indicators)
    ).values_list("indicator_id", "form__frequency", "form__unit_kinds", "form__deadline_days"):
        found[indicator_id].append((frequency, list(kinds or []), days))
    return found


# Kinds of units that report the lines of the services they run, not every line of their forms.
REGISTERED_KINDS = frozenset({UnitKind.ENTERPRISE.value, UnitKind.PRESS.value})


def registered_reporters(
    *, indicator_ids: Sequence[int], bucket: PeriodCode
) -> dict[int, set[int]]:
    """Indicator id → the units of ``REGISTERED_KINDS`` that report it by the end of
    ``bucket``: they stored a value of it, or opened a report of a form requiring it."""
    return registered_since(indicator_ids=indicator_ids, until=bucket.end()).by(bucket.end())


@dataclass(frozen=True)
class Registered:
    """Indicator id → unit of ``REGISTERED_KINDS`` → the first day of the first period in
    which it stored a value of the indicator or opened a report of a form requiring it."""

    since: dict[int, dict[int, dt.date]]

    def by(self, end: dt.date) -> dict[int, set[int]]:
        """Indicator id → the units that report it by ``end``."""
        found: dict[int, set[int]] = defaultdict(set)
        for indicator_id, units in self.since.items():
            for unit_id, start in units.items():
                if start <= end:
                    found[indicator_id].add(unit_id)
        return found


def registered_since(*, indicator_ids: Sequence[int], until: dt.date) -> Registered:
    """``Registered`` for the indicators, over the periods that began by ``until`` (one read
    of the values and one of the reports, whatever the number of periods asked about)."""
    since: dict[int, dict[int, dt.date]] = defaultdict(dict)
    if not indicator_ids:
        return Registered(since)

    def keep(indicator_id: int, unit_id: int, start: dt.date) -> None:
        known = since[indicator_id].get(unit_id)
        if known is None or start < known:
            since[indicator_id][unit_id] = start

    stored = (
        Value.objects.filter(
            indicator_id__in=list(indicator_ids),
            unit__kind__in=sorted(REGISTERED_KINDS),
            period__start__lte=until,
        )
        .values_list("indicator_id", "unit_id")
        .annotate(first=Min("period__start"))
        .order_by()
    )
    for indicator_id, unit_id, start in stored:
        keep(indicator_id, unit_id, start)
    forms: dict[int, list[int]] = defaultdict(list)
    for form_id, indicator_id in FormIndicator.objects.filter(
        indicator_id__in=list(indicator_ids), required=True
    ).values_list("form_id", "indicator_id"):
        forms[form_id].append(indicator_id)
    opened = (
        Submission.objects.filter(
            form_id__in=list(forms),
            unit__kind__in=sorted(REGISTERED_KINDS),
            period__start__lte=until,
        )
        .values_list("form_id", "unit_id")
        .annotate(first=Min("period__start"))
        .order_by()
    )
    for form_id, unit_id, start in opened:
        for indicator_id in forms[form_id]:
            keep(indicator_id, unit_id, start)
    return Registered(since)


def _fits(frequency: str, bucket: PeriodCode) -> bool:
    return _RANK[PeriodKind(frequency)] <= _RANK[bucket.kind]


def expected_kinds(forms: list[FormSpec], bucket: PeriodCode) -> set[str]:
    """Kinds of units a form asks the indicator of at a frequency fitting ``bucket``."""
    return {kind for frequency, kinds, _ in forms if _fits(frequency, bucket) for kind in kinds}


def _overlaps(bucket: PeriodCode) -> Q:
    return Q(valid_from__lte=bucket.end()) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=bucket.start())
    )


def at_end_kinds(forms: Sequence[FormSpec], bucket: PeriodCode) -> set[str]:
    """Kinds whose finest form fitting ``bucket`` is of the bucket's own frequency: the report
    of the period is owed by the units existing at its end (the department of 31 December
    files the annual report, not the departments merged into it during the year)."""
    finest: dict[str, int] = {}
    for frequency, kinds, _ in forms:
        if _fits(frequency, bucket):
            for kind in kinds:
                rank = _RANK[PeriodKind(frequency)]
                finest[kind] = min(rank, finest.get(kind, rank))
    return {kind for kind, rank in finest.items() if rank == _RANK[bucket.kind]}


def closure_below(*, row_ids: Sequence[int], day: dt.date) -> dict[int, list[tuple[int, int]]]:
    """Unit id → (row unit id, depth) of the row units above it through the links valid on
    ``day``."""
    links = UnitAncestor.objects.filter(
        Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day)),
        ancestor_id__in=list(row_ids),
        depth__gt=0,
    ).values_list("ancestor_id", "unit_id", "depth")
    below: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row_id, unit_id, depth in links:
        below[unit_id].append((row_id, depth))
    return below


def expected_units(
    *,
    row_ids: Sequence[int],
    kinds: set[str],
    bucket: PeriodCode,
    today_units: bool,
    at_end: set[str] = frozenset(),
    today_map: dict[int, int] | None = None,
    below: dict[int, list[tuple[int, int]]] | None = None,
) -> dict[int, dict[str, dict[int, int]]]:
    """Row unit id → kind → {unit id: depth} of the units of ``kinds`` under it that existed
    during ``bucket`` (those of ``at_end`` on its last day), through the links valid on its
    last day (today's, with a retired unit through the unit covering it today).

    ``today_map`` (``hierarchy.today_map()``) and ``below`` (``closure_below`` on the day of
    the links) may be given when already read, as for several periods at once."""
    out: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    if not kinds or not row_ids:
        return out
    day = hierarchy.today() if today_units else bucket.end()
    end = bucket.end()
    last = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=end))
    existing = dict(
        Unit.objects.filter(
            (_overlaps(bucket) & Q(kind__in=sorted(kinds - at_end)))
            | (last & Q(kind__in=sorted(kinds & at_end)))
        ).values_list("id", "kind")
    )
    if below is None:
        below = closure_below(row_ids=row_ids, day=day)
    if not today_units:
        mapping: dict[int, int] = {}
    elif today_map is None:
        mapping = hierarchy.today_map()
    else:
        mapping = today_map
    for unit_id, kind in existing.items():
        for row_id, depth in below.get(mapping.get(unit_id, unit_id), ()):
            out[row_id][kind][unit_id] = depth
    return out


def reported_units(
    *,
    base_ids: Sequence[int],
    row_ids: Sequence[int],
    bucket: PeriodCode,
    today_units: bool,
) -> dict[tuple[int, int], dict[str, dict[int, int]]]:
    """(row unit id, base indicator id) → kind → {unit id: depth} of the units with a value
    in ``bucket`` (the row unit itself at depth 0)."""
    found = reported_by_bucket(
        base_ids=base_ids, row_ids=row_ids, buckets=[bucket], today_units=today_units
    )
    return found.get(bucket.code, defaultdict(lambda: defaultdict(dict)))


def reported_by_bucket(
    *,
    base_ids: Sequence[int],
    row_ids: Sequence[int],
    buckets: Sequence[PeriodCode],
    today_units: bool,
    today_map: dict[int, int] | None = None,
    cursor=None,
    vendor: str | None = None,
) -> dict[str, dict[tuple[int, int], dict[str, dict[int, int]]]]:
    """``reported_units`` of each bucket, by bucket code: one statement for buckets that
    share no stored period (the quarters of a year), grouped by bucket too; overlapping
    buckets (a year and its quarters) go in as many statements as they need.

    ``cursor`` and ``vendor`` run the statements elsewhere (the benchmark's DuckDB)."""
    out: dict[str, dict[tuple[int, int], dict[str, dict[int, int]]]] = {}
    for bucket in buckets:
        out[bucket.code] = defaultdict(lambda: defaultdict(dict))
    periods = engine.stored_periods(buckets)
    if not periods or not row_ids or not base_ids:
        return out
    # Each bucket's stored periods; buckets then placed in layers of disjoint ones.
    layers: list[dict[int, int]] = []  # period id → index of its bucket in ``buckets``
    for index, bucket in enumerate(buckets):
        own = [pid for pid, code in periods.items() if engine.period_inside(code, bucket.code)]
        if not own:
            continue
        for layer in layers:
            if not any(pid in layer for pid in own):
                layer.update(dict.fromkeys(own, index))
                break
        else:
            layers.append(dict.fromkeys(own, index))
    if today_units and today_map is None:
        today_map = hierarchy.today_map()
    by_number = [out[bucket.code] for bucket in buckets]
    for layer in layers:
        sql = engine.cells_sql(
            indicator_ids=base_ids,
            period_ids=sorted(layer),
            row_ids=row_ids,
            today=hierarchy.today() if today_units else None,
            today_map=today_map if today_units else None,
            per_unit=True,
            bucket_of=layer,
            vendor=vendor,
        )
        if cursor is None:
            with connection.cursor() as cur:
                cur.execute(sql)
                rows = cur.fetchall()
        else:
            rows = cursor.execute(sql).fetchall()
        for row_id, indicator_id, unit_id, kind, index, depth in rows:
            by_number[index][(row_id, indicator_id)][kind][unit_id] = depth
    return out


def coverage_of(
    *,
    source: str,
    row_id: int,
    expected: dict[str, dict[int, int]],
    reported: dict[str, dict[int, int]],
) -> Coverage | None:
    """Coverage of a figure taken from ``source`` (``OWN`` or a unit kind) for a row unit;
    ``None`` when no order of sources says where the figure comes from."""
    if source == engine.OWN:
        return Coverage(1, 1, frozenset({row_id}), ())
    if source == engine.NEAREST:
        return None
    done = {u: d for u, d in reported.get(source, {}).items() if d > 0}
    wanted = expected.get(source, {})
    # The figure is summed at the shallowest depth where that kind reported (the national
    # enterprises under the country, not their provincial branches below them).
    depth = min(done.values(), default=min(wanted.values(), default=1))
    done = {u for u, d in done.items() if d == depth}
    wanted_ids = {u for u, d in wanted.items() if d == depth} | done
    if not wanted_ids:
        return None
    missing = tuple(sorted(wanted_ids - done))
    return Coverage(len(wanted_ids), len(done), frozenset(done), missing)


def unit_codes(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Unit id → (code, name), read in chunks."""
    ids = sorted(set(ids))
    out: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), _CHUNK):
        for pk, code, name in Unit.objects.filter(pk__in=ids[i : i + _CHUNK]).values_list(
            "id", "code", "name"
        ):
            out[pk] = (code, name)
    return out


def closing_days(forms: list[FormSpec], bucket: PeriodCode) -> int:
    """Days after ``bucket`` ends until the last of its reports is due."""
    return max((days for frequency, _, days in forms if _fits(frequency, bucket)), default=0)


def is_open(bucket: PeriodCode, *, today: dt.date, closing: int) -> bool:
    """Whether ``bucket`` is still in progress: not over, or its reports not yet due."""
    return today <= bucket.end() + dt.timedelta(days=closing)
