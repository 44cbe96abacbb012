"""Importing files of indicator values: check everything, then store everything or nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.reporting.models import ImportBatch
from tongket.reporting.models import Period as StoredPeriod
from tongket.reporting.periods import periods_ensure
from tongket.transfer.check import Parsed, Resolvers, file_check
from tongket.transfer.columns import Progress
from tongket.transfer.errors import ImportRejected, IssueList
from tongket.transfer.limits import Limits, memory_release
from tongket.transfer.store import parsed_store


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
    """Import the files in one transaction; ``ImportRejected`` (nothing stored) on any problem.

    Each file is read and checked whole before anything of it is written; a value locked by an
    approved submission, found while comparing with the stored values, rejects the import too.
    New values are inserted, changed ones updated with a ``value.changed`` audit entry each
    (old and new value, the file as the reason), identical ones left alone. An ``ImportBatch``
    records each file that was stored. Importing a file again that changes nothing (same
    sha256, no new or changed value) writes nothing at all: no batch and no audit entry.

    Reading and checking the files happen outside any transaction, so other users' writes go
    on meanwhile; a dry run, and an import with problems, only read. The write is one final
    transaction that compares each value with the stored one again and writes it, so what it
    stores is decided on the database as it is at the commit.
    """
    paths = [Path(p) for p in paths]
    names = names or [p.name for p in paths]
    issues = IssueList()
    resolvers = Resolvers()
    checked: list[Parsed] = []
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
        if dry_run or issues:
            results = _compare(checked, resolvers, issues, actor=actor, progress=progress)
            if issues:
                raise ImportRejected(issues.items, issues.omitted)
            return results
        with transaction.atomic():
            results = _store(checked, resolvers, issues, actor=actor, progress=progress)
            if issues:
                transaction.set_rollback(True)
                raise ImportRejected(issues.items, issues.omitted)
        return results
    finally:
        checked.clear()
        parsed = None
        memory_release()


def _compare(
    checked: list[Parsed], resolvers: Resolvers, issues: IssueList, *, actor, progress
) -> list[FileResult]:
    """Counts and locked values of each file against the stored values; reads only."""
    codes = resolvers.periods.codes
    stored = {p.code: p.pk for p in StoredPeriod.objects.filter(code__in=[c.code for c in codes])}
    period_ids = [stored.get(c.code) for c in codes]
    results = []
    for parsed in checked:
        counts = parsed_store(
            parsed=parsed,
            period_ids=period_ids,
            period_codes=[c.code for c in codes],
            indicator_codes=resolvers.indicators.codes,
            issues=issues,
            write=False,
            actor=actor,
            progress=progress,
        )
        results.append(_result(parsed, counts, dry_run=True))
    return results


def _store(
    checked: list[Parsed], resolvers: Resolvers, issues: IssueList, *, actor, progress
) -> list[FileResult]:
    """Inside the caller's transaction: compare and write each file, record its batch."""
    codes = resolvers.periods.codes
    stored_periods = periods_ensure(codes)
    period_ids = [stored_periods[c.code].pk for c in codes]
    results = []
    for parsed in checked:
        counts = parsed_store(
            parsed=parsed,
            period_ids=period_ids,
            period_codes=[c.code for c in codes],
            indicator_codes=resolvers.indicators.codes,
            issues=issues,
            write=True,
            actor=actor,
            progress=progress,
        )
        results.append(_result(parsed, counts, dry_run=False))
        if results[-1].stored and not issues:
            import_batch_record(results[-1], actor=actor)
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
