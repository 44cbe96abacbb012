"""``tongket cluster``: several servers behind HAProxy, as on several machines.

Starts ``--instances`` copies of ``tongket serve`` on the ports after ``--port`` and Debian's
HAProxy on ``--port`` in front of them, round robin, checking each server's ``/healthz`` every
second. The servers share one PostgreSQL (sessions live in it) and, with ``TONGKET_CACHE_URL``,
one Redis for cached figures and rate counts. The static files are collected once, before the
servers start. A server that dies is taken out of rotation; a request it dropped is sent again
to another one (``retry-on``): writes carry an ``Idempotency-Key``, so a report is never stored
twice. Ctrl+C (or SIGTERM) stops them all. ``$TONGKET_HOME/cluster/`` holds the generated
``haproxy.cfg`` and ``pids.json`` (each server's process id, by port).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tongket.web.management.commands.serve import serve_checks, static_collect

HAPROXY_CONFIG = """\
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout http-request 30s
    retries 3
    option redispatch
    # A request a dying server dropped goes to another server: writes carry an
    # Idempotency-Key, so a retried report is stored once.
    retry-on conn-failure empty-response response-timeout 502 503
    option http-buffer-request
    timeout check 10s

frontend tongket
    bind {host}:{port}
    default_backend servers

backend servers
    balance roundrobin
    option httpchk GET /healthz
    # A busy server answers its check late, not never: out of rotation only after three
    # missed checks, so a loaded survivor is not taken out with the dead one.
    default-server inter 2s fall 3 rise 2
    http-after-response set-header Retry-After 2 if {{ status 503 }} !{{ res.hdr(Retry-After) -m found }}
{servers}
"""


def haproxy_config(*, host: str, port: int, ports: list[int]) -> str:
    servers = "\n".join(f"    server s{p} 127.0.0.1:{p} check" for p in ports)
    return HAPROXY_CONFIG.format(host=host, port=port, servers=servers)


class Command(BaseCommand):
    help = (
        "Chạy nhiều máy chủ sau HAProxy, dùng chung PostgreSQL / several servers behind "
        "HAProxy sharing one PostgreSQL"
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("TONGKET_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("TONGKET_PORT", "8000")))
        parser.add_argument("--instances", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **options):
        if connections["default"].vendor != "postgresql":
            raise CommandError(
                "Nhiều máy chủ cần một PostgreSQL dùng chung (TONGKET_DATABASE_URL=postgresql://"
                "...) / several servers need one shared PostgreSQL (TONGKET_DATABASE_URL)"
            )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise CommandError(
                "Chưa cài HAProxy (chạy «make cluster» hoặc apt-get install haproxy) / HAProxy is "
                "not installed (run «make cluster», or apt-get install haproxy)"
            )
        serve_checks()
        env = {**os.environ, "TONGKET_STATIC_COLLECTED": "1"}
        static_collect(env)
        connections.close_all()
        folder = Path(settings.HOME) / "cluster"
        folder.mkdir(parents=True, exist_ok=True)
        host, port = options["host"], options["port"]
        ports = [port + 1 + i for i in range(options["instances"])]
        children: dict[int, subprocess.Popen] = {}
        for p in ports:
            children[p] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tongket",
                    "serve",
                    "--no-collect",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(p),
                    "--workers",
                    str(options["workers"]),
                    "--threads",
                    str(options["threads"]),
                ],
                env=env,
                stdout=open(folder / f"server-{p}.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(host=host, port=port, ports=ports), encoding="utf-8")
        for p in ports:
            self._wait(p, children[p])
        balancer = subprocess.Popen([haproxy, "-f", str(config), "-db"], start_new_session=True)
        (folder / "pids.json").write_text(
            json.dumps(
                {"servers": {str(p): c.pid for p, c in children.items()}, "haproxy": balancer.pid}
            ),
            encoding="utf-8",
        )
        self.stdout.write(
            f"tongket: http://{host}:{port}/ — HAProxy → {len(ports)} máy chủ / servers "
            f"({', '.join(map(str, ports))}) (Ctrl+C để dừng / to stop)"
        )
        self.stdout.flush()
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and balancer.poll() is None:
                time.sleep(0.5)
        finally:
            for child in [balancer, *children.values()]:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGTERM)
            for child in [balancer, *children.values()]:
                try:
                    child.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)

    def _wait(self, port: int, child: subprocess.Popen) -> None:
        for _ in range(300):
            if child.poll() is not None:
                raise CommandError(f"máy chủ cổng {port} đã dừng / the server on {port} stopped")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"máy chủ cổng {port} không trả lời / the server on {port} is silent")
