"""From a checked record to what would be stored: units resolved, people matched, figures
read as values, task leads, commendation forms and the span of each item.

Reads only, so the web page can show the plan beside the text before a person confirms it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tongket.core.numbers import format_date
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.documents.errors import DocumentError
from tongket.documents.figure_values import Reading, figure_reading, figure_rules, reviewed_period
from tongket.documents.resolve import UnitNames, organizer_resolve, title_unit
from tongket.documents.spans import (
    FoldedText,
    Span,
    commendation_span,
    fold,
    meeting_span,
    person_span,
)
from tongket.extraction.dates import find_meeting_days, make_date, url_month
from tongket.indicators.models import Indicator
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, MeetingKind, Task
from tongket.meetings.refs import meeting_period_code
from tongket.meetings.selectors import person_find
from tongket.meetings.services.commendations import award_forms_data
from tongket.meetings.text import text_key
from tongket.reporting.models import Period, Value, ValueSource
from tongket.reporting.selectors import value_keys_locked
from tongket.units.models import Unit


@dataclass
class PlannedPerson:
    name: str
    title: str
    unit: Unit | None
    span: Span | None
    person_id: int | None  # the person already known under this name, if any


@dataclass
class PlannedFigure:
    value: float | None
    unit_of_measure: str
    text: str
    span: Span | None
    reading: Reading
    # When the figure is a value: what storing it would do (see ValueOutcome).
    outcome: str = ""
    previous: float | None = None


@dataclass
class PlannedTask:
    text: str
    lead: Unit
    supporting: tuple[Unit, ...]
    span: Span | None
    duplicate: bool = False


@dataclass
class PlannedCommendation:
    form_text: str
    form_code: str | None
    collectives: int | None
    individuals: int | None
    year: int
    span: Span | None
    reason: str = ""
    duplicate: bool = False


@dataclass
class Plan:
    record: dict
    clean_text: str
    kind: str
    date: dt.date
    date_approximate: bool
    title: str
    organizer: Unit
    province: Unit
    province_today: Unit | None
    reviewed: list[str]
    planned: list[str]
    meeting_span: Span | None
    existing_meeting: Meeting | None
    people: list[PlannedPerson] = field(default_factory=list)
    figures: list[PlannedFigure] = field(default_factory=list)
    tasks: list[PlannedTask] = field(default_factory=list)
    commendations: list[PlannedCommendation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """What would be stored, for the web page and ``--json``."""

        def unit(u: Unit | None) -> dict | None:
            return {"id": u.pk, "code": u.code, "name": u.name} if u else None

        return {
            "meeting": {
                "kind": self.kind,
                "title": self.title,
                "date": self.date.isoformat(),
                "date_approximate": self.date_approximate,
                "organizer": unit(self.organizer),
                "province": unit(self.province),
                "province_today": unit(self.province_today),
                "reviewed_periods": self.reviewed,
                "planned_periods": self.planned,
                "span": self.meeting_span,
                "existing_id": self.existing_meeting.pk if self.existing_meeting else None,
            },
            "people": [
                {
                    "name": p.name,
                    "title": p.title,
                    "unit": unit(p.unit),
                    "span": p.span,
                    "person_id": p.person_id,
                }
                for p in self.people
            ],
            "figures": [
                {
                    "value": f.value,
                    "unit": f.unit_of_measure,
                    "text": f.text,
                    "span": f.span,
                    "indicator": f.reading.indicator.code if f.reading.period else None,
                    "period": f.reading.period or None,
                    # The indicator the figure speaks of when it is not its period's value.
                    "about": (
                        f.reading.indicator.code
                        if f.reading.indicator and not f.reading.period
                        else None
                    ),
                    "value_outcome": f.outcome or None,
                    "previous": f.previous,
                    "reason": f.reading.reason or None,
                }
                for f in self.figures
            ],
            "tasks": [
                {
                    "text": t.text,
                    "lead": unit(t.lead),
                    "supporting": [unit(u) for u in t.supporting],
                    "span": t.span,
                    "duplicate": t.duplicate,
                }
                for t in self.tasks
            ],
            "commendations": [
                {
                    "form": c.form_text,
                    "form_code": c.form_code,
                    "collectives": c.collectives,
                    "individuals": c.individuals,
                    "year": c.year,
                    "span": c.span,
                    "reason": c.reason or None,
                    "duplicate": c.duplicate,
                }
                for c in self.commendations
            ],
            "notes": self.notes,
        }


# ---------------------------------------------------------------------------- meeting


_TITLES = {
    MeetingKind.ANNUAL_REVIEW: "Hội nghị tổng kết công tác",
    MeetingKind.MIDYEAR_REVIEW: "Hội nghị sơ kết công tác",
    MeetingKind.QUARTERLY_REVIEW: "Hội nghị sơ kết công tác",
    MeetingKind.MONTHLY_BRIEFING: "Hội nghị giao ban",
    MeetingKind.OTHER: "Hội nghị",
}


def _period_words(code: str) -> str:
    school = re.fullmatch(r"(\d{4})/(\d{4})", code)
    if school:
        return f"năm học {school.group(1)}-{school.group(2)}"
    span = re.fullmatch(r"(\d{4})-(\d{2})/\d{4}-(\d{2})", code)
    if span:
        year, first, last = span.group(1), int(span.group(2)), int(span.group(3))
        months = last - first + 1
        where = "đầu" if first == 1 else "cuối" if last == 12 else f"từ tháng {first}"
        return f"{months} tháng {where} năm {year}"
    period = reviewed_period(code)
    if period is None:
        return code
    label = period.label_vi()
    return label[0].lower() + label[1:]


def meeting_title(kind: str, reviewed: list[str], planned: list[str], fallback: str) -> str:
    """ "Hội nghị tổng kết công tác năm 2017 và triển khai nhiệm vụ năm 2018"."""
    head = _TITLES.get(kind, "Hội nghị")
    if not reviewed and not planned:
        return fallback or head
    parts = [head + (f" {_period_words(reviewed[0])}" if reviewed else "")]
    if planned:
        parts.append(f"triển khai nhiệm vụ {_period_words(planned[0])}")
    return " và ".join(parts)


def _periods(record_meeting: dict, notes: list[str]) -> tuple[list[str], list[str]]:
    out: dict[str, list[str]] = {"reviewed_period": [], "planned_period": []}
    for key in out:
        code = record_meeting.get(key)
        if not code:
            continue
        try:
            out[key].append(meeting_period_code(code))
        except MeetingsError:
            notes.append(
                f"Kỳ «{code}» không lưu được vào cuộc họp (năm, 6 tháng, quý, tháng, các tháng "
                f"trong năm, năm học) / period «{code}» cannot be stored on the meeting (year, "
                f"half, quarter, month, months of a year, school year)"
            )
    return out["reviewed_period"], out["planned_period"]


# ---------------------------------------------------------------------------- items


def award_form_code(form: str) -> str | None:
    """The award form's code for the text a record gives (its name, an alias, or a longer
    phrase starting with one: "Bằng khen của Bộ trưởng Bộ Thông tin và Truyền thông")."""
    key = text_key(form)
    # "Danh hiệu Chiến sĩ thi đua cơ sở" is the title the register names; "Cờ thi đua xuất
    # sắc của Bộ …" the ministry's flag under its older name.
    key = re.sub(r"^danh hiệu\s+", "", key)
    key = re.sub(r"^cờ thi đua xuất sắc\b", "cờ thi đua", key)
    best: tuple[int, str] | None = None
    for row in award_forms_data():
        for name in (row["name"], *row.get("aliases", ())):
            name_key = text_key(name)
            if key == name_key:
                return row["code"]
            if key.startswith(name_key + " ") and (best is None or len(name_key) > best[0]):
                best = (len(name_key), row["code"])
    return best[1] if best else None


def _recipients_of(code: str) -> str:
    return next(row["recipients"] for row in award_forms_data() if row["code"] == code)


# ---------------------------------------------------------------------------- plan


def plan_build(*, record: dict, clean_text: str, url: str | None = None) -> Plan:
    """The plan of a checked record (see ``records.record_check``); raises ``DocumentError``
    when the record cannot be stored."""
    meeting = record["meeting"]
    day, approximate = _meeting_day(record, url, clean_text)
    organizer = organizer_resolve(
        department=meeting["organizer"]["department"],
        province=meeting["organizer"]["province"],
        on=day,
        today_name=meeting["province_today"],
    )
    notes = list(organizer.notes)
    if approximate:
        notes.append(
            f"Văn bản không cho biết ngày họp: lấy ngày {format_date(day)} (ngày đăng tin, tháng "
            f"trong địa chỉ trang, năm văn bản nói đến hoặc cuối kỳ được tổng kết), đánh dấu là "
            f"ước tính / the text does not give the meeting's day: {format_date(day)} "
            f"(publication date, the month in the page's address, the year the text speaks of or "
            f"the end of the period reviewed) stands in, marked approximate"
        )
    reviewed, planned = _periods(meeting, notes)
    text = FoldedText(clean_text)
    existing = (
        Meeting.objects.filter(organizer=organizer.unit, date=day, kind=meeting["kind"])
        .order_by("id")
        .first()
    )
    plan = Plan(
        record=record,
        clean_text=clean_text,
        kind=meeting["kind"],
        date=day,
        date_approximate=approximate,
        title=meeting_title(meeting["kind"], reviewed, planned, record.get("title") or ""),
        organizer=organizer.unit,
        province=organizer.province,
        province_today=organizer.province_today,
        reviewed=reviewed,
        planned=planned,
        meeting_span=meeting_span(text),
        existing_meeting=existing,
        notes=notes,
    )
    names = UnitNames(province=plan.province, on=plan.date)
    _plan_people(plan, text, names)
    _plan_figures(plan, text)
    _plan_tasks(plan, text, names)
    _plan_commendations(plan, text)
    _note_unlocated(plan)
    return plan


_SPAN_END = re.compile(r"(?:19|20)\d{2}\s*[-–]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _meeting_day(record: dict, url: str | None, clean_text: str) -> tuple[dt.date, bool]:
    """The meeting's day, or a stand-in marked approximate when the text does not give it:
    the publication date (a report is published on or soon after the meeting), else the
    month the page's address carries, else the day and month the text gives in the latest
    year it speaks of (the end of a span such as "giai đoạn 2020-2025" looks ahead), else the
    last day of the period it reviewed."""
    if record["meeting"]["date"]:
        return dt.date.fromisoformat(record["meeting"]["date"]), False
    if record.get("published"):
        return dt.date.fromisoformat(record["published"][:10]), True
    by_url = url_month(url)
    if by_url is not None:
        return by_url, True
    head = clean_text[:1500]
    days = find_meeting_days(head)
    if days:
        ends = {m.start(1) for m in _SPAN_END.finditer(clean_text)}
        years = [int(m.group(1)) for m in _YEAR.finditer(clean_text) if m.start(1) not in ends]
        day = make_date(max(years), days[0].month, days[0].day) if years else None
        if day is not None:
            return day, True
    end = _reviewed_end(record["meeting"].get("reviewed_period"))
    if end is not None:
        return end, True
    raise DocumentError(
        "Văn bản không cho biết ngày họp, cũng không có ngày đăng tin, tháng trong địa chỉ trang, "
        "ngày tháng trong bài hay kỳ được tổng kết: không lưu được cuộc họp",
        "the text gives neither the meeting's day nor a publication date, a month in the page's "
        "address, a day and month or the period reviewed: the meeting cannot be stored",
        field="meeting.date",
    )


def _reviewed_end(code: str | None) -> dt.date | None:
    """The last day of the period a meeting reviewed ("2024" → 31/12/2024; a span of months,
    its last month; a school year, 31 May of its second year): a review is held after it."""
    if not code:
        return None
    school = re.fullmatch(r"(\d{4})/(\d{4})", code)
    if school:
        return dt.date(int(school.group(2)), 5, 31)
    try:
        return PeriodCode.parse(code.split("/")[-1]).end()
    except PeriodError:
        return None


def _note_unlocated(plan: Plan) -> None:
    """Say which items have no passage in the cleaned text (a photo caption is not part of
    it), so a person reviewing the document knows why."""
    captions = [fold(c) for c in plan.record["captions"]]
    items = [
        *((p.name, p.name, p.span) for p in plan.people),
        *((f.text, f.text, f.span) for f in plan.figures),
        *((t.text, t.text, t.span) for t in plan.tasks),
        # A caption names the award without its grantor ("trao Giấy khen cho ...").
        *((c.form_text, c.form_text.split(" của ")[0], c.span) for c in plan.commendations),
    ]
    for label, key, span in items:
        if span is not None or not label:
            continue
        short = label if len(label) <= 80 else label[:77] + "..."
        if any(fold(key) in c for c in captions):
            plan.notes.append(
                f"«{short}» chỉ có trong chú thích ảnh, không có đoạn trong văn bản đã làm "
                f"sạch / «{short}» is only in a photo caption, not in the cleaned text"
            )
        else:
            plan.notes.append(
                f"Không tìm thấy «{short}» trong văn bản đã làm sạch / «{short}» not found in "
                f"the cleaned text"
            )


def _plan_people(plan: Plan, text: FoldedText, names: UnitNames) -> None:
    seen: set[str] = set()
    for person in plan.record["people"]:
        key = text_key(person["name"])
        if key in seen:
            continue
        seen.add(key)
        title = person["title"] or ""
        plan.people.append(
            PlannedPerson(
                name=person["name"],
                title=title,
                unit=title_unit(
                    title, organizer=plan.organizer, province=plan.province, names=names
                ),
                span=person_span(text, person["name"], title),
                person_id=getattr(
                    person_find(name=person["name"], scope=plan.province), "pk", None
                ),
            )
        )


def _plan_figures(plan: Plan, text: FoldedText) -> None:
    figures = plan.record["figures"]
    spans = text.find_in_order(f["text"] or "" for f in figures)
    codes = {r.indicator for r in figure_rules().rules}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    period = reviewed_period(plan.reviewed[0]) if plan.reviewed else None
    for figure, span in zip(figures, spans, strict=True):
        reading = figure_reading(
            text=text,
            span=span,
            value=figure["value"],
            unit=figure["unit"],
            period=period,
            indicators=indicators,
        )
        plan.figures.append(
            PlannedFigure(
                value=figure["value"],
                unit_of_measure=figure["unit"],
                text=figure["text"],
                span=span,
                reading=reading,
            )
        )
    _plan_value_outcomes(plan)


def _plan_value_outcomes(plan: Plan) -> None:
    """What storing each value would do: new, the same, replace a document's value, or a
    conflict with a locked or a unit's own value (then it is reported, never written)."""
    values = [f for f in plan.figures if f.reading.period]
    if not values:
        return
    periods = {
        p.code: p for p in Period.objects.filter(code__in={f.reading.period for f in values})
    }
    keys, seen = {}, set()
    for f in values:
        key = (f.reading.indicator.pk, f.reading.period)
        if key in seen:
            f.outcome = "repeated"
            continue
        seen.add(key)
        period = periods.get(f.reading.period)
        keys[key] = (plan.province.pk, f.reading.indicator.pk, period.pk) if period else None
    stored = {
        (v.indicator_id, v.period_id): v
        for v in Value.objects.filter(
            unit=plan.province,
            indicator_id__in={k[1] for k in keys.values() if k},
            period_id__in={k[2] for k in keys.values() if k},
        )
    }
    locked = value_keys_locked(keys={k for k in keys.values() if k})
    for f in values:
        if f.outcome:
            continue
        key = keys[(f.reading.indicator.pk, f.reading.period)]
        current = stored.get((key[1], key[2])) if key else None
        f.outcome, f.previous = _outcome(f.value, current, key in locked if key else False)


