"""Turning the entries of a meetings file into records, through the services."""

from __future__ import annotations

import datetime as dt

from tongket.meetings import services as s
from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading_fields import FieldReader
from tongket.meetings.loading_yaml import fingerprint
from tongket.meetings.models import (
    Commendation,
    KeyTask,
    Meeting,
    Notice,
    Plan,
    Position,
    Task,
    TaskSource,
)
from tongket.meetings.refs import period_code, unit_find
from tongket.meetings.services.notices import notice_item_check
from tongket.meetings.text import text_key
from tongket.reporting.periods import period_get_or_create


class Records(FieldReader):
    """Creates the records of the entries of each section, in file order."""

    def load(self, section: str, entry: dict) -> None:
        {
            "people": self.load_person,
            "plans": self.load_plan,
            "meetings": self.load_meeting,
            "notices": self.load_notice,
            "tasks": self.load_task,
            "commendations": self.load_commendation,
        }[section](entry)

    def load_person(self, entry: dict) -> None:
        entry = self._map(entry, "person", "people")
        today = dt.date.today()
        positions = [self._map(p, "position", "positions") for p in self._list(entry, "positions")]
        first = positions[0] if positions else {}
        on = self._date(first, "from") or today
        unit = self._unit(first, "unit", on, required=False) if first else None
        province = self._unit(entry, "province", on, required=False)
        person = s.person_get_or_create(
            name=self._text(entry, "name", required=True),
            unit=unit or self._unit(entry, "unit", on, required=False),
            province=province,
            on=on,
            actor=self.actor,
            is_synthetic=self.is_synthetic,
        )
        for p in positions:
            with self.at(p):
                start, end = self._date(p, "from"), self._date(p, "to")
                title = self._text(p, "title", required=True)
                punit = self._unit(p, "unit", start or end or today, required=False)
                if not Position.objects.filter(
                    person=person,
                    title_key=text_key(title),
                    unit=punit,
                    valid_from=start,
                    valid_to=end,
                ).exists():
                    s.position_add(
                        person=person,
                        title=title,
                        unit=punit,
                        valid_from=start,
                        valid_to=end,
                        actor=self.actor,
                    )
                    self.counts["positions"] += 1

    def load_plan(self, entry: dict, meeting: Meeting | None = None) -> Plan | None:
        entry = self._map(entry, "plan", "plan")
        with self.at(entry, "period"):
            code = period_code(entry.get("period") or "")
        stored = period_get_or_create(code)
        value = str(entry.get("unit") or (meeting.organizer.code if meeting else ""))
        with self.at(entry, "unit"):
            try:
                unit = unit_find(value, on=stored.start)
            except MeetingsError:
                unit = unit_find(value, on=stored.end)
        fp = fingerprint(entry)
        found = Plan.objects.filter(unit=unit, period=stored).first()
        if self._same(found, fp, "kế hoạch", "plan"):
            return found
        key_tasks = [
            k if isinstance(k, dict) else {"text": k} for k in self._list(entry, "key_tasks")
        ]
        plan = s.plan_create(
            unit=unit,
            period=code,
            title=self._text(entry, "title"),
            decision_number=self._text(entry, "decision_number"),
            decision_date=self._date(entry, "decision_date"),
            meeting=meeting,
            key_tasks=[
                self._text(self._map(k, "key_task", "key_tasks"), "text", required=True)
                for k in key_tasks
            ],
            is_synthetic=self.is_synthetic,
            fingerprint=fp,
            actor=self.actor,
        )
        self.counts["plans"] += 1
        for order, k in enumerate(key_tasks, start=1):
            key_task = plan.key_tasks.get(order=order)
            for task in self._list(k, "tasks"):
                with self.at(task):
                    self.load_task(task, key_task=key_task)
        return plan

    def load_meeting(self, entry: dict) -> Meeting:
        entry = self._map(entry, "meeting", "meetings")
        date = self._date(entry, "date", required=True)
        organizer = self._unit(entry, "organizer", date)
        kind = self._text(entry, "kind", required=True)
        title = self._text(entry, "title", required=True)
        fp = fingerprint(entry)
        found = next(
            (
                m
                for m in Meeting.objects.filter(organizer=organizer, kind=kind, date=date)
                if text_key(m.title) == text_key(title)
            ),
            None,
        )
        if self._same(found, fp, "cuộc họp", "meeting"):
            return found
        span = entry.get("source_span")
        if span is not None and (
            not isinstance(span, list)
            or len(span) != 2
            or not all(isinstance(x, int) for x in span)
        ):
            raise MeetingsError(
                "«source_span» phải là [đầu, cuối]",
                "«source_span» must be [start, end]",
                column="source_span",
            )
        meeting = s.meeting_create(
            kind=kind,
            title=title,
            date=date,
            end_date=self._date(entry, "end_date"),
            place=self._text(entry, "place"),
            organizer=organizer,
            chair=self._person(entry.get("chair"), "chair", date, role="chair"),
            participants=[
                self._person(p, "participants", date) for p in self._list(entry, "participants")
            ],
            agenda=str(entry.get("agenda") or ""),
            minutes=str(entry.get("minutes") or ""),
            conclusions=str(entry.get("conclusions") or ""),
            reports=[self._report(r, date) for r in self._list(entry, "reports")],
            documents=[self._document(d) for d in self._list(entry, "documents")],
            reviewed_periods=[str(p) for p in self._list(entry, "reviewed")],
            planned_periods=[str(p) for p in self._list(entry, "planned")],
            figures=[self._figure(f) for f in self._list(entry, "figures")],
            source=self._text(entry, "source") or "entered",
            source_document_id=self._int(entry, "source_document_id"),
            source_span=tuple(span) if span else None,
            source_ref=self._text(entry, "source_ref"),
            is_synthetic=self.is_synthetic,
            fingerprint=fp,
            actor=self.actor,
        )
        self.counts["meetings"] += 1
        if entry.get("plan"):
            with self.at(entry, "plan"):
                self.load_plan(entry["plan"], meeting=meeting)
        for notice in self._list(entry, "notices"):
            with self.at(notice):
                self.load_notice(notice, meeting=meeting)
        for task in self._list(entry, "tasks"):
            with self.at(task):
                self.load_task(task, meeting=meeting)
        for commendation in self._list(entry, "commendations"):
            with self.at(commendation):
                self.load_commendation(commendation, meeting=meeting)
        return meeting

    def load_notice(self, entry: dict, meeting: Meeting | None = None) -> Notice | None:
        entry = self._map(entry, "notice", "notices")
        if meeting is None:
            if entry.get("meeting") is None:
                raise MeetingsError("Thiếu «meeting»", "«meeting» missing", column="meeting")
            with self.at(entry, "meeting"):
                meeting = self._meeting_ref(entry["meeting"])
        elif "meeting" in entry:
            raise MeetingsError(
                "Thông báo trong một cuộc họp không ghi «meeting»",
                "a notice inside a meeting takes no «meeting»",
                column="meeting",
            )
        on = meeting.last_day
        fp = fingerprint(entry)
        number = self._text(entry, "number")
        found = Notice.objects.filter(meeting=meeting, fingerprint=fp).first() or (
            Notice.objects.filter(meeting=meeting, number=number).first() if number else None
        )
        if self._same(found, fp, "thông báo", "notice"):
            return found
        items = [self._map(i, "item", "items") for i in self._list(entry, "items")]
        specs = []
        for item in items:
            with self.at(item):
                spec = s.AssignmentSpec(
                    text=self._text(item, "text", required=True),
                    lead=self._unit(item, "lead", on),
                    supporting=tuple(self._units(item, "support", on)),
                    deadline=self._date(item, "deadline"),
                    indicator=self._indicator(item),
                )
                notice_item_check(meeting=meeting, item=spec)
                specs.append(spec)
        signer = self._person(entry.get("signer"), "signer", on)
        notice = s.notice_create(
            meeting=meeting,
            items=specs,
            issuer=self._unit(entry, "issuer", on, required=False),
            title=self._text(entry, "title"),
            text=str(entry.get("text") or ""),
            signer=(
                s.person_get_or_create(
                    name=signer.name,
                    title=signer.title,
                    unit=signer.unit or meeting.organizer,
                    on=on,
                    actor=self.actor,
                    is_synthetic=self.is_synthetic,
                )
                if signer
                else None
            ),
            signer_title=signer.title if signer else "",
            is_synthetic=self.is_synthetic,
            fingerprint=fp,
            actor=self.actor,
        )
        self.counts["notices"] += 1
        issued_on = self._date(entry, "date")
        if issued_on is not None:
            with self.at(entry, "date"):
                notice = s.notice_issue(
                    notice=notice,
                    issued_on=issued_on,
                    number=number or None,
                    abbreviation=self._text(entry, "abbreviation") or None,
                    actor=self.actor,
                )
            self.counts["notices_issued"] += 1
            self.counts["notices_late"] += int(notice.is_late)
            for item, row in zip(items, notice.items.order_by("order"), strict=True):
                self.counts["tasks"] += 1
                with self.at(item):
                    self._follow_up(row.task, item)
        elif any(i.get("progress") or i.get("completed_on") for i in items):
            raise MeetingsError(
                "Thông báo chưa ban hành (thiếu «date») thì chưa có tiến độ",
                "a notice not issued (no «date») has no progress yet",
                column="date",
            )
        return notice

    def _follow_up(self, task: Task, entry: dict) -> None:
        """Progress updates and completion written with the task."""
        for p in self._list(entry, "progress"):
            p = self._map(p, "progress", "progress")
            with self.at(p):
                on = self._date(p, "date", required=True)
                reporter = self._person(p.get("reported_by"), "reported_by", on)
                s.task_progress_add(
                    task=task,
                    on=on,
                    text=self._text(p, "text", required=True),
                    percent=self._int(p, "percent"),
                    evidence=self._text(p, "evidence"),
                    reported_by_person=(
                        s.person_get_or_create(
                            name=reporter.name,
                            title=reporter.title,
                            unit=reporter.unit or task.lead,
                            on=on,
                            actor=self.actor,
                            is_synthetic=self.is_synthetic,
                        )
                        if reporter
                        else None
                    ),
                    reported_by_unit=self._unit(p, "unit", on, required=False) or task.lead,
                    actor=self.actor,
                )
                self.counts["progress"] += 1
        completed_on = self._date(entry, "completed_on")
        if completed_on is not None:
            with self.at(entry, "completed_on"):
                s.task_complete(
                    task=task,
                    on=completed_on,
                    note=self._text(entry, "completion_note"),
                    actor=self.actor,
                )

    def load_task(
        self, entry: dict, meeting: Meeting | None = None, key_task: KeyTask | None = None
    ) -> Task | None:
        entry = self._map(entry, "task", "tasks")
        text = self._text(entry, "text", required=True)
        document = (
            self._map(entry["document"], "document_ref", "document")
            if entry.get("document")
            else {}
        )
        if entry.get("plan") and key_task is None:
            key_task = self._key_task(self._map(entry["plan"], "plan_ref", "plan"))
        source = self._text(entry, "source") or (
            TaskSource.PLAN if key_task else TaskSource.MEETING if meeting else TaskSource.DOCUMENT
        )
        document_date = self._date(document, "date") if document else None
        assigned_on = self._date(entry, "assigned_on")
        on = (
            assigned_on
            or (meeting.last_day if meeting else None)
            or document_date
            or (key_task.plan.decision_date or key_task.plan.period.start if key_task else None)
        )
        if on is None:
            raise MeetingsError(
                "Thiếu ngày giao: ghi «assigned_on» hoặc «document: {number, date}»",
                "assignment date missing: give «assigned_on» or «document: {number, date}»",
                column="assigned_on",
            )
        lead = self._unit(entry, "lead", on)
        deadline = self._date(entry, "deadline")
        fp = fingerprint(entry)
        found = Task.objects.filter(fingerprint=fp).first() or next(
            (
                t
                for t in Task.objects.filter(lead=lead, deadline=deadline, meeting=meeting)
                if text_key(t.text) == text_key(text)
            ),
            None,
        )
        if self._same(found, fp, "nhiệm vụ", "task"):
            return found
        indicator = self._indicator(entry)
        target = None
        if entry.get("target"):
            target = self._target(self._map(entry["target"], "target", "target"), lead, indicator)
        assigned_by = self._person(entry.get("assigned_by"), "assigned_by", on)
        task = s.task_create(
            text=text,
            lead=lead,
            supporting=self._units(entry, "support", on),
            deadline=deadline,
            source=source,
            assigned_on=assigned_on,
            key_task=key_task,
            meeting=meeting,
            document_number=self._text(document, "number") if document else "",
            document_date=document_date,
            document_title=self._text(document, "title") if document else "",
            assigned_by_person=(
                s.person_get_or_create(
                    name=assigned_by.name,
                    title=assigned_by.title,
                    unit=assigned_by.unit,
                    on=on,
                    actor=self.actor,
                    is_synthetic=self.is_synthetic,
                )
                if assigned_by
                else None
            ),
            assigned_by_unit=self._unit(entry, "assigned_by_unit", on, required=False)
            or (assigned_by.unit if assigned_by else None),
            indicator=indicator,
            target=target,
            is_synthetic=self.is_synthetic,
            fingerprint=fp,
            actor=self.actor,
        )
        self.counts["tasks"] += 1
        self._follow_up(task, entry)
        return task

    def load_commendation(self, entry: dict, meeting: Meeting | None = None) -> Commendation | None:
        entry = self._map(entry, "commendation", "commendations")
        with self.at(entry, "form"):
            form = s.award_form_find(self._text(entry, "form", required=True))
        year = self._int(entry, "year") or (meeting.date.year - 1 if meeting else None)
        if year is None:
            raise MeetingsError("Thiếu «year»", "«year» missing", column="year")
        decision_date = self._date(entry, "decision_date")
        on = decision_date or (meeting.date if meeting else dt.date(year, 12, 31))
        unit = self._unit(entry, "unit", on, required=False) or (
            meeting.organizer if meeting else None
        )
        decision_number = self._text(entry, "decision_number")
        fp = fingerprint(entry)
        found = Commendation.objects.filter(
            form=form, year=year, decision_number=decision_number, unit=unit, meeting=meeting
        ).first()
        if self._same(found, fp, "khen thưởng", "commendation"):
            return found
        recipients = []
        for r in self._list(entry, "recipients"):
            r = self._map(r, "recipient", "recipients")
            with self.at(r):
                recipients.append(
                    s.RecipientSpec(
                        kind=self._text(r, "kind", required=True),
                        name=self._text(r, "name", required=True),
                        title=self._text(r, "title"),
                        unit=self._unit(r, "unit", on, required=False),
                    )
                )
        s.commendation_create(
            form=form,
            year=year,
            decision_number=decision_number,
            decision_date=decision_date,
            grantor_unit=self._unit(entry, "grantor", on, required=False),
            unit=unit,
            meeting=meeting,
            reason=str(entry.get("reason") or ""),
            collectives=self._int(entry, "collectives"),
            individuals=self._int(entry, "individuals"),
            recipients=recipients,
            is_synthetic=self.is_synthetic,
            fingerprint=fp,
            actor=self.actor,
        )
        self.counts["commendations"] += 1
        return None
