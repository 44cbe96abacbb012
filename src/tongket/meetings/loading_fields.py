"""Reading the fields of the entries of a meetings file, each error naming its field."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from tongket.meetings import services as s
from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading_yaml import located
from tongket.meetings.models import KeyTask, Meeting
from tongket.meetings.refs import indicator_find, parse_date, period_code, unit_find
from tongket.meetings.text import clean, text_key
from tongket.reporting.models import Target
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit

_KEYS = {
    kind: frozenset(fields.split())
    for kind, fields in {
        "person": "name unit province positions note",
        "position": "title unit from to",
        "plan": "unit period title decision_number decision_date key_tasks",
        "key_task": "text tasks",
        "meeting": "kind title date end_date place organizer chair participants agenda minutes "
        "conclusions reports documents reviewed planned figures source source_document_id "
        "source_span source_ref notices tasks commendations plan",
        "person_ref": "name title unit role",
        "report": "title presenter unit",
        "document": "name path",
        "figure": "value unit text indicator period span",
        "notice": "meeting number date issuer abbreviation title text signer items",
        "item": "text lead support deadline indicator progress completed_on completion_note",
        "task": "text lead support deadline assigned_on source document plan assigned_by "
        "assigned_by_unit indicator target progress completed_on completion_note",
        "document_ref": "number date title",
        "plan_ref": "unit period key_task",
        "target": "unit period indicator",
        "progress": "date text percent evidence reported_by unit",
        "commendation": "form year decision_number decision_date grantor unit reason "
        "collectives individuals recipients",
        "recipient": "kind name title unit",
        "meeting_ref": "organizer date kind title",
    }.items()
}


class FieldReader:
    """Reads the fields of an entry, naming the field of any error."""

    def __init__(self, *, file: str, actor: str, existing: str, is_synthetic: bool):
        self.file, self.actor = file, actor
        self.existing, self.is_synthetic = existing, is_synthetic
        self.counts: Counter[str] = Counter()
        self._units_found: dict[tuple[str, dt.date], Unit] = {}

    def at(self, entry: Any, column: str | None = None) -> Any:
        return located(entry, column, file=self.file)

    def _map(self, value: Any, kind: str, column: str) -> dict:
        if not isinstance(value, dict):
            raise MeetingsError(
                f"«{column}» phải là một bảng", f"«{column}» must be a mapping", column=column
            )
        unknown = set(value) - _KEYS[kind]
        if unknown:
            name = sorted(map(str, unknown))[0]
            with self.at(value, name):
                raise MeetingsError(
                    f"Trường không biết «{name}» (dùng: {', '.join(sorted(_KEYS[kind]))})",
                    f"unknown field «{name}» (use: {', '.join(sorted(_KEYS[kind]))})",
                    column=name,
                )
        return value

    def _list(self, entry: dict, key: str) -> list:
        value = entry.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, str | int):
            return [value]
        raise MeetingsError(f"«{key}» phải là danh sách", f"«{key}» must be a list", column=key)

    def _text(self, entry: dict, key: str, *, required: bool = False) -> str:
        value = entry.get(key)
        text = "" if value is None else clean(str(value))
        if required and not text:
            raise MeetingsError(f"Thiếu «{key}»", f"«{key}» missing", column=key)
        return text

    def _date(self, entry: dict, key: str, *, required: bool = False) -> dt.date | None:
        value = entry.get(key)
        if value in (None, ""):
            if required:
                raise MeetingsError(f"Thiếu «{key}»", f"«{key}» missing", column=key)
            return None
        with self.at(entry, key):
            return parse_date(value)

    def _int(self, entry: dict, key: str) -> int | None:
        value = entry.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not str(value).strip().isdigit():
            raise MeetingsError(
                f"«{key}» phải là số nguyên không âm",
                f"«{key}» must be a whole number ≥ 0",
                column=key,
            )
        return int(value)

    def _unit(self, entry: dict, key: str, on: dt.date, *, required: bool = True) -> Unit | None:
        value = entry.get(key)
        if value in (None, "") and not required:
            return None
        with self.at(entry, key):
            return self._find_unit(str(value or ""), on)

    def _units(self, entry: dict, key: str, on: dt.date) -> list[Unit]:
        with self.at(entry, key):
            return [self._find_unit(str(v), on) for v in self._list(entry, key)]

    def _find_unit(self, ref: str, on: dt.date) -> Unit:
        """``unit_find``, once per reference and day within a file."""
        key = (ref.strip(), on)
        if key not in self._units_found:
            self._units_found[key] = unit_find(ref, on=on)
        return self._units_found[key]

    def _person(
        self, value: Any, column: str, on: dt.date, role: str = "guest"
    ) -> s.PersonSpec | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            return s.PersonSpec(name=value, role=role)
        ref = self._map(value, "person_ref", column)
        with self.at(ref):
            name = self._text(ref, "name", required=True)
            return s.PersonSpec(
                name=name,
                title=self._text(ref, "title"),
                unit=self._unit(ref, "unit", on, required=False),
                role=self._text(ref, "role") or role,
            )

    def _indicator(self, entry: dict, key: str = "indicator") -> Any:
        if entry.get(key) in (None, ""):
            return None
        with self.at(entry, key):
            return indicator_find(str(entry[key]))

    def _same(self, found: Any, fp: str, what_vi: str, what_en: str) -> bool:
        """Whether an entry already stored is to be skipped; raises when it changed."""
        if found is None:
            return False
        if found.fingerprint == fp or self.existing == "skip":
            self.counts[f"{what_en}s_unchanged"] += 1
            return True
        raise MeetingsError(
            f"Đã có {what_vi} này với nội dung khác (sửa bằng các lệnh cập nhật, không nạp lại)",
            f"this {what_en} already exists with different content (change it with the update "
            "commands, not by loading it again)",
        )

    def _report(self, value: Any, on: dt.date) -> s.ReportSpec:
        if isinstance(value, str):
            return s.ReportSpec(title=value)
        r = self._map(value, "report", "reports")
        with self.at(r):
            return s.ReportSpec(
                title=self._text(r, "title", required=True),
                presenter=self._person(r.get("presenter"), "presenter", on, role="presenter"),
                unit=self._unit(r, "unit", on, required=False),
            )

    def _document(self, value: Any) -> s.DocumentSpec:
        d = self._map(value, "document", "documents")
        with self.at(d):
            return s.DocumentSpec(
                name=self._text(d, "name", required=True), path=self._text(d, "path")
            )

    def _figure(self, value: Any) -> s.FigureSpec:
        f = self._map(value, "figure", "figures")
        with self.at(f):
            raw = f.get("value")
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float)):
                raise MeetingsError(
                    f"Giá trị «{raw}» không phải là số",
                    f"value «{raw}» is not a number",
                    column="value",
                )
            span = f.get("span")
            return s.FigureSpec(
                value=float(raw) if raw is not None else None,
                unit_of_measure=self._text(f, "unit"),
                text=self._text(f, "text"),
                indicator=self._indicator(f),
                period=self._text(f, "period"),
                span=tuple(span) if isinstance(span, list) and len(span) == 2 else None,
            )

    def _meeting_ref(self, value: Any) -> Meeting:
        if isinstance(value, int) and not isinstance(value, bool):
            meeting = Meeting.objects.filter(pk=value).first()
        else:
            ref = self._map(value, "meeting_ref", "meeting")
            with self.at(ref):
                date = self._date(ref, "date", required=True)
                organizer = self._unit(ref, "organizer", date)
                qs = Meeting.objects.filter(organizer=organizer, date=date)
                if ref.get("kind"):
                    qs = qs.filter(kind=ref["kind"])
                found = [
                    m
                    for m in qs
                    if not ref.get("title") or text_key(m.title) == text_key(str(ref["title"]))
                ]
                if len(found) > 1:
                    raise MeetingsError(
                        "Có nhiều cuộc họp khớp, hãy thêm «kind» hoặc «title»",
                        "several meetings match, add «kind» or «title»",
                    )
                meeting = found[0] if found else None
        if meeting is None:
            raise MeetingsError("Không tìm thấy cuộc họp", "meeting not found", column="meeting")
        return meeting

    def _key_task(self, ref: dict) -> KeyTask:
        with self.at(ref):
            code = period_code(ref.get("period") or "")
            stored = period_get_or_create(code)
            unit = self._unit(ref, "unit", stored.end)
            order = self._int(ref, "key_task")
            key_task = KeyTask.objects.filter(
                plan__unit=unit, plan__period=stored, order=order
            ).first()
            if key_task is None:
                raise MeetingsError(
                    f"Kế hoạch {code} của «{unit.name}» không có nhiệm vụ trọng tâm số {order}",
                    f"the {code} plan of «{unit.name}» has no key task {order}",
                    column="key_task",
                )
            return key_task

    def _target(self, ref: dict, lead: Unit, indicator: Any) -> Target:
        with self.at(ref):
            indicator = self._indicator(ref) or indicator
            if indicator is None:
                raise MeetingsError(
                    "Chỉ tiêu kế hoạch cần «indicator»",
                    "a target needs «indicator»",
                    column="indicator",
                )
            code = period_code(ref.get("period") or "")
            stored = period_get_or_create(code)
            unit = self._unit(ref, "unit", stored.end, required=False) or lead
            target = Target.objects.filter(unit=unit, indicator=indicator, period=stored).first()
            if target is None:
                raise MeetingsError(
                    f"Không có chỉ tiêu kế hoạch {indicator.code} kỳ {code} của «{unit.name}»",
                    f"no target {indicator.code} for {code} of «{unit.name}»",
                    column="period",
                )
            return target
