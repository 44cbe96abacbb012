"""Runs one import in a process of its own, for the tests that need a real process: killed in
the middle, measured for memory, or racing another user's write.

    python import_child.py import FILE [--kill-at compare|write] [--pause S] [--marker PATH]
    python import_child.py rss WARM_FILE FILE
    python import_child.py put-target TOKEN UNIT_ID INDICATOR PERIOD VALUE [--wait-for PATH]

The database is ``TONGKET_DATABASE_URL``; the result is one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongket.settings")
    import django

    django.setup()


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field}")


def run_import(args) -> dict:
    _setup()
    from tongket.transfer import services, store

    store.CHUNK = args.chunk
    marker = Path(args.marker) if args.marker else None

    def progress(step, done, total):
        if step != "store":
            return
        if marker is not None and not marker.exists():
            marker.write_text("comparing")
        if args.kill_at == "compare" and done >= total // 2:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(args.pause)

    if args.kill_at == "write":
        apply = store.stage_apply

        def killed_after_writing(**kwargs):
            apply(**kwargs)  # the rows are written, the transaction not yet committed
            os.kill(os.getpid(), signal.SIGKILL)

        services.stage_apply = killed_after_writing
    started = time.monotonic()
    results = services.files_import(paths=[args.file], progress=progress, actor="child")
    return {
        "seconds": time.monotonic() - started,
        "created": sum(r.created for r in results),
        "changed": sum(r.changed for r in results),
        "unchanged": sum(r.unchanged for r in results),
        "stored": [r.stored for r in results],
    }


def run_rss(args) -> dict:
    _setup()
    from tongket.transfer.services import files_import

    files_import(paths=[args.warm], actor="child")  # every module and cache in place
    before = rss_mb()
    results = files_import(paths=[args.file], actor="child")
    # SQLite's page cache (bounded by its cache_size, whatever the file) goes with the
    # connection: what is measured is what the import itself kept.
    from django.db import connections

    connections.close_all()
    after = rss_mb()
    return {
        "before": before,
        "after": after,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "created": sum(r.created for r in results),
        "changed": sum(r.changed for r in results),
    }


def run_put_target(args) -> dict:
    _setup()
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    # A first request loads the URLs and the API (a server has them loaded): not timed.
    client.get("/healthz")
    if args.wait_for:
        while not Path(args.wait_for).exists():
            time.sleep(0.05)
    started = time.monotonic()
    response = client.put(
        "/api/v1/targets",
        data=json.dumps(
            {
                "unit_id": int(args.unit_id),
                "indicator": args.indicator,
                "period": args.period,
                "value": float(args.value),
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {args.token}"},
    )
    return {
        "seconds": time.monotonic() - started,
        "status": response.status_code,
        "body": response.content.decode()[:500],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("import")
    p.add_argument("file")
    p.add_argument("--kill-at", choices=["compare", "write"])
    p.add_argument("--pause", type=float, default=0.0)
    p.add_argument("--chunk", type=int, default=20_000)
    p.add_argument("--marker")
    p = sub.add_parser("rss")
    p.add_argument("warm")
    p.add_argument("file")
    p = sub.add_parser("put-target")
    for name in ("token", "unit_id", "indicator", "period", "value"):
        p.add_argument(name)
    p.add_argument("--wait-for", help="a file whose appearance starts the write")
    args = parser.parse_args()
    handler = {"import": run_import, "rss": run_rss, "put-target": run_put_target}[args.mode]
    print(json.dumps(handler(args)), flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
