"""Reads: the documents gathered from the data, and what staff wrote into a report."""

from __future__ import annotations

from tongket.papers.meeting_gather import (
    meeting_article_gather,
    meeting_get,
    notice_gather,
    notice_of_meeting,
)
from tongket.papers.models import ReportDraft
from tongket.papers.report_gather import report_date_default, report_unit_find, year_report_gather
from tongket.units.models import Unit


def report_draft_get(*, unit: Unit, year: int) -> ReportDraft | None:
    """What staff wrote into ``unit``'s report of ``year``, if anything yet."""
    return ReportDraft.objects.filter(unit=unit, year=year).first()


__all__ = [
    "meeting_article_gather",
    "meeting_get",
    "notice_gather",
    "notice_of_meeting",
    "report_date_default",
    "report_draft_get",
    "report_unit_find",
    "year_report_gather",
]
