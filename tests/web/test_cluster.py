"""``tongket cluster``: two servers behind HAProxy on one PostgreSQL; one dies, nothing is lost
and nothing is stored twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongket.reporting.models import Submission, Value

TONGKET = [sys.executable, "-m", "tongket"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _send(url: str, body: dict | None, headers: dict) -> tuple[int, dict, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError:
        return 0, {}, b""  # not listening yet


@pytest.mark.django_db
def test_cluster_refuses_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the cluster starts (the test below)")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("cluster")


@pytest.mark.django_db(transaction=True)
def test_two_servers_behind_haproxy_lose_nothing_when_one_dies(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several servers share one PostgreSQL")
    if shutil.which("haproxy") is None and not os.path.exists("/usr/sbin/haproxy"):
        pytest.fail("HAProxy is missing: make cluster (or make test) installs it")
    from api.world_api import build_api_world
    from tongket.api.tokens import apitoken_create

    aw = build_api_world()
    _, reporting = apitoken_create(user=aw.users["reporting"], name="t", actor="t")
    _, staff = apitoken_create(user=aw.users["staff"], name="t", actor="t")
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TONGKET_")},
        "TONGKET_HOME": str(tmp_path),
        "TONGKET_DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TONGKET_SECRET_KEY": "cluster-test-key-" + "x" * 40,
    }
    port = _free_port()
    while _free_port() in (port + 1, port + 2):
        port = _free_port()
    cluster = subprocess.Popen(
        [*TONGKET, "cluster", "--port", str(port), "--workers", "1", "--threads", "2"],
        env=env,
        stdout=open(tmp_path / "cluster.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        pids_file = tmp_path / "cluster" / "pids.json"
        for _ in range(600):
            assert cluster.poll() is None, (tmp_path / "cluster.log").read_text()[-3000:]
            if pids_file.exists() and _send(base + "/healthz", None, {})[0] == 200:
                break
            time.sleep(0.2)
        servers = [int(p) for p in json.loads(pids_file.read_text())["servers"].values()]
        assert len(servers) == 2
        # Both servers answer through the balancer (round robin).
        assert all(_send(base + "/healthz", None, {})[0] == 200 for _ in range(4))
        report = {
            "form": "TEST.01",
            "period": "2026",
            "unit_id": aw.xa_hy.pk,
            "values": {"test.a": 118},
        }
        key = {"Authorization": f"Bearer {reporting}", "Idempotency-Key": "cluster-1"}
        first = _send(base + "/api/v1/reports", report, key)
        assert first[0] == 201, first[2]
        os.killpg(servers[0], signal.SIGKILL)
        # Every retry of the same report, whichever server it reaches, is answered the same.
        for _ in range(4):
            again = _send(base + "/api/v1/reports", report, key)
            assert again[0] == 201 and again[2] == first[2]
        other = {**report, "unit_id": aw.xa_hy.pk, "period": "2025", "values": {"test.b": 3}}
        staff_key = {"Authorization": f"Bearer {staff}", "Idempotency-Key": "cluster-2"}
        sent = _send(base + "/api/v1/reports", other, staff_key)
        assert sent[0] in (201, 409), sent[2]  # the world's 2025 report may not be open
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)
        cluster.wait(60)
    assert Submission.objects.filter(unit=aw.xa_hy, period__code="2026").count() == 1
    assert Value.objects.filter(unit=aw.xa_hy, period__code="2026").count() == 1
