"""Documents made in the background: a page asks, ``tongket worker`` makes, the page shows how far
it has come and then offers the file.

The queue is django-tasks' database backend (no broker: the same database, SQLite or
PostgreSQL); a ``DocumentJob`` row holds the progress and the finished file.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tongket.core.audit import audit_record
from tongket.meetings.models import Notice
from tongket.papers.errors import PapersError
from tongket.papers.files import DOCUMENT_FORMATS, notice_file, report_file
from tongket.papers.models import DocumentJob, JobKind, JobStatus
from tongket.papers.selectors import report_draft_get
from tongket.signing.selectors import signed_notice_get, signed_refusal, signed_report_get
from tongket.units.models import Unit

logger = logging.getLogger(__name__)

# A made file is kept this long for its download, then dropped when another is asked for.
KEEP_FILES = dt.timedelta(days=7)
# How far each step has come, in percent, when it starts.
STEP_PROGRESS = {"gather": 10, "render": 40, "convert": 60}


def _fmt_checked(fmt: str) -> str:
    fmt = (fmt or "").lower()
    if fmt not in DOCUMENT_FORMATS:
        raise PapersError(
            f"Định dạng «{fmt}» không hỗ trợ (dùng {', '.join(DOCUMENT_FORMATS)})",
            f"format «{fmt}» is not supported (use {', '.join(DOCUMENT_FORMATS)})",
            column="fmt",
        )
    return fmt


@transaction.atomic
def report_job_request(*, unit: Unit, year: int, fmt: str, user, actor: str) -> DocumentJob:
    """Queue the year-end report of ``unit`` for ``year`` in ``fmt``."""
    if not 1945 <= year <= 9999:
        raise PapersError(f"Năm không hợp lệ: {year}", f"invalid year: {year}", column="year")
    fmt = _fmt_checked(fmt)
    draft = report_draft_get(unit=unit, year=year)
    if draft is not None and fmt != "xlsx":
        signed_refusal(signed_report_get(unit=unit, year=year, number=draft.number))
    job = DocumentJob.objects.create(
        kind=JobKind.REPORT, fmt=_fmt_checked(fmt), unit=unit, year=year, requested_by=user
    )
    return _enqueue(
        job,
        actor=actor,
        summary=(
            f"Báo cáo tổng kết năm {year} ({job.fmt.upper()}) / "
            f"year-end review report {year} ({job.fmt.upper()})"
        ),
    )


@transaction.atomic
def notice_job_request(*, notice: Notice, fmt: str, user, actor: str) -> DocumentJob:
    """Queue the conclusion notice ``notice`` in ``fmt``."""
    if _fmt_checked(fmt) != "xlsx":
        signed_refusal(signed_notice_get(notice=notice))
    job = DocumentJob.objects.create(
        kind=JobKind.NOTICE,
        fmt=_fmt_checked(fmt),
        notice=notice,
        unit=notice.issuer,
        requested_by=user,
    )
    return _enqueue(job, actor=actor, summary=f"{notice} ({job.fmt.upper()})")


def document_jobs_prune(*, now: dt.datetime | None = None) -> int:
    """Drop the finished jobs (and their files) older than ``KEEP_FILES``; how many."""
    cutoff = (now or timezone.now()) - KEEP_FILES
    deleted, _ = DocumentJob.objects.filter(
        status__in=(JobStatus.DONE, JobStatus.FAILED), created_at__lt=cutoff
    ).delete()
    return deleted


def _enqueue(job: DocumentJob, *, actor: str, summary: str) -> DocumentJob:
    document_jobs_prune()
    # In the same transaction as the job: both are stored, or neither.
    result = document_job_run.enqueue(job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    audit_record(
        actor=actor,
        action="document.requested",
        object_type="document_job",
        object_id=job.pk,
        unit=job.unit,
        summary=summary,
        new={"kind": job.kind, "format": job.fmt},
    )
    return job


def _step(job_id: int, step: str) -> None:
    DocumentJob.objects.filter(pk=job_id).update(
        step=step, progress=STEP_PROGRESS.get(step, 0), status=JobStatus.RUNNING
    )


def _make(job: DocumentJob):
    def progress(step: str) -> None:
        _step(job.pk, step)

    if job.kind == JobKind.REPORT:
        return report_file(unit=job.unit, year=job.year, fmt=job.fmt, progress=progress)
    return notice_file(
        meeting=job.notice.meeting, notice=job.notice, fmt=job.fmt, progress=progress
    )


@task()
def document_job_run(job_id: int) -> str:
    """Make the document of job ``job_id``; its row says how far it came and holds the file."""
    job = DocumentJob.objects.select_related("unit", "notice__meeting").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    _step(job.pk, "start")
    try:
        paper = _make(job)
    except PapersError as error:
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error_vi=error.vi,
            error_en=error.en,
            finished_at=timezone.now(),
        )
        return "failed"
    except Exception:
        logger.exception("document job %s failed", job.pk)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error_vi="Lỗi không lường trước khi tạo tệp; quản trị hệ thống xem nhật ký máy chủ",
            error_en="An unexpected error stopped the document; the server log has the details",
            finished_at=timezone.now(),
        )
        raise
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        step="done",
        progress=100,
        file_name=paper.name,
        content_type=paper.content_type,
        data=paper.data,
        finished_at=timezone.now(),
    )
    return "done"
