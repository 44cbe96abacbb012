"""Reading the stored documents and the items read from each."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from tongket.documents.errors import DocumentError
from tongket.documents.models import (
    DocumentValue,
    FigureReview,
    ReviewStatus,
    SourceDocument,
    ValueOutcome,
    web_url,
)
from tongket.meetings.models import Commendation, MeetingFigure, Participant, Position, Task
from tongket.reporting.models import ValueSource

_STORED = (ValueOutcome.CREATED, ValueOutcome.REPLACED, ValueOutcome.SAME)
_CONFLICTS = (ValueOutcome.LOCKED, ValueOutcome.KEPT)


def document_list(*, site: str | None = None, search: str | None = None) -> QuerySet:
    """Stored documents, the latest first, with their meeting and counts of values."""
    qs = SourceDocument.objects.select_related("meeting", "meeting__organizer").annotate(
        values_stored=Count("values", filter=Q(values__outcome__in=_STORED)),
        value_conflicts=Count("values", filter=Q(values__outcome__in=_CONFLICTS)),
    )
    if site:
        qs = qs.filter(site__iexact=site.strip().removeprefix("www."))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(source_name__icontains=search))
    return qs.order_by("-ingested_at", "-id")


def document_get(*, pk: int) -> SourceDocument:
    document = SourceDocument.objects.select_related("meeting").filter(pk=pk).first()
    if document is None:
        raise DocumentError(f"Không có văn bản #{pk}", f"no document #{pk}")
    return document


def document_rows(documents) -> list[dict[str, Any]]:
    rows = []
    for d in documents:
        meeting = d.meeting
        rows.append(
            {
                "id": d.pk,
                "title": d.title,
                "site": d.site or None,
                "url": d.url or None,
                "published": d.published_text or None,
                "source_name": d.source_name or None,
                "provenance": d.provenance,
                "ingested_by": d.ingested_by,
                "ingested_at": d.ingested_at.isoformat(timespec="seconds"),
                "meeting_id": meeting.pk if meeting else None,
                "meeting_date": meeting.date.isoformat() if meeting else None,
                "organizer": meeting.organizer.code if meeting else None,
                "values": getattr(d, "values_stored", None),
                "conflicts": getattr(d, "value_conflicts", None),
                "notes": len(d.notes),
                "extractor_version": d.extractor_version,
                "corrected": d.extracted_record is not None,
            }
        )
    return rows


def _span(row) -> list[int] | None:
    start, end = row.source_span_start, row.source_span_end
    return [start, end] if start is not None else None


def document_items(*, document: SourceDocument) -> dict[str, list[dict[str, Any]]]:
    """Every item stored from ``document``, with the span of its passage in the cleaned
    text."""
    pk = document.pk
    return {
        "participants": [
            {
                "id": p.pk,
                "person_id": p.person_id,
                "name": p.person.full_name,
                "title": p.title,
                "meeting_id": p.meeting_id,
                "span": _span(p),
            }
            for p in Participant.objects.filter(source_document_id=pk).select_related("person")
        ],
        "positions": [
            {
                "id": p.pk,
                "person_id": p.person_id,
                "title": p.title,
                "unit": p.unit.code if p.unit else None,
                "span": _span(p),
            }
            for p in Position.objects.filter(source_document_id=pk).select_related("unit")
        ],
        "figures": [
            {
                "id": f.pk,
                "text": f.text,
                "value": f.value,
                "unit": f.unit_of_measure,
                "indicator": f.indicator.code if f.indicator else None,
                "period": f.period or None,
                "span": _span(f),
            }
            for f in MeetingFigure.objects.filter(source_document_id=pk).select_related("indicator")
        ],
        "values": [
            {
                "id": v.pk,
                "value_id": v.value_id,
                "indicator": v.indicator.code,
                "unit": v.unit.code,
                "period": v.period.code,
                "stated": v.stated,
                "previous": v.previous,
                "outcome": v.outcome,
                "text": v.text,
                "span": [v.span_start, v.span_end] if v.span_start is not None else None,
            }
            for v in DocumentValue.objects.filter(document=document).select_related(
                "indicator", "unit", "period"
            )
        ],
        "tasks": [
            {
                "id": t.pk,
                "text": t.text,
                "lead": t.lead.code,
                "meeting_id": t.meeting_id,
                "span": _span(t),
            }
            for t in Task.objects.filter(source_document_id=pk).select_related("lead")
        ],
        "commendations": [
            {
                "id": c.pk,
                "form": c.form.code,
                "year": c.year,
                "collectives": c.collectives,
                "individuals": c.individuals,
                "meeting_id": c.meeting_id,
                "span": _span(c),
            }
            for c in Commendation.objects.filter(source_document_id=pk).select_related("form")
        ],
    }


def values_from_documents(*, unit_id: int, indicator_id: int, periods: list[str]) -> dict:
    """For one unit and indicator, the periods whose stored value is the one a published
    document stated: ``{period code: {"document_id", "url", "title"}}``."""
    links = (
        DocumentValue.objects.filter(
            unit_id=unit_id,
            indicator_id=indicator_id,
            period__code__in=periods,
            outcome__in=_STORED,
            value__source=ValueSource.DOCUMENT,
        )
        .select_related("document", "period")
        .order_by("-id")
    )
    out: dict[str, dict] = {}
    for link in links:
        if link.period.code in out or link.value is None:
            continue
        if link.value.value != link.stated:
            continue
        out[link.period.code] = {
            "document_id": link.document_id,
            "url": web_url(link.document.url),
            "title": link.document.title,
            "stated": link.stated,
        }
    return out


def figure_reviews_pending() -> QuerySet[FigureReview]:
    """Figures waiting for a decision, the latest documents first."""
    return (
        FigureReview.objects.filter(status=ReviewStatus.PENDING)
        .select_related("document", "document__meeting", "indicator", "unit")
        .order_by("-document_id", "id")
    )
