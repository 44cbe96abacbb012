"""Gathering what the conclusion notice and the portal article of a meeting say."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.utils import timezone

from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import unit_indicator_rows
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.meetings.models import (
    AwardCategory,
    Meeting,
    Notice,
    NoticeStatus,
    ParticipantRole,
    Plan,
    RecipientKind,
)
from tongket.meetings.refs import province_of
from tongket.papers.content import (
    Assignment,
    AwardFact,
    FigureFact,
    MeetingArticle,
    NoticeDocument,
    Person,
    Signature,
)
from tongket.papers.errors import PapersError
from tongket.papers.letterhead import issuer_of, letterhead, recipients_default, signer_of
from tongket.papers.wording import measure_for, upper
from tongket.units.models import Unit


def meeting_get(*, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("organizer", "province", "chair").filter(pk=pk).first()
    if meeting is None:
        raise PapersError(
            f"Không có cuộc họp mã {pk} (xem «tongket meetings»)",
            f"no meeting with id {pk} (see «tongket meetings»)",
            column="--meeting",
        )
    return meeting


def _people(meeting: Meeting) -> tuple[Person | None, list[Person], list[Person]]:
    """The chair, the guests and the presenters, each once, in the meeting's order."""
    chair = (
        Person(meeting.chair.full_name, meeting.chair_title) if meeting.chair is not None else None
    )
    guests, presenters = [], []
    for p in meeting.participants.select_related("person").order_by("order", "id"):
        if p.person_id == meeting.chair_id:
            continue
        person = Person(p.person.full_name, p.title)
        (presenters if p.role == ParticipantRole.PRESENTER else guests).append(person)
    return chair, guests, presenters


# ----------------------------------------------------------------------------- notice


def notice_of_meeting(*, meeting: Meeting) -> Notice:
    """The meeting's conclusion notice: the last one issued, else the last draft."""
    notice = (
        meeting.notices.select_related("issuer", "signer")
        # Descending, «issued» comes before «draft».
        .order_by("-status", "-issued_on", "-id")
        .first()
    )
    if notice is None:
        raise PapersError(
            f"Cuộc họp mã {meeting.pk} chưa có thông báo kết luận (tạo bằng «tongket "
            "meetings-load» hoặc trên trang cuộc họp)",
            f"meeting {meeting.pk} has no conclusion notice yet",
            column="--meeting",
        )
    return notice


def notice_gather(*, notice: Notice, today: dt.date | None = None) -> NoticeDocument:
    """The notice with its meeting, people and assignments (lead, support, deadline)."""
    meeting = notice.meeting
    issued = notice.status == NoticeStatus.ISSUED and notice.issued_on is not None
    on = notice.issued_on if issued else max(today or timezone.localdate(), meeting.last_day)
    issuer_unit: Unit = notice.issuer
    day = min(on, issuer_unit.valid_to) if issuer_unit.valid_to else on
    issuer = issuer_of(unit=issuer_unit, on=day)
    chair, guests, _ = _people(meeting)
    items = list(
        notice.items.select_related("lead").prefetch_related("supporting").order_by("order")
    )
    assignments = tuple(
        Assignment(
            order=i.order,
            text=i.text,
            lead=i.lead.name,
            supporting=tuple(sorted(u.name for u in i.supporting.all())),
            deadline=i.deadline,
        )
        for i in items
    )
    who = chair.title if chair and chair.title else "Chủ trì"
    subject = f"Kết luận của {who} tại {meeting.title}"
    # The issuer does not send its own notice to itself.
    leads = [u for u in dict.fromkeys(a.lead for a in assignments) if u != issuer_unit.name]
    support = [
        u
        for u in dict.fromkeys(u for a in assignments for u in a.supporting)
        if u not in leads and u != issuer_unit.name
    ]
    default_signer = signer_of(issuer=issuer, on=day)
    if notice.signer is not None or notice.signer_title:
        authority = (
            (upper(notice.signer_title),) if notice.signer_title else default_signer.authority
        )
        name = notice.signer.full_name if notice.signer is not None else default_signer.name
        signature = Signature(authority=authority, name=name)
    else:
        signature = default_signer
    conclusions = notice.text or meeting.conclusions
    head = letterhead(issuer=issuer, kind_code="TB", kind="THÔNG BÁO", subject=subject, on=on)
    if issued and notice.number:
        # The number as it was issued, with the issuer's part it was given then.
        head = replace(head, number=f"Số: {notice.number}")
    return NoticeDocument(
        letterhead=head,
        meeting_title=meeting.title,
        meeting_date=meeting.date,
        meeting_place=meeting.place,
        chair=chair,
        guests=tuple(guests),
        reports=tuple(r.title for r in meeting.reports.order_by("order", "id")),
        conclusions=tuple(p.strip() for p in conclusions.splitlines() if p.strip()),
        assignments=assignments,
        issuer_name=issuer_unit.name,
        recipients=recipients_default(
            issuer=issuer, document="notice", lead=", ".join(leads), support=", ".join(support)
        ),
        signature=signature,
        is_draft=not issued,
    )


