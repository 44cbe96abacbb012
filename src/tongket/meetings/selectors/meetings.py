"""Reading meetings: lists by unit and year, and one meeting with everything hung on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongket.meetings.models import Meeting, MeetingKind, Notice
from tongket.meetings.selectors.tasks import task_list, task_rows


def meeting_list(
    *,
    unit_ids: Sequence[int] | None = None,
    year: int | None = None,
    kind: str | None = None,
    synthetic: bool | None = None,
) -> QuerySet[Meeting]:
    """Meetings organized by, or held in the province of, ``unit_ids``; newest first."""
    qs = (
        Meeting.objects.select_related("organizer", "province", "chair")
        .annotate(
            n_participants=Count("participants", distinct=True),
            n_figures=Count("figures", distinct=True),
            n_tasks=Count("tasks", distinct=True),
        )
        .order_by("-date", "id")
    )
    if unit_ids is not None:
        qs = qs.filter(Q(organizer_id__in=unit_ids) | Q(province_id__in=unit_ids))
    if year is not None:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if synthetic is not None:
        qs = qs.filter(is_synthetic=synthetic)
    return qs


def meeting_rows(meetings: Iterable[Meeting]) -> list[dict[str, Any]]:
    meetings = list(meetings)
    notices: dict[int, list[str]] = {}
    for meeting_id, number in (
        Notice.objects.filter(meeting__in=[m.pk for m in meetings])
        .exclude(number="")
        .values_list("meeting_id", "number")
    ):
        notices.setdefault(meeting_id, []).append(number)
    return [
        {
            "id": m.pk,
            "kind": m.kind,
            "kind_label": str(MeetingKind(m.kind).label),
            "title": m.title,
            "date": m.date.isoformat(),
            "date_approximate": m.date_approximate,
            "end_date": m.end_date.isoformat() if m.end_date else None,
            "place": m.place,
            "organizer": m.organizer.name,
            "organizer_code": m.organizer.code,
            "province": m.province.name if m.province else None,
            "province_code": m.province.code if m.province else None,
            "chair": m.chair.full_name if m.chair else None,
            "chair_title": m.chair_title,
            "reviewed": m.reviewed_periods,
            "planned": m.planned_periods,
            "participants": getattr(m, "n_participants", None),
            "figures": getattr(m, "n_figures", None),
            "tasks": getattr(m, "n_tasks", None),
            "notices": notices.get(m.pk, []),
            "source": m.source,
            "is_synthetic": m.is_synthetic,
        }
        for m in meetings
    ]


def meeting_detail(*, meeting: Meeting, today: dt.date) -> dict[str, Any]:
    """The meeting with its participants, reports, figures, documents, notices, tasks and
    commendations."""
    row = meeting_rows(meeting_list().filter(pk=meeting.pk))[0]
    row["agenda"], row["minutes"], row["conclusions"] = (
        meeting.agenda,
        meeting.minutes,
        meeting.conclusions,
    )
    row["participants"] = [
        {
            "name": p.person.full_name,
            "person_id": p.person_id,
            "title": p.title,
            "unit": p.unit.name if p.unit else None,
            "role": p.role,
        }
        for p in meeting.participants.select_related("person", "unit")
    ]
    row["reports"] = [
        {"title": r.title, "presenter": r.presenter.full_name if r.presenter else None}
        for r in meeting.reports.select_related("presenter")
    ]
    row["figures"] = [
        {
            "value": f.value,
            "unit": f.unit_of_measure,
            "text": f.text,
            "indicator": f.indicator.code if f.indicator else None,
            "period": f.period or None,
        }
        for f in meeting.figures.select_related("indicator")
    ]
    row["documents"] = [
        {"id": d.pk, "name": d.name, "file": d.file.name or None, "path": d.path or None}
        for d in meeting.documents.all()
    ]
    row["notices"] = [
        {
            "id": n.pk,
            "number": n.number,
            "status": n.status,
            "issued_on": n.issued_on.isoformat() if n.issued_on else None,
            "due_on": n.due_on.isoformat() if n.due_on else None,
            "late": n.is_late,
            "items": [
                {
                    "text": i.text,
                    "lead": i.lead.name,
                    "support": [u.name for u in i.supporting.all()],
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                }
                for i in n.items.select_related("lead").prefetch_related("supporting")
            ],
        }
        for n in meeting.notices.all()
    ]
    row["tasks"] = task_rows(task_list(today=today, meeting_id=meeting.pk), today=today)
    row["commendations"] = [
        {
            "form": c.form.name,
            "year": c.year,
            "decision": c.decision_number,
            "collectives": c.collectives,
            "individuals": c.individuals,
        }
        for c in meeting.commendations.select_related("form")
    ]
    row["source_document_id"] = meeting.source_document_id
    row["source_span"] = (
        [meeting.source_span_start, meeting.source_span_end]
        if meeting.source_span_start is not None
        else None
    )
    row["source_ref"] = meeting.source_ref
    return row
