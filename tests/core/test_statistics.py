"""Planner statistics of the tables that grow on a deadline day are refreshed by the write path
on PostgreSQL once a table has grown by a fraction of its rows, whatever autovacuum does."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction

from tongket.core import statistics
from tongket.core.models import AuditEntry
from tongket.core.rows import rows_insert, time_value
from tongket.core.statistics import (
    GROWING_TABLES,
    statistics_after_write,
    statistics_check_reset,
    statistics_stale,
)


def test_the_growing_tables_exist(db):
    assert set(GROWING_TABLES) <= set(connection.introspection.table_names())


def test_sqlite_has_nothing_to_refresh(db):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's statistics come from PRAGMA optimize")
    assert statistics_stale(minimum=0, fraction=0) == []


def _audit_rows(count: int) -> None:
    from django.utils import timezone

    now = timezone.now()
    rows = [
        (time_value(now), "test", "test.row", "thing", str(i), f"row {i}") for i in range(count)
    ]
    with transaction.atomic():
        rows_insert(
            AuditEntry, ("at", "actor", "action", "object_type", "object_id", "summary"), rows
        )


def _table_state(table: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT s.n_mod_since_analyze, c.reltuples FROM pg_stat_user_tables s "
            "JOIN pg_class c ON c.oid = s.relid WHERE s.relname = %s",
            [table],
        )
        return cursor.fetchone()


def _counted(table: str, at_least: int) -> int:
    """The table's count of rows changed since ANALYZE, once this backend's counters are
    flushed (they are when its connection ends)."""
    connection.close()
    for _ in range(100):
        changed, _ = _table_state(table)
        if changed >= at_least:
            return changed
        time.sleep(0.05)
    return changed


@pytest.mark.django_db(transaction=True)
def test_a_table_grown_by_a_fraction_is_analysed_after_a_write():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    _audit_rows(300)
    assert _counted(table, 300) >= 300
    # Below the threshold (500 rows at least): nothing is analysed.
    statistics_check_reset()
    statistics_after_write(wait=True)
    assert _table_state(table)[0] >= 300
    assert table not in statistics_stale()

    _audit_rows(400)
    assert _counted(table, 700) >= 700
    assert table in statistics_stale()
    statistics_check_reset()
    statistics_after_write(wait=True)
    changed, rows = _table_state(table)
    assert changed == 0 and rows >= 700
    # Grown by less than a tenth of the rows analysed since: not analysed again.
    assert table not in statistics_stale(minimum=50)


@pytest.mark.django_db(transaction=True)
def test_the_check_waits_between_looks_and_runs_apart(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    looked = []
    monkeypatch.setattr(statistics, "statistics_stale", lambda: looked.append(1) or [])
    statistics_check_reset()
    statistics_after_write()
    statistics_after_write()  # within the pause between looks: no look
    assert looked == [1]
    # Inside a transaction the write has not committed: no look either.
    statistics_check_reset()
    with transaction.atomic():
        statistics_after_write()
    assert looked == [1]

    analysed = []
    monkeypatch.setattr(statistics, "statistics_stale", lambda: ["reporting_value"])
    monkeypatch.setattr(statistics, "statistics_analyze", lambda tables: analysed.append(tables))
    statistics_check_reset()
    statistics_after_write()
    for _ in range(100):
        if analysed and not statistics._running.is_set():
            break
        time.sleep(0.02)
    assert analysed == [["reporting_value"]]
    assert not statistics._running.is_set()
