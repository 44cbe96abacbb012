"""Storing a plan: the meeting (or the one already stored), its participants, figures and
values, tasks and commendations, each marked with the document and its span. Runs inside the
ingest's transaction; every write goes through the owning app's services."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tongket.core.audit import audit_record
from tongket.core.numbers import format_number
from tongket.documents.figure_values import bounds_problem, reviewed_period
from tongket.documents.models import DocumentValue, FigureReview, SourceDocument, ValueOutcome
from tongket.documents.plan import Plan, PlannedFigure
from tongket.meetings import services as meetings
from tongket.meetings.models import Meeting, MeetingSource, Position, TaskSource
from tongket.reporting.models import Value, ValueSource
from tongket.reporting.periods import period_get_or_create
from tongket.reporting.selectors import value_keys_locked


@dataclass
class Stored:
    meeting: Meeting
    meeting_created: bool
    counts: Counter = field(default_factory=Counter)
    conflicts: list[dict] = field(default_factory=list)


def plan_store(*, plan: Plan, document: SourceDocument, actor: str) -> Stored:
    doc_id = document.pk
    source_ref = document.url or document.source_name or f"văn bản / document #{doc_id}"
    people = [
        meetings.PersonSpec(
            name=p.name, title=p.title, unit=p.unit, source_document_id=doc_id, span=p.span
        )
        for p in plan.people
    ]
    positions_before = Position.objects.filter(source_document_id=doc_id).count()
    if plan.existing_meeting is None:
        meeting = meetings.meeting_create(
            kind=plan.kind,
            title=plan.title,
            date=plan.date,
            date_approximate=plan.date_approximate,
            organizer=plan.organizer,
            actor=actor,
            participants=people,
            reviewed_periods=plan.reviewed,
            planned_periods=plan.planned,
            source=MeetingSource.IMPORTED,
            source_document_id=doc_id,
            source_span=plan.meeting_span,
            source_ref=source_ref[:500],
        )
        stored = Stored(meeting=meeting, meeting_created=True)
        stored.counts["participants"] = len(people)
    else:
        meeting = plan.existing_meeting
        stored = Stored(meeting=meeting, meeting_created=False)
        known = set(meeting.participants.values_list("person_id", flat=True))
        for spec in people:
            participant = meetings.meeting_participant_add(meeting=meeting, spec=spec, actor=actor)
            if participant.person_id not in known:
                known.add(participant.person_id)
                stored.counts["participants"] += 1
    stored.counts["positions"] = (
        Position.objects.filter(source_document_id=doc_id).count() - positions_before
    )
    order = meeting.figures.count()
    for offset, figure in enumerate(plan.figures):
        row = meetings.meeting_figure_add(
            meeting=meeting,
            figure=meetings.FigureSpec(
                value=figure.value,
                unit_of_measure=figure.unit_of_measure,
                text=figure.text,
                indicator=figure.reading.indicator if figure.reading.period else None,
                period=figure.reading.period,
                span=figure.span,
                source_document_id=doc_id,
            ),
            order=order + offset,
            actor=actor,
        )
        stored.counts["figures"] += 1
        if figure.reading.period:
            value_store(
                document=document,
                figure_row=row,
                unit=plan.province,
                indicator=figure.reading.indicator,
                period_code=figure.reading.period,
                stated=float(figure.value),
                text=figure.text,
                span=figure.span,
                actor=actor,
                stored=stored,
            )
        elif figure_reviewable(figure, plan):
            FigureReview.objects.create(
                document=document,
                figure=row,
                unit=plan.province,
                indicator=figure.reading.indicator,
                period=reviewed_period(plan.reviewed[0]).code,
                stated=float(figure.value),
                text=figure.text[:500],
                reason=figure.reading.reason[:500],
            )
            stored.counts["reviews"] += 1
    for task in plan.tasks:
        if task.duplicate:
            continue
        meetings.task_create(
            text=task.text,
            lead=task.lead,
            supporting=task.supporting,
            source=TaskSource.MEETING,
            meeting=meeting,
            assigned_by_unit=plan.organizer if task.lead.pk != plan.organizer.pk else None,
            actor=actor,
            source_document_id=doc_id,
            source_span=task.span,
        )
        stored.counts["tasks"] += 1
    for c in plan.commendations:
        if c.form_code is None or c.duplicate:
            continue
        meetings.commendation_create(
            form=meetings.award_form_find(c.form_code),
            year=c.year,
            meeting=meeting,
            collectives=c.collectives,
            individuals=c.individuals,
            actor=actor,
            source_document_id=doc_id,
            source_span=c.span,
        )
        stored.counts["commendations"] += 1
    return stored


def figure_reviewable(figure: PlannedFigure, plan: Plan) -> bool:
    """A figure the rules tie to an indicator but not surely to the period's value: a person
    decides. Not a derived indicator (computed), nor a value out of the indicator's bounds,
    nor one of a meeting without a storable reviewed period."""
    indicator = figure.reading.indicator
    return (
        indicator is not None
        and not indicator.is_derived
        and figure.value is not None
        and figure.span is not None
        and bool(plan.reviewed)
        and reviewed_period(plan.reviewed[0]) is not None
        and bounds_problem(indicator, float(figure.value)) is None
    )


def value_store(
    *,
    document: SourceDocument,
    figure_row,
    unit,
    indicator,
    period_code: str,
    stated: float,
    text: str,
    span: tuple[int, int] | None,
    actor: str,
    stored: Stored,
) -> DocumentValue:
    """Store one stated value unless it would overwrite a locked value or a unit's own one
    (then it is a conflict, reported and linked, never written)."""
    period = period_get_or_create(period_code)
    link = DocumentValue(
        document=document,
        figure=figure_row,
        unit=unit,
        indicator=indicator,
        period=period,
        stated=stated,
        text=text[:500],
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
    )
    if DocumentValue.objects.filter(
        document=document, unit=unit, indicator=indicator, period=period
    ).exists():
        link.outcome = ValueOutcome.REPEATED
        link.save()
        return link
    current = Value.objects.filter(unit=unit, indicator=indicator, period=period).first()
    locked = bool(value_keys_locked(keys={(unit.pk, indicator.pk, period.pk)}))
    ref = f"document {document.pk}"
    summary = f"{indicator.code} «{indicator.name}», {period.code}"
    if locked or (
        current is not None
        and current.value != stated
        and current.source not in (ValueSource.DOCUMENT, ValueSource.SYNTHETIC)
    ):
        link.outcome = ValueOutcome.LOCKED if locked else ValueOutcome.KEPT
        link.previous = current.value if current else None
        link.value = current
        link.save()
        stored.conflicts.append(
            {
                "indicator": indicator.code,
                "unit": unit.code,
                "period": period.code,
                "stated": stated,
                "stored": current.value if current else None,
                "outcome": link.outcome,
                "text": text,
                "message": _conflict_message(link, summary),
            }
        )
        return link
    if current is None:
        current = Value.objects.create(
            unit=unit,
            indicator=indicator,
            period=period,
            value=stated,
            source=ValueSource.DOCUMENT,
            source_ref=ref,
        )
        link.outcome = ValueOutcome.CREATED
        audit_record(
            actor=actor,
            action="value.created",
            object_type="value",
            object_id=current.pk,
            unit=unit,
            summary=f"{summary}: — → {format_number(stated)} (văn bản / document #{document.pk})",
            new={"value": stated},
        )
        stored.counts["values"] += 1
    elif current.value == stated:
        link.outcome = ValueOutcome.SAME
    else:
        link.outcome, link.previous = ValueOutcome.REPLACED, current.value
        old = current.value
        current.value, current.source, current.source_ref = stated, ValueSource.DOCUMENT, ref
        current.submission = None
        current.save(update_fields=["value", "source", "source_ref", "submission", "updated_at"])
        audit_record(
            actor=actor,
            action="value.changed",
            object_type="value",
            object_id=current.pk,
            unit=unit,
            summary=(
                f"{summary}: {format_number(old)} → {format_number(stated)} "
                f"(văn bản / document #{document.pk})"
            ),
            old={"value": old},
            new={"value": stated},
        )
        stored.counts["values"] += 1
    link.value = current
    link.save()
    return link


def _conflict_message(link: DocumentValue, summary: str) -> str:
    stated = format_number(link.stated)
    before = format_number(link.previous) if link.previous is not None else "—"
    if link.outcome == ValueOutcome.LOCKED:
        return (
            f"{summary}: văn bản nêu {stated}, số liệu {before} thuộc báo cáo đã duyệt nên không "
            f"được sửa / the document states {stated}; the value {before} belongs to an approved "
            f"report and is locked"
        )
    return (
        f"{summary}: văn bản nêu {stated}, giữ số liệu {before} do đơn vị báo cáo hoặc nhập / "
        f"the document states {stated}; the value {before} reported or entered by a unit is kept"
    )
