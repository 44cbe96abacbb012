"""The second step of an import: compare the checked records with the stored values and write
the new and changed ones in bulk (executemany on SQLite; COPY and one INSERT ... ON CONFLICT on
PostgreSQL). Runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from tongket.core.audit import audit_record_many
from tongket.core.models import AuditEntry
from tongket.core.numbers import format_number
from tongket.reporting.models import Value, ValueSource
from tongket.reporting.selectors import value_keys_locked
from tongket.transfer.check import (
    INDICATOR_MASK,
    INDICATOR_SHIFT,
    PERIOD_MASK,
    UNIT_SHIFT,
    Parsed,
)
from tongket.transfer.columns import Progress
from tongket.transfer.errors import IssueList
from tongket.transfer.selectors import approved_exists

CHUNK = 20_000
_IN_LIMIT = 500  # beyond this many ids an IN list costs more than the rows it filters out
_TEMP = "tongket_import_values"
_SQLITE_CACHE_KIB = -256 * 1024  # negative: KiB, so 256 MB


@dataclass
class Counts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def parsed_store(
    *,
    parsed: Parsed,
    period_ids: list[int | None],
    period_codes: list[str],
    indicator_codes: dict[int, str],
    issues: IssueList,
    write: bool,
    actor: str,
    progress: Progress | None = None,
) -> Counts:
    """Compare and (when ``write`` and no problem was found so far) store; counts either way."""
    counts = Counts()
    keys, values, order = parsed.keys, parsed.values, parsed.order
    table = Value._meta.db_table
    pg = connection.vendor == "postgresql"
    known = [p for p in period_ids if p is not None]
    check_locks = bool(known) and approved_exists(period_ids=known)
    pidx_of = {pid: index for index, pid in enumerate(period_ids) if pid is not None}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    reason = f"Nhập từ tệp {parsed.name} / imported from file {parsed.name}"
    source, source_ref = ValueSource.IMPORT.value, parsed.name[:255]
    total = len(order)
    comment_of = parsed.comments.get
    # A record without an entry in ``comments``: an empty comment when the file has a
    # comment column, else (None) the stored comment stays.
    default_comment = "" if parsed.comment_mode == "column" else None
    new_comment = ""

    def _same(found, value, index) -> bool:
        # A locked value posted back unchanged (an export re-imported) is left alone, not
        # refused: only a change to an approved report is.
        if found is None:
            return False
        comment = comment_of(index, default_comment)
        return found[1] == value and (comment is None or comment == found[2])

    with connection.cursor() as cursor:
        if write and not pg:
            # SQLite's default page cache is 2 MB; the value table's six indexes then thrash
            # it on a large import. A bigger cache for this connection only, given back after.
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}")
        if write and pg:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {_TEMP} (unit_id bigint, indicator_id bigint,"
                " period_id bigint, value double precision, comment text) ON COMMIT DROP"
            )
            cursor.execute(f"TRUNCATE {_TEMP}")
        done = 0
        for chunk in _chunks(order, keys):
            chunk_keys = [keys[i] for i in chunk]
            existing = _existing(cursor, table, chunk_keys, period_ids, pidx_of)
            locked = _locked(chunk_keys, period_ids) if check_locks else ()
            inserts, updates, audits = [], [], []
            add_insert = inserts.append
            for index, key in zip(chunk, chunk_keys, strict=True):
                found = existing.get(key) if existing else None
                if locked and key in locked and not _same(found, values[index], index):
                    issues.add(
                        parsed.name,
                        parsed.row_label(parsed.lines[index]),
                        "value",
                        "số liệu thuộc báo cáo đã duyệt, không được sửa; hãy đề nghị trả lại "
                        "báo cáo trước / the value belongs to an approved submission and is "
                        "locked; have the submission returned first",
                    )
                    continue
                if found is None:
                    add_insert(
                        (
                            key >> UNIT_SHIFT,
                            (key >> INDICATOR_SHIFT) & INDICATOR_MASK,
                            period_ids[key & PERIOD_MASK],
                            values[index],
                            comment_of(index, new_comment),
                        )
                    )
                    continue
                value = values[index]
                comment = comment_of(index, default_comment)
                pk, old_value, old_comment = found
                if comment is None:
                    comment = old_comment
                if old_value == value and old_comment == comment:
                    counts.unchanged += 1
                    continue
                counts.changed += 1
                unit_id = key >> UNIT_SHIFT
                indicator_id = (key >> INDICATOR_SHIFT) & INDICATOR_MASK
                updates.append((pk, unit_id, indicator_id, key & PERIOD_MASK, value, comment))
                audits.append(
                    AuditEntry(
                        actor=actor,
                        action="value.changed",
                        object_type="value",
                        object_id=str(pk),
                        unit_id=unit_id,
                        summary=(
                            f"{indicator_codes.get(indicator_id, indicator_id)} "
                            f"{period_codes[key & PERIOD_MASK]}: {format_number(old_value)} → "
                            f"{format_number(value)}"
                        ),
                        old={"value": old_value, "comment": old_comment},
                        new={"value": value, "comment": comment},
                        reason=reason,
                    )
                )
            counts.created += len(inserts)
            if write and not issues:
                if pg:
                    _copy(cursor, inserts, updates, period_ids)
                else:
                    _sqlite_write(cursor, table, inserts, updates, source, source_ref, now)
                audit_record_many(audits)
            done += len(chunk)
            if progress is not None:
                progress("store", done, total)
        if write and pg and not issues:
            extra_columns, extra_values = _defaults()
            columns = ", ".join(extra_columns)
            marks = ", ".join(["%s"] * len(extra_values))
            cursor.execute(
                f"INSERT INTO {table} (unit_id, indicator_id, period_id, value, comment, source,"
                f" source_ref, updated_at, {columns})"
                f" SELECT unit_id, indicator_id, period_id, value, comment, %s, %s, %s, {marks}"
                f" FROM {_TEMP}"
                " ON CONFLICT (unit_id, indicator_id, period_id) DO UPDATE SET"
                " value = EXCLUDED.value, comment = EXCLUDED.comment, source = EXCLUDED.source,"
                " source_ref = EXCLUDED.source_ref, updated_at = EXCLUDED.updated_at",
                [source, source_ref, now, *extra_values],
            )
            cursor.execute(f"TRUNCATE {_TEMP}")
        if write and not pg:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    return counts


def _chunks(order: list[int], keys) -> Iterator[list[int]]:
    """Runs of the sorted records with at most ``CHUNK`` records and ``_IN_LIMIT`` units."""
    start, units, last_unit = 0, 0, -1
    for position, index in enumerate(order):
        unit = keys[index] >> UNIT_SHIFT
        if unit != last_unit:
            if units == _IN_LIMIT or position - start >= CHUNK:
                yield order[start:position]
                start, units = position, 0
            units += 1
            last_unit = unit
        elif position - start >= CHUNK:
            yield order[start:position]
            start, units = position, 1
    if start < len(order):
        yield order[start:]


def _existing(cursor, table, chunk_keys, period_ids, pidx_of) -> dict[int, tuple]:
    """Stored (id, value, comment) of the chunk's keys, fetched with one query.

    Units, indicators and periods are all given as IN lists so that both databases look the
    keys up in the unique (unit, indicator, period) index; a unit range let SQLite pick the
    (indicator, period) index instead and read every unit's values for each pair.
    """
    pids = {period_ids[k & PERIOD_MASK] for k in chunk_keys} - {None}
    if not pids:
        return {}
    units = {k >> UNIT_SHIFT for k in chunk_keys}
    indicators = {(k >> INDICATOR_SHIFT) & INDICATOR_MASK for k in chunk_keys}
    sql = f"SELECT id, unit_id, indicator_id, period_id, value, comment FROM {table} WHERE "
    clauses, params = [], []
    for column, ids in (("unit_id", units), ("indicator_id", indicators), ("period_id", pids)):
        if len(ids) <= _IN_LIMIT:
            clauses.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(sorted(ids))
    cursor.execute(sql + " AND ".join(clauses), params)
    wanted = set(chunk_keys)
    found = {}
    for pk, unit_id, indicator_id, period_id, value, comment in cursor.fetchall():
        key = (unit_id << UNIT_SHIFT) | (indicator_id << INDICATOR_SHIFT) | pidx_of[period_id]
        if key in wanted:
            found[key] = (pk, value, comment)
    return found


def _locked(chunk_keys, period_ids) -> set[int]:
    triples = {}
    for key in chunk_keys:
        pid = period_ids[key & PERIOD_MASK]
        if pid is not None:
            triples[(key >> UNIT_SHIFT, (key >> INDICATOR_SHIFT) & INDICATOR_MASK, pid)] = key
    return {triples[t] for t in value_keys_locked(keys=triples)}


_SET_BY_IMPORT = {
    "id",
    "unit",
    "indicator",
    "period",
    "value",
    "comment",
    "source",
    "source_ref",
    "updated_at",
}


def _defaults() -> tuple[list[str], list]:
    """Columns the import leaves at their model default (submission, flags...), with values."""
    columns, values = [], []
    for f in Value._meta.concrete_fields:
        if f.name not in _SET_BY_IMPORT:
            columns.append(f.column)
            values.append(f.get_db_prep_save(f.get_default(), connection))
    return columns, values


def _sqlite_write(cursor, table, inserts, updates, source, source_ref, now) -> None:
    if inserts:
        extra_columns, extra_values = _defaults()
        columns = ", ".join(
            [
                "unit_id",
                "indicator_id",
                "period_id",
                "value",
                "comment",
                "source",
                "source_ref",
                "updated_at",
                *extra_columns,
            ]
        )
        marks = ", ".join(["%s"] * (8 + len(extra_columns)))
        constant = (source, source_ref, now, *extra_values)
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [(*row, *constant) for row in inserts],
        )
    if updates:
        cursor.executemany(
            f"UPDATE {table} SET value = %s, comment = %s, source = %s, source_ref = %s,"
            " updated_at = %s WHERE id = %s",
            [(v, c, source, source_ref, now, pk) for pk, _, _, _, v, c in updates],
        )


def _copy(cursor, inserts, updates, period_ids) -> None:
    """Stream the chunk's new and changed rows into the temporary table."""
    if not inserts and not updates:
        return
    with cursor.cursor.copy(
        f"COPY {_TEMP} (unit_id, indicator_id, period_id, value, comment) FROM STDIN"
    ) as copy:
        for row in inserts:
            copy.write_row(row)
        for _, unit_id, indicator_id, pidx, value, comment in updates:
            copy.write_row((unit_id, indicator_id, period_ids[pidx], value, comment))
