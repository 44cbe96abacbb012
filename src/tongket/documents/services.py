"""Reading published reports into the system.

``document_preview`` shows what a document would become (its record, cleaned text and the
plan of what would be stored) without storing anything; ``document_ingest`` stores it, all
or nothing: the document with its provenance, then the meeting, people, figures and values,
tasks and commendations, each linked back to the document and its span. The same document
(the same original bytes) is stored once. ``figure_review_decide`` accepts a figure that
waits for review as the period's value, or rejects it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date, format_number
from tongket.documents.errors import DocumentError
from tongket.documents.extractor import document_key, extractor_version
from tongket.documents.models import (
    FigureReview,
    Provenance,
    ReviewStatus,
    SourceDocument,
    web_url,
)
from tongket.documents.plan import Plan, plan_build
from tongket.documents.records import published_of, record_check
from tongket.documents.store import Stored, figure_reviewable, plan_store, value_store
from tongket.extraction import ExtractionError, extract
from tongket.extraction.decoding import check_text
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting
from tongket.units.models import Unit


@dataclass
class Preview:
    """What a document would become: shown beside its text before a person confirms it."""

    record: dict
    extracted_record: dict
    clean_text: str
    plan: Plan | None
    error: str = ""  # why the record cannot be stored as it is (empty when it can)
    duplicate_of: SourceDocument | None = None

    def counts(self) -> dict[str, int]:
        return plan_counts(self.plan) if self.plan else {}

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "clean_text": self.clean_text,
            "corrected": self.record != self.extracted_record,
            "plan": self.plan.as_json() if self.plan else None,
            "counts": self.counts(),
            "error": self.error or None,
            "duplicate_of": self.duplicate_of.pk if self.duplicate_of else None,
        }


@dataclass
class IngestResult:
    document: SourceDocument
    created: bool  # False: the same document was stored before; nothing was stored now
    meeting: Meeting | None
    meeting_created: bool = False
    province_today: Unit | None = None  # the province that covers the meeting's today
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "document_id": self.document.pk,
            "created": self.created,
            "meeting_id": self.meeting.pk if self.meeting else None,
            "meeting_created": self.meeting_created,
            "province_today": (
                {"code": self.province_today.code, "name": self.province_today.name}
                if self.province_today
                else None
            ),
            "counts": self.counts,
            "conflicts": self.conflicts,
            "notes": self.notes,
        }


def plan_counts(plan: Plan) -> dict[str, int]:
    """What storing the plan would add."""
    present: set[int] = set()
    if plan.existing_meeting is not None:
        present = set(plan.existing_meeting.participants.values_list("person_id", flat=True))
    return {
        "participants": sum(
            1 for p in plan.people if p.person_id not in present or not p.person_id
        ),
        "figures": len(plan.figures),
        "values": sum(1 for f in plan.figures if f.outcome in ("created", "replaced")),
        "reviews": sum(
            1 for f in plan.figures if not f.reading.period and figure_reviewable(f, plan)
        ),
        "tasks": sum(1 for t in plan.tasks if not t.duplicate),
        "commendations": sum(
            1 for c in plan.commendations if c.form_code is not None and not c.duplicate
        ),
        "conflicts": sum(1 for f in plan.figures if f.outcome in ("locked", "kept")),
    }


def _actor(actor: Any) -> tuple[str, Any]:
    if isinstance(actor, str):
        name, user = actor.strip(), None
    else:
        name, user = str(actor.get_username()), actor
    if not name:
        raise DocumentError("Thiếu người thực hiện", "the actor is missing")
    return name[:150], user


def _read(*, text: str | None, html: str | None, url: str | None) -> tuple[str, str, dict]:
    """The raw text, the raw HTML (or "") and the extractor's record."""
    try:
        if html is not None:
            from tongket.extraction.html import html_to_text

            html = check_text(html)
            raw = html_to_text(html)
            # extract(html=...) reads the page the same way: read it once.
            return raw, html, extract(raw, url=url)
        if text is None:
            raise DocumentError("Không có văn bản", "no text given")
        text = check_text(text)
        return text, "", extract(text, url=url)
    except ExtractionError as error:
        raise DocumentError(error.vi, error.en) from None


def _record_of(record: dict | None, extracted: dict) -> tuple[dict, str]:
    checked = record_check(record if record is not None else extracted)
    clean_text = checked["clean_text"] or extracted["clean_text"]
    checked["clean_text"] = clean_text
    return checked, clean_text


