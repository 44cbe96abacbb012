"""The second step of an import: compare the checked records with the stored values and stage
the new and changed ones; the last step writes the stage in one short transaction.

Comparing and staging run outside any transaction, so other users' writes go on meanwhile
(on SQLite a transaction holds the one write lock from its start). The stage is a set of
temporary tables of the import's own connection, filled in small autocommitted chunks: a
process killed while staging leaves nothing behind, since temporary tables die with their
connection. ``stage_apply`` then inserts, updates and audits from the stage with a handful of
set-based statements (``INSERT … SELECT``, ``UPDATE … FROM``) after checking that nothing it
relies on changed underneath.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat

from django.db import IntegrityError, connection
from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.core.numbers import format_number
from tongket.indicators.models import Indicator
from tongket.reporting.models import FormIndicator, Period, Submission, Value, ValueSource
from tongket.reporting.selectors import locks_exist, value_keys_locked
from tongket.reporting.workflow import VALUES_LOCKED
from tongket.transfer.check import (
    INDICATOR_MASK,
    INDICATOR_SHIFT,
    PERIOD_MASK,
    UNIT_SHIFT,
    Parsed,
)
from tongket.transfer.columns import Progress
from tongket.transfer.errors import IssueList
from tongket.units.models import Unit

CHUNK = 20_000
_CASE_LIMIT = 32  # periods of a chunk the database maps to their index itself
_IN_LIMIT = 500  # beyond this many ids an IN list costs more than the rows it filters out
_SQLITE_CACHE_KIB = -256 * 1024  # negative: KiB, so 256 MB

_VALUES = "tk_stage_value"
_AUDITS = "tk_stage_audit"
_PERIODS = "tk_stage_period"
_FILES = "tk_stage_file"
# The unit, indicator and period index of a staged row (``s``), from its packed key.
_UNIT = f"(s.key >> {UNIT_SHIFT})"
_INDICATOR = f"((s.key >> {INDICATOR_SHIFT}) & {INDICATOR_MASK})"
_PIDX = f"(s.key & {PERIOD_MASK})"
_AUDIT_COLUMNS = ("actor", "action", "object_type", "object_id", "unit_id", "summary", "old", "new")


@dataclass
class Counts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


class StageChanged(Exception):
    """A value the stage relies on changed, or a report locked it, after it was compared."""


class Stage:
    """The import's temporary tables on its own connection."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.rows = 0
        self.audits = 0
        self._temp_store: int | None = None
        # SQLite: foreign keys off for the final write, its references checked once instead.
        self.references_once = False

    def open(self) -> None:
        integer = "bigint" if self.pg else "INTEGER"
        real = "double precision" if self.pg else "REAL"
        self.rows = self.audits = 0
        with connection.cursor() as cursor:
            self._drop(cursor)
            if not self.pg and self._temp_store is None and not connection.in_atomic_block:
                # The stage lives in memory rather than in a temporary file (temporary tables
                # only: the final write is as durable as ever); given back in ``close``. SQLite
                # changes it outside a transaction only.
                cursor.execute("PRAGMA temp_store")
                self._temp_store = cursor.fetchone()[0]
                cursor.execute("PRAGMA temp_store = MEMORY")
            # key: unit, indicator and period index packed as in ``check.key_pack``; vid: the
            # stored value's id when the row changes one; old_*: what was compared. Rows are
            # staged in the order of their keys, the order they are inserted in.
            cursor.execute(
                f"CREATE TEMP TABLE {_VALUES} (file_no {integer} NOT NULL, vid {integer},"
                f" key {integer} NOT NULL, value {real} NOT NULL, comment text NOT NULL,"
                f" old_value {real}, old_comment text)"
            )
            cursor.execute(
                f"CREATE TEMP TABLE {_AUDITS} (actor text, action text, object_type text,"
                f" object_id text, unit_id {integer}, summary text, old text, new text,"
                f" file_no {integer} NOT NULL)"
            )
            cursor.execute(
                f"CREATE TEMP TABLE {_PERIODS} (pidx {integer} PRIMARY KEY,"
                f" period_id {integer} NOT NULL)"
            )
            cursor.execute(
                f"CREATE TEMP TABLE {_FILES} (file_no {integer} PRIMARY KEY,"
                " source_ref text NOT NULL, reason text NOT NULL)"
            )

    def close(self) -> None:
        if connection.connection is None:
            return
        with connection.cursor() as cursor:
            self._drop(cursor)
            if self._temp_store is not None and not connection.in_atomic_block:
                cursor.execute(f"PRAGMA temp_store = {int(self._temp_store)}")
                self._temp_store = None

    @staticmethod
    def _drop(cursor) -> None:
        for table in (_VALUES, _AUDITS, _PERIODS, _FILES):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def file_add(self, file_no: int, source_ref: str, reason: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_FILES} (file_no, source_ref, reason) VALUES (%s, %s, %s)",
                [file_no, source_ref, reason],
            )

    def add(self, rows: list[tuple], audits: list[tuple]) -> None:
        """One chunk of rows ``(file_no, vid, key, value, comment, old value, old comment)``
        and audit entries, in one short transaction of the temporary tables only (no lock on
        the stored tables)."""
        if not rows and not audits:
            return
        self.rows += len(rows)
        self.audits += len(audits)
        audit_target = f"{_AUDITS} ({', '.join(_AUDIT_COLUMNS)}, file_no)"
        with connection.cursor() as cursor:
            if self.pg:
                raw = cursor.cursor
                if rows:
                    with raw.copy(f"COPY {_VALUES} FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                if audits:
                    with raw.copy(f"COPY {audit_target} FROM STDIN") as copy:
                        for row in audits:
                            copy.write_row(row)
                return
            batches = []
            if rows:
                batches.append((f"INSERT INTO {_VALUES} VALUES ({_marks(7)})", rows))
            if audits:
                batches.append((f"INSERT INTO {audit_target} VALUES ({_marks(9)})", audits))
            _sqlite_batches(cursor, batches)

    def add_new(self, file_no: int, keys: list[int], values: list[float], comments) -> None:
        """One chunk of new values only: their keys, values and comments (``None``: all
        empty)."""
        if not keys:
            return
        self.rows += len(keys)
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(
                    f"COPY {_VALUES} (file_no, key, value, comment) FROM STDIN"
                ) as copy:
                    for row in zip(repeat(file_no), keys, values, comments or repeat("")):
                        copy.write_row(row)
                return
            columns = f"{_VALUES} (file_no, key, value, comment)"
            if comments is None:
                sql = f"INSERT INTO {columns} VALUES ({int(file_no)}, %s, %s, '')"
                _sqlite_batches(cursor, [(sql, zip(keys, values, strict=True))])
            else:
                sql = f"INSERT INTO {columns} VALUES ({int(file_no)}, %s, %s, %s)"
                _sqlite_batches(cursor, [(sql, zip(keys, values, comments, strict=True))])


def _marks(width: int) -> str:
    return ", ".join(["%s"] * width)


def _sqlite_batches(cursor, batches) -> None:
    """``executemany`` of each ``(sql, rows)`` in one savepoint: a transaction of its own
    when none is open (on SQLite one that writes only temporary tables takes no lock on the
    database file), nested in the caller's otherwise."""
    cursor.execute("SAVEPOINT tk_stage")
    try:
        for sql, rows in batches:
            cursor.executemany(sql, rows)
    except BaseException:
        cursor.execute("ROLLBACK TO tk_stage")
        cursor.execute("RELEASE tk_stage")
        raise
    cursor.execute("RELEASE tk_stage")


@contextmanager
def references_checked_once(stage: Stage) -> Iterator[None]:
    """Around the final transaction on SQLite: its foreign keys off, so that the references
    of the written rows are checked once per distinct unit, indicator and period in the
    transaction (``stage_apply``) instead of once per row, and on again after it.

    The transaction holds SQLite's one write lock from its start, so no unit, indicator or
    period can be deleted between that check and the commit: the rule is the one the foreign
    keys keep. Inside a caller's transaction the setting cannot change and nothing changes."""
    if stage.pg or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        if not cursor.fetchone()[0]:
            yield
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA foreign_keys")
        stage.references_once = not cursor.fetchone()[0]
    try:
        yield
    finally:
        if stage.references_once:
            stage.references_once = False
            if connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA foreign_keys = ON")


def locked_reports(period_codes: list[str]) -> set[int]:
    """The reports that lock values (awaiting approval or approved) in these periods."""
    return set(
        Submission.objects.filter(
            status__in=VALUES_LOCKED, period__code__in=period_codes
        ).values_list("pk", flat=True)
    )


def parsed_compare(
    *,
    parsed: Parsed,
    file_no: int,
    period_ids: list[int | None],
    period_codes: list[str],
    indicator_codes: dict[int, str],
    issues: IssueList,
    stage: Stage | None,
    actor: str,
    progress: Progress | None = None,
) -> Counts:
    """Compare with the stored values and, given a ``stage``, stage what would change; counts
    either way. Reads only the stored tables."""
    counts = Counts()
    values, order = parsed.values, parsed.order
    table = Value._meta.db_table
    known = [p for p in period_ids if p is not None]
    check_locks = bool(known) and locks_exist(period_ids=known)
    pidx_of = {pid: index for index, pid in enumerate(period_ids) if pid is not None}
    total = len(order)
    comment_of = parsed.comments.get
    # A record without an entry in ``comments``: an empty comment when the file has a
    # comment column, else (None) the stored comment stays.
    default_comment = "" if parsed.comment_mode == "column" else None
    new_comment = ""
    action, object_type = "value.changed", "value"

    def _same(found, value, index) -> bool:
        # A locked value posted back unchanged (an export re-imported) is left alone, not
        # refused: only a change to an approved report is.
        if found is None:
            return False
        comment = comment_of(index, default_comment)
        return found[1] == value and (comment is None or comment == found[2])

    done = 0
    with connection.cursor() as cursor:
        sorted_keys = parsed.sorted_keys
        for start, end in _chunks(sorted_keys):
            chunk = order[start:end]
            chunk_keys = sorted_keys[start:end].tolist()
            existing = _existing(cursor, table, chunk_keys, period_ids, pidx_of)
            locked = _locked(chunk_keys, period_ids) if check_locks else ()
            rows, audits = [], []
            if not existing and not locked:
                # Only new values in this chunk (the usual first import): no comparison.
                counts.created += len(chunk)
                if stage is not None and not issues:
                    stage.add_new(
                        file_no,
                        chunk_keys,
                        [values[i] for i in chunk],
                        [comment_of(i, new_comment) for i in chunk] if parsed.comments else None,
                    )
            else:
                pairs = zip(chunk, chunk_keys, strict=True)
                if not locked and default_comment is None and not parsed.comments:
                    # No comment in the file (stored comments stay): a value equal to the
                    # stored one is unchanged; the others go through the comparison below.
                    get, rest = existing.get, []
                    for index, key in pairs:
                        found = get(key)
                        if found is not None and found[1] == values[index]:
                            counts.unchanged += 1
                        else:
                            rest.append((index, key))
                    pairs = rest
                for index, key in pairs:
                    found = existing.get(key) if existing else None
                    if locked and key in locked and not _same(found, values[index], index):
                        issues.add(
                            parsed.name,
                            parsed.row_label(parsed.lines[index]),
                            "value",
                            "số liệu thuộc báo cáo đang chờ duyệt hoặc đã duyệt, không được sửa; "
                            "hãy đề nghị trả lại báo cáo trước / the value belongs to a report "
                            "awaiting approval or approved and is locked; have the report returned "
                            "first",
                        )
                        continue
                    value = values[index]
                    if found is None:
                        counts.created += 1
                        rows.append(
                            (file_no, None, key, value, comment_of(index, new_comment), None, None)
                        )
                        continue
                    comment = comment_of(index, default_comment)
                    pk, old_value, old_comment = found
                    if comment is None:
                        comment = old_comment
                    if old_value == value and old_comment == comment:
                        counts.unchanged += 1
                        continue
                    counts.changed += 1
                    rows.append((file_no, pk, key, value, comment, old_value, old_comment))
                    unit_id = key >> UNIT_SHIFT
                    indicator_id = (key >> INDICATOR_SHIFT) & INDICATOR_MASK
                    audits.append(
                        (
                            actor,
                            action,
                            object_type,
                            str(pk),
                            unit_id,
                            f"{indicator_codes.get(indicator_id, indicator_id)} "
                            f"{period_codes[key & PERIOD_MASK]}: {format_number(old_value)} → "
                            f"{format_number(value)}",
                            json.dumps({"value": old_value, "comment": old_comment}),
                            json.dumps({"value": value, "comment": comment}),
                            file_no,
                        )
                    )
            if stage is not None and not issues:
                stage.add(rows, audits)
            done += len(chunk)
            if progress is not None:
                progress("store", done, total)
    return counts


def stage_apply(
    *, stage: Stage, period_ids: dict[int, int], locked_before: set[int], period_codes: list[str]
) -> None:
    """Inside the caller's transaction: write what was staged, in a few set-based statements.

    ``period_ids`` maps the stage's period indexes to stored periods (created by the caller in
    this transaction). Raises ``StageChanged`` when a changed value is no longer what was
    compared, or a report that locks staged values was sent or approved meanwhile (a value
    inserted meanwhile makes the insert fail on the unique constraint instead).
    """
    table = Value._meta.db_table
    with connection.cursor() as cursor:
        if period_ids:
            cursor.executemany(
                f"INSERT INTO {_PERIODS} (pidx, period_id) VALUES (%s, %s)",
                sorted(period_ids.items()),
            )
        _recheck(cursor, stage, table, locked_before, period_codes)
        if not stage.pg:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            # SQLite's default page cache is 2 MB; the value table's indexes then thrash it
            # on a large import. A bigger cache for this connection only, given back after.
            cursor.execute(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}")
        try:
            now = timezone.now()
            extra_columns, extra_values = _defaults()
            columns = ", ".join(extra_columns)
            marks = ", ".join(["%s"] * len(extra_values))
            source = ValueSource.IMPORT.value
            # In the order of the keys, as staged (SQLite reads its temporary table in that
            # order with no sort; PostgreSQL scans what COPY wrote in the same order).
            ordered = "" if stage.pg else " ORDER BY s.rowid"
            cursor.execute(
                f"INSERT INTO {table} (unit_id, indicator_id, period_id, value, comment, source,"
                f" source_ref, updated_at, {columns})"
                f" SELECT {_UNIT}, {_INDICATOR}, p.period_id, s.value, s.comment, %s,"
                f" f.source_ref, %s, {marks}"
                f" FROM {_VALUES} s JOIN {_PERIODS} p ON p.pidx = {_PIDX}"
                f" JOIN {_FILES} f ON f.file_no = s.file_no"
                f" WHERE s.vid IS NULL{ordered}",
                [source, now, *extra_values],
            )
            cursor.execute(
                f"UPDATE {table} SET value = s.value, comment = s.comment, source = %s,"
                f" source_ref = f.source_ref, updated_at = %s"
                f" FROM {_VALUES} s JOIN {_FILES} f ON f.file_no = s.file_no"
                f" WHERE s.vid IS NOT NULL AND {table}.id = s.vid",
                [source, now],
            )
            if stage.references_once:
                _references_check(cursor)
            if stage.audits:
                json_cast = "::jsonb" if stage.pg else ""
                cursor.execute(
                    f"INSERT INTO {AuditEntry._meta.db_table} (at, {', '.join(_AUDIT_COLUMNS)},"
                    " reason)"
                    f" SELECT %s, a.actor, a.action, a.object_type, a.object_id, a.unit_id,"
                    f" a.summary, a.old{json_cast}, a.new{json_cast}, f.reason"
                    f" FROM {_AUDITS} a JOIN {_FILES} f ON f.file_no = a.file_no",
                    [now],
                )
        finally:
            if not stage.pg:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _references_check(cursor) -> None:
    """The staged rows refer to units, indicators and periods that exist: each distinct one
    looked up once (the foreign keys' rule, see ``references_checked_once``)."""
    for column, target in (
        (_UNIT, Unit._meta.db_table),
        (_INDICATOR, Indicator._meta.db_table),
    ):
        cursor.execute(
            f"SELECT 1 FROM (SELECT DISTINCT {column} AS id FROM {_VALUES} s) w"
            f" LEFT JOIN {target} t ON t.id = w.id WHERE t.id IS NULL LIMIT 1"
        )
        if cursor.fetchone() is not None:
            raise IntegrityError("FOREIGN KEY constraint failed")
    cursor.execute(
        f"SELECT 1 FROM {_PERIODS} p LEFT JOIN {Period._meta.db_table} t ON t.id = p.period_id"
        " WHERE t.id IS NULL LIMIT 1"
    )
    if cursor.fetchone() is not None:
        raise IntegrityError("FOREIGN KEY constraint failed")


def _recheck(cursor, stage: Stage, table: str, locked_before: set[int], period_codes) -> None:
    """What the comparison decided still holds: the changed values are as they were read, and
    no report sent or approved since then covers a staged value."""
    if stage.audits:
        cursor.execute(
            f"SELECT count(*) FROM {_VALUES} s JOIN {table} v ON v.id = s.vid"
            " WHERE s.vid IS NOT NULL AND v.value = s.old_value AND v.comment = s.old_comment"
        )
        if cursor.fetchone()[0] != stage.audits:
            raise StageChanged("a changed value was written meanwhile")
    new_locks = locked_reports(period_codes) - locked_before
    if not new_locks:
        return
    reports = list(
        Submission.objects.filter(pk__in=new_locks).values_list(
            "unit_id", "period_id", "form_id", "pk"
        )
    )
    lines: dict[int, list[int]] = {}
    for form_id, indicator_id in FormIndicator.objects.filter(
        form_id__in={r[2] for r in reports}
    ).values_list("form_id", "indicator_id"):
        lines.setdefault(form_id, []).append(indicator_id)
    for unit_id, period_id, form_id, pk in reports:
        indicators = lines.get(form_id, [])
        marks = ", ".join(["%s"] * len(indicators)) or "NULL"
        cursor.execute(
            f"SELECT 1 FROM {_VALUES} s JOIN {_PERIODS} p ON p.pidx = {_PIDX}"
            f" LEFT JOIN {table} v ON v.id = s.vid"
            f" WHERE {_UNIT} = %s AND p.period_id = %s"
            f" AND ({_INDICATOR} IN ({marks}) OR v.submission_id = %s) LIMIT 1",
            [unit_id, period_id, *indicators, pk],
        )
        if cursor.fetchone() is not None:
            raise StageChanged("a report covering staged values was sent meanwhile")


def _chunks(sorted_keys) -> Iterator[tuple[int, int]]:
    """Runs ``(start, end)`` of the sorted keys with at most ``CHUNK`` records and
    ``_IN_LIMIT`` units, found unit by unit (the keys sort by unit first)."""
    total = len(sorted_keys)
    start = position = units = 0
    while position < total:
        # The end of this unit's run, or ``CHUNK`` records past the start if it comes first.
        unit_end = bisect_left(
            sorted_keys, ((sorted_keys[position] >> UNIT_SHIFT) + 1) << UNIT_SHIFT, position
        )
        if units and (units == _IN_LIMIT or unit_end - start > CHUNK):
            yield start, position
            start, units = position, 0
        if unit_end - start > CHUNK:
            position = start + CHUNK
            yield start, position
            start, units = position, 0
            continue
        position = unit_end
        units += 1
    if start < total:
        yield start, total


def _existing(cursor, table, chunk_keys, period_ids, pidx_of) -> dict[int, tuple]:
    """Stored (id, value, comment) of the chunk's keys, fetched with one query.

    Units, indicators and periods are all given as IN lists so that both databases look the
    keys up in the unique (unit, indicator, period) index; a unit range let SQLite pick the
    (indicator, period) index instead and read every unit's values for each pair.
    """
    if not pidx_of:
        return {}  # none of the file's periods is stored yet: nothing to find
    pids = {period_ids[k & PERIOD_MASK] for k in chunk_keys} - {None}
    if not pids:
        return {}
    units = {k >> UNIT_SHIFT for k in chunk_keys}
    indicators = {(k >> INDICATOR_SHIFT) & INDICATOR_MASK for k in chunk_keys}
    in_sql = len(pids) <= _CASE_LIMIT
    if in_sql:
        # The packed key computed by the database: one tuple per stored value, no arithmetic.
        case = " ".join(f"WHEN {int(pid)} THEN {int(pidx_of[pid])}" for pid in sorted(pids))
        sql = (
            f"SELECT id, (unit_id << {UNIT_SHIFT}) | (indicator_id << {INDICATOR_SHIFT})"
            f" | (CASE period_id {case} END), value, comment FROM {table}"
        )
    else:
        sql = f"SELECT id, unit_id, indicator_id, period_id, value, comment FROM {table}"
    if connection.vendor == "sqlite":
        # Sampled statistics (ANALYZE with analysis_limit) can make the (period, indicator)
        # index look selective; it would read every unit's values of each pair.
        sql += f" INDEXED BY {_unique_index(cursor, table)}"
    sql += " WHERE "
    clauses, params = [], []
    # On SQLite the periods filter the index entries of each (unit, indicator) pair read in
    # key order instead of being probed one by one (``+`` keeps the index from using them):
    # a seek per pair rather than per value.
    period_column = "+period_id" if connection.vendor == "sqlite" else "period_id"
    for column, ids in (("unit_id", units), ("indicator_id", indicators), (period_column, pids)):
        if len(ids) <= _IN_LIMIT:
            clauses.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(sorted(ids))
    cursor.execute(sql + " AND ".join(clauses), params)
    if in_sql:
        # Keys of the IN lists' product that the chunk does not have are never asked for.
        return {key: (pk, value, comment) for pk, key, value, comment in cursor.fetchall()}
    wanted = set(chunk_keys)
    found = {}
    for pk, unit_id, indicator_id, period_id, value, comment in cursor.fetchall():
        key = (unit_id << UNIT_SHIFT) | (indicator_id << INDICATOR_SHIFT) | pidx_of[period_id]
        if key in wanted:
            found[key] = (pk, value, comment)
    return found


def _unique_index(cursor, table: str) -> str:
    """SQLite's name of the unique (unit, indicator, period) index of the value table."""
    cursor.execute(f"PRAGMA index_list({table})")
    for _seq, name, unique, *_ in cursor.fetchall():
        if unique:
            cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
            columns = [row[2] for row in sorted(cursor.fetchall())]
            if columns == ["unit_id", "indicator_id", "period_id"]:
                return connection.ops.quote_name(name)
    raise LookupError(f"{table}: no unique (unit, indicator, period) index")


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
