"""``tongket serve``: the web application under gunicorn, static files included."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


def _database_problem() -> str | None:
    """Why the database cannot serve yet, in words a user can act on; None when it can."""
    db = settings.DATABASES["default"]
    name = str(db.get("NAME") or "")
    if connections["default"].vendor == "sqlite" and name != ":memory:" and not Path(name).exists():
        return (
            f"Chưa có cơ sở dữ liệu {name}: chạy «tongket init» trước. / "
            f"There is no database at {name} yet: run «tongket init» first."
        )
    connection = connections["default"]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return (
            f"Không kết nối được cơ sở dữ liệu: {error}. Kiểm tra TONGKET_DATABASE_URL. / "
            f"Cannot reach the database: {error}. Check TONGKET_DATABASE_URL."
        )
    if not plan:
        return None
    if not executor.loader.applied_migrations:
        return (
            "Cơ sở dữ liệu chưa được khởi tạo: chạy «tongket init» trước. / "
            "The database is not initialized: run «tongket init» first."
        )
    return (
        f"Cơ sở dữ liệu cần cập nhật ({len(plan)} bước chưa chạy): chạy «tongket init». / "
        f"The database needs {len(plan)} migrations: run «tongket init»."
    )


@contextmanager
def static_lock():
    """One collection of the static files at a time on a data folder: two servers started
    together would otherwise write (and rename) the same files at once, and one would fail."""
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / ".static.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for the other server's collection
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _vendor_missing() -> list[str]:
    return [
        str(directory)
        for _prefix, directory in settings.STATICFILES_DIRS
        if not Path(directory).is_dir()
    ]


def static_collect(env: dict) -> None:
    """Collect and fingerprint the static files once, for every server that serves them
    (under the data folder's lock: two servers started together collect one after the other)."""
    with static_lock():
        collected = subprocess.run(
            [sys.executable, "-m", "tongket", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            capture_output=True,
            text=True,
        )
    if collected.returncode != 0:
        raise CommandError(
            "Không chuẩn bị được tệp tĩnh / could not collect the static files:\n"
            + collected.stderr[-2000:]
        )


def serve_checks() -> None:
    """Refuse to start a server that could not answer (no database, no front-end files)."""
    problem = _database_problem()
    if problem:
        raise CommandError(problem)
    missing = _vendor_missing()
    if missing:
        raise CommandError(
            "Thiếu thư viện giao diện (chạy «make install») / front-end libraries are "
            f"missing (run «make install»): {', '.join(missing)}"
        )


class Command(BaseCommand):
    help = "Chạy ứng dụng web bằng gunicorn / run the web application with gunicorn"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("TONGKET_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("TONGKET_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("TONGKET_WORKERS", str(2 * (os.cpu_count() or 1) + 1))),
            help="Số tiến trình / worker processes (2 × cores + 1)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("TONGKET_THREADS", "4")),
            help="Số luồng mỗi tiến trình / threads per worker",
        )
        parser.add_argument(
            "--no-collect",
            action="store_true",
            help="Tệp tĩnh đã được chuẩn bị (tongket cluster) / static files already collected",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="không chạy «tongket worker» kèm theo (chạy riêng nơi khác) / do not start the "
            "background worker beside the server (it runs elsewhere)",
        )

    def handle(self, *args, **options):
        serve_checks()
        if settings.SECRET_KEY == settings.INSECURE_SECRET_KEY:
            self.stderr.write(
                "Cảnh báo: chưa có khóa bí mật riêng (chạy «tongket init» hoặc đặt "
                "TONGKET_SECRET_KEY) / warning: no secret key of this installation's own "
                "(run «tongket init» or set TONGKET_SECRET_KEY)"
            )
        env = {**os.environ, "TONGKET_STATIC_COLLECTED": "1"}
        if not options["no_collect"]:
            static_collect(env)
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"tongket: http://{shown}:{port}/ — {options['workers']} tiến trình × "
            f"{options['threads']} luồng / workers × threads (Ctrl+C để dừng / to stop)"
        )
        self.stdout.flush()
        # Threads keep a worker free while a slow provincial connection trickles in a page.
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "tongket.wsgi:application",
            "--bind",
            f"{shown}:{port}",
            "--workers",
            str(options["workers"]),
            "--worker-class",
            "gthread",
            "--threads",
            str(options["threads"]),
            "--timeout",
            "60",
            "--graceful-timeout",
            "20",
            "--access-logfile",
            "-",
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
            # Several servers may run on one machine (tests, benchmarks): no shared socket.
            "--no-control-socket",
            # gunicorn's largest request line; the API answers a URL over its own limit
            # (4,094 characters) with its JSON error, 414.
            "--limit-request-line",
            "8190",
        ]
        if not options["no_worker"]:
            argv += ["--config", "python:tongket.web.gunicorn_worker"]
        connections.close_all()
        os.execve(sys.executable, argv, env)
