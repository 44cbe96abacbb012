"""Many new model objects in one INSERT statement, for the hot write paths (a report's 40
values and their audit entries). The ORM's ``bulk_create`` prepares every field of every
object through its query compiler, which cost more than the database's own work for a report;
here each column's adapter is chosen once and the statement is built as text. Every concrete
field of the model is written, so a field added to the model is written too.

On PostgreSQL the rows go as one array per column (``INSERT ... SELECT FROM unnest(...)``): the
statement's text is then the same whatever the number of rows, so the driver reads it once per
process instead of parsing a statement of a thousand placeholders on every report."""

from __future__ import annotations

import functools
import json
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


@functools.cache
def _unnest_sql(
    table: str,
    columns: tuple[tuple[str, str], ...],
    constants: tuple[tuple[str, str], ...],
    pk: str,
) -> str:
    """PostgreSQL: insert the rows given as one array per column (``columns``: name and type),
    each of the ``constants`` the same for all rows; ``pk`` names the column returned, if any."""
    qn = connection.ops.quote_name
    names = ", ".join(qn(name) for name, _ in (*columns, *constants))
    # Binary arrays (%b): no quoting of each element into text.
    arrays = ", ".join(f"%b::{kind}[]" for _, kind in columns)
    fixed = "".join(f", %s::{kind}" for _, kind in constants)
    aliases = [f"c{i}" for i in range(len(columns))]
    sql = (
        f"INSERT INTO {qn(table)} ({names}) SELECT {', '.join(aliases)}{fixed} "
        f"FROM unnest({arrays}) WITH ORDINALITY AS u({', '.join(aliases)}, n) ORDER BY n"
    )
    return sql + (f" RETURNING {qn(pk)}" if pk else "")


def _array_type(field: models.Field) -> str:
    """The type the values of ``field`` are sent as: its column's, but text for a text of
    limited length, so that the insert itself refuses one too long (an explicit cast would
    cut it short)."""
    kind = field.db_type(connection)
    return "text" if kind.startswith(("varchar", "char")) else kind


def _unnest_insert(
    model: type[models.Model],
    fields: Sequence[models.Field],
    columns: list[list[Any]],
    constants: Sequence[tuple[models.Field, Any]] = (),
    *,
    returning: bool,
) -> list[int]:
    """PostgreSQL: one statement for all the rows, ``columns`` holding each field's values."""
    opts = model._meta
    sql = _unnest_sql(
        opts.db_table,
        tuple((f.column, _array_type(f)) for f in fields),
        tuple((f.column, _array_type(f)) for f, _ in constants),
        opts.pk.column if returning else "",
    )
    with _bound_cursor() as cursor:
        cursor.execute(sql, [*(value for _, value in constants), *columns])
        return [pk for (pk,) in cursor.fetchall()] if returning else []


def _bound_cursor():
    """PostgreSQL: a cursor that sends the parameters apart from the statement (the driver
    neither quotes each array element into the text nor parses the statement; the server
    prepares it once it has come a few times), wrapped as Django wraps its own, so the
    statement is logged and passes the connection's execute wrappers."""
    import psycopg

    connection.ensure_connection()
    return connection._prepare_cursor(psycopg.Cursor(connection.connection))


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
    if connection.vendor == "postgresql":
        columns = [[adapt(getattr(obj, attname)) for obj in objects] for attname, adapt in adapters]
        ids = _unnest_insert(model, fields, columns, returning=returning)
        for obj, pk in zip(objects, ids, strict=False):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
        return
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


def _column_defaults(model: type[models.Model], named: Sequence[str], now) -> list[tuple]:
    """(field, value ready for the database) of every concrete field not ``named``: its
    default, or ``now`` for an automatic time, so a field added to the model is written too."""
    filled = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in named:
            continue
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            value = connection.ops.adapt_datetimefield_value(now)
        else:
            value = f.get_db_prep_save(f.get_default(), connection)
        filled.append((f, value))
    return filled


def rows_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
    now=None,
) -> list[int]:
    """Insert ``rows`` of ``model`` given as values ready for the database (``json_value``,
    ``time_value``), in the order of ``columns`` (attribute names), without building a model
    object per row; every other field gets its default (an automatic time: ``now``). With
    ``returning``, the new primary keys in the order of the rows."""
    if not rows:
        return []
    opts = model._meta
    extra = _column_defaults(model, columns, now or timezone.now())
    if connection.vendor == "postgresql":
        by_attname = {f.attname: f for f in opts.concrete_fields}
        values = [list(column) for column in zip(*rows, strict=True)]
        fields = [by_attname[c] for c in columns]
        return _unnest_insert(model, fields, values, extra, returning=returning)
    qn = connection.ops.quote_name
    by_attname = {f.attname: f.column for f in opts.concrete_fields}
    names = ", ".join(qn(by_attname[c]) for c in columns) + "".join(
        f", {qn(f.column)}" for f, _ in extra
    )
    tail = tuple(value for _, value in extra)
    one = "(" + ", ".join(["%s"] * (len(columns) + len(extra))) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            sql = f"INSERT INTO {qn(opts.db_table)} ({names}) VALUES " + ", ".join(
                [one] * len(batch)
            )
            if returning:
                sql += f" RETURNING {qn(opts.pk.column)}"
            params = [value for row in batch for value in (*row, *tail)]
            cursor.execute(sql, params)
            if returning:
                ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def json_value(value: Any) -> str | None:
    """``value`` as a JSON column takes it: its JSON text, which SQLite stores as it is and
    PostgreSQL reads as ``jsonb`` (None stays SQL NULL)."""
    return None if value is None else json.dumps(value)


def time_value(value) -> Any:
    """A datetime as a ``DateTimeField`` column takes it."""
    return connection.ops.adapt_datetimefield_value(value)
