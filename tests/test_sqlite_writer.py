"""SQLite with one writer per process: concurrent writers queue instead of failing."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

from tongket.core.busy import WriteBusy, database_busy

pytestmark = pytest.mark.django_db


def _connections(path, count: int, busy_ms: int):
    """``count`` connections of the project's SQLite backend to ``path``, each for a thread,
    with SQLite's own busy timeout at ``busy_ms``."""
    base = dict(settings.DATABASES["default"])
    base.update(
        NAME=str(path),
        OPTIONS={
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy_ms};",
            "transaction_mode": "IMMEDIATE",
        },
        TEST={},
    )
    handler = ConnectionHandler(
        {"default": dict(base), **{f"w{i}": dict(base) for i in range(count)}}
    )
    found = [handler[f"w{i}"] for i in range(count)]
    for conn in found:
        conn.inc_thread_sharing()  # each is handed to one thread of its own
        conn.ensure_connection()
    return found


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the writer queue is SQLite's")


def _write_many(conn, rows: int, errors: list) -> None:
    try:
        for i in range(rows):
            conn.set_autocommit(True)
            conn._start_transaction_under_autocommit()
            with conn.cursor() as cursor:
                cursor.execute("INSERT INTO t (who, n) VALUES (%s, %s)", [conn.alias, i])
                # Hold the write a moment, as a report's transaction does.
                cursor.execute("SELECT count(*) FROM t")
            conn.commit()
    except Exception as exc:
        errors.append(exc)
    finally:
        conn.close()


def test_concurrent_writers_queue_and_all_commit(sqlite_only, tmp_path):
    """Eight threads of one process write 25 transactions each to a file database whose
    busy timeout is zero: without the queue most would fail "database is locked"."""
    conns = _connections(tmp_path / "w.sqlite3", 8, busy_ms=0)
    with conns[0].cursor() as cursor:
        cursor.execute("CREATE TABLE t (who TEXT, n INTEGER)")
    conns[0].close()
    errors: list = []
    threads = [threading.Thread(target=_write_many, args=(c, 25, errors)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    check = _connections(tmp_path / "w.sqlite3", 1, busy_ms=1000)[0]
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT who || '-' || n) FROM t")
        assert cursor.fetchone() == (200, 200)
    check.close()


def test_a_writer_that_waits_too_long_gives_up_busy(sqlite_only, tmp_path, settings):
    settings.TONGKET_WRITE_WAIT_SECONDS = 0.2
    first, second = _connections(tmp_path / "b.sqlite3", 2, busy_ms=0)
    first._start_transaction_under_autocommit()
    try:
        failed = []

        def other():
            try:
                second._start_transaction_under_autocommit()
            except WriteBusy as exc:
                failed.append(exc)
            finally:
                second.close()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(10)
        assert len(failed) == 1 and database_busy(failed[0])
    finally:
        first.rollback()
        first.close()
    # The writer is free again.
    again = _connections(tmp_path / "b.sqlite3", 1, busy_ms=0)[0]
    again._start_transaction_under_autocommit()
    again.rollback()
    again.close()