def _outcome(value: float, current: Value | None, locked: bool) -> tuple[str, float | None]:
    if locked:
        return "locked", current.value if current else None
    if current is None:
        return "created", None
    if current.value == value:
        return "same", None
    if current.source in (ValueSource.DOCUMENT, ValueSource.SYNTHETIC):
        return "replaced", current.value
    return "kept", current.value


def _plan_tasks(plan: Plan, text: FoldedText, units: UnitNames) -> None:
    if not plan.record["tasks"]:
        return
    known = set()
    if plan.existing_meeting is not None:
        known = {
            text_key(t)
            for t in Task.objects.filter(meeting=plan.existing_meeting).values_list(
                "text", flat=True
            )
        }
    spans = text.find_in_order((t["text"] for t in plan.record["tasks"]), loose=True)
    for task, span in zip(plan.record["tasks"], spans, strict=True):
        named = units.named(task["text"])
        # The body the text addresses the task to leads it when the register holds it.
        addressed = units.named(task["to"]).lead if task.get("to") else None
        lead = addressed or named.lead or plan.organizer
        plan.tasks.append(
            PlannedTask(
                text=task["text"],
                lead=lead,
                supporting=tuple(u for u in named.supporting if u.pk != lead.pk),
                span=span,
                duplicate=text_key(task["text"]) in known,
            )
        )
        known.add(text_key(task["text"]))


