"""Import speed and memory, beside merely reading the same file.

One national year of commune-level monthly values: the 3,321 communes of the units reference
data × 40 base indicators × 12 months of 2026 ≈ 1.6 million values, written three ways:

* CSV (``unit,indicator,period,value``), read back by ``pandas.read_csv``;
* XLSX in the form template's wide layout, one workbook per month (3,321 rows × 40 columns,
  well within Excel's row limit), read back by openpyxl in read-only mode;
* DHIS2 ``dataValueSets`` JSON, read back by ``json.load``.

Each file is imported with ``files_import`` (the code behind ``tongket import``) into an empty
database on SQLite and on PostgreSQL (database ``tk_bench``, or ``$TK_BENCH_PG_DB``, created and
dropped here), then the CSV once more into the filled database (every value unchanged). Every
import and every read runs in its own process, so its peak memory (``ru_maxrss``, which
includes Python and Django, ~60 MB) is its own. The aims: CSV import within 3× of reading the
file, under 1 GB.

    python bench/bench_import.py            # 3,321 communes (≈ 1.6 M values)
    python bench/bench_import.py --quick    # 200 communes, for a smoke run

Prints a Markdown table and writes it to ``bench/out/import.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_SERVER = os.environ.get("TK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("TK_BENCH_PG_DB", "tk_bench")
YEAR = 2026  # every commune of the reference data exists all year
N_INDICATORS = 40
FORM = "BENCH-XA"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django(url: str) -> None:
    os.environ["TONGKET_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongket.settings")
    import django

    django.setup()


# --- children ------------------------------------------------------------------------------


def child_setup(url: str) -> dict:
    """Migrate, load the units reference data, and create the bench indicators and form."""
    from django.core.management import call_command

    _django(url)
    call_command("migrate", verbosity=0)
    from tongket.indicators.models import Indicator
    from tongket.reporting.models import Form, FormIndicator
    from tongket.units.services import units_reference_load

    units_reference_load(actor="bench")
    indicators = [
        Indicator(
            code=f"bench.i{k:02d}",
            name=f"Chỉ tiêu đo {k}",
            name_en=f"Bench indicator {k}",
            unit_of_measure="đơn vị",
            value_type="decimal",
            sort_order=k,
        )
        for k in range(N_INDICATORS)
    ]
    Indicator.objects.bulk_create(indicators)
    form = Form.objects.create(
        code=FORM,
        name="Biểu đo hiệu năng cấp xã",
        frequency="month",
        unit_kinds=["commune"],
        recipient_kind="province",
        deadline_days=10,
    )
    FormIndicator.objects.bulk_create(
        FormIndicator(form=form, indicator=i, line=n + 1)
        for n, i in enumerate(Indicator.objects.filter(code__startswith="bench.i"))
    )
    return {}


def _value(c: int, i: int, m: int) -> float:
    return ((c * 7919 + i * 104_729 + m * 1_299_709) % 1_000_000) / 10


def child_generate(url: str, work: Path, communes: int) -> dict:
    """Write the CSV, the 12 XLSX templates and the JSON for the first ``communes`` communes."""
    _django(url)
    from openpyxl import Workbook

    from tongket.core.periods import Period as PeriodCode
    from tongket.transfer.template import sheet_title
    from tongket.transfer.xlsx_meta import META_SHEET, TemplateMeta, template_meta_write
    from tongket.units.models import Unit

    start, end = PeriodCode.parse(str(YEAR)).start(), PeriodCode.parse(str(YEAR)).end()
    codes = list(
        Unit.objects.filter(kind="commune", valid_from__lte=start)
        .exclude(valid_to__lt=end)
        .order_by("code")
        .values_list("code", "name")
    )[:communes]
    indicators = [f"bench.i{k:02d}" for k in range(N_INDICATORS)]
    months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    with open(work / "values.csv", "w", encoding="utf-8", newline="") as out:
        out.write("unit,indicator,period,value\n")
        for m, period in enumerate(months, start=1):
            for c, (code, _) in enumerate(codes):
                out.write(
                    "".join(
                        f"{code},{ind},{period},{_value(c, i, m)!r}\n"
                        for i, ind in enumerate(indicators)
                    )
                )
    with open(work / "values.json", "w", encoding="utf-8") as out:
        out.write(json.dumps({"dataSet": FORM})[:-1] + ', "dataValues": [')
        first = True
        for m, period in enumerate(months, start=1):
            dhis = period.replace("-", "")
            for c, (code, _) in enumerate(codes):
                for i, ind in enumerate(indicators):
                    out.write(
                        ("\n" if first else ",\n")
                        + f'{{"dataElement": "{ind}", "period": "{dhis}", '
                        f'"orgUnit": "{code}", "value": "{_value(c, i, m)!r}"}}'
                    )
                    first = False
        out.write("\n]}\n")
    xlsx = work / "xlsx"
    xlsx.mkdir()
    for m, period in enumerate(months, start=1):
        # The template's layout and hidden code sheet, written in openpyxl's streaming mode.
        book = Workbook(write_only=True)
        ws = book.create_sheet(sheet_title(FORM))
        meta = TemplateMeta(
            sheet=ws.title,
            form=FORM,
            period=period,
            layout="wide",
            first_row=9,
            period_cell="A3",
            unit_cell="A2",
        )
        for text in [f"Biểu {FORM}", "Đơn vị: tất cả", f"Kỳ: {period}", "Hạn gửi", "", "", ""]:
            ws.append([text])
        ws.append(["", "", *indicators])
        for c, (code, name) in enumerate(codes):
            ws.append([code, name, *(_value(c, i, m) for i in range(N_INDICATORS))])
            meta.rows[9 + c] = code
        meta.columns = {3 + i: ind for i, ind in enumerate(indicators)}
        template_meta_write(book.create_sheet(META_SHEET), meta)
        book.save(xlsx / f"{period}.xlsx")
    return {"communes": len(codes), "values": len(codes) * N_INDICATORS * len(months)}


def child_read(fmt: str, paths: list[str]) -> dict:
    """The baseline: read the file(s) with the library a user would otherwise use."""
    import pandas
    from openpyxl import load_workbook

    started, cpu = time.perf_counter(), time.process_time()  # library imports not counted
    rows = 0
    if fmt == "csv":
        rows = len(pandas.read_csv(paths[0]))
    elif fmt == "xlsx":
        for path in paths:
            book = load_workbook(path, read_only=True, data_only=True)
            for _row in book.worksheets[0].iter_rows(values_only=True):
                rows += 1
            book.close()
    else:
        with open(paths[0], encoding="utf-8") as handle:
            rows = len(json.load(handle)["dataValues"])
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rows": rows,
        "peak_mb": peak_mb(),
    }


def child_import(url: str, paths: list[str]) -> dict:
    _django(url)
    from tongket.transfer.services import files_import

    started, cpu = time.perf_counter(), time.process_time()
    results = files_import(paths=paths, actor="bench")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "created": sum(r.created for r in results),
        "changed": sum(r.changed for r in results),
        "unchanged": sum(r.unchanged for r in results),
        "peak_mb": peak_mb(),
    }


def child_reset(url: str) -> dict:
    """Empty the tables an import fills (PostgreSQL; SQLite runs start from a copy)."""
    _django(url)
    from django.db import connection

    from tongket.core.models import AuditEntry
    from tongket.reporting.models import ImportBatch, Value

    tables = [m._meta.db_table for m in (Value, ImportBatch, AuditEntry)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        cursor.execute("VACUUM ANALYZE")
    return {}


# --- parent --------------------------------------------------------------------------------


def run_child(*args: str, src: str | None = None) -> dict:
    """Run a child; ``src`` is the ``src`` folder of another checkout (the baseline code)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False, env=env)
    if result.returncode != 0:
        raise SystemExit(f"child failed ({result.returncode}): {' '.join(args)}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 communes, for a smoke run")
    parser.add_argument("--communes", type=int, help="this many communes (default: all)")
    parser.add_argument(
        "--formats",
        default="csv,xlsx,json",
        help="which files to import, of csv, xlsx, json (default: all three)",
    )
    parser.add_argument(
        "--baseline",
        help="a checkout of the code to compare with, for the README's import comparison the "
        "code before the staged import (git worktree add --detach DIR f047a87): its CSV "
        "imports run in the same run, each into a database migrated by that code",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        handlers = {
            "setup": lambda: child_setup(rest[0]),
            "generate": lambda: child_generate(rest[0], Path(rest[1]), int(rest[2])),
            "read": lambda: child_read(rest[0], rest[1:]),
            "import": lambda: child_import(rest[0], rest[1:]),
            "reset": lambda: child_reset(rest[0]),
        }
        print(json.dumps(handlers[kind]()))
        return 0

    communes = args.communes or (200 if args.quick else 100_000)
    wanted = set(args.formats.split(","))
    base_src = str(Path(args.baseline).resolve() / "src") if args.baseline else None
    codes = [("this", None)] + ([("baseline", base_src)] if base_src else [])
    work = Path(tempfile.mkdtemp(prefix="tk_bench_import_"))
    pg = pg_available()
    try:
        pristine = {code: work / f"pristine-{code}.sqlite3" for code, _ in codes}
        for code, src in codes:
            log(f"setting up SQLite, {code} code (units reference data, 40 indicators)…")
            run_child("setup", f"sqlite:///{pristine[code]}", src=src)
        log("writing the files…")
        sizes = run_child("generate", f"sqlite:///{pristine['this']}", str(work), str(communes))
        files = {
            "CSV": ("csv", [str(work / "values.csv")]),
            "XLSX (12 templates)": ("xlsx", sorted(str(p) for p in (work / "xlsx").glob("*.xlsx"))),
            "DHIS2 JSON": ("json", [str(work / "values.json")]),
        }
        files = {label: f for label, f in files.items() if f[0] in wanted}
        megabytes = {
            label: sum(Path(p).stat().st_size for p in paths) / 1e6
            for label, (_, paths) in files.items()
        }
        reads = {}
        for label, (fmt, paths) in files.items():
            log(f"reading {label} with its usual library…")
            reads[label] = run_child("read", fmt, *paths)
        backends = [("SQLite", None)]
        if pg:
            for code, src in codes:
                db = PG_DB if code == "this" else f"{PG_DB}_base"
                pg_admin(f"DROP DATABASE IF EXISTS {db}")
                pg_admin(f"CREATE DATABASE {db}")
                log(f"setting up PostgreSQL, {code} code…")
                run_child("setup", f"{PG_SERVER}/{db}", src=src)
            backends.append(("PostgreSQL", f"{PG_SERVER}/{PG_DB}"))
        rows = []
        for backend, pg_url in backends:
            for label, (_, paths) in files.items():
                for code, src in codes if label == "CSV" else codes[:1]:
                    for again in (False, True) if label == "CSV" else (False,):
                        if pg_url is None:
                            run = work / f"run-{code}.sqlite3"
                            url = f"sqlite:///{run}"
                            if not again:
                                for suffix in ("", "-wal", "-shm"):
                                    Path(f"{run}{suffix}").unlink(missing_ok=True)
                                shutil.copy(pristine[code], run)
                        else:
                            url = pg_url if code == "this" else f"{pg_url}_base"
                            if not again:
                                run_child("reset", url, src=src)
                        log(
                            f"importing {label} into {backend}, {code} code"
                            f"{' again' if again else ''}…"
                        )
                        got = run_child("import", url, *paths, src=src)
                        rows.append(
                            (
                                backend,
                                label + (" again (all unchanged)" if again else ""),
                                code,
                                got,
                                reads[label],
                                megabytes[label],
                            )
                        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if pg:
            for code, _ in codes:
                db = PG_DB if code == "this" else f"{PG_DB}_base"
                pg_admin(f"DROP DATABASE IF EXISTS {db}")

    lines = [
        f"Import of {sizes['values']:,} values ({sizes['communes']:,} communes × "
        f"{N_INDICATORS} indicators × 12 months){' — quick run' if args.quick else ''}.",
        "",
        "| backend | file | code | MB | created / unchanged | import s (CPU s) | values/s "
        "| import peak MB | read s (CPU s, library) | read peak MB | import ÷ read |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    library = {"CSV": "pandas", "XLSX (12 templates)": "openpyxl", "DHIS2 JSON": "json.load"}
    for backend, label, code, got, read, mb in rows:
        base = label.split(" again")[0]
        total = got["created"] + got["changed"] + got["unchanged"]
        lines.append(
            f"| {backend} | {label} | {code} | {mb:,.0f} "
            f"| {got['created']:,} / {got['unchanged']:,} "
            f"| {got['seconds']:.1f} ({got['cpu']:.1f}) | {total / got['seconds']:,.0f} "
            f"| {got['peak_mb']:,.0f} | {read['seconds']:.2f} ({read['cpu']:.2f}, {library[base]}) "
            f"| {read['peak_mb']:,.0f} "
            f"| {got['seconds'] / read['seconds']:.1f}× |"
        )
    lines += [
        "",
        "Seconds are wall-clock time of the import or read alone (Python and Django start-up "
        "excluded); CPU s is this process's CPU time (on PostgreSQL the server's work is not "
        "in it). Peak MB is the process's maximum resident set, Python and Django included. "
        "import ÷ read compares wall-clock times. The machine's two cores are shared, so "
        "wall-clock times vary with what else runs.",
    ]
    if base_src:
        lines += [
            "",
            "| backend | file | baseline s ÷ this s (wall) | CPU (this process) |",
            "|---|---|---:|---:|",
        ]
        timed = {(b, label, code): got for b, label, code, got, _, _ in rows}
        for (backend, label, code), got in timed.items():
            old = timed.get((backend, label, "baseline"))
            if code == "this" and old:
                lines.append(
                    f"| {backend} | {label} | **{old['seconds'] / got['seconds']:.2f}×** "
                    f"| {old['cpu'] / got['cpu']:.2f}× |"
                )
    load = os.getloadavg()
    lines += [
        "",
        f"Load average at the end of the run: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}.",
    ]
    if not pg:
        lines += ["", "PostgreSQL did not answer: SQLite only."]
    table = "\n".join(lines)
    print(table)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "import.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
