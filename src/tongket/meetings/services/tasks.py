"""Assigned tasks: creating them, reporting progress, completing, extending deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.indicators.models import Indicator
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import KeyTask, Meeting, Notice, Person, Task, TaskProgress, TaskSource
from tongket.meetings.refs import unit_find
from tongket.meetings.text import clean, texts_checked
from tongket.reporting.models import Target
from tongket.units.models import Unit


def _assigned_on(
    *,
    assigned_on: dt.date | None,
    meeting: Meeting | None,
    document_date: dt.date | None,
    key_task: KeyTask | None,
) -> dt.date:
    if assigned_on is not None:
        return assigned_on
    if meeting is not None:
        return meeting.last_day
    if document_date is not None:
        return document_date
    if key_task is not None:
        return key_task.plan.decision_date or key_task.plan.period.start
    raise MeetingsError("Thiếu ngày giao", "Assignment date missing", column="assigned_on")


def _check_source(
    *,
    source: str,
    key_task: KeyTask | None,
    meeting: Meeting | None,
    document_number: str,
    document_date: dt.date | None,
) -> None:
    if source not in TaskSource.values:
        allowed = ", ".join(TaskSource.values)
        raise MeetingsError(
            f"Nguồn giao không hợp lệ «{source}» (dùng {allowed})",
            f"unknown task source «{source}» (use {allowed})",
            column="source",
        )
    if source == TaskSource.PLAN and key_task is None:
        raise MeetingsError(
            "Nhiệm vụ từ kế hoạch cần nhiệm vụ trọng tâm",
            "a task from a plan needs its key task",
            column="source",
        )
    if source == TaskSource.MEETING and meeting is None:
        raise MeetingsError(
            "Nhiệm vụ từ kết luận cần cuộc họp",
            "a task from a conclusion needs its meeting",
            column="source",
        )
    if source == TaskSource.DOCUMENT and (not document_number.strip() or document_date is None):
        raise MeetingsError(
            "Nhiệm vụ từ văn bản cần số và ngày văn bản",
            "a task from a document needs the document's number and date",
            column="source",
        )


def _not_future(day: dt.date, *, today: dt.date | None, column: str, vi: str, en: str) -> None:
    """What has been done is dated today at the latest."""
    today = today or timezone.localdate()
    if day > today:
        raise MeetingsError(
            f"{vi} {format_date(day)} ở tương lai (hôm nay là {format_date(today)})",
            f"{en} {format_date(day)} is in the future (today is {format_date(today)})",
            column=column,
        )


@transaction.atomic
def task_create(
    *,
    text: str,
    lead: Unit,
    source: str,
    actor: str,
    deadline: dt.date | None = None,
    supporting: Sequence[Unit] = (),
    assigned_on: dt.date | None = None,
    key_task: KeyTask | None = None,
    meeting: Meeting | None = None,
    notice: Notice | None = None,
    document_number: str = "",
    document_date: dt.date | None = None,
    document_title: str = "",
    assigned_by_person: Person | None = None,
    assigned_by_unit: Unit | None = None,
    indicator: Indicator | None = None,
    target: Target | None = None,
    is_synthetic: bool = False,
    fingerprint: str = "",
    source_document_id: int | None = None,
    source_span: tuple[int, int] | None = None,
) -> Task:
    texts_checked(text=text, document_number=document_number, document_title=document_title)
    text = clean(text)
    if not text:
        raise MeetingsError("Nội dung nhiệm vụ trống", "Task text is empty", column="text")
    _check_source(
        source=source,
        key_task=key_task,
        meeting=meeting,
        document_number=document_number,
        document_date=document_date,
    )
    day = _assigned_on(
        assigned_on=assigned_on, meeting=meeting, document_date=document_date, key_task=key_task
    )
    if meeting is not None and deadline is not None and deadline < meeting.date:
        raise MeetingsError(
            f"Thời hạn {format_date(deadline)} trước ngày họp {format_date(meeting.date)}",
            f"deadline {format_date(deadline)} is before the meeting of {format_date(meeting.date)}",
            column="deadline",
        )
    if deadline is not None and deadline < day:
        raise MeetingsError(
            f"Thời hạn {format_date(deadline)} trước ngày giao {format_date(day)}",
            f"deadline {format_date(deadline)} is before the assignment date {format_date(day)}",
            column="deadline",
        )
    for column, unit in (("lead", lead), ("assigned_by", assigned_by_unit)):
        if unit is not None:
            try:
                unit_find(unit, on=day)
            except MeetingsError as error:
                raise error.at(column=column) from None
    for unit in supporting:
        try:
            unit_find(unit, on=day)
        except MeetingsError as error:
            raise error.at(column="support") from None
        if unit.pk == lead.pk:
            raise MeetingsError(
                f"«{unit.name}» vừa chủ trì vừa phối hợp",
                f"«{unit.name}» is both the lead and a supporting unit",
                column="support",
            )
    if target is not None:
        if indicator is None:
            indicator = target.indicator
        elif target.indicator_id != indicator.pk:
            raise MeetingsError(
                "Chỉ tiêu kế hoạch không thuộc chỉ tiêu đã chọn",
                "the target is not a target of the chosen indicator",
                column="target",
            )
    task = Task.objects.create(
        text=text,
        source=source,
        key_task=key_task,
        meeting=meeting,
        notice=notice,
        document_number=document_number.strip(),
        document_date=document_date,
        document_title=clean(document_title),
        assigned_by_person=assigned_by_person,
        assigned_by_unit=assigned_by_unit,
        assigned_on=day,
        lead=lead,
        deadline=deadline,
        indicator=indicator,
        target=target,
        is_synthetic=is_synthetic,
        fingerprint=fingerprint,
        source_document_id=source_document_id,
        source_span_start=source_span[0] if source_span else None,
        source_span_end=source_span[1] if source_span else None,
    )
    if supporting:
        task.supporting.set(supporting)
    audit_record(
        actor=actor,
        action="task.created",
        object_type="task",
        object_id=task.pk,
        unit=lead,
        summary=text,
        new={
            "lead": lead.code,
            "support": [u.code for u in supporting],
            "deadline": deadline.isoformat() if deadline else None,
            "source": source,
        },
    )
    return task


@transaction.atomic
def task_progress_add(
    *,
    task: Task,
    on: dt.date,
    text: str,
    actor: str,
    percent: int | None = None,
    evidence: str = "",
    evidence_file: File | None = None,
    reported_by_person: Person | None = None,
    reported_by_unit: Unit | None = None,
    today: dt.date | None = None,
) -> TaskProgress:
    texts_checked(text=text, evidence=evidence)
    _not_future(on, today=today, column="on", vi="Ngày báo cáo", en="report date")
    text = clean(text)
    if not text:
        raise MeetingsError(
            "Nội dung báo cáo tiến độ trống", "Progress text is empty", column="text"
        )
    if on < task.assigned_on:
        raise MeetingsError(
            f"Ngày báo cáo {format_date(on)} trước ngày giao {format_date(task.assigned_on)}",
            f"report date {format_date(on)} is before the task was assigned "
            f"({format_date(task.assigned_on)})",
            column="on",
        )
    if percent is not None and not 0 <= percent <= 100:
        raise MeetingsError(
            f"Tỷ lệ hoàn thành {percent} ngoài khoảng 0–100",
            f"percent {percent} outside 0-100",
            column="percent",
        )
    progress = TaskProgress(
        task=task,
        on=on,
        text=text,
        percent=percent,
        evidence=evidence.strip(),
        reported_by_person=reported_by_person,
        reported_by_unit=reported_by_unit,
        actor=actor,
    )
    if evidence_file is not None:
        progress.evidence_file.save(evidence_file.name or "minh-chung", evidence_file, save=False)
    progress.save()
    audit_record(
        actor=actor,
        action="task.progress",
        object_type="task",
        object_id=task.pk,
        unit=task.lead,
        summary=text,
        new={"on": on.isoformat(), "percent": percent},
    )
    return progress


@transaction.atomic
def task_complete(
    *, task: Task, on: dt.date, actor: str, note: str = "", today: dt.date | None = None
) -> Task:
    texts_checked(note=note)
    _not_future(on, today=today, column="completed_on", vi="Ngày hoàn thành", en="completion date")
    if task.completed_on is not None:
        raise MeetingsError(
            f"Nhiệm vụ đã hoàn thành ngày {format_date(task.completed_on)}",
            f"the task was already completed on {format_date(task.completed_on)}",
            column="completed_on",
        )
    if on < task.assigned_on:
        raise MeetingsError(
            f"Ngày hoàn thành {format_date(on)} trước ngày giao {format_date(task.assigned_on)}",
            f"completion date {format_date(on)} is before the task was assigned "
            f"({format_date(task.assigned_on)})",
            column="completed_on",
        )
    task.completed_on = on
    task.completion_note = note.strip()
    task.save(update_fields=["completed_on", "completion_note", "updated_at"])
    audit_record(
        actor=actor,
        action="task.completed",
        object_type="task",
        object_id=task.pk,
        unit=task.lead,
        summary=task.text,
        new={"completed_on": on.isoformat()},
    )
    return task


@transaction.atomic
def task_reopen(*, task: Task, actor: str, reason: str) -> Task:
    if task.completed_on is None:
        raise MeetingsError("Nhiệm vụ chưa hoàn thành", "the task is not completed")
    texts_checked(reason=reason)
    if not reason.strip():
        raise MeetingsError(
            "Cần ghi lý do mở lại", "a reason is required to reopen", column="reason"
        )
    old = task.completed_on
    task.completed_on = None
    task.save(update_fields=["completed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="task.reopened",
        object_type="task",
        object_id=task.pk,
        unit=task.lead,
        summary=task.text,
        old={"completed_on": old.isoformat()},
        reason=reason,
    )
    return task


@transaction.atomic
def task_deadline_change(*, task: Task, deadline: dt.date, actor: str, reason: str) -> Task:
    """Extend or bring forward a deadline (gia hạn); the old one stays in the audit trail."""
    texts_checked(reason=reason)
    if not reason.strip():
        raise MeetingsError(
            "Cần ghi lý do đổi thời hạn",
            "a reason is required to change a deadline",
            column="reason",
        )
    floor = max(task.assigned_on, task.meeting.date if task.meeting else task.assigned_on)
    if deadline < floor:
        raise MeetingsError(
            f"Thời hạn {format_date(deadline)} trước ngày giao {format_date(floor)}",
            f"deadline {format_date(deadline)} is before the assignment date {format_date(floor)}",
            column="deadline",
        )
    old = task.deadline
    task.deadline = deadline
    task.save(update_fields=["deadline", "updated_at"])
    audit_record(
        actor=actor,
        action="task.deadline_changed",
        object_type="task",
        object_id=task.pk,
        unit=task.lead,
        summary=task.text,
        old={"deadline": old.isoformat() if old else None},
        new={"deadline": deadline.isoformat()},
        reason=reason,
    )
    return task
