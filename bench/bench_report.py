"""Seconds to produce a province's year-end review report, with its charts, from the demo
database; the aim is under 3 seconds.

The demo database is built once in its own TONGKET_HOME (``tongket init`` + ``tongket demo``,
about a minute; kept in bench/out/report-home and reused). The report is Sở Khoa học và Công
nghệ Hưng Yên's for last year (the province that took in Thái Bình on 01/07/2025), made as a
person makes it: the ``tongket report`` command in a fresh process, start-up included. Beside
it, the same report in a warm process split into its steps (gathering the data, drawing the
charts, laying out the DOCX), and the PDF through LibreOffice when it is installed. Prints a
Markdown table and writes it to bench/out/report.md.

    python bench/bench_report.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
HOME = Path(os.environ.get("TK_BENCH_REPORT_HOME", OUT / "report-home"))
TONGKET = Path(sys.executable).with_name("tongket")
UNIT = "33.SKHCN"
AIM_SECONDS = 3.0


def _env() -> dict[str, str]:
    env = dict(os.environ, TONGKET_HOME=str(HOME), DJANGO_SETTINGS_MODULE="tongket.settings")
    env.pop("TONGKET_DATABASE_URL", None)  # the demo database is this home's SQLite file
    return env


def _tongket(*args: str, quiet: bool = True) -> None:
    subprocess.run(
        [str(TONGKET), *args],
        env=_env(),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def demo_database() -> float:
    """Build the demo database unless it is there; returns the seconds it took (0 if reused)."""
    HOME.mkdir(parents=True, exist_ok=True)
    marker = HOME / "demo.done"
    started = time.perf_counter()
    _tongket("migrate", "-v", "0")  # a database from an earlier run gets new tables
    if not marker.exists():
        print(f"building the demo database in {HOME} (about a minute)", file=sys.stderr)
        _tongket("init")
        _tongket("demo")
        marker.write_text(dt.datetime.now().isoformat())
        return time.perf_counter() - started
    return 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_seconds(year: int, fmt: str, runs: int) -> tuple[list[float], list[float]]:
    """``tongket report`` in a fresh process each time, start-up included: wall and CPU."""
    wall, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            target = Path(tmp) / f"report-{n}.{fmt}"
            started, used = time.perf_counter(), _children_cpu()
            _tongket("report", "--unit", UNIT, "--year", str(year), "-o", str(target))
            wall.append(time.perf_counter() - started)
            cpu.append(_children_cpu() - used)
            assert target.stat().st_size > 10_000
    return wall, cpu


def steps_seconds(year: int, runs: int) -> dict[str, list[float]]:
    """The report in this process, step by step, after one warm-up run."""
    os.environ.update(_env())
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from tongket.papers.pdf import docx_to_pdf, office_binary
    from tongket.papers.render_charts import chart_png
    from tongket.papers.render_report import report_docx
    from tongket.papers.report_gather import report_unit_find, year_report_gather

    unit = report_unit_find(UNIT, year=year)
    times: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("gather", "charts", "docx", "total", "pdf")
    }

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def since(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        return b[0] - a[0], b[1] - a[1]

    docx = b""
    for n in range(runs + 1):
        t0 = now()
        report = year_report_gather(unit=unit, year=year)
        t1 = now()
        pngs = {c.code: chart_png(c) for c in report.charts}
        t2 = now()
        docx = report_docx(report, chart_renderer=lambda c, drawn=pngs: drawn[c.code])
        t3 = now()
        if n == 0:
            assert len(report.charts) == 4, report.charts
            continue  # warm-up: imports, font cache
        times["gather"].append(since(t0, t1))
        times["charts"].append(since(t1, t2))
        times["docx"].append(since(t2, t3))
        times["total"].append(since(t0, t3))
    if office_binary():
        # LibreOffice works in a process of its own: its CPU time is not this one's.
        started = time.perf_counter()
        docx_to_pdf(docx)
        times["pdf"].append((time.perf_counter() - started, float("nan")))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 2 if args.quick else 5
    year = dt.date.today().year - 1
    built = demo_database()
    cli_wall, cli_cpu = cli_seconds(year, "docx", runs)
    steps = steps_seconds(year, runs)

    def median(values: list[float]) -> str:
        values = [v for v in values if v == v]  # NaN: not measured
        return f"{statistics.median(values):.2f}" if values else "—"

    def pair(key: str) -> tuple[str, str]:
        return median([w for w, _ in steps[key]]), median([c for _, c in steps[key]])

    best = statistics.median(cli_wall)
    rows = [
        ("`tongket report` (fresh process, start-up included): DOCX with 4 charts",
         median(cli_wall), median(cli_cpu)),
        ("in a warm process: the whole report", *pair("total")),
        ("  gathering the data (selectors)", *pair("gather")),
        ("  drawing the 4 charts (matplotlib, PNG)", *pair("charts")),
        ("  laying out the DOCX (python-docx)", *pair("docx")),
        ("the PDF of it through LibreOffice (one conversion)", *pair("pdf")),
    ]  # fmt: skip
    load = os.getloadavg()[0]
    lines = [
        f"Year-end review report of {UNIT} (Hưng Yên) for {year} from the demo database; "
        f"median of {runs} runs, seconds (wall clock, and CPU time of the process: the machine "
        f"is shared, load average {load:.1f} on {os.cpu_count()} cores). Aim: under "
        f"{AIM_SECONDS:.0f} s for the command.",
        "",
        "| what | wall s | CPU s |",
        "|---|---:|---:|",
        *(f"| {what} | {wall} | {cpu} |" for what, wall, cpu in rows),
        "",
        f"Command against the aim: {best:.2f} s / {AIM_SECONDS:.0f} s = {best / AIM_SECONDS:.2f}"
        f" ({'met' if best < AIM_SECONDS else 'not met'} on the wall clock; CPU "
        f"{statistics.median(cli_cpu):.2f} s).",
    ]
    if built:
        lines.append(f"(The demo database was built first, in {built:.0f} s, not counted.)")
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "report.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
