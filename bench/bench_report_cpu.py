"""CPU of one report on the write path, in process, beside the code it is compared with.

Each measurement runs in a process of its own with a fresh installation (``tongket init`` in a
temporary ``TONGKET_HOME``): on SQLite (a file in that folder) or on PostgreSQL (database
``tk_report_cpu``, created and dropped here). Communes get a reporting account and an API
token; then, after 5 warm-up reports, each of ``--reports`` communes sends its
``commune-monthly`` report (40 values) as ``POST /api/v1/reports`` with an ``Idempotency-Key``
through Django's whole request stack (``django.test.Client``: middleware, URL routing, Ninja,
the service, the database). Measured per report: the CPU time of the Python process (user +
system) and, on PostgreSQL, of the database backend serving it (``/proc/<pid>/stat``), the SQL
statements, and the wall time. CPU time is quoted because the machine is shared: it counts
only what this process did.

``--baseline REF`` measures the same thing on the code of the git commit ``REF`` (checked out
in a temporary worktree) in the same run, one after the other per database, so both meet the
same machine load.

``--flat`` measures the cost "through the day": the per-report cost with 10 reports stored in
the period, then after filling the database with 10,000 more reports (the communes' months
before, and most communes of the period itself, through the same service), the cost again.

    python bench/bench_report_cpu.py --baseline main            # both databases
    python bench/bench_report_cpu.py --database sqlite --flat

Prints Markdown tables and writes them to ``bench/out/report_cpu.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_SERVER = os.environ.get("TK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("TK_BENCH_PG_DB", "tk_report_cpu")
FORM = "commune-monthly"
PERIOD = "2026-01"
WARM = 5


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cpu_of(pid: int) -> float:
    hz = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / hz


# ----------------------------------------------------------------------------- the child


def _setup(count: int) -> list[dict]:
    """A reporting account and token for ``count`` of the communes valid in the period."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from tongket.accounts.services import role_assignment_create
    from tongket.api.tokens import apitoken_create
    from tongket.reporting.submissions_units import unit_recipient_on
    from tongket.units.models import Unit, UnitKind

    day = dt.date(2026, 1, 31)
    communes = Unit.objects.filter(
        kind=UnitKind.COMMUNE, valid_from__lte=dt.date(2025, 7, 1), valid_to__isnull=True
    ).order_by("code")
    accounts = []
    User = get_user_model()
    for unit in communes.iterator():
        if len(accounts) == count:
            break
        if unit_recipient_on(unit=unit, kind="department", day=day) is None:
            continue
        user = User.objects.create_user(username=f"xa{unit.code}", password=None)
        role_assignment_create(
            user=user, role="reporting", unit=unit, valid_from=dt.date(2025, 1, 1), actor="bench"
        )
        _, secret = apitoken_create(user=user, name="bench", actor="bench")
        accounts.append({"unit_id": unit.pk, "code": unit.code, "token": secret})
    return accounts


def _fill(*, skip: set[int], total: int, rng: random.Random) -> int:
    """``total`` reports stored through the service by the communes not in ``skip`` (those
    measured): the period's own (the country has about 3,300 communes), then their months
    before, nearest first."""
    import datetime as dt

    from bench_deadline import commune_values
    from tongket.reporting.selectors import form_get
    from tongket.reporting.services import submission_report
    from tongket.units.models import Unit, UnitKind

    form = form_get(code=FORM)
    communes = list(
        Unit.objects.filter(
            kind=UnitKind.COMMUNE, valid_from__lte=dt.date(2025, 7, 1), valid_to__isnull=True
        ).order_by("code")
    )
    done = 0
    plan = [(PERIOD, u) for u in communes if u.pk not in skip]
    plan += [
        (p, u) for p in ("2025-12", "2025-11", "2025-10") for u in communes if u.pk not in skip
    ]
    for period, unit in plan:
        if done == total:
            break
        submission_report(
            unit=unit, form=form, period_code=period, values=commune_values(rng), actor="bench"
        )
        done += 1
        if done % 1000 == 0:
            log(f"  filled {done} reports")
    return done


