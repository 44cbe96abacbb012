"""The queue of figures a person decides on: a figure the rules tie to an indicator, but not
surely to the reviewed period's value, is accepted as the value (stored like a value the
document states plainly, linked to the document) or rejected, in one step each."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.core.numbers import format_number
from tongket.documents.errors import DocumentError
from tongket.documents.models import FigureReview, ReviewStatus
from tongket.documents.store import Stored, value_store


def figure_reviews_pending() -> QuerySet[FigureReview]:
    """Figures waiting for a decision, the latest documents first."""
    return (
        FigureReview.objects.filter(status=ReviewStatus.PENDING)
        .select_related("document", "document__meeting", "indicator", "unit")
        .order_by("-document_id", "id")
    )


def figure_review_decide(*, review_id: int, accept: bool, actor: str, user: Any = None) -> str:
    """Accept (store the value) or reject a waiting figure; the outcome's code when accepted
    (``created``, ``same``, ``replaced``, or ``locked``/``kept`` when a value reported or
    approved stands), ``rejected`` otherwise."""
    with transaction.atomic():
        review = (
            FigureReview.objects.select_for_update()
            .select_related("document", "figure", "unit", "indicator")
            .filter(pk=review_id)
            .first()
        )
        if review is None:
            raise DocumentError(
                f"Không có số liệu chờ duyệt #{review_id}", f"no figure #{review_id}"
            )
        if review.status != ReviewStatus.PENDING:
            raise DocumentError("Số liệu này đã được xử lý", "this figure has already been decided")
        outcome = "rejected"
        if accept:
            stored = Stored(meeting=review.document.meeting, meeting_created=False)
            span = (
                (review.figure.source_span_start, review.figure.source_span_end)
                if review.figure.source_span_start is not None
                else None
            )
            link = value_store(
                document=review.document,
                figure_row=review.figure,
                unit=review.unit,
                indicator=review.indicator,
                period_code=review.period,
                stated=review.stated,
                text=review.text,
                span=span,
                actor=actor,
                stored=stored,
            )
            outcome = link.outcome
        review.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
        review.decided_by, review.decided_at = actor[:150], timezone.now()
        review.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            user=user,
            action="figure.accepted" if accept else "figure.rejected",
            object_type="figure_review",
            object_id=review.pk,
            unit=review.unit,
            summary=(
                f"{review.indicator.code}, {review.period}: {format_number(review.stated)} "
                f"«{review.text}» (văn bản / document #{review.document_id})"
            ),
            new={"status": review.status, "outcome": outcome},
        )
    return outcome
