"""Rows inserted without a model object each: every field written (defaults and automatic
times for those not named), new keys in the order of the rows, JSON as the ORM reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.core.rows import json_value, rows_insert, time_value


def test_rows_insert_writes_every_field_and_returns_keys_in_order(db):
    at = timezone.now() - dt.timedelta(days=3)
    rows = [
        (time_value(at), "nam", "value.created", "value", str(i), json_value({"value": i + 0.5}))
        for i in range(3)
    ]
    ids = rows_insert(
        AuditEntry,
        ("at", "actor", "action", "object_type", "object_id", "new"),
        rows,
        returning=True,
    )
    assert len(ids) == 3 and ids == sorted(ids)
    stored = list(AuditEntry.objects.filter(pk__in=ids).order_by("pk"))
    assert [e.object_id for e in stored] == ["0", "1", "2"]
    assert [e.new for e in stored] == [{"value": 0.5}, {"value": 1.5}, {"value": 2.5}]
    first = stored[0]
    # Not named: the fields' defaults (blank text, no user, no JSON), never left out.
    assert (first.summary, first.reason, first.user_id, first.unit_id, first.old) == (
        "",
        "",
        None,
        None,
        None,
    )
    assert first.at == at


def test_rows_insert_of_nothing_writes_nothing(db):
    before = AuditEntry.objects.count()
    assert rows_insert(AuditEntry, ("actor",), [], returning=True) == []
    assert AuditEntry.objects.count() == before


def test_rows_insert_refuses_a_text_too_long_for_its_column(db):
    """PostgreSQL gets the rows as arrays: a text longer than its column is refused as by a
    plain INSERT, never cut short."""
    from django.db import DataError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no length on its text columns")
    with pytest.raises(DataError), transaction.atomic():
        rows_insert(AuditEntry, ("actor", "action", "object_type"), [("nam", "x" * 200, "v")])
    assert not AuditEntry.objects.filter(actor="nam").exists()
