"""Reads: the documents gathered from the data, and what staff wrote into a report."""

from __future__ import annotations

from django.http import Http404

from tongket.papers.meeting_gather import (
    meeting_article_gather,
    meeting_get,
    notice_gather,
    notice_of_meeting,
)
from tongket.papers.models import DocumentJob, ReportDraft
from tongket.papers.report_gather import report_date_default, report_unit_find, year_report_gather
from tongket.units.models import Unit


def report_draft_get(*, unit: Unit, year: int) -> ReportDraft | None:
    """What staff wrote into ``unit``'s report of ``year``, if anything yet."""
    return ReportDraft.objects.filter(unit=unit, year=year).first()


def document_job_get_for_user(*, user, job_id: int) -> DocumentJob:
    """A document job of ``user``'s own (404 for anyone else's: the file is theirs)."""
    job = (
        DocumentJob.objects.select_related("unit", "notice__meeting")
        .defer("data")
        .filter(pk=job_id, requested_by=user)
        .first()
    )
    if job is None:
        raise Http404("Không tìm thấy / Not found")
    return job


def document_job_data(*, job: DocumentJob) -> bytes:
    return bytes(DocumentJob.objects.filter(pk=job.pk).values_list("data", flat=True).get() or b"")


__all__ = [
    "document_job_data",
    "document_job_get_for_user",
    "meeting_article_gather",
    "meeting_get",
    "notice_gather",
    "notice_of_meeting",
    "report_date_default",
    "report_draft_get",
    "report_unit_find",
    "year_report_gather",
]
