"""Planner statistics kept fresh: without them SQLite picks poor indexes as tables grow (the
approved-lock check read every value of a period, 17 ms at 133k values), so the cost of a report
would grow through the deadline day. Refreshed after ``tongket init``, after each import, and
on SQLite every time a server connection closes (``PRAGMA optimize`` analyses only what
changed enough); on PostgreSQL the write path refreshes those of the tables that grow as
reports come (below), whether or not autovacuum runs."""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, connection, connections

logger = logging.getLogger("tongket.statistics")


def database_statistics_refresh(*, full: bool = False, table: str | None = None) -> None:
    """``ANALYZE`` (``full``) or SQLite's cheap ``PRAGMA optimize``; PostgreSQL: ``ANALYZE``.
    ``table``: that table only (an import changed only the values)."""
    target = f" {connection.ops.quote_name(table)}" if table else ""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Rows sampled per index: enough for the planner, and ANALYZE of millions of
            # values stays under a second.
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute(f"ANALYZE{target}" if full else "PRAGMA optimize")
        else:
            cursor.execute(f"ANALYZE{target}")


# ----------------------------------------------------------------------------- as tables grow
#
# PostgreSQL's planner reads each table's size and column statistics from its last ANALYZE.
# Autovacuum refreshes them, but it may be off or slow (it looks at a database once a
# minute, one database at a time): on a deadline day the value and submission tables grow
# from a few rows to hundreds of thousands within the hour, and a plan chosen on the empty
# tables (a scan of the period's rows instead of the unit's index) made each report cost up
# to twice as much. So the write path itself keeps them fresh: after a write, at most every
# ``_CHECK_SECONDS`` per process, one cheap look at the tables' counters of changed rows;
# when a table has changed by ``_FRACTION`` of its rows as last analysed (and by at least
# ``_MINIMUM`` rows), a thread of its own analyses it, outside any request's transaction.
# An advisory lock keeps it to one ANALYZE at a time across the server's processes.

GROWING_TABLES = (
    "reporting_value",
    "reporting_submission",
    "core_auditentry",
    "api_idempotencyrecord",
)
_FRACTION = 0.1
_MINIMUM = 500
_CHECK_SECONDS = 5.0
_LOCK_KEY = 0x746B_6E61  # the advisory lock of this refresh ("tkna")

_state = {"checked": 0.0}
_state_lock = threading.Lock()
_running = threading.Event()


def statistics_stale(*, fraction: float = _FRACTION, minimum: int = _MINIMUM) -> list[str]:
    """The growing tables (PostgreSQL) changed by more than ``fraction`` of their rows as last
    analysed, and by at least ``minimum`` rows, since their planner statistics were taken."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.relname, s.n_mod_since_analyze, GREATEST(c.reltuples, 0) "
            "FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.schemaname = current_schema() AND s.relname = ANY(%s)",
            [list(GROWING_TABLES)],
        )
        rows = cursor.fetchall()
    return sorted(
        name for name, changed, rows_then in rows if changed >= max(minimum, fraction * rows_then)
    )


def statistics_analyze(tables: list[str]) -> bool:
    """``ANALYZE`` the tables, unless another process is analysing them now (then False)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return False
        try:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])
    logger.info("planner statistics refreshed: %s", ", ".join(tables))
    return True


def _refresh_apart(tables: list[str]) -> None:
    try:
        statistics_analyze(tables)
    except DatabaseError as exc:
        logger.info("planner statistics not refreshed (%s)", exc)
    finally:
        connections.close_all()  # this thread's connection
        _running.clear()


def statistics_after_write(*, wait: bool = False) -> None:
    """After a write on PostgreSQL: refresh the planner statistics of the growing tables when
    they have grown enough (see above), in a thread of its own (``wait``: here, and then).
    Costs nothing but a clock reading between checks."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    now = time.monotonic()
    with _state_lock:
        if now - _state["checked"] < _CHECK_SECONDS or _running.is_set():
            return
        _state["checked"] = now
    try:
        tables = statistics_stale()
    except DatabaseError:
        return
    if not tables:
        return
    if wait:
        statistics_analyze(tables)
        return
    _running.set()
    threading.Thread(
        target=_refresh_apart, args=(tables,), name="tongket-statistics", daemon=True
    ).start()


def statistics_check_reset() -> None:
    """The next write looks at the tables at once (tests)."""
    with _state_lock:
        _state["checked"] = 0.0
