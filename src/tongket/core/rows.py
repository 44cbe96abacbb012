"""Many new model objects in one INSERT statement, for the hot write paths (a report's 40
values and their audit entries). The ORM's ``bulk_create`` prepares every field of every
object through its query compiler, which cost more than the database's own work for a report;
here each column's adapter is chosen once and the statement is built as text. Every concrete
field of the model is written, so a field added to the model is written too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Rows per statement: SQLite takes up to 32,766 parameters; a report writes about 40 rows.
_BATCH = 500


def _adapter(field: models.Field, now) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        if field.auto_now or field.auto_now_add:
            stamp = ops.adapt_datetimefield_value(now)
            return lambda _value: stamp
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else field.get_db_prep_save(value, connection)
    if isinstance(field, models.DecimalField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def objects_insert(objects: Sequence[models.Model], *, returning: bool = False, now=None) -> None:
    """Insert unsaved ``objects`` of one model, one statement per 500; with ``returning``, each
    gets its new primary key (in the order given, as Django's ``bulk_create`` relies on).
    Automatic times (``auto_now``, ``auto_now_add``) are ``now`` for all, on the objects too."""
    if not objects:
        return
    model = type(objects[0])
    opts = model._meta
    now = now or timezone.now()
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    adapters = [(f.attname, _adapter(f, now)) for f in fields]
    stamps = [
        f.attname
        for f in fields
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
    ]
    for obj in objects:
        for attname in stamps:
            setattr(obj, attname, now)
    qn = connection.ops.quote_name
    names = ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objects), _BATCH):
            batch = objects[start : start + _BATCH]
            sql = f"INSERT INTO {qn(opts.db_table)} ({names}) VALUES " + ", ".join(
                [one] * len(batch)
            )
            if returning:
                sql += f" RETURNING {qn(opts.pk.column)}"
            params = [adapt(getattr(obj, attname)) for obj in batch for attname, adapt in adapters]
            cursor.execute(sql, params)
            if returning:
                for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                    obj.pk = pk
                    obj._state.adding = False
                    obj._state.db = connection.alias