def document_preview(
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    record: dict | None = None,
    data: bytes | None = None,
) -> Preview:
    """The record (extracted, or ``record`` as a person corrected it), the cleaned text and
    what would be stored; stores nothing. Raises ``DocumentError`` only when the input is not
    a readable document; a record that cannot be stored comes back with ``error`` set."""
    _, _, extracted = _read(text=text, html=html, url=url)
    duplicate = SourceDocument.objects.filter(
        sha256=document_key(data=data, text=text, html=html)
    ).first()
    try:
        checked, clean_text = _record_of(record, extracted)
    except DocumentError as error:
        return Preview(
            record=record if isinstance(record, dict) else {},
            extracted_record=extracted,
            clean_text=extracted["clean_text"],
            plan=None,
            error=str(error),
            duplicate_of=duplicate,
        )
    try:
        plan = plan_build(record=checked, clean_text=clean_text, url=url)
    except DocumentError as error:
        return Preview(checked, extracted, clean_text, None, str(error), duplicate)
    return Preview(checked, extracted, clean_text, plan, "", duplicate)


def document_ingest(
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    source_name: str = "",
    actor: Any,
    record: dict | None = None,
    data: bytes | None = None,
    source_id: str = "",
    provenance: str | None = None,
    signature: dict | None = None,
) -> IngestResult:
    """Store a document and what it reports (all or nothing).

    ``record``: the record as a person corrected it (else the extractor's). ``data``: the
    original bytes when read from a file (they identify the document). ``provenance``:
    ``file``, ``pasted`` or ``api`` (default: ``file`` when a file name or bytes are given).
    ``signature``: what a signed PDF's signatures say (``documents.pdf.pdf_signature``), kept
    with the document.
    """
    name, user = _actor(actor)
    provenance = provenance or (
        Provenance.FILE if data is not None or source_name else Provenance.API
    )
    if provenance not in Provenance.values:
        raise DocumentError(
            f"Nguồn nhập không hợp lệ «{provenance}»", f"unknown provenance «{provenance}»"
        )
    key = document_key(data=data, text=text, html=html)
    found = SourceDocument.objects.filter(sha256=key).first()
    if found is not None:
        return _already(found)
    refused_url = bool(url and not web_url(url))
    url = web_url(url)
    raw_text, raw_html, extracted = _read(text=text, html=html, url=url)
    checked, clean_text = _record_of(record, extracted)
    published_on, published_text = published_of(checked["published"])
    try:
        with transaction.atomic():
            plan = plan_build(record=checked, clean_text=clean_text, url=url)
            document = SourceDocument.objects.create(
                sha256=key,
                source_id=source_id[:255],
                url=(url or "")[:2000],
                site=checked["source_site"] or "",
                title=(checked["title"] or "")[:1000],
                published_on=published_on,
                published_text=published_text,
                raw_text=raw_text,
                raw_html=raw_html,
                clean_text=clean_text,
                record=checked,
                extracted_record=extracted if checked != extracted else None,
                extractor_version=extractor_version(),
                provenance=provenance,
                source_name=source_name[:500],
                signature=signature,
                ingested_by=name,
            )
            stored = plan_store(plan=plan, document=document, actor=name)
            notes = plan.notes + [c["message"] for c in stored.conflicts]
            if refused_url:
                notes.append(
                    "Địa chỉ của văn bản không phải http hoặc https nên không được lưu / the "
                    "document's address is not http or https and was not stored"
                )
            document.meeting, document.notes = stored.meeting, notes
            document.save(update_fields=["meeting", "notes"])
            audit_record(
                actor=name,
                user=user,
                action="document.ingested",
                object_type="document",
                object_id=document.pk,
                unit=plan.organizer,
                summary=(
                    f"{document.title or source_name or url or key[:12]}: {plan.title} "
                    f"({format_date(plan.date)})"
                ),
                new={"sha256": key, "meeting": stored.meeting.pk, **_counts(stored.counts)},
            )
    except IntegrityError:
        found = SourceDocument.objects.filter(sha256=key).first()
        if found is None:
            raise
        return _already(found)
    except MeetingsError as error:
        raise DocumentError(error.vi, error.en, field=error.column or "") from None
    return IngestResult(
        document=document,
        created=True,
        meeting=stored.meeting,
        meeting_created=stored.meeting_created,
        province_today=plan.province_today,
        counts=_counts(stored.counts),
        conflicts=stored.conflicts,
        notes=notes,
    )


_COUNT_KEYS = (
    "participants",
    "positions",
    "figures",
    "values",
    "reviews",
    "tasks",
    "commendations",
)


def _counts(counts: Counter) -> dict[str, int]:
    return {k: int(counts.get(k, 0)) for k in _COUNT_KEYS}


def _already(document: SourceDocument) -> IngestResult:
    return IngestResult(
        document=document,
        created=False,
        meeting=document.meeting,
        counts=dict.fromkeys(_COUNT_KEYS, 0),
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
