"""Planner statistics kept fresh: without them SQLite picks poor indexes as tables grow (the
approved-lock check read every value of a period, 17 ms at 133k values), so the cost of a report
would grow through the deadline day. Refreshed after ``tongket init``, after each import, and
on SQLite every time a server connection closes (``PRAGMA optimize`` analyses only what
changed enough); PostgreSQL's autovacuum keeps them between imports."""

from __future__ import annotations

from django.db import connection


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
