"""Importing files of indicator values: check everything, then store everything or nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from tongket.core.audit import audit_record
from tongket.core.statistics import database_statistics_refresh
from tongket.reporting.models import ImportBatch, Value
from tongket.reporting.models import Period as StoredPeriod
from tongket.reporting.periods import periods_ensure
from tongket.transfer.check import Parsed, Resolvers, file_check
from tongket.transfer.columns import Progress
from tongket.transfer.errors import ImportRejected, IssueList
from tongket.transfer.limits import Limits, memory_release
from tongket.transfer.store import (
    CHUNK,
    Stage,
    StageChanged,
    locked_reports,
    parsed_compare,
    references_checked_once,
    stage_apply,
)


@dataclass
class FileResult:
    file: str
    format: str
    sha256: str
    rows: int
    created: int
    changed: int
    unchanged: int
    stored: bool  # False on a dry run, and when the same file had been imported unchanged
    already_imported: bool
    vietnamese_numbers: bool

    def as_dict(self) -> dict:
        return asdict(self)


def files_import(
    *,
    paths: list[Path | str],
    names: list[str] | None = None,
    dry_run: bool = False,
    actor: str = "cli",
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> list[FileResult]:
    """Import the files all or nothing; ``ImportRejected`` (nothing stored) on any problem.

    Each file is read and checked whole before anything of it is written; a value locked by an
    approved submission, found while comparing with the stored values, rejects the import too.
    New values are inserted, changed ones updated with a ``value.changed`` audit entry each
    (old and new value, the file as the reason), identical ones left alone. An ``ImportBatch``
    records each file that was stored. Importing a file again that changes nothing (same
    sha256, no new or changed value) writes nothing at all: no batch and no audit entry.

    Reading, checking and comparing happen outside any transaction, so other users' writes go
    on meanwhile; what would change is staged in temporary tables of this connection. The
    write is one short final transaction of set-based statements that first checks that the
    changed values are still as compared and that no report sent meanwhile locks them; if
    something did change, the comparison is made again (``_ATTEMPTS`` times at most).
    """
    paths = [Path(p) for p in paths]
    names = names or [p.name for p in paths]
    issues = IssueList()
    resolvers = Resolvers()
    checked: list[Parsed] = []
    stage = None
    try:
        for path, name in zip(paths, names, strict=True):
            parsed = file_check(
                path=path,
                name=name,
                resolvers=resolvers,
                issues=issues,
                progress=progress,
                limits=limits,
            )
            if parsed is not None:
                checked.append(parsed)
        _overlaps_check(checked, issues)
        if dry_run or issues:
            results = _compare(checked, resolvers, issues, actor=actor, progress=progress)
            if issues:
                raise ImportRejected(issues.items, issues.omitted)
            return results
        stage = Stage()
        for _attempt in range(_ATTEMPTS):
            results = _stage_and_store(checked, resolvers, issues, stage, actor, progress)
            if issues:
                raise ImportRejected(issues.items, issues.omitted)
            if results is not None:
                return results
        issues.add(
            names[0],
            None,
            "",
            "số liệu của các đơn vị trong tệp đang được sửa cùng lúc; hãy nhập lại sau ít phút "
            "/ the values in the file were being changed while importing; import it again in "
            "a few minutes",
        )
        raise ImportRejected(issues.items, issues.omitted)
    finally:
        if stage is not None:
            stage.close()
        checked.clear()
        parsed = None
        memory_release()


_ATTEMPTS = 3


def _overlaps_check(checked: list[Parsed], issues: IssueList) -> None:
    """A value given by two files of one import is refused: which file should win is not
    for the import to guess (import them one after the other)."""
    if len(checked) < 2:
        return
    seen: set[int] = set()
    for number, parsed in enumerate(checked):
        keys = parsed.keys
        if not seen.isdisjoint(keys):
            earlier = [set(other.keys) for other in checked[:number]]
            for index in parsed.order:
                key = keys[index]
                if key not in seen:
                    continue
                first = next(n for n, found in enumerate(earlier) if key in found)
                issues.add(
                    parsed.name,
                    parsed.row_label(parsed.lines[index]),
                    "",
                    f"tệp {checked[first].name} cũng có số liệu này (cùng đơn vị, chỉ tiêu và "
                    f"kỳ); hãy nhập từng tệp một / file {checked[first].name} has this value "
                    "too (same unit, indicator and period); import the files one at a time",
                )
            earlier.clear()
        seen.update(keys)
    seen.clear()


def _compare(
    checked: list[Parsed], resolvers: Resolvers, issues: IssueList, *, actor, progress
) -> list[FileResult]:
    """Counts and locked values of each file against the stored values; reads only."""
    codes = resolvers.periods.codes
    stored = {p.code: p.pk for p in StoredPeriod.objects.filter(code__in=[c.code for c in codes])}
    period_ids = [stored.get(c.code) for c in codes]
    results = []
    for number, parsed in enumerate(checked):
        counts = parsed_compare(
            parsed=parsed,
            file_no=number,
            period_ids=period_ids,
            period_codes=[c.code for c in codes],
            indicator_codes=resolvers.indicators.codes,
            issues=issues,
            stage=None,
            actor=actor,
            progress=progress,
        )
        results.append(_result(parsed, counts, dry_run=True))
    return results


def _stage_and_store(
    checked: list[Parsed], resolvers: Resolvers, issues: IssueList, stage: Stage, actor, progress
) -> list[FileResult] | None:
    """Compare and stage every file, then store the stage; ``None`` when something changed
    underneath and the comparison must be made again."""
    codes = [c.code for c in resolvers.periods.codes]
    locked_before = locked_reports(codes)
    stored = {p.code: p.pk for p in StoredPeriod.objects.filter(code__in=codes)}
    period_ids = [stored.get(code) for code in codes]
    stage.open()
    results = []
    for number, parsed in enumerate(checked):
        counts = parsed_compare(
            parsed=parsed,
            file_no=number,
            period_ids=period_ids,
            period_codes=codes,
            indicator_codes=resolvers.indicators.codes,
            issues=issues,
            stage=stage,
            actor=actor,
            progress=progress,
        )
        results.append(_result(parsed, counts, dry_run=False))
        reason = f"Nhập từ tệp {parsed.name} / imported from file {parsed.name}"
        stage.file_add(number, parsed.name[:255], reason)
    if issues:
        return results
    if not stage.rows and not any(r.stored for r in results):
        # Nothing new or changed and every file imported before: write nothing at all.
        return results
    if progress is not None:
        progress("write", 0, stage.rows)
    try:
        with references_checked_once(stage), transaction.atomic():
            ensured = periods_ensure(codes)
            stage_apply(
                stage=stage,
                period_ids={i: ensured[code].pk for i, code in enumerate(codes)},
                locked_before=locked_before,
                period_codes=codes,
            )
            for result in results:
                if result.stored:
                    import_batch_record(result, actor=actor)
            if stage.rows:
                # The value table grew or changed much: fresh statistics once committed.
                full = stage.rows > CHUNK
                transaction.on_commit(
                    lambda: database_statistics_refresh(full=full, table=Value._meta.db_table)
                )
    except (StageChanged, IntegrityError):
        return None
    if progress is not None:
        progress("write", stage.rows, stage.rows)
    return results


def _result(parsed: Parsed, counts, *, dry_run: bool) -> FileResult:
    seen = ImportBatch.objects.filter(sha256=parsed.sha256).exists()
    nothing_new = counts.created == 0 and counts.changed == 0
    return FileResult(
        file=parsed.name,
        format=parsed.format,
        sha256=parsed.sha256,
        rows=parsed.rows,
        created=counts.created,
        changed=counts.changed,
        unchanged=counts.unchanged,
        stored=not dry_run and not (seen and nothing_new),
        already_imported=seen,
        vietnamese_numbers=parsed.vietnamese_numbers,
    )


def import_batch_record(result: FileResult, *, actor: str) -> None:
    batch = ImportBatch.objects.create(
        file_name=result.file[:255],
        sha256=result.sha256,
        format=result.format,
        rows=result.rows,
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="import.stored",
        object_type="importbatch",
        object_id=batch.pk,
        summary=(
            f"Nhập tệp {result.file}: {result.created} mới, {result.changed} thay đổi, "
            f"{result.unchanged} không đổi / imported {result.file}: {result.created} new, "
            f"{result.changed} changed, {result.unchanged} unchanged"
        ),
        new={"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
        reason=result.file,
    )