def _plan_commendations(plan: Plan, text: FoldedText) -> None:
    period = reviewed_period(plan.reviewed[0]) if plan.reviewed else None
    year = period.year if period else plan.date.year
    existing = set()
    if plan.existing_meeting is not None:
        existing = set(plan.existing_meeting.commendations.values_list("form__code", flat=True))
    for c in plan.record["commendations"]:
        code = award_form_code(c["form"])
        reason = ""
        if code is None:
            reason = (
                f"không có hình thức khen thưởng «{c['form']}» trong danh mục (xem «tongket "
                f"award-forms») / no award form «{c['form']}» in the register"
            )
        else:
            recipients = _recipients_of(code)
            for kind, count in (("collective", c["collectives"]), ("individual", c["individuals"])):
                if count and recipients not in ("both", kind):
                    reason = (
                        f"«{c['form']}» không tặng cho {'tập thể' if kind == 'collective' else 'cá nhân'}"
                        f" / «{c['form']}» is not awarded to a {kind}"
                    )
        plan.commendations.append(
            PlannedCommendation(
                form_text=c["form"],
                form_code=code if not reason else None,
                collectives=c["collectives"],
                individuals=c["individuals"],
                year=year,
                span=commendation_span(text, c["form"], c["collectives"], c["individuals"]),
                reason=reason,
                duplicate=code in existing,
            )
        )
        if code:
            existing.add(code)
    if any(c.reason for c in plan.commendations):
        plan.notes.extend(
            f"Không lưu khen thưởng: {c.reason}" for c in plan.commendations if c.reason
        )
