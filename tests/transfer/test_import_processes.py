"""An import in a process of its own: killed in the middle it stores nothing, run twice it
stores once, another user's write goes on while it runs, and its memory is given back after a
large file. The child process (``import_child.py``) works on the test's database: on SQLite a
copy of it in a file (the test database lives in memory), on PostgreSQL the test database."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from factories import make_indicator
from tongket.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = Path(__file__).with_name("import_child.py")
HEAD = "unit,indicator,period,value\n"


class ChildDatabase:
    """The database a child process sees, and counts read from it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.path: Path | None = None

    def url(self) -> str:
        """Call once the test's data is in place (SQLite: it is copied then)."""
        if connection.vendor == "sqlite":
            self.path = self.tmp_path / "child.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{self.path}"
        s = connection.settings_dict
        return f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def scalar(self, sql: str) -> int:
        if self.path is not None:
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def counts(self) -> tuple[int, int, int]:
        return (
            self.scalar("SELECT count(*) FROM reporting_value"),
            self.scalar("SELECT count(*) FROM core_auditentry WHERE action = 'import.stored'"),
            self.scalar("SELECT count(*) FROM reporting_importbatch"),
        )


def child(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "TONGKET_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(CHILD), *args], env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def result(done: subprocess.CompletedProcess) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])


def world(*, units: int, indicators: int, years: int) -> tuple[list[str], list[str], list[str]]:
    """Units, indicators and years for a file of units × indicators × years values."""
    Unit.objects.bulk_create(
        Unit(
            kind=UnitKind.COMMUNE,
            code=f"X{n:05d}",
            name=f"Xã thử {n}",
            valid_from=dt.date(2000, 1, 1),
        )
        for n in range(units)
    )
    codes = [f"X{n:05d}" for n in range(units)]
    inds = [make_indicator(f"thu.i{k:02d}", value_type="decimal").code for k in range(indicators)]
    return codes, inds, [str(2000 + y) for y in range(years)]


def csv_write(path: Path, codes, inds, years, *, shift: float = 0.0) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for y, year in enumerate(years):
            for c, code in enumerate(codes):
                out.write(
                    "".join(
                        f"{code},{ind},{year},{c + i * 0.5 + y + shift}\n"
                        for i, ind in enumerate(inds)
                    )
                )
    return path


def test_an_import_killed_in_the_middle_stores_nothing_and_run_twice_stores_once(tmp_path):
    codes, inds, years = world(units=200, indicators=10, years=5)
    path = csv_write(tmp_path / "values.csv", codes, inds, years)
    db = ChildDatabase(tmp_path)
    url = db.url()
    total = len(codes) * len(inds) * len(years)
    # Killed while comparing (values staged, nothing written), then inside the final
    # transaction (every row written, not committed).
    for point in ("compare", "write"):
        done = child(url, "import", str(path), "--kill-at", point, "--chunk", "1000", check=False)
        assert done.returncode == -9, done.stderr[-2000:]
        assert db.counts() == (0, 0, 0), point
    first = result(child(url, "import", str(path)))
    assert (first["created"], first["stored"]) == (total, [True])
    assert db.counts() == (total, 1, 1)
    again = result(child(url, "import", str(path)))
    assert (again["created"], again["changed"], again["unchanged"]) == (0, 0, total)
    assert again["stored"] == [False]
    assert db.counts() == (total, 1, 1)


def test_another_users_write_goes_on_while_an_import_runs(tmp_path):
    from django.contrib.auth import get_user_model

    from tongket.api.tokens import apitoken_create

    codes, inds, years = world(units=100, indicators=10, years=12)
    ha_noi = Unit.objects.create(
        kind=UnitKind.PROVINCE, code="01", name="Hà Nội", valid_from=dt.date(2000, 1, 1)
    )
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mk-dai-9x!z")
    token = apitoken_create(user=admin, name="test", actor="test")[1]
    path = csv_write(tmp_path / "values.csv", codes, inds, years)
    db = ChildDatabase(tmp_path)
    url = db.url()
    marker = tmp_path / "comparing"
    env = {**os.environ, "TONGKET_DATABASE_URL": url}

    def start(*args):
        return subprocess.Popen(
            [sys.executable, str(CHILD), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    # The writer starts first and waits, warmed up, until the import is comparing; the
    # comparison of this import is stretched to about 20 s (40 chunks of 300 values).
    writer = start(
        "put-target", token, str(ha_noi.pk), inds[0], "2020", "42", "--wait-for", str(marker)
    )
    importer = start(
        "import", str(path), "--chunk", "300", "--pause", "0.5", "--marker", str(marker)
    )
    try:
        wrote, wrote_err = writer.communicate(timeout=300)
        still_running = importer.poll() is None
        out, err = importer.communicate(timeout=600)
    finally:
        for process in (writer, importer):
            if process.poll() is None:
                process.kill()
    assert writer.returncode == 0, wrote_err[-2000:]
    put = json.loads(wrote.strip().splitlines()[-1])
    assert put["status"] == 200, put["body"]
    assert put["seconds"] < 2.0, put
    assert still_running  # the write landed while the import was at work
    assert importer.returncode == 0, err[-2000:]
    assert json.loads(out.strip().splitlines()[-1])["created"] == len(codes) * len(inds) * 12
    assert db.scalar("SELECT count(*) FROM reporting_target") == 1
    assert db.counts()[0] == len(codes) * len(inds) * 12


def test_a_worker_gives_its_memory_back_after_a_large_file(tmp_path):
    codes, inds, years = world(units=1000, indicators=10, years=20)
    warm = csv_write(tmp_path / "warm.csv", codes[:10], inds, years[:1])
    path = csv_write(tmp_path / "values.csv", codes, inds, years, shift=0.25)
    db = ChildDatabase(tmp_path)
    got = result(child(db.url(), "rss", str(warm), str(path)))
    assert got["created"] + got["changed"] == 200_000
    grew = got["peak"] - got["before"]
    kept = got["after"] - got["before"]
    # The file made the process grow; nearly all of it was given back.
    assert grew > 25, got
    assert kept < 0.3 * grew, got