def _measure(client, accounts: list[dict], rng: random.Random, backend: int | None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench_deadline import commune_values

    cpu, db_cpu, wall, statements = [], [], [], []
    for i, account in enumerate(accounts):
        body = json.dumps(
            {
                "form": FORM,
                "period": PERIOD,
                "unit_id": account["unit_id"],
                "values": commune_values(rng),
            }
        )
        headers = {
            "HTTP_AUTHORIZATION": f"Bearer {account['token']}",
            "HTTP_IDEMPOTENCY_KEY": f"cpu-{PERIOD}-{account['code']}",
        }
        counted = i % 10 == 9  # counting statements costs CPU: only on every tenth report
        db_before = _cpu_of(backend) if backend else 0.0
        started_wall, started = time.perf_counter(), time.process_time()
        if counted:
            # The writer thread's statements are counted here too: this report writes inline.
            with (
                override_settings(TONGKET_WRITE_QUEUE=False),
                CaptureQueriesContext(connection) as queries,
            ):
                response = client.post(
                    "/api/v1/reports", body, content_type="application/json", **headers
                )
            statements.append(len(queries))
        else:
            response = client.post(
                "/api/v1/reports", body, content_type="application/json", **headers
            )
        if not counted:
            cpu.append(time.process_time() - started)
            wall.append(time.perf_counter() - started_wall)
            if backend:
                db_cpu.append(_cpu_of(backend) - db_before)
        if response.status_code != 201:
            raise RuntimeError(f"report refused: {response.status_code} {response.content[:500]}")
    return {
        "cpu_ms": 1000 * statistics.mean(cpu),
        "cpu_median_ms": 1000 * statistics.median(cpu),
        "db_cpu_ms": 1000 * statistics.mean(db_cpu) if db_cpu else None,
        "wall_ms": 1000 * statistics.median(wall),
        "statements": statistics.median(statements) if statements else None,
        "reports": len(cpu),
    }


def child(args) -> dict:
    sys.path.insert(0, str(HERE))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongket.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    rng = random.Random(7)
    accounts = _setup(args.reports + WARM + 10)
    client = Client()
    # Warm-up: another month, so the measured reports meet loaded code and connections.
    warm = [dict(a, code=f"warm{a['code']}") for a in accounts[:WARM]]
    for account in warm:
        from bench_deadline import commune_values

        body = {
            "form": FORM,
            "period": "2025-12",
            "unit_id": account["unit_id"],
            "values": commune_values(rng),
        }
        response = client.post(
            "/api/v1/reports",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {account['token']}",
        )
        if response.status_code != 201:
            raise RuntimeError(f"warm-up refused: {response.status_code} {response.content[:500]}")
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    result: dict = {"vendor": connection.vendor}
    measured = accounts[WARM : WARM + args.reports]
    if args.flat:
        # The period's first 10 reports, then the cost of the next ones.
        early = accounts[WARM + args.reports : WARM + args.reports + 10]
        _measure(client, early, rng, backend)
        split = args.reports // 3 if args.analyze else args.reports // 2
        result["at_10"] = _measure(client, measured[:split], rng, backend)
        skip = {a["unit_id"] for a in accounts}
        log(f"filling {args.fill} reports")
        started = time.perf_counter()
        result["filled"] = _fill(skip=skip, total=args.fill, rng=rng)
        result["fill_seconds"] = time.perf_counter() - started
        from tongket.reporting.models import Submission, Value

        result["stored_reports"] = Submission.objects.count()
        result["stored_values"] = Value.objects.count()
        if backend:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
        if args.analyze:
            # Half of the rest before the planner statistics are refreshed, half after.
            third = args.reports // 3
            result["at_fill"] = _measure(client, measured[third : 2 * third], rng, backend)
            from tongket.core.statistics import database_statistics_refresh

            database_statistics_refresh(full=True)
            result["at_fill_analyzed"] = _measure(client, measured[2 * third :], rng, backend)
        else:
            result["at_fill"] = _measure(client, measured[args.reports // 2 :], rng, backend)
    elif args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(_measure, client, measured, rng, backend)
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats(args.profile).print_stats(60)
        # Own time by package: where the CPU goes, whatever calls it.
        by_area: dict[str, float] = {}
        for (filename, _, name), (_, _, own, _, _) in stats.stats.items():
            if filename == "~":
                filename = name
            area = filename.split("site-packages/")[-1].split("/src/")[-1]
            area = (
                "/".join(area.split("/")[:3])
                if area.startswith(("tongket", "django"))
                else area.split("/")[0]
            )
            by_area[area] = by_area.get(area, 0.0) + own
        total = sum(by_area.values())
        for area, own in sorted(by_area.items(), key=lambda kv: -kv[1])[:25]:
            print(f"{100 * own / total:5.1f}%  {area}", file=sys.stderr)
        result["report"] = {}
    else:
        result["report"] = _measure(client, measured, rng, backend)
    return result


# ----------------------------------------------------------------------------- the parent


def _worktree(ref: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="tk-baseline-"))
    path.rmdir()
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), ref],
        check=True,
        capture_output=True,
    )
    return path


