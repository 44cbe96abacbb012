"""``tongket backup`` while reports are being written, then ``tongket restore`` elsewhere:
every report committed before the backup began is there, whole, with the secret key and the
stored files; a damaged archive is refused.

The installation is a real one (``tongket init`` in a folder of its own), written to by a
separate process through the reporting services while the backup command runs in a third.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.slow

TONGKET = str(Path(sys.executable).with_name("tongket"))

WRITER = r"""
import sys
import django
django.setup()
from django.db import transaction
from tongket.reporting.models import Form, FormIndicator
from tongket.reporting.services import submission_open, submission_values_set
from tongket.reporting.submissions_errors import SubmissionError
from tongket.units.models import Unit

form = Form.objects.get(code="commune-monthly")
code = next(
    fi.indicator.code
    for fi in FormIndicator.objects.filter(form=form).select_related("indicator")
    if not fi.indicator.is_derived
)
units = list(Unit.objects.filter(kind="commune", valid_to__isnull=True).order_by("pk"))
print("ready", flush=True)
for unit in units:
    for month in range(1, 13):
        try:
            with transaction.atomic():
                sub = submission_open(
                    unit=unit, form=form, period_code=f"2026-{month:02d}", actor="sao-luu"
                )
                submission_values_set(submission=sub, values={code: float(sub.pk)}, actor="sao-luu")
        except SubmissionError:
            continue
        print(sub.pk, code, flush=True)
"""

CHECK = r"""
import json
import django
django.setup()
from tongket.reporting.models import Submission, Value
rows = {
    s.pk: [v.value for v in Value.objects.filter(submission=s)]
    for s in Submission.objects.all()
}
print(json.dumps({"reports": {str(k): v for k, v in rows.items()}}))
"""


def _env(home: Path, url: str) -> dict:
    env = dict(os.environ)
    env.pop("TONGKET_SECRET_KEY", None)
    env.update(TONGKET_HOME=str(home), TONGKET_DATABASE_URL=url)
    env["DJANGO_SETTINGS_MODULE"] = "tongket.settings"
    return env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _pg_database(url: str, name: str) -> str:
    """A fresh database ``name`` beside the one ``url`` names; its URL."""
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture
def installations(tmp_path):
    """(source URL, restored URL): SQLite files, or two PostgreSQL databases when the suite
    runs on PostgreSQL."""
    url = os.environ.get("TONGKET_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield (
            f"sqlite:///{tmp_path / 'source' / 'tongket.sqlite3'}",
            f"sqlite:///{tmp_path / 'restored' / 'tongket.sqlite3'}",
        )
        return
    stem = url.rsplit("/", 1)[1]
    names = [f"{stem}_bk_src", f"{stem}_bk_dst"]
    yield tuple(_pg_database(url, name) for name in names)
    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_taken_during_writes_restores_every_committed_report(tmp_path, installations):
    source_url, restored_url = installations
    source, restored = tmp_path / "source", tmp_path / "restored"
    source.mkdir()
    restored.mkdir()
    env = _env(source, source_url)
    _run([TONGKET, "init"], env)
    media = source / "media" / "meetings" / "2026"
    media.mkdir(parents=True)
    (media / "bien-ban.txt").write_text("Biên bản hội nghị", encoding="utf-8")

    received: list[tuple[float, int]] = []
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER], env=env, stdout=subprocess.PIPE, text=True
    )

    def read() -> None:
        assert writer.stdout is not None
        for line in writer.stdout:
            if line[0].isdigit():
                received.append((time.monotonic(), int(line.split()[0])))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        while len(received) < 10:
            assert writer.poll() is None, "the writer stopped before the backup"
            time.sleep(0.05)
        started = time.monotonic()
        archive = tmp_path / "tongket.tar.gz"
        _run([TONGKET, "backup", "-o", str(archive)], env)
        ended = time.monotonic()
        while writer.poll() is None and (not received or received[-1][0] <= ended):
            time.sleep(0.05)  # writes go on after the backup
        assert writer.poll() is None, "the writer ended before the backup did"
    finally:
        writer.terminate()
        writer.wait()
        reader.join()
    before = {pk for at, pk in received if at < started}
    after = {pk for at, pk in received if at > ended}
    assert len(before) >= 10 and after

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "secret_key", "media/meetings/2026/bien-ban.txt"} <= names

    restored_env = _env(restored, restored_url)
    refused = subprocess.run(
        [TONGKET, "restore", str(archive)], env=restored_env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "--yes" in refused.stderr
    _run([TONGKET, "restore", str(archive), "--yes"], restored_env)

    import json

    found = json.loads(_run([sys.executable, "-c", CHECK], restored_env).stdout)
    reports = {int(pk): values for pk, values in found["reports"].items()}
    assert before <= set(reports), sorted(before - set(reports))[:10]
    # Each report is whole: its one value, written in the same transaction, came with it.
    assert all(values == [float(pk)] for pk, values in reports.items())
    assert not (after & set(reports))
    assert (restored / "secret_key").read_text() == (source / "secret_key").read_text()
    assert (restored / "secret_key").stat().st_mode & 0o777 == 0o600
    text = (restored / "media" / "meetings" / "2026" / "bien-ban.txt").read_text("utf-8")
    assert text == "Biên bản hội nghị"


def test_a_damaged_archive_is_refused_and_changes_nothing(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "secret_key").write_text("khoa-cu")
    env = _env(home, f"sqlite:///{home / 'tongket.sqlite3'}")
    bad = tmp_path / "hong.tar.gz"
    bad.write_bytes(b"\x1f\x8b not a backup")
    done = subprocess.run(
        [TONGKET, "restore", str(bad), "--yes"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "không đọc được bản sao lưu" in done.stderr or "hỏng" in done.stderr
    assert (home / "secret_key").read_text() == "khoa-cu"
    assert not (home / "tongket.sqlite3").exists()
