"""Conclusion notices: drafted from a meeting's conclusions, numbered and issued.

Issuing a notice creates one task per assignment and flags a notice issued more than five
working days after the meeting (Quyết định 45/2018/QĐ-TTg).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, Notice, NoticeItem, NoticeStatus, Person, TaskSource
from tongket.meetings.refs import unit_find
from tongket.meetings.rules import (
    notice_abbreviation,
    notice_due_on,
    notice_number_format,
    notice_number_parse,
)
from tongket.meetings.services.specs import AssignmentSpec
from tongket.meetings.services.tasks import task_create
from tongket.meetings.text import clean, texts_checked
from tongket.units.models import Unit


def notice_item_check(*, meeting: Meeting, item: AssignmentSpec, row: str | None = None) -> None:
    """The rules on one assignment of a notice: a text, a deadline not before the meeting,
    units that exist on the meeting day."""
    texts_checked(row=row, text=item.text)
    if not clean(item.text):
        raise MeetingsError("Nội dung nhiệm vụ trống", "Task text is empty", row=row, column="text")
    if item.deadline is not None and item.deadline < meeting.date:
        raise MeetingsError(
            f"Thời hạn {format_date(item.deadline)} trước ngày họp {format_date(meeting.date)}",
            f"deadline {format_date(item.deadline)} is before the meeting of "
            f"{format_date(meeting.date)}",
            row=row,
            column="deadline",
        )
    for column, units in (("lead", [item.lead]), ("support", list(item.supporting))):
        for unit in units:
            try:
                unit_find(unit, on=meeting.last_day)
            except MeetingsError as error:
                raise error.at(row=row, column=column) from None


@transaction.atomic
def notice_create(
    *,
    meeting: Meeting,
    items: Sequence[AssignmentSpec],
    actor: str,
    issuer: Unit | None = None,
    title: str = "",
    text: str = "",
    signer: Person | None = None,
    signer_title: str = "",
    is_synthetic: bool = False,
    fingerprint: str = "",
) -> Notice:
    """A draft notice listing each assignment (lead, support, deadline)."""
    if not items:
        raise MeetingsError(
            "Thông báo kết luận cần ít nhất một nhiệm vụ",
            "a conclusion notice needs at least one assignment",
            column="items",
        )
    texts_checked(title=title, text=text, signer_title=signer_title)
    for index, item in enumerate(items, start=1):
        notice_item_check(meeting=meeting, item=item, row=f"mục/item {index}")
    notice = Notice.objects.create(
        meeting=meeting,
        issuer=issuer or meeting.organizer,
        title=clean(title) or f"Thông báo kết luận {meeting.title}",
        text=text.strip(),
        signer=signer,
        signer_title=clean(signer_title),
        is_synthetic=is_synthetic,
        fingerprint=fingerprint,
    )
    for order, item in enumerate(items, start=1):
        row = NoticeItem.objects.create(
            notice=notice,
            order=order,
            text=clean(item.text),
            lead=item.lead,
            deadline=item.deadline,
            indicator=item.indicator,
        )
        if item.supporting:
            row.supporting.set(item.supporting)
    audit_record(
        actor=actor,
        action="notice.created",
        object_type="notice",
        object_id=notice.pk,
        unit=notice.issuer,
        summary=notice.title,
    )
    return notice


def _items_of(notice: Notice) -> list[dict]:
    return [
        {
            "text": i.text,
            "lead": i.lead_id,
            "supporting": sorted(u.pk for u in i.supporting.all()),
            "deadline": i.deadline.isoformat() if i.deadline else None,
        }
        for i in notice.items.prefetch_related("supporting").order_by("order")
    ]


def _items_replace(notice: Notice, items: Sequence[AssignmentSpec]) -> None:
    notice.items.all().delete()
    for order, item in enumerate(items, start=1):
        row = NoticeItem.objects.create(
            notice=notice,
            order=order,
            text=clean(item.text),
            lead=item.lead,
            deadline=item.deadline,
            indicator=item.indicator,
        )
        if item.supporting:
            row.supporting.set(item.supporting)


@transaction.atomic
def notice_draft_update(
    *,
    notice: Notice,
    actor: str,
    title: str,
    text: str,
    signer_title: str = "",
    items: Sequence[AssignmentSpec] | None = None,
) -> Notice:
    """Change a draft notice: its subject, its conclusions, the signer's title and, when given,
    its assignments (all of them, in order); an issued notice is not changed."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == NoticeStatus.ISSUED:
        raise MeetingsError(
            f"Thông báo {notice.number} đã ban hành, không sửa được",
            f"notice {notice.number} is issued and cannot be changed",
        )
    new = {
        "title": clean(title) or f"Thông báo kết luận {notice.meeting.title}",
        "text": text.replace("\r\n", "\n").strip(),
        "signer_title": clean(signer_title),
    }
    if len(new["title"]) > 500:
        raise MeetingsError(
            "Trích yếu dài quá 500 ký tự", "the subject is over 500 characters", column="title"
        )
    if len(new["signer_title"]) > 255:
        raise MeetingsError(
            "Chức vụ người ký dài quá 255 ký tự",
            "the signer's title is over 255 characters",
            column="signer_title",
        )
    old = {key: getattr(notice, key) for key in new}
    changed = [key for key in new if new[key] != old[key]]
    fields = list(changed)
    if items is not None:
        if not items:
            raise MeetingsError(
                "Thông báo kết luận cần ít nhất một nhiệm vụ",
                "a conclusion notice needs at least one assignment",
                column="items",
            )
        for index, item in enumerate(items, start=1):
            notice_item_check(meeting=notice.meeting, item=item, row=f"mục/item {index}")
        old["items"] = _items_of(notice)
        new["items"] = [
            {
                "text": clean(i.text),
                "lead": i.lead.pk,
                "supporting": sorted(u.pk for u in i.supporting),
                "deadline": i.deadline.isoformat() if i.deadline else None,
            }
            for i in items
        ]
        if new["items"] != old["items"]:
            _items_replace(notice, items)
            changed.append("items")
    if not changed:
        return notice
    for key in fields:
        setattr(notice, key, new[key])
    if fields:
        notice.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="notice.changed",
        object_type="notice",
        object_id=notice.pk,
        unit=notice.issuer,
        summary=notice.title,
        old={key: old[key] for key in changed},
        new={key: new[key] for key in changed},
    )
    return notice


