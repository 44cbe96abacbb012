"""Latency of the national pivot, live from the stored values, beside DuckDB.

``national_pivot`` (today's 34 provinces × the 4 quarters of a year × 40 indicators, each cell
with its target, attainment and coverage) aggregates commune-level monthly values on every
call: no rollup is stored. The stored indicators are taken from the communes' reports (their
order of sources names the communes), so each cell also counts the communes that reported
it. It is timed on SQLite and on PostgreSQL over one year of values (3,321 communes × 40
indicators × 12 months ≈ 1.6 M) and ten years (≈ 16 M). DuckDB, the lower bound, runs the
same two statements tongket sends (the GROUP BY of the figures and the one of the communes
that reported, by quarter), the same fold and the same count of reporting units, on the same
rows, exported from the database measured, in the same process right after it.

The values are synthetic and bulk-loaded with SQL (indexes dropped during the load and built
after it); loading is not what is measured. The PostgreSQL database ``tk_pivot`` (or the one
named by ``TK_BENCH_PG_DB``) is created and dropped by this script.

    python bench/bench_pivot.py            # 1.6 M and 16 M values
    python bench/bench_pivot.py --quick    # a small smoke run (a tenth of the communes, 1-2 years)
    python bench/bench_pivot.py --only 1   # 1.6 M values only (--only 10: 16 M only)

Prints a Markdown table and writes it to ``bench/out/pivot.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_SERVER = os.environ.get("TK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("TK_BENCH_PG_DB", "tk_pivot")
YEAR_LAST = 2024  # the pivot's year; ten-year runs store 2015..2024
N_INDICATORS = 40
N_DERIVED = 4  # of the 40 requested, computed from stored parts (density-like)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- child: one backend, one size --------------------------------------------------------


def _setup_django(url: str) -> None:
    os.environ["TONGKET_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongket.settings")
    import django

    django.setup()


def _catalogue():
    """40 stored base indicators and the 40 the pivot asks for (4 of them derived)."""
    from tongket.indicators.models import Indicator

    # Stored: 28 flows summed over months, 8 stocks (last month), 4 populations (last month).
    specs = []
    for k in range(N_INDICATORS):
        if k < 28:
            agg, pagg = "sum", "sum"
        elif k < 36:
            agg, pagg = "sum", "last"
        else:
            agg, pagg = "sum", "last"
        specs.append((f"bench.b{k:02d}", agg, pagg))
    bases = []
    for n, (code, agg, pagg) in enumerate(specs):
        bases.append(
            Indicator.objects.create(
                code=code,
                name=f"Chỉ tiêu đo {n}",
                name_en=f"Bench indicator {n}",
                unit_of_measure="đơn vị",
                value_type="decimal",
                aggregation=agg,
                period_aggregation=pagg,
                sources=["commune"],
                sort_order=n,
            )
        )
    derived = [
        Indicator.objects.create(
            code=f"bench.d{j}",
            name=f"Mật độ đo {j}",
            name_en=f"Bench density {j}",
            unit_of_measure="/100 dân",
            value_type="decimal",
            numerator=bases[28 + j],
            denominator=bases[36 + j],
            factor=100,
            sort_order=100 + j,
        )
        for j in range(N_DERIVED)
    ]
    requested = [b.code for b in bases[: N_INDICATORS - N_DERIVED]] + [d.code for d in derived]
    return bases, requested


def _other_columns() -> tuple[list[str], list[str]]:
    """Columns of Value besides unit, indicator, period, value, and a constant for each."""
    from django.db import models

    from tongket.reporting.models import Value

    names, literals = [], []
    for f in Value._meta.concrete_fields:
        if f.primary_key or f.name in ("unit", "indicator", "period", "value"):
            continue
        if f.null:
            literal = "NULL"
        elif isinstance(f, models.BooleanField):
            literal = "false"
        elif isinstance(f, models.DateTimeField):
            literal = "'2026-01-01 00:00:00+00'"
        elif f.name == "source":
            literal = "'synthetic'"
        elif f.has_default() and not callable(f.default):
            literal = repr(f.default).replace('"', "'")
        else:
            literal = "''"
        names.append(f.column)
        literals.append(literal)
    return names, literals


def _generator_sql(unit_ids, indicator_ids, month_ids, literals) -> str:
    """DuckDB statement producing the synthetic rows (deterministic, by position not id)."""
    u = ", ".join(f"({i}, {k})" for k, i in enumerate(unit_ids))
    ind = ", ".join(f"({i}, {k})" for k, i in enumerate(indicator_ids))
    m = ", ".join(f"({i}, {k})" for k, i in enumerate(month_ids))
    # flows vary by month; stocks (28..35) grow; populations (36..39) are large and steady
    value = (
        "CASE WHEN i.k < 28 THEN ((u.k * 7919 + i.k * 104729 + m.k * 1299709) % 10007) / 10.0 "
        "WHEN i.k < 36 THEN 1000 + u.k % 997 + m.k * 3 "
        "ELSE 20000 + (u.k * 31) % 5003 END"
    )
    cols = ", ".join(literals)
    return (
        f"SELECT u.id, i.id, m.id, {value}, {cols} "
        f"FROM (VALUES {u}) u(id, k), (VALUES {ind}) i(id, k), (VALUES {m}) m(id, k)"
    )


def _value_indexes(conn) -> list[str]:
    """Drop the secondary indexes and constraints of Value; return the SQL that restores them."""
    from tongket.reporting.models import Value

    table = Value._meta.db_table
    restore = []
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
            for name, sql in cur.fetchall():
                cur.execute(f'DROP INDEX "{name}"')
                restore.append(sql)
        else:
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [table],
            )
            constraints = cur.fetchall()
            names = {c for c, _ in constraints}
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexname NOT LIKE '%%_pkey'",
                [table],
            )
            indexes = [(n, d) for n, d in cur.fetchall() if n not in names]
            for name, definition in constraints:
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for name, definition in indexes:
                cur.execute(f'DROP INDEX "{name}"')
                restore.append(definition)
    return restore


def _load_values(*, years: list[int], communes: list[int], bases, tmp: Path) -> int:
    """Bulk-load the synthetic values, a year at a time (peak memory ~ one year)."""
    import duckdb
    from django.db import connection, transaction

    from tongket.reporting.models import Value
    from tongket.reporting.periods import periods_ensure

    table = Value._meta.db_table
    other, literals = _other_columns()
    columns = ", ".join(f'"{c}"' for c in ["unit_id", "indicator_id", "period_id", "value", *other])
    duck = duckdb.connect()
    total = 0
    restore = _value_indexes(connection)
    for year in years:
        months = periods_ensure([f"{year}-{m:02d}" for m in range(1, 13)])
        month_ids = [months[f"{year}-{m:02d}"].id for m in range(1, 13)]
        sql = _generator_sql(communes, [b.id for b in bases], month_ids, literals)
        started = time.perf_counter()
        with transaction.atomic():
            if connection.vendor == "sqlite":
                holes = ", ".join(["?"] * (4 + len(other)))
                raw = connection.connection
                result = duck.execute(sql)
                while batch := result.fetchmany(200_000):
                    raw.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({holes})', batch)
                    total += len(batch)
            else:
                path = tmp / f"values_{year}.csv"
                duck.execute(f"COPY ({sql}) TO '{path}' (FORMAT csv, HEADER false)")
                with (
                    connection.cursor() as cur,
                    cur.copy(f'COPY "{table}" ({columns}) FROM STDIN (FORMAT csv)') as copy,
                    path.open("rb") as fh,
                ):
                    while block := fh.read(1 << 20):
                        copy.write(block)
                total += duck.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
                path.unlink()
        log(f"  {year}: {total:,} values loaded ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    with connection.cursor() as cur:
        for sql in restore:
            cur.execute(sql)
        cur.execute("ANALYZE" if connection.vendor == "sqlite" else f'VACUUM ANALYZE "{table}"')
    log(f"  indexes rebuilt, statistics gathered ({time.perf_counter() - started:.1f} s)")
    return total


def _targets(*, year: int, requested: list[str]) -> int:
    from tongket.analytics.hierarchy import today, units_of_kind
    from tongket.indicators.models import Indicator
    from tongket.reporting.models import Target
    from tongket.reporting.periods import periods_ensure

    quarters = periods_ensure([f"{year}Q{q}" for q in range(1, 5)])
    provinces = units_of_kind(kind="province", on=today())
    rows = [
        Target(
            unit_id=p.id,
            indicator=ind,
            period=quarter,
            value=1000 + (p.id * 37 + ind.id * 11) % 5000,
            direction="lower" if ind.code.endswith(("07", "17")) else "higher",
            is_synthetic=True,
        )
        for p in provinces
        for ind in Indicator.objects.filter(code__in=requested)
        for quarter in quarters.values()
    ]
    Target.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 elsewhere).

    Read from /proc when the server runs on this machine; parallel workers, when a plan
    has them, are not counted.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(fn, runs: int, *, server: bool = False) -> tuple[dict[str, float], object]:
    """Median and fastest of ``runs`` warm runs, and the median CPU time they used.

    The machine is shared: the fastest run is the one least disturbed by other work, the
    median what a user would see, and CPU time (this process, all its threads, plus the
    PostgreSQL backend with ``server``) the work done whatever the load.
    """
    fn()  # warm the caches: a dashboard is asked again and again
    times, cpu = [], []
    result = None
    for _ in range(runs):
        cpu_before = time.process_time() + (_backend_cpu() if server else 0.0)
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() + (_backend_cpu() if server else 0.0) - cpu_before)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "cpu": statistics.median(cpu),
    }, result


def _digest(pivot) -> dict[str, float]:
    """Sum of every non-empty value per indicator, and of the units that reported the stored
    ones: equal across engines when results agree."""
    sums: dict[str, float] = {}
    for (_unit, _period, code), cell in pivot.cells.items():
        if cell.value is not None:
            sums[code] = sums.get(code, 0.0) + cell.value
        if cell.reported is not None and code.startswith("bench.b"):
            sums[f"{code} reported"] = sums.get(f"{code} reported", 0.0) + cell.reported
    return {k: round(v, 3) for k, v in sorted(sums.items())}


def _duckdb_run(*, requested: list[str], tmp: Path, runs: int) -> dict:
    """Export the tables from the database, then time DuckDB on the same statement."""
    import duckdb
    from django.db import connection

    from tongket.analytics import coverage, derived, engine, hierarchy
    from tongket.analytics.selectors import indicator_list
    from tongket.core.periods import Period as PeriodCode
    from tongket.core.periods import PeriodKind
    from tongket.reporting.models import Period, Value
    from tongket.units.models import Unit, UnitAncestor

    started = time.perf_counter()
    duck = duckdb.connect()
    for model in (Value, Period, UnitAncestor, Unit):
        table = model._meta.db_table
        cols = [f.column for f in model._meta.concrete_fields if f.column in _DUCK_COLUMNS]
        path = tmp / f"{table}.csv"
        names = ", ".join(f'"{c}"' for c in cols)
        with connection.cursor() as cur, path.open("wb") as fh:
            if connection.vendor == "postgresql":
                with cur.copy(f'COPY (SELECT {names} FROM "{table}") TO STDOUT (FORMAT csv)') as cp:
                    for block in cp:
                        fh.write(block)
            else:
                cur.execute(f'SELECT {names} FROM "{table}"')
                while rows := cur.fetchmany(500_000):
                    fh.write("".join(",".join(map(_csv, r)) + "\n" for r in rows).encode())
        types = ", ".join(f"'{c}': '{_DUCK_COLUMNS[c]}'" for c in cols)
        duck.execute(
            f"CREATE TABLE \"{table}\" AS SELECT * FROM read_csv('{path}', header=false, "
            f"columns={{{types}}})"
        )
        path.unlink()
    log(f"  exported to DuckDB ({time.perf_counter() - started:.1f} s)")

    inds = indicator_list(requested)
    units = hierarchy.units_of_kind(kind="province", on=hierarchy.today())
    row_ids = [u.id for u in units]
    quarters = PeriodCode.year_of(YEAR_LAST).parts(PeriodKind.QUARTER)
    catalogue = engine.Catalogue.load(inds)
    periods = engine.stored_periods(quarters)
    args = {
        "indicator_ids": [b.id for b in catalogue.bases.values()],
        "period_ids": list(periods),
        "row_ids": row_ids,
        "today": hierarchy.today(),
        "today_map": hierarchy.today_map(),
    }
    # DuckDB is the lower bound: it gets both shapes of the statement and keeps its best.
    best: dict | None = None
    for shape in ("postgresql", "sqlite"):
        sql = engine.cells_sql(**args, vendor=shape)

        def query_only(sql=sql):
            return duck.execute(sql).fetchall()

        def aggregate(sql=sql, shape=shape):
            # The figures, the units that reported each (one statement for the four
            # quarters) and, per cell, the count of those of its source, as tongket does.
            cells = engine.fetch_cells(sql, periods, cursor=duck)
            found = engine.fold_figures(
                cells, catalogue=catalogue, row_ids=row_ids, buckets=quarters, detail=False
            )
            reported = coverage.reported_by_bucket(
                base_ids=args["indicator_ids"],
                row_ids=row_ids,
                buckets=quarters,
                today_units=True,
                today_map=args["today_map"],
                cursor=duck,
                vendor=shape,
            )
            values, counts = {}, {}
            for row_id in row_ids:
                for bucket in quarters:
                    by_unit = reported[bucket.code]
                    for code, base in catalogue.bases.items():
                        figure = found[(row_id, code, bucket.code)]
                        c = coverage.coverage_of(
                            source=figure.source,
                            row_id=row_id,
                            expected={},
                            reported=by_unit.get((row_id, base.id), {}),
                        )
                        counts[(row_id, code, bucket.code)] = c.reported if c else None
                    for indicator in catalogue.requested:
                        parts = {
                            c: found[(row_id, c, bucket.code)].value
                            for c in catalogue.needs[indicator.code]
                        }
                        key = (row_id, indicator.code, bucket.code)
                        values[key] = derived.compute(indicator, parts)
            return values, counts

        group_by, _ = _timed(query_only, runs)
        full, values = _timed(aggregate, runs)
        log(f"  duckdb, {shape} shape: GROUP BY {_ms(group_by)}, pivot {_ms(full)}")
        if best is None:
            best = {"group_by": group_by, "pivot": full, "values": values, "shapes": {}}
        for key, timing in (("group_by", group_by), ("pivot", full)):
            if timing["median"] <= best[key]["median"]:
                best[key] = timing
                best["shapes"][key] = shape
    sums: dict[str, float] = {}
    values, counts = best.pop("values")
    for (_u, code, _q), value in values.items():
        if value is not None:
            sums[code] = sums.get(code, 0.0) + value
    for (_u, code, _q), count in counts.items():
        # Every base is counted, as tongket does; the pivot shows the requested ones.
        if count is not None and code in requested:
            sums[f"{code} reported"] = sums.get(f"{code} reported", 0.0) + count
    best["digest"] = {k: round(v, 3) for k, v in sorted(sums.items())}
    return best


_DUCK_COLUMNS = {
    "id": "BIGINT",
    "unit_id": "BIGINT",
    "indicator_id": "BIGINT",
    "period_id": "BIGINT",
    "ancestor_id": "BIGINT",
    "depth": "INTEGER",
    "value": "DOUBLE",
    "valid_from": "DATE",
    "valid_to": "DATE",
    "start": "DATE",
    "end": "DATE",
    "year": "INTEGER",
    "code": "VARCHAR",
    "kind": "VARCHAR",
}


def _csv(value) -> str:
    return "" if value is None else str(value)


def child(args: argparse.Namespace) -> None:
    _setup_django(args.url)
    from django.core.management import call_command
    from django.db import connection

    from tongket.analytics import engine, hierarchy
    from tongket.analytics.selectors import indicator_list, national_pivot
    from tongket.core.periods import Period as PeriodCode
    from tongket.core.periods import PeriodKind
    from tongket.units.models import Unit
    from tongket.units.services import units_reference_load

    call_command("migrate", verbosity=0)
    units_reference_load(actor="bench")
    bases, requested = _catalogue()
    communes = list(
        Unit.objects.filter(kind="commune", valid_to__isnull=True)
        .order_by("code")
        .values_list("id", flat=True)
    )[:: args.commune_step]
    years = list(range(YEAR_LAST - args.years + 1, YEAR_LAST + 1))
    log(
        f"[{connection.vendor}] {len(communes)} communes × {len(bases)} indicators × 12 × {len(years)}"
    )
    with tempfile.TemporaryDirectory(prefix="tk_pivot_") as tmp:
        count = _load_values(years=years, communes=communes, bases=bases, tmp=Path(tmp))
        _targets(year=YEAR_LAST, requested=requested)

        quarters = PeriodCode.year_of(YEAR_LAST).parts(PeriodKind.QUARTER)
        provinces = hierarchy.units_of_kind(kind="province", on=hierarchy.today())
        catalogue = engine.Catalogue.load(indicator_list(requested))
        periods = engine.stored_periods(quarters)
        sql = engine.cells_sql(
            indicator_ids=[b.id for b in catalogue.bases.values()],
            period_ids=list(periods),
            row_ids=[p.id for p in provinces],
            today=hierarchy.today(),
            today_map=hierarchy.today_map(),
        )

        def query_only():
            with connection.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()

        def pivot():
            return national_pivot(year=YEAR_LAST, indicators=requested)

        group_by, _ = _timed(query_only, args.runs, server=True)
        full, result = _timed(pivot, args.runs, server=True)
        with connection.cursor() as cur:
            cur.execute(
                ("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql
            )
            plan = "\n".join(" ".join(str(c) for c in row) for row in cur.fetchall())
        out = {
            "vendor": connection.vendor,
            "values": count,
            "cells": len(result.cells),
            "provinces": len(result.units),
            "group_by": group_by,
            "pivot": full,
            "digest": _digest(result),
            "plan": plan,
            "load": os.getloadavg()[0],
        }
        out["duckdb"] = _duckdb_run(requested=requested, tmp=Path(tmp), runs=args.runs)
    print(json.dumps(out))


# --- parent: every backend and size, then the table ---------------------------------------


def _pg(sql: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(sql)
        return True
    except psycopg.Error as exc:
        log(f"PostgreSQL: {exc}")
        return False


def _run_child(url: str, *, years: int, step: int, runs: int) -> dict | None:
    cmd = [sys.executable, __file__, "--child", "--url", url, "--years", str(years)]
    cmd += ["--commune-step", str(step), "--runs", str(runs)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        log(f"run failed (exit {proc.returncode}): {url}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ms(t: dict[str, float]) -> str:
    def one(seconds: float) -> str:
        ms = seconds * 1000
        return f"{ms:,.0f}" if ms >= 100 else f"{ms:,.1f}"

    return f"{one(t['median'])} ({one(t['min'])}) ms"


def _cpu(t: dict[str, float]) -> str:
    return f"{t['cpu'] * 1000:,.0f} ms"


def _row(count: str, r: dict, key: str) -> str:
    mine, base = r[key], r["duckdb"][key]
    return (
        f"| {count} | {r['vendor']} | {_ms(mine)} | {_cpu(mine)} | {_ms(base)} | {_cpu(base)} | "
        f"**{mine['median'] / base['median']:.1f}×** | **{mine['cpu'] / base['cpu']:.1f}×** |"
    )


_HEAD = (
    "| values | engine | {what} | CPU | DuckDB, same rows | DuckDB CPU | × DuckDB (time) "
    "| × DuckDB (CPU) |\n|---:|---|---:|---:|---:|---:|---:|---:|"
)


def parent(args: argparse.Namespace) -> int:
    sizes = [(1, 10), (2, 10)] if args.quick else [(1, 1), (10, 1)]
    if args.only:
        sizes = [(args.only, 1)]
    runs = 3 if args.quick else 7
    pivots = [_HEAD.format(what="national pivot")]
    group_bys = [_HEAD.format(what="GROUP BY alone")]
    notes, failed = [], False
    for years, step in sizes:
        results = []
        log(f"== {years} year(s), every {step} commune(s) ==")
        with tempfile.TemporaryDirectory(prefix="tk_pivot_sqlite_") as tmp:
            url = f"sqlite:///{tmp}/pivot.sqlite3"
            results.append(_run_child(url, years=years, step=step, runs=runs))
        if _pg(f"DROP DATABASE IF EXISTS {PG_DB}") and _pg(f"CREATE DATABASE {PG_DB}"):
            url = f"{PG_SERVER}/{PG_DB}"
            results.append(_run_child(url, years=years, step=step, runs=runs))
            _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
        else:
            notes.append("PostgreSQL did not answer: measured on SQLite only")
        for r in results:
            if r is None:
                failed = True
                continue
            count = f"{r['values']:,}"
            if r["digest"] != r["duckdb"]["digest"]:
                failed = True
                notes.append(f"{r['vendor']} and DuckDB disagree at {count} values")
            pivots.append(_row(count, r, "pivot"))
            group_bys.append(_row(count, r, "group_by"))
            notes.append(
                f"{r['vendor']}, {count} values: load average {r['load']:.1f} on "
                f"{os.cpu_count()} cores; DuckDB's best shapes {r['duckdb']['shapes']}"
                f"\n\n```\n{r['plan']}\n```"
            )
    cells = f"{34 * 4 * N_INDICATORS:,}"
    text = (
        f"National pivot, live: {cells} cells (34 provinces × 4 quarters × {N_INDICATORS} "
        f"indicators, {N_DERIVED} of them derived, each with target, attainment and coverage) from "
        f"commune-level monthly values. Time: median (fastest) of {runs} warm runs. CPU: "
        "median CPU time of a run (this process with all its threads, plus the PostgreSQL "
        "backend), the work done whatever else the shared machine runs. DuckDB runs the "
        "same statements, the same Python fold and the same count of the communes that "
        "reported each cell, on the rows exported from the database measured, in the same "
        "process right after it.\n\n"
        + "\n".join(pivots)
        + "\n\nThe larger of the two statements the pivot sends (the GROUP BY of the figures "
        "over values, periods and the unit closure), alone:\n\n" + "\n".join(group_bys) + "\n"
    )
    print(text)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "pivot.md").write_text(
        text + "\n" + "\n\n".join(notes) + "\n", encoding="utf-8"
    )
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument(
        "--only", type=int, metavar="YEARS", help="one size: YEARS years of every commune"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--years", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--commune-step", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
