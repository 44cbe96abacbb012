"""gunicorn's settings file under «tongket serve»: the background worker (``tongket worker``)
starts with the server and stops with it, so a page that asks for a PDF never waits on a web
worker for LibreOffice."""

from __future__ import annotations

import subprocess
import sys

_worker: subprocess.Popen | None = None


def on_starting(server) -> None:
    global _worker
    _worker = subprocess.Popen([sys.executable, "-m", "tongket", "worker", "-v", "0"])


def on_exit(server) -> None:
    if _worker is None or _worker.poll() is not None:
        return
    _worker.terminate()
    try:
        _worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        _worker.kill()
