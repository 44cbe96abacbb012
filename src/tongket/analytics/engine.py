"""Live aggregation of stored values: one GROUP BY in SQL, then a fold over a few cells.

No rollup is stored: every query reads ``Value`` rows, joined to their period and to the unit
closure (``UnitAncestor``), and groups them by (row unit, indicator, stored period, depth).
That heavy step runs in the database; what comes back is at most rows × indicators × stored
periods × depths cells, which are folded in Python:

* over units, by ``indicator.aggregation``: ``sum`` and ``average`` (sum / number of values)
  of the values at the shallowest level under the row unit that has any; the row unit's own
  value (depth 0) therefore wins over the sum of its children, as district or commune reports
  never add to a figure the province reported itself. ``none`` (and ``last``, which has no
  order among units) takes only the row unit's own value;
* over periods, by ``indicator.period_aggregation``: a value stored at a period wins over its
  parts; otherwise the parts (year → halves → quarters → months) are summed, the last present
  one is taken (``last``: a year's subscribers are the last month's), or they are averaged
  weighted by their months (``average``); ``none`` takes only a value stored at the period.
  For a summed indicator this runs per class of reporting units (the kinds of period each
  stored it at, see ``_classed``), so that postal branches' quarters and telecom branches'
  months add up instead of the quarters hiding the months;
* derived indicators are computed from the folded base parts (``derived.compute``).

The SQL uses integer and date literals only (never user text); both of its shapes run on
SQLite, PostgreSQL and, in the benchmark, DuckDB.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from tongket.analytics import derived
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.indicators.models import Aggregation, Indicator
from tongket.reporting.models import Period, Value
from tongket.units.models import Unit, UnitAncestor

# (sum, count) per (depth below the row unit, kind of the reporting units, their class: the
# period kinds each of them stored the indicator at, as a bit mask; 0 when all are alike)
DepthCells = dict[tuple[int, str, int], tuple[float, int]]

# Bits of the period kinds in a class mask.
KIND_BITS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 2, PeriodKind.HALF: 4, PeriodKind.YEAR: 8}


@dataclass
class CellSet:
    """Grouped values: (row unit id, base indicator id) → stored period code → depth cells."""

    cells: dict[tuple[int, int], dict[str, DepthCells]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def add(
        self,
        row_id: int,
        indicator_id: int,
        period: str,
        depth: int,
        kind: str,
        total,
        count,
        mask: int = 0,
    ) -> None:
        self.cells[(row_id, indicator_id)].setdefault(period, {})[(depth, kind, mask)] = (
            float(total),
            count,
        )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ints(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values) or "NULL"


def cells_sql(
    *,
    indicator_ids: Sequence[int],
    period_ids: Sequence[int],
    row_ids: Sequence[int],
    today: dt.date | None = None,
    today_map: dict[int, int] | None = None,
    vendor: str | None = None,
    per_unit: bool = False,
    classes: bool | None = None,
    bucket_of: dict[int, int] | None = None,
) -> str:
    """The GROUP BY over values, periods and the closure.

    With ``today`` set the values are rolled up through the links valid today, a retired
    unit's values through the unit covering it today (``today_map``); otherwise through the
    links valid on the last day of each value's period. ``vendor`` (the default connection's
    when not given) picks between two equivalent shapes of the today's-units statement.

    Each cell is (row unit, indicator, period, depth, kind of the reporting unit, class, sum,
    count); with ``per_unit`` the statement lists instead which units reported: (row unit,
    indicator, reporting unit, kind, depth), over all the periods given; with ``bucket_of``
    as well (period id → bucket number, each period in one bucket) it lists them per bucket:
    (row unit, indicator, reporting unit, kind, bucket number, depth).

    The class keeps apart units that store the indicator at different kinds of period (postal
    branches their quarters, telecom branches their months), so that each contributes its own
    quarter or its months (``fold_periods`` lets a stored period win over its parts only
    within a class). It is the bit mask (``KIND_BITS``) of the period kinds the unit stored
    around the value (``_classed``); ``classes=None`` computes it only when values at more
    than one kind of period are among the periods given (``mixed_kinds``), else it is 0.
    """
    v, p, a, u = (_q(m._meta.db_table) for m in (Value, Period, UnitAncestor, Unit))
    end = _q(Period._meta.get_field("end").column)
    wanted = f"v.indicator_id IN ({_ints(indicator_ids)}) AND v.period_id IN ({_ints(period_ids)})"
    if classes is None and not per_unit:
        classes = mixed_kinds(indicator_ids=indicator_ids, period_ids=period_ids)
    source, mask = f"{v} v", "0"
    if classes and not per_unit:
        source, mask = f"({_classed(wanted)}) v", "v.mask"

    def shape(row: str, depth: str, kind: str) -> tuple[str, str]:
        if per_unit and bucket_of is not None:
            numbers: dict[int, list[int]] = defaultdict(list)
            for period_id, number in bucket_of.items():
                numbers[number].append(period_id)
            bucket = " ".join(
                f"WHEN v.period_id IN ({_ints(ids)}) THEN {int(n)}"
                for n, ids in sorted(numbers.items())
            )
            bucket = f"CASE {bucket} END"
            return (
                f"SELECT {row}, v.indicator_id, v.unit_id, {kind}, {bucket}, MIN({depth})",
                f"GROUP BY {row}, v.indicator_id, v.unit_id, {kind}, {bucket}",
            )
        if per_unit:
            return (
                f"SELECT {row}, v.indicator_id, v.unit_id, {kind}, MIN({depth})",
                f"GROUP BY {row}, v.indicator_id, v.unit_id, {kind}",
            )
        extra = f", {mask}" if mask != "0" else ""
        return (
            f"SELECT {row}, v.indicator_id, v.period_id, {depth}, {kind}, {mask}, "
            f"SUM(v.value), COUNT(*)",
            f"GROUP BY {row}, v.indicator_id, v.period_id, {depth}, {kind}{extra}",
        )

    if today is None:
        valid = f"a.valid_from <= pd.{end} AND (a.valid_to IS NULL OR a.valid_to >= pd.{end})"
        select, group = shape("a.ancestor_id", "a.depth", "u.kind")
        return (
            f"{select} "
            f"FROM {source} JOIN {p} pd ON pd.id = v.period_id JOIN {a} a ON a.unit_id = v.unit_id "
            f"JOIN {u} u ON u.id = v.unit_id "
            f"WHERE {wanted} AND a.ancestor_id IN ({_ints(row_ids)}) AND {valid} {group}"
        )
    day = f"'{today.isoformat()}'"
    valid = f"a.valid_from <= {day} AND (a.valid_to IS NULL OR a.valid_to >= {day})"
    rows = f"a.ancestor_id IN ({_ints(row_ids)}) AND {valid}"
    pairs = ", ".join(f"({int(k)}, {int(t)})" for k, t in sorted((today_map or {}).items()))
    if (vendor or connection.vendor) != "sqlite":
        # Hash joins: the values, read once, probe the short map of retired units and then
        # the closure rows of the wanted rows (the planner has statistics for both).
        select, group = shape("a.ancestor_id", "a.depth", "u.kind")
        if not pairs:
            return (
                f"{select} FROM {source} JOIN {a} a ON a.unit_id = v.unit_id "
                f"JOIN {u} u ON u.id = v.unit_id WHERE {wanted} AND {rows} {group}"
            )
        return (
            f"WITH tm (unit_id, today_id) AS (VALUES {pairs}) "
            f"{select} FROM {source} LEFT JOIN tm ON tm.unit_id = v.unit_id "
            f"JOIN {a} a ON a.unit_id = COALESCE(tm.today_id, v.unit_id) "
            f"JOIN {u} u ON u.id = v.unit_id WHERE {wanted} AND {rows} {group}"
        )
    # SQLite joins by nested loops: it would scan the map for every value. So ``m`` (every
    # unit whose values count today → row unit, depth, its kind; a retired unit through the
    # unit covering it today) is built first, a few thousand rows SQLite indexes on the fly,
    # and the values are read once through their (indicator, period) index.
    mapping = (
        f"SELECT a.unit_id AS u, a.ancestor_id AS r, a.depth AS d, uk.kind AS k FROM {a} a "
        f"JOIN {u} uk ON uk.id = a.unit_id WHERE {rows}"
    )
    prefix = ""
    if pairs:
        prefix = f"tm (unit_id, today_id) AS (VALUES {pairs}), "
        mapping += (
            f" UNION ALL SELECT tm.unit_id, a.ancestor_id, a.depth, uk.kind FROM tm "
            f"JOIN {a} a ON a.unit_id = tm.today_id JOIN {u} uk ON uk.id = tm.unit_id "
            f"WHERE {rows}"
        )
    if classes and not per_unit:
        # The values are joined to ``m`` inside the statement that classes them, where SQLite
        # looks ``m`` up through an index it builds; joined outside, it would scan ``m`` for
        # every value. A value under two row units comes twice, which leaves its class alike.
        classed = _classed(wanted, join="JOIN m ON m.u = v.unit_id", columns="m.r, m.d, m.k, ")
        select, group = shape("v.r", "v.d", "v.k")
        return f"WITH {prefix}m AS ({mapping}) {select} FROM ({classed}) v {group}"
    # ``+v.unit_id`` is no column to look values up by: SQLite then reads the values first
    # (through their (period, indicator) index or in one scan, as its statistics say) and
    # looks each up in ``m``, instead of indexing every stored value by unit on each call.
    select, group = shape("m.r", "m.d", "m.k")
    return (
        f"WITH {prefix}m AS ({mapping}) "
        f"{select} FROM {source} JOIN m ON m.u = +v.unit_id WHERE {wanted} {group}"
    )


def _classed(wanted: str, *, join: str = "", columns: str = "") -> str:
    """The wanted values, each with its class: the bit mask of the kinds of period its unit
    stored the indicator at within the value's window (the quarter of a month or a quarter,
    the half of a half, the year of a year), counting the half and the year around it.

    Within a class a stored period wins over its parts for every unit alike, so the fold
    over periods stays right per unit though a unit's quarterly report is missing and its
    months are in (window functions: SQLite 3.25+, PostgreSQL, DuckDB)."""
    v, p = _q(Value._meta.db_table), _q(Period._meta.get_field("kind").model._meta.db_table)
    kind = "pk." + _q(Period._meta.get_field("kind").column)
    year = "pk." + _q(Period._meta.get_field("year").column)
    half = "pk." + _q(Period._meta.get_field("half").column)
    quarter = "pk." + _q(Period._meta.get_field("quarter").column)
    small = f"({kind} IN ('{PeriodKind.MONTH.value}', '{PeriodKind.QUARTER.value}'))"
    qkey = f"CASE WHEN {small} THEN {quarter} ELSE 0 END"
    hkey = f"CASE WHEN {kind} = '{PeriodKind.YEAR.value}' THEN 0 ELSE {half} END"
    unit = "v.unit_id, v.indicator_id"
    windows = {
        "q": f"PARTITION BY {unit}, {year}, {qkey}",
        "h": f"PARTITION BY {unit}, {year}, {hkey}",
        "y": f"PARTITION BY {unit}, {year}",
    }

    def bit(k: PeriodKind, window: str) -> str:
        return (
            f"MAX(CASE WHEN {kind} = '{k.value}' THEN {KIND_BITS[k]} ELSE 0 END) "
            f"OVER ({windows[window]})"
        )

    m, q, h, y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR
    mask = (
        f"CASE WHEN {small} THEN {bit(m, 'q')} + {bit(q, 'q')} + {bit(h, 'h')} + {bit(y, 'y')} "
        f"WHEN {kind} = '{h.value}' THEN {bit(m, 'h')} + {bit(q, 'h')} + {bit(h, 'h')} "
        f"+ {bit(y, 'y')} "
        f"ELSE {bit(m, 'y')} + {bit(q, 'y')} + {bit(h, 'y')} + {bit(y, 'y')} END"
    )
    return (
        f"SELECT {columns}v.unit_id, v.indicator_id, v.period_id, v.value, {mask} AS mask "
        f"FROM {v} v JOIN {p} pk ON pk.id = v.period_id {join} WHERE {wanted}"
    )


def mixed_kinds(*, indicator_ids: Sequence[int], period_ids: Sequence[int]) -> bool:
    """Whether values of the indicators are stored at more than one kind of period among
    ``period_ids``."""
    return bool(mixed_indicators(indicator_ids=indicator_ids, period_ids=period_ids))


def mixed_indicators(*, indicator_ids: Sequence[int], period_ids: Sequence[int]) -> set[int]:
    """The indicators with values stored at more than one kind of period among
    ``period_ids`` (one probe of the (indicator, period) index per pair)."""
    if not indicator_ids or not period_ids:
        return set()
    v, p = _q(Value._meta.db_table), _q(Period._meta.db_table)
    i = _q(Indicator._meta.db_table)
    kind_col = _q(Period._meta.get_field("kind").column)
    sql = (
        f"SELECT DISTINCT ind.id, pd.{kind_col} FROM {p} pd, {i} ind "
        f"WHERE pd.id IN ({_ints(period_ids)}) AND ind.id IN ({_ints(indicator_ids)}) "
        f"AND EXISTS (SELECT 1 FROM {v} v WHERE v.period_id = pd.id "
        f"AND v.indicator_id = ind.id)"
    )
    with connection.cursor() as cur:
        cur.execute(sql)
        kinds: dict[int, int] = defaultdict(int)
        for indicator_id, _ in cur.fetchall():
            kinds[indicator_id] += 1
    return {indicator_id for indicator_id, n in kinds.items() if n > 1}


def cells(
    *,
    indicator_ids: Sequence[int],
    periods: dict[int, str],
    row_ids: Sequence[int],
    today: dt.date | None = None,
    today_map: dict[int, int] | None = None,
) -> CellSet:
    """The cells of ``cells_sql``, classes computed only for the indicators stored at more
    than one kind of period (the window functions cost; most indicators have one kind)."""
    mixed = mixed_indicators(indicator_ids=indicator_ids, period_ids=list(periods))
    plain = [i for i in indicator_ids if i not in mixed]
    found = CellSet()
    for ids, classes in ((plain, False), (sorted(mixed), True)):
        if not ids:
            continue
        sql = cells_sql(
            indicator_ids=ids,
            period_ids=list(periods),
            row_ids=row_ids,
            today=today,
            today_map=today_map,
            classes=classes,
        )
        found.cells.update(fetch_cells(sql, periods).cells)
    return found


def stored_periods(buckets: Iterable[PeriodCode]) -> dict[int, str]:
    """Stored periods lying inside any of ``buckets`` (the buckets themselves included)."""
    buckets = list(buckets)
    if not buckets:
        return {}
    start = min(b.start() for b in buckets)
    end = max(b.end() for b in buckets)
    windows = [(b.start(), b.end()) for b in buckets]
    found: dict[int, str] = {}
    for pid, code, p_start, p_end in Period.objects.filter(
        start__gte=start, end__lte=end
    ).values_list("id", "code", "start", "end"):
        if any(s <= p_start and p_end <= e for s, e in windows):
            found[pid] = code
    return found


def fetch_cells(sql: str, periods: dict[int, str], cursor=None) -> CellSet:
    result = CellSet()
    if cursor is None:
        with connection.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall()
    else:
        rows = cursor.execute(sql).fetchall()
    cells = result.cells
    for row_id, indicator_id, period_id, depth, kind, mask, total, count in rows:
        cells[(row_id, indicator_id)].setdefault(periods[period_id], {})[(depth, kind, mask)] = (
            float(total),
            count,
        )
    return result


# The row unit's own stored value, first in every order of sources.
OWN = "own"
# No order of sources in the catalogue: the own value, else the nearest level below.
NEAREST = ""


def _picked(cells: DepthCells, source: str) -> DepthCells:
    """The cells of ``source``: ``OWN`` the row unit's own (depth 0); a unit kind the units of
    that kind below the row unit; ``NEAREST`` all."""
    if source == OWN:
        return {key: c for key, c in cells.items() if key[0] == 0}
    if source == NEAREST:
        return cells
    return {key: c for key, c in cells.items() if key[0] > 0 and key[1] == source}


def _over_units(cells: DepthCells | None, aggregation: str, source: str = NEAREST) -> float | None:
    """The value of the cells of one stored period taken from ``source``.

    ``OWN``: the row unit's own value (depth 0); a unit kind: the values of the units of that
    kind at the shallowest depth where there are any; ``NEAREST``: the own value, else the
    values at the shallowest depth, whatever their kind.
    """
    if not cells:
        return None
    picked = _picked(cells, source)
    if not picked:
        return None
    if aggregation in (Aggregation.NONE, Aggregation.LAST):
        own = [c for (depth, *_), c in picked.items() if depth == 0]
        return own[0][0] if len(own) == 1 and own[0][1] == 1 else None
    depth = min(key[0] for key in picked)
    total = sum(c[0] for key, c in picked.items() if key[0] == depth)
    count = sum(c[1] for key, c in picked.items() if key[0] == depth)
    return total / count if aggregation == Aggregation.AVERAGE else total


# A period as a tree of its parts: (code, months, parts); a year → halves → quarters → months.
Tree = tuple[str, int, tuple["Tree", ...]]


@lru_cache(maxsize=4096)
def period_tree(code: str) -> Tree:
    period = PeriodCode.parse(code)
    kind = {
        PeriodKind.YEAR: PeriodKind.HALF,
        PeriodKind.HALF: PeriodKind.QUARTER,
        PeriodKind.QUARTER: PeriodKind.MONTH,
    }.get(period.kind)
    parts = tuple(period_tree(p.code) for p in period.parts(kind)) if kind else ()
    return period.code, period.last_month - period.first_month + 1, parts


def fold_periods(
    stored: dict[str, float | None], bucket: PeriodCode | str, aggregation: str
) -> float | None:
    """The value of ``bucket`` from the values stored at it or at its parts."""
    code = bucket if isinstance(bucket, str) else bucket.code
    found = _fold(stored, period_tree(code), aggregation)
    return None if found is None else found[0]


def fold_periods_weighted(
    stored: dict[str, float | None], bucket: str, aggregation: str
) -> tuple[float, int] | None:
    """``fold_periods`` with the number of months the values found cover."""
    return _fold(stored, period_tree(bucket), aggregation)


def _fold(
    stored: dict[str, float | None], tree: Tree, aggregation: str
) -> tuple[float, int] | None:
    code, months, parts = tree
    own = stored.get(code)
    if own is not None:
        return own, months
    if aggregation == Aggregation.NONE or not parts:
        return None
    present = [f for f in (_fold(stored, p, aggregation) for p in parts) if f is not None]
    if not present:
        return None
    weight = sum(w for _, w in present)
    if aggregation == Aggregation.LAST:
        return present[-1][0], weight
    if aggregation == Aggregation.AVERAGE:
        return sum(x * w for x, w in present) / weight, weight
    return sum(x for x, _ in present), weight


@dataclass(frozen=True)
class Catalogue:
    """The requested indicators with the base indicators they are computed from."""

    requested: list[Indicator]
    bases: dict[str, Indicator]
    needs: dict[str, list[str]]

    @classmethod
    def load(cls, indicators: Sequence[Indicator]) -> Catalogue:
        needs = {i.code: derived.base_codes(i) for i in indicators}
        codes = {c for cs in needs.values() for c in cs}
        bases = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        return cls(requested=list(indicators), bases=bases, needs=needs)


@dataclass(frozen=True)
class BaseFigure:
    """A base indicator's folded value for a row unit and a bucket, and where it came from.

    ``source``: ``OWN``, the unit kind whose reports make it, or ``NEAREST``; ``months``: how
    many of the bucket's ``months_total`` months the values cover; ``latest``: the last stored
    period with a value; ``other_source``/``other_value``: the next source in the order that
    has values (shown as a reconciliation difference, never as a second figure).
    """

    value: float | None
    source: str = NEAREST
    months: int = 0
    months_total: int = 0
    latest: str = ""
    other_source: str = ""
    other_value: float | None = None


@lru_cache(maxsize=4096)
def _period_end(code: str) -> dt.date:
    return PeriodCode.parse(code).end()


@lru_cache(maxsize=65536)
def period_inside(code: str, bucket: str) -> bool:
    """Whether the period ``code`` lies within the period ``bucket``."""
    period, outer = PeriodCode.parse(code), PeriodCode.parse(bucket)
    return outer.start() <= period.start() and period.end() <= outer.end()


def _sources_present(by_period: dict[str, DepthCells]) -> set[str]:
    """``OWN`` and the kinds below the row unit that have any cell."""
    found: set[str] = set()
    for depths in by_period.values():
        for depth, kind, _ in depths:
            found.add(OWN if depth == 0 else kind)
    return found


@dataclass(frozen=True)
class _Folded:
    value: float
    months: int
    depth: int  # the shallowest depth of the cells behind it
    count: int  # how many values stand behind it
    stored: dict[str, float | None]


def _fold_source(
    by_period: dict[str, DepthCells], indicator: Indicator, bucket: str, source: str
) -> _Folded | None:
    """The figure of one source for ``bucket``: each class of units folded over periods on its
    own (a stored period wins over its parts only for the units that stored it), then the
    classes at the shallowest depth combined over units."""
    inside: dict[str, DepthCells] = {}
    for period, depths in by_period.items():
        if period_inside(period, bucket):
            picked = _picked(depths, source)
            if picked:
                inside[period] = picked
    if indicator.aggregation == Aggregation.SUM:
        masks = sorted({key[2] for depths in inside.values() for key in depths})
    else:
        # An average over units stays the average of each period's values, weighted by its
        # months; ``none`` and ``last`` read the row unit's own value alone.
        masks = [None]
    found: list[_Folded] = []
    for mask in masks:
        cells = {
            period: {key: c for key, c in depths.items() if mask is None or key[2] == mask}
            for period, depths in inside.items()
        }
        stored = {
            period: _over_units(depths, indicator.aggregation, source)
            for period, depths in cells.items()
        }
        folded = fold_periods_weighted(stored, bucket, indicator.period_aggregation)
        if folded is None:
            continue
        depth = min(key[0] for depths in cells.values() for key in depths)
        count = sum(c[1] for depths in cells.values() for c in depths.values())
        found.append(_Folded(folded[0], folded[1], depth, count, stored))
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    depth = min(f.depth for f in found)
    found = [f for f in found if f.depth == depth]
    count = sum(f.count for f in found)
    value = sum(f.value for f in found)
    stored: dict[str, float | None] = {}
    for f in found:
        for period, v in f.stored.items():
            if v is not None:
                stored[period] = (stored.get(period) or 0.0) + v
    return _Folded(value, max(f.months for f in found), depth, count, stored)


def base_figure(
    by_period: dict[str, DepthCells],
    indicator: Indicator,
    bucket: PeriodCode,
    *,
    detail: bool = True,
) -> BaseFigure:
    """The figure of ``indicator`` for ``bucket`` from one row unit's cells (see BaseFigure);
    without ``detail`` only the value (the national pivot needs no more)."""
    months_total = bucket.last_month - bucket.first_month + 1
    if indicator.sources:
        present = _sources_present(by_period)
        order = [s for s in (OWN, *indicator.sources) if s in present]
    else:
        order = [NEAREST]
    found: list[tuple[str, _Folded]] = []
    for source in order:
        folded = _fold_source(by_period, indicator, bucket.code, source)
        if folded is None:
            continue
        found.append((source, folded))
        if len(found) == 2 or not detail:
            break
    if not found:
        return BaseFigure(value=None, months_total=months_total)
    source, first = found[0]
    latest = ""
    if detail:
        inside = [p for p, v in first.stored.items() if v is not None]
        latest = max(inside, key=lambda p: (_period_end(p), -len(p))) if inside else ""
    other = found[1] if len(found) > 1 else None
    return BaseFigure(
        value=first.value,
        source=source,
        months=first.months,
        months_total=months_total,
        latest=latest,
        other_source=other[0] if other else "",
        other_value=other[1].value if other else None,
    )


def fold_figures(
    cells: CellSet,
    *,
    catalogue: Catalogue,
    row_ids: Iterable[int],
    buckets: Iterable[PeriodCode],
    detail: bool = True,
) -> dict[tuple[int, str, str], BaseFigure]:
    """(row unit id, base indicator code, bucket code) → its figure."""
    coded = [(bucket.code, bucket) for bucket in buckets]
    out: dict[tuple[int, str, str], BaseFigure] = {}
    for row_id in row_ids:
        for code, base in catalogue.bases.items():
            by_period = cells.cells.get((row_id, base.id), {})
            for bucket_code, bucket in coded:
                out[(row_id, code, bucket_code)] = (
                    base_figure(by_period, base, bucket, detail=detail)
                    if by_period
                    else BaseFigure(
                        value=None, months_total=bucket.last_month - bucket.first_month + 1
                    )
                )
    return out


def fold(
    cells: CellSet,
    *,
    catalogue: Catalogue,
    row_ids: Iterable[int],
    buckets: Iterable[PeriodCode],
) -> dict[tuple[int, str, str], float | None]:
    """(row unit id, indicator code, bucket code) → value, for every requested indicator."""
    buckets = list(buckets)
    row_ids = list(row_ids)
    figures = fold_figures(
        cells, catalogue=catalogue, row_ids=row_ids, buckets=buckets, detail=False
    )
    out: dict[tuple[int, str, str], float | None] = {}
    for row_id in row_ids:
        for indicator in catalogue.requested:
            code = indicator.code
            for bucket in buckets:
                parts = {c: figures[(row_id, c, bucket.code)].value for c in catalogue.needs[code]}
                out[(row_id, code, bucket.code)] = derived.compute(indicator, parts)
    return out