def _number(notice: Notice, number: str | None, abbreviation: str | None, on: dt.date) -> tuple:
    if number:
        try:
            sequence, _ = notice_number_parse(number)
        except ValueError:
            raise MeetingsError(
                f"Số thông báo «{number}» không đúng dạng «15/TB-STTTT»",
                f"notice number «{number}» is not of the form «15/TB-STTTT»",
                column="number",
            ) from None
        return f"{sequence}/TB-{number.split('/TB-', 1)[1].strip()}", sequence
    abbr = abbreviation or notice_abbreviation(
        notice.issuer.abbreviation or notice.issuer.short_name or notice.issuer.name
    )
    last = (
        Notice.objects.filter(issuer=notice.issuer, year=on.year)
        .exclude(pk=notice.pk)
        .aggregate(m=Max("sequence"))["m"]
    )
    sequence = (last or 0) + 1
    return notice_number_format(sequence, abbr), sequence


@transaction.atomic
def notice_issue(
    *,
    notice: Notice,
    issued_on: dt.date,
    actor: str,
    number: str | None = None,
    abbreviation: str | None = None,
) -> Notice:
    """Number and issue the notice; create its tasks; flag it when issued late."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == NoticeStatus.ISSUED:
        raise MeetingsError(
            f"Thông báo {notice.number} đã ban hành ngày {format_date(notice.issued_on)}",
            f"notice {notice.number} was already issued on {format_date(notice.issued_on)}",
        )
    meeting = notice.meeting
    if issued_on < meeting.last_day:
        raise MeetingsError(
            f"Ngày ban hành {format_date(issued_on)} trước ngày họp {format_date(meeting.last_day)}",
            f"issue date {format_date(issued_on)} is before the meeting "
            f"({format_date(meeting.last_day)})",
            column="date",
        )
    text_number, sequence = _number(notice, number, abbreviation, issued_on)
    if (
        Notice.objects.filter(issuer=notice.issuer, year=issued_on.year, number=text_number)
        .exclude(pk=notice.pk)
        .exists()
    ):
        raise MeetingsError(
            f"Số thông báo {text_number} năm {issued_on.year} đã được dùng",
            f"notice number {text_number} is already used in {issued_on.year}",
            column="number",
        )
    due = notice_due_on(meeting.last_day)
    notice.number, notice.sequence, notice.year = text_number, sequence, issued_on.year
    notice.issued_on, notice.due_on = issued_on, due
    notice.is_late = issued_on > due
    notice.status = NoticeStatus.ISSUED
    notice.save(
        update_fields=["number", "sequence", "year", "issued_on", "due_on", "is_late", "status"]
    )
    assigned_by = meeting.chair or notice.signer
    for item in notice.items.select_related("lead").prefetch_related("supporting"):
        try:
            task = task_create(
                text=item.text,
                lead=item.lead,
                supporting=list(item.supporting.all()),
                deadline=item.deadline,
                source=TaskSource.MEETING,
                meeting=meeting,
                notice=notice,
                document_number=text_number,
                document_date=issued_on,
                assigned_on=meeting.last_day,
                assigned_by_person=assigned_by,
                assigned_by_unit=notice.issuer,
                indicator=item.indicator,
                is_synthetic=notice.is_synthetic,
                actor=actor,
            )
        except MeetingsError as error:
            raise error.at(row=f"mục/item {item.order}") from None
        item.task = task
        item.save(update_fields=["task"])
    audit_record(
        actor=actor,
        action="notice.issued",
        object_type="notice",
        object_id=notice.pk,
        unit=notice.issuer,
        summary=text_number,
        new={
            "issued_on": issued_on.isoformat(),
            "due_on": due.isoformat(),
            "late": notice.is_late,
        },
    )
    return notice
