"""``tongket serve`` on a database of its own: refuses an empty one, serves an initialized one."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

TONGKET = [sys.executable, "-m", "tongket"]


def _env(home: Path) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TONGKET_")}
    return {
        **clean,
        "TONGKET_HOME": str(home),
        "TONGKET_DATABASE_URL": f"sqlite:///{home}/db.sqlite3",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_a_database_that_does_not_exist(tmp_path):
    run = subprocess.run(
        [*TONGKET, "serve", "--port", str(_free_port())],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "tongket init" in run.stderr and "Chưa có cơ sở dữ liệu" in run.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_serve_refuses_an_empty_database(tmp_path):
    (tmp_path / "db.sqlite3").touch()
    run = subprocess.run(
        [*TONGKET, "serve"], env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0
    assert "chưa được khởi tạo" in run.stderr and "tongket init" in run.stderr


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
def test_serve_runs_gunicorn_with_static_files(tmp_path):
    env = _env(tmp_path)
    subprocess.run([*TONGKET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [*TONGKET, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, body = _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert status == 200 and body == b'{"status": "ok"}'
        status, headers, body = _get(f"{base}/login/")
        assert status == 200 and headers["Server"].startswith("gunicorn")
        assert "Content-Security-Policy" in headers
        html = body.decode()
        assert "Đăng nhập" in html
        # Fingerprinted names, served with far-future caching and compressed copies.
        css = next(
            p for p in html.split('"') if p.startswith("/static/web/site.") and p.endswith(".css")
        )
        js = next(p for p in html.split('"') if p.startswith("/static/vendor/htmx.org/htmx.min."))
        for asset in (css, js):
            status, headers, body = _get(base + asset)
            assert status == 200 and len(body) > 1000
            assert "immutable" in headers["Cache-Control"]
        # A protected page leads to the login page.
        status, headers, body = _get(f"{base}/units/")
        assert status == 200 and "Đăng nhập" in body.decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_healthy(base: str, server, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _headers, _body = _get(f"{base}/healthz")
            assert status == 200
            return
        except OSError:
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)


def _serve(env: dict, port: int):
    return subprocess.Popen(
        [*TONGKET, "serve", "--port", str(port), "--workers", "1", "--threads", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.mark.slow
def test_static_files_are_collected_by_one_server_at_a_time(tmp_path):
    import fcntl

    env = _env(tmp_path)
    subprocess.run([*TONGKET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    manifest = tmp_path / "static" / "staticfiles.json"
    with open(tmp_path / ".static.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another server collecting would hold it
        port = _free_port()
        server = _serve(env, port)
        try:
            time.sleep(8)
            assert server.poll() is None, server.stdout.read()
            assert not manifest.exists()  # it waits instead of writing beside the other
            fcntl.flock(lock, fcntl.LOCK_UN)
            _wait_healthy(f"http://127.0.0.1:{port}", server)
            assert manifest.exists()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


@pytest.mark.slow
def test_two_servers_started_together_on_one_data_folder_both_serve(tmp_path):
    env = _env(tmp_path)
    subprocess.run([*TONGKET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    ports = [_free_port(), _free_port()]
    servers = [_serve(env, port) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_healthy(f"http://127.0.0.1:{port}", server)
            status, _headers, body = _get(f"http://127.0.0.1:{port}/login/")
            assert status == 200 and "Đăng nhập" in body.decode()
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


_QUEUE_A_REPORT = """
import datetime as dt
from django.contrib.auth import get_user_model
from tongket.papers.jobs import report_job_request
from tongket.units.models import Unit
unit = Unit.objects.create(kind="department", code="99.S", name="Sở Thử", valid_from=dt.date(2000, 1, 1))
user = get_user_model().objects.create_user(username="canbo", password="x")
print(report_job_request(unit=unit, year=2025, fmt="docx", user=user, actor="canbo").pk)
"""


@pytest.mark.slow
def test_serve_runs_the_background_worker_beside_the_server(tmp_path):
    import sqlite3

    env = _env(tmp_path)
    subprocess.run([*TONGKET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    queued = subprocess.run(
        [*TONGKET, "shell", "-c", _QUEUE_A_REPORT],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    job_id = int(queued.stdout.strip().splitlines()[-1])

    def status() -> str:
        with sqlite3.connect(tmp_path / "db.sqlite3") as db:
            return db.execute(
                "SELECT status FROM papers_documentjob WHERE id = ?", (job_id,)
            ).fetchone()[0]

    assert status() == "queued"
    server = subprocess.Popen(
        [*TONGKET, "serve", "--port", str(_free_port()), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while status() in ("queued", "running"):
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "the worker did not take the job"
            time.sleep(0.5)
        assert status() == "done"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
