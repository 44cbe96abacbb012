"""A value always refers to a unit, an indicator and a period that exist, on both databases
(on PostgreSQL checked once per statement, see reporting migration 0004; on SQLite an
import checks them once per distinct unit, indicator and period), and those cannot be
deleted while values refer to them, even by hand in SQL."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from factories import make_indicator, make_unit
from tongket.reporting.models import Value
from tongket.reporting.periods import period_get_or_create

pytestmark = pytest.mark.django_db(transaction=True)

_INSERT = (
    "INSERT INTO reporting_value (unit_id, indicator_id, period_id, value, comment, source,"
    " source_ref, flagged, flag_reason, updated_at) VALUES (%s, %s, %s, 1, '', 'import', '',"
    " %s, '', CURRENT_TIMESTAMP)"
)


@pytest.mark.parametrize("missing", ["unit", "indicator", "period"])
def test_a_value_referring_to_nothing_is_refused(ref, missing):
    ids = {"unit": ref.ha_noi.pk, "indicator": ref.subscribers.pk}
    ids["period"] = period_get_or_create("2017").pk
    ids[missing] = 987_654
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_INSERT, [ids["unit"], ids["indicator"], ids["period"], False])
    assert Value.objects.count() == 0


def test_an_update_to_a_missing_unit_is_refused(ref):
    period = period_get_or_create("2017")
    value = Value.objects.create(
        unit=ref.ha_noi, indicator=ref.subscribers, period=period, value=1, source="import"
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reporting_value SET unit_id = 987654 WHERE id = %s", [value.pk])
    assert Value.objects.get().unit_id == ref.ha_noi.pk


@pytest.mark.parametrize("table", ["units_unit", "indicators_indicator", "reporting_period"])
def test_a_row_values_refer_to_cannot_be_deleted_in_sql(db, table):
    # Rows nothing else refers to: only the value stands in the way.
    unit, indicator = make_unit(), make_indicator()
    period = period_get_or_create("2017")
    Value.objects.create(unit=unit, indicator=indicator, period=period, value=1, source="import")
    pk = {"units_unit": unit, "indicators_indicator": indicator, "reporting_period": period}
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk[table].pk])
    assert Value.objects.count() == 1
    # Without the value, each of them can go.
    Value.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk[table].pk])


def _foreign_keys_on() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


def test_an_import_writing_values_of_a_unit_gone_meanwhile_stores_nothing(tmp_path, monkeypatch):
    """The unit of an import's values is deleted after the comparison, inside the final
    transaction: the import stores nothing (on SQLite the references of its rows are checked
    once per unit, indicator and period instead of per row, and the foreign keys are on
    again after it)."""
    from tongket.transfer import services
    from tongket.transfer.errors import ImportRejected
    from tongket.units.models import Unit

    unit, indicator = make_unit(), make_indicator()
    path = tmp_path / "values.csv"
    path.write_text(
        f"unit,indicator,period,value\n{unit.code},{indicator.code},2017,5\n", encoding="utf-8"
    )
    ensure = services.periods_ensure

    def unit_deleted_then_periods(codes):
        Unit.objects.filter(pk=unit.pk).delete()
        return ensure(codes)

    monkeypatch.setattr(services, "periods_ensure", unit_deleted_then_periods)
    with pytest.raises(ImportRejected) as info:
        services.files_import(paths=[path])
    assert "đang được sửa cùng lúc" in str(info.value.issues[0])
    assert Value.objects.count() == 0
    assert Unit.objects.filter(pk=unit.pk).exists()  # the deletion went back with the write
    if connection.vendor == "sqlite":
        assert _foreign_keys_on()


def test_an_import_keeps_the_foreign_keys_on(tmp_path):
    from tongket.transfer.services import files_import

    unit, indicator = make_unit(), make_indicator()
    path = tmp_path / "values.csv"
    path.write_text(
        f"unit,indicator,period,value\n{unit.code},{indicator.code},2017,5\n", encoding="utf-8"
    )
    assert files_import(paths=[path])[0].created == 1
    assert Value.objects.get().unit_id == unit.pk
    if connection.vendor == "sqlite":
        assert _foreign_keys_on()