# ----------------------------------------------------------------------------- article


def _figures(meeting: Meeting) -> tuple[FigureFact, ...]:
    """The figures stated at the meeting; those mapped to an indicator get its name, measure
    and the value of the year before, read for the meeting's province."""
    figures = list(meeting.figures.select_related("indicator").order_by("order", "id"))
    previous: dict[tuple[str, str], float | None] = {}
    area = meeting.province or province_of(meeting.organizer, on=meeting.date)
    mapped = [f for f in figures if f.indicator_id and f.period]
    if area is not None and mapped:
        for period in {f.period for f in mapped}:
            try:
                PeriodCode.parse(period)
                rows = unit_indicator_rows(
                    unit=area.code,
                    indicators=sorted({f.indicator.code for f in mapped if f.period == period}),
                    periods=[period],
                    on=min(meeting.date, area.valid_to) if area.valid_to else meeting.date,
                )
            except (PeriodError, AnalyticsError):
                continue
            for row in rows:
                previous[(row.indicator, period)] = row.previous
    facts = []
    for f in figures:
        indicator = f.indicator
        facts.append(
            FigureFact(
                text=f.text,
                value=f.value,
                unit=f.unit_of_measure,
                indicator=indicator.name if indicator else "",
                period=f.period,
                previous=previous.get((indicator.code, f.period)) if indicator else None,
                measure=(measure_for(indicator) if indicator else None),
            )
        )
    return tuple(facts)


def _directions(meeting: Meeting) -> tuple[tuple[str, ...], str]:
    """What the meeting set for the period ahead: the key tasks of the plan it launched, else
    the assignments of its notice, else the tasks it gave."""
    plan = Plan.objects.filter(meeting=meeting).order_by("id").first()
    if plan is not None:
        texts = tuple(k.text for k in plan.key_tasks.order_by("order"))
        if texts:
            return texts, "plan"
    notice = meeting.notices.order_by("-status", "-id").first()
    if notice is not None:
        texts = tuple(i.text for i in notice.items.order_by("order"))
        if texts:
            return texts, "notice"
    return tuple(t.text for t in meeting.tasks.order_by("id")), "tasks"


def _count(stated: int | None, named: int) -> int | None:
    if stated is not None:
        return max(stated, named)
    return named or None


def _awards(meeting: Meeting) -> tuple[AwardFact, ...]:
    facts = []
    for c in (
        meeting.commendations.select_related("form")
        .prefetch_related("recipients")
        .order_by("form__rank", "id")
    ):
        recipients = list(c.recipients.all())
        facts.append(
            AwardFact(
                form=c.form.name,
                grantor=c.form.grantor,
                is_title=c.form.category == AwardCategory.EMULATION_TITLE,
                collectives=_count(
                    c.collectives, sum(1 for r in recipients if r.kind == RecipientKind.COLLECTIVE)
                ),
                individuals=_count(
                    c.individuals, sum(1 for r in recipients if r.kind == RecipientKind.INDIVIDUAL)
                ),
                names=tuple(r.name for r in recipients),
            )
        )
    return tuple(facts)


def meeting_article_gather(*, meeting: Meeting) -> MeetingArticle:
    """Who held the meeting when, who attended and chaired, the figures, the directions and
    the commendations: what the portal article tells."""
    chair, guests, presenters = _people(meeting)
    directions, source = _directions(meeting)
    organizer = meeting.organizer
    return MeetingArticle(
        meeting_id=meeting.pk,
        kind=meeting.kind,
        title=meeting.title,
        date=meeting.date,
        end_date=meeting.end_date,
        place=meeting.place,
        organizer=organizer.name,
        organizer_short=organizer.short_name or organizer.name,
        reviewed=tuple(meeting.reviewed_periods),
        planned=tuple(meeting.planned_periods),
        chair=chair,
        guests=tuple(guests),
        presenters=tuple(presenters),
        reports=tuple(r.title for r in meeting.reports.order_by("order", "id")),
        figures=_figures(meeting),
        directions=directions,
        direction_source=source,
        awards=_awards(meeting),
        conclusions=meeting.conclusions,
    )
