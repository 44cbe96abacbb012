"""Importing files of indicator values: check everything, then store everything or nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.reporting.models import ImportBatch
from tongket.reporting.models import Period as StoredPeriod
from tongket.reporting.periods import periods_ensure
from tongket.transfer.check import Resolvers, file_check
from tongket.transfer.columns import Progress
from tongket.transfer.errors import ImportRejected, IssueList
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
) -> list[FileResult]:
    """Import the files in one transaction; ``ImportRejected`` (nothing stored) on any problem.

    Each file is read and checked whole before anything of it is written; a value locked by an
    approved submission, found while comparing with the stored values, rejects the import too.
    New values are inserted, changed ones updated with a ``value.changed`` audit entry each
    (old and new value, the file as the reason), identical ones left alone. An ``ImportBatch``
    records each file that was stored. Importing a file again that changes nothing (same
    sha256, no new or changed value) writes nothing at all: no batch and no audit entry.
    """
    paths = [Path(p) for p in paths]
    names = names or [p.name for p in paths]
    issues = IssueList()
    results: list[FileResult] = []
    resolvers = Resolvers()
    with transaction.atomic():
        for path, name in zip(paths, names, strict=True):
            parsed = file_check(
                path=path, name=name, resolvers=resolvers, issues=issues, progress=progress
            )
            if parsed is None:
                continue
            codes = resolvers.periods.codes
            if dry_run or issues:
                stored = {
                    p.code: p.pk
                    for p in StoredPeriod.objects.filter(code__in=[c.code for c in codes])
                }
                period_ids = [stored.get(c.code) for c in codes]
            else:
                stored_periods = periods_ensure(codes)
                period_ids = [stored_periods[c.code].pk for c in codes]
            counts = parsed_store(
                parsed=parsed,
                period_ids=period_ids,
                period_codes=[c.code for c in codes],
                indicator_codes=resolvers.indicators.codes,
                issues=issues,
                write=not dry_run,
                actor=actor,
                progress=progress,
            )
            seen = ImportBatch.objects.filter(sha256=parsed.sha256).exists()
            nothing_new = counts.created == 0 and counts.changed == 0
            will_store = not dry_run and not (seen and nothing_new)
            results.append(
                FileResult(
                    file=name,
                    format=parsed.format,
                    sha256=parsed.sha256,
                    rows=parsed.rows,
                    created=counts.created,
                    changed=counts.changed,
                    unchanged=counts.unchanged,
                    stored=will_store,
                    already_imported=seen,
                    vietnamese_numbers=parsed.vietnamese_numbers,
                )
            )
            if will_store and not issues:
                import_batch_record(results[-1], actor=actor)
            del parsed
        if issues:
            transaction.set_rollback(True)
            raise ImportRejected(issues.items, issues.omitted)
        if dry_run:
            transaction.set_rollback(True)
    return results


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