def _pg(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {PG_DB}")


def run_child(
    *, src: Path, database: str, reports: int, flat: bool, fill: int, analyze: bool = False
) -> dict:
    home = Path(tempfile.mkdtemp(prefix="tk-report-cpu-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGKET_")}
    env.update(TONGKET_HOME=str(home), PYTHONPATH=f"{src}:{HERE}")
    if database == "postgresql":
        _pg("create")
        env["TONGKET_DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    else:
        env["TONGKET_DATABASE_URL"] = f"sqlite:///{home / 'tongket.sqlite3'}"
    cmd = [sys.executable, __file__, "--child", "--reports", str(reports), "--fill", str(fill)]
    cmd += ["--analyze"] if analyze else []
    try:
        done = subprocess.run(
            [*cmd, *(["--flat"] if flat else [])],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        if database == "postgresql":
            _pg("drop")
        shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(label: str, database: str, r: dict) -> str:
    db = f"{r['db_cpu_ms']:.1f}" if r.get("db_cpu_ms") is not None else "—"
    total = r["cpu_ms"] + (r["db_cpu_ms"] or 0.0)
    return (
        f"| {label} | {database} | {r['cpu_ms']:.1f} | {r['cpu_median_ms']:.1f} | {db} | "
        f"{total:.1f} | {r['statements']:.0f} | {r['wall_ms']:.1f} | {r['reports']} |"
    )


HEAD = (
    "| code | database | CPU ms per report (mean) | median | database CPU ms | Django + "
    "database ms | SQL statements | wall ms (median) | reports |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--baseline", help="git commit to measure beside this code")
    parser.add_argument("--flat", action="store_true", help="cost at 10 and at --fill reports")
    parser.add_argument("--fill", type=int, default=10_000)
    parser.add_argument(
        "--analyze", action="store_true", help="--flat: measure again after ANALYZE"
    )
    parser.add_argument(
        "--profile", help="cProfile the child, sorted by this (cumulative, tottime)"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return 0
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    trees = [("now", ROOT / "src")]
    worktree = None
    if args.baseline:
        worktree = _worktree(args.baseline)
        trees.insert(0, (f"baseline ({args.baseline})", worktree / "src"))
    lines = []
    try:
        if args.flat:
            lines += [
                "| database | stored reports | CPU ms per report | database CPU ms | Django + "
                "database ms | SQL statements | wall ms (median) | reports |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for database in databases:
                log(f"flat cost, {database}")
                r = run_child(
                    src=ROOT / "src",
                    database=database,
                    reports=args.reports,
                    flat=True,
                    fill=args.fill,
                    analyze=args.analyze,
                )
                rows = [("at_10", "10"), ("at_fill", f"{r['stored_reports']:,}")]
                if "at_fill_analyzed" in r:
                    rows.append(("at_fill_analyzed", f"{r['stored_reports']:,}, after ANALYZE"))
                for key, stored in rows:
                    m = r[key]
                    db = m["db_cpu_ms"] or 0.0
                    lines.append(
                        f"| {database} | {stored} | {m['cpu_ms']:.1f} | "
                        f"{db:.1f} | {m['cpu_ms'] + db:.1f} | {m['statements']:.0f} | "
                        f"{m['wall_ms']:.1f} | {m['reports']} |"
                    )
                ratio = (r["at_fill"]["cpu_ms"] + (r["at_fill"]["db_cpu_ms"] or 0)) / (
                    r["at_10"]["cpu_ms"] + (r["at_10"]["db_cpu_ms"] or 0)
                )
                lines.append(
                    f"| {database}: at {r['stored_reports']:,} ÷ at 10 | {ratio:.2f} | | | | | | |"
                )
        else:
            lines.append(HEAD)
            for database in databases:
                for label, src in trees:
                    log(f"{label}, {database}")
                    r = run_child(
                        src=src, database=database, reports=args.reports, flat=False, fill=0
                    )
                    lines.append(_row(label, database, r["report"]))
    finally:
        if worktree is not None:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )
    load = os.getloadavg()
    text = (
        f"One `commune-monthly` report (40 values) per call, `POST /api/v1/reports` through "
        f"Django's whole request stack in one process; load average {load[0]:.1f} "
        f"({load[2]:.1f} over 15 min) on {os.cpu_count()} cores shared with other work.\n\n"
        + "\n".join(lines)
    )
    print(text)
    (HERE / "out").mkdir(exist_ok=True)
    name = "report_cpu_flat.md" if args.flat else "report_cpu.md"
    (HERE / "out" / name).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
