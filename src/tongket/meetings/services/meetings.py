"""Creating and changing meetings, with their participants, reports, documents and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.core.files import File
from django.db import transaction

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import (
    Meeting,
    MeetingDocument,
    MeetingFigure,
    MeetingKind,
    MeetingReport,
    MeetingSource,
    Participant,
    ParticipantRole,
)
from tongket.meetings.refs import period_code, province_of, unit_find
from tongket.meetings.services.people import person_get_or_create
from tongket.meetings.services.specs import DocumentSpec, FigureSpec, PersonSpec, ReportSpec
from tongket.meetings.text import clean, texts_checked
from tongket.units.models import Unit


def _check_kind(kind: str) -> None:
    if kind not in MeetingKind.values:
        allowed = ", ".join(MeetingKind.values)
        raise MeetingsError(
            f"Loại cuộc họp không hợp lệ «{kind}» (dùng {allowed})",
            f"unknown meeting kind «{kind}» (use {allowed})",
            column="kind",
        )


def _check_periods(codes: Sequence[str], column: str) -> list[str]:
    try:
        return [period_code(c) for c in codes]
    except MeetingsError as error:
        raise error.at(column=column) from None


def _participant_add(
    *, meeting: Meeting, spec: PersonSpec, order: int, actor: str, is_synthetic: bool
) -> Participant:
    if spec.role not in ParticipantRole.values:
        raise MeetingsError(
            f"Vai trò không hợp lệ «{spec.role}»",
            f"unknown role «{spec.role}»",
            column="role",
        )
    if spec.unit is not None:
        unit_find(spec.unit, on=meeting.date)
    # Without a unit, a name is taken to be of the meeting's province.
    _check_span(spec.span, column="people")
    person = person_get_or_create(
        name=spec.name,
        title=spec.title,
        unit=spec.unit,
        province=None if spec.unit else (meeting.province or meeting.organizer),
        on=meeting.date,
        actor=actor,
        is_synthetic=is_synthetic,
        source_document_id=spec.source_document_id,
        source_span=spec.span,
    )
    participant, _ = Participant.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "title": clean(spec.title),
            "unit": spec.unit,
            "role": spec.role,
            "order": order,
            "source_document_id": spec.source_document_id,
            "source_span_start": spec.span[0] if spec.span else None,
            "source_span_end": spec.span[1] if spec.span else None,
        },
    )
    return participant


def _check_span(span: tuple[int, int] | None, *, column: str) -> None:
    if span is not None and not 0 <= span[0] <= span[1]:
        raise MeetingsError("Đoạn trích nguồn không hợp lệ", "invalid source span", column=column)


@transaction.atomic
def meeting_participant_add(*, meeting: Meeting, spec: PersonSpec, actor: str) -> Participant:
    """Add a person to a meeting already stored (listed after the others); the existing
    participant when the person is already there."""
    last = meeting.participants.order_by("-order").values_list("order", flat=True).first()
    return _participant_add(
        meeting=meeting,
        spec=spec,
        order=(last or 0) + 1,
        actor=actor,
        is_synthetic=meeting.is_synthetic,
    )


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    title: str,
    date: dt.date,
    organizer: Unit,
    actor: str,
    end_date: dt.date | None = None,
    place: str = "",
    chair: PersonSpec | None = None,
    participants: Sequence[PersonSpec] = (),
    agenda: str = "",
    minutes: str = "",
    conclusions: str = "",
    reports: Sequence[ReportSpec] = (),
    documents: Sequence[DocumentSpec] = (),
    reviewed_periods: Sequence[str] = (),
    planned_periods: Sequence[str] = (),
    figures: Sequence[FigureSpec] = (),
    source: str = MeetingSource.ENTERED,
    source_document_id: int | None = None,
    source_span: tuple[int, int] | None = None,
    source_ref: str = "",
    is_synthetic: bool = False,
    fingerprint: str = "",
) -> Meeting:
    _check_kind(kind)
    texts_checked(title=title, place=place, agenda=agenda, minutes=minutes, conclusions=conclusions)
    title = clean(title)
    if not title:
        raise MeetingsError("Thiếu tên cuộc họp", "Meeting title missing", column="title")
    try:
        unit_find(organizer, on=date)
    except MeetingsError as error:
        raise error.at(column="organizer") from None
    if end_date is not None and end_date < date:
        raise MeetingsError(
            f"Ngày kết thúc {format_date(end_date)} trước ngày họp {format_date(date)}",
            f"end date {format_date(end_date)} is before the meeting date {format_date(date)}",
            column="end_date",
        )
    if source not in MeetingSource.values:
        raise MeetingsError(
            f"Nguồn không hợp lệ «{source}»", f"unknown source «{source}»", column="source"
        )
    _check_span(source_span, column="source")
    meeting = Meeting.objects.create(
        kind=kind,
        title=title,
        date=date,
        end_date=end_date,
        place=clean(place),
        organizer=organizer,
        province=province_of(organizer, on=date),
        agenda=agenda.strip(),
        minutes=minutes.strip(),
        conclusions=conclusions.strip(),
        reviewed_periods=_check_periods(reviewed_periods, "reviewed"),
        planned_periods=_check_periods(planned_periods, "planned"),
        source=source,
        source_document_id=source_document_id,
        source_span_start=source_span[0] if source_span else None,
        source_span_end=source_span[1] if source_span else None,
        source_ref=source_ref.strip(),
        is_synthetic=is_synthetic,
        fingerprint=fingerprint,
    )
    order = 0
    if chair is not None:
        spec = replace(chair, unit=chair.unit or organizer, role=ParticipantRole.CHAIR)
        participant = _participant_add(
            meeting=meeting, spec=spec, order=order, actor=actor, is_synthetic=is_synthetic
        )
        meeting.chair, meeting.chair_title = participant.person, participant.title
        meeting.save(update_fields=["chair", "chair_title"])
    for order, spec in enumerate(participants, start=1):
        _participant_add(
            meeting=meeting, spec=spec, order=order, actor=actor, is_synthetic=is_synthetic
        )
    for order, report in enumerate(reports):
        meeting_report_add(meeting=meeting, report=report, order=order, actor=actor)
    for document in documents:
        meeting_document_add(meeting=meeting, name=document.name, path=document.path, actor=actor)
    for order, figure in enumerate(figures):
        meeting_figure_add(meeting=meeting, figure=figure, order=order, actor=actor)
    audit_record(
        actor=actor,
        action="meeting.created",
        object_type="meeting",
        object_id=meeting.pk,
        unit=organizer,
        summary=f"{meeting.title} ({format_date(date)})",
    )
    return meeting


def meeting_report_add(*, meeting: Meeting, report: ReportSpec, order: int, actor: str) -> Any:
    title = clean(report.title)
    if not title:
        raise MeetingsError("Thiếu tên báo cáo", "Report title missing", column="reports")
    presenter = None
    if report.presenter is not None:
        presenter = _participant_add(
            meeting=meeting,
            spec=PersonSpec(
                report.presenter.name,
                report.presenter.title,
                report.presenter.unit or report.unit,
                ParticipantRole.PRESENTER,
            ),
            order=100 + order,
            actor=actor,
            is_synthetic=meeting.is_synthetic,
        ).person
    return MeetingReport.objects.create(
        meeting=meeting, order=order, title=title, presenter=presenter, unit=report.unit
    )


def meeting_document_add(
    *, meeting: Meeting, name: str, actor: str, path: str = "", file: File | None = None
) -> MeetingDocument:
    """Attach a document: an uploaded ``file`` (stored in the media storage) or a ``path``."""
    name = clean(name)
    if not name:
        raise MeetingsError("Thiếu tên tài liệu", "Document name missing", column="documents")
    document = MeetingDocument(meeting=meeting, name=name, path=path.strip())
    if file is not None:
        document.file.save(file.name or name, file, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="meeting.document_added",
        object_type="meeting",
        object_id=meeting.pk,
        unit=meeting.organizer,
        summary=name,
    )
    return document


def meeting_figure_add(
    *, meeting: Meeting, figure: FigureSpec, order: int, actor: str
) -> MeetingFigure:
    if figure.value is None and not clean(figure.text):
        raise MeetingsError(
            "Số liệu cần giá trị hoặc nguyên văn",
            "a figure needs a value or a text",
            column="figures",
        )
    period = ""
    if figure.period:
        try:
            period = period_code(figure.period)
        except MeetingsError as error:
            raise error.at(column="figures") from None
    span = figure.span
    _check_span(span, column="figures")
    return MeetingFigure.objects.create(
        meeting=meeting,
        order=order,
        value=figure.value,
        unit_of_measure=clean(figure.unit_of_measure),
        text=clean(figure.text),
        indicator=figure.indicator,
        period=period,
        source_document_id=figure.source_document_id or meeting.source_document_id,
        source_span_start=span[0] if span else None,
        source_span_end=span[1] if span else None,
    )


_EDITABLE = ("title", "place", "agenda", "minutes", "conclusions", "end_date")


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: str, reason: str = "", **changes: Any) -> Meeting:
    """Change the descriptive fields of a meeting (its date and organizer stay: tasks hang on
    them)."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise MeetingsError(
            f"Không sửa được trường {', '.join(sorted(unknown))}",
            f"cannot change field(s) {', '.join(sorted(unknown))}",
        )
    texts_checked(
        reason=reason, **{k: v for k, v in changes.items() if k != "end_date" and v is not None}
    )
    old, new = {}, {}
    for name, value in changes.items():
        if name == "end_date":
            if value is not None and value < meeting.date:
                raise MeetingsError(
                    "Ngày kết thúc trước ngày họp",
                    "end date before the meeting date",
                    column="end_date",
                )
        elif name == "title":
            value = clean(value)
            if not value:
                raise MeetingsError("Thiếu tên cuộc họp", "Meeting title missing", column="title")
        else:
            value = str(value).strip()
        current = getattr(meeting, name)
        if current != value:
            old[name], new[name] = _plain(current), _plain(value)
            setattr(meeting, name, value)
    if new:
        meeting.save(update_fields=[*new, "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.changed",
            object_type="meeting",
            object_id=meeting.pk,
            unit=meeting.organizer,
            summary=meeting.title,
            old=old,
            new=new,
            reason=reason,
        )
    return meeting


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
