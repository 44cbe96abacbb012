"""Checking a record (the extraction contract's shape) before it is stored.

A record comes from the extractor, or from a person who corrected it in the web page or sent
it through the API: every field is checked and a clear error names the one that is wrong.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

from tongket.documents.errors import DocumentError
from tongket.meetings.models import MeetingKind


def _fail(field: str, vi: str, en: str) -> DocumentError:
    return DocumentError(vi, en, field=field)


def _text(value: Any, field: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail(field, "thiếu nội dung", "missing")
        return None
    if not isinstance(value, str):
        raise _fail(field, "phải là chuỗi ký tự", "must be a string")
    return value.strip()


def _list(value: Any, field: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(field, "phải là danh sách", "must be a list")
    return value


def _dict(value: Any, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(field, "phải là đối tượng", "must be an object")
    return value


def _count(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(field, "phải là số nguyên không âm", "must be a whole number, 0 or more")
    return value


def _day(value: Any, field: str) -> str | None:
    text = _text(value, field)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _fail(
            field, f"ngày không hợp lệ «{text}» (dùng 2007-01-31)", f"invalid date «{text}»"
        ) from None


def published_of(value: str | None) -> tuple[dt.date | None, str]:
    """The day of a record's ``published`` (a day, or a day and time) and the text itself."""
    if not value:
        return None, ""
    try:
        return dt.datetime.fromisoformat(value).date(), value
    except ValueError:
        raise _fail(
            "published",
            f"ngày đăng không hợp lệ «{value}» (dùng 2007-02-01 hoặc 2007-02-01T10:27:14)",
            f"invalid publication date «{value}»",
        ) from None


def record_check(record: Any) -> dict:
    """A checked, normalized copy of ``record`` (strings stripped, empty ones as None)."""
    if not isinstance(record, dict):
        raise DocumentError("Bản ghi phải là đối tượng JSON", "the record must be a JSON object")
    out = copy.deepcopy(record)
    for key in ("title", "source_site", "byline"):
        out[key] = _text(record.get(key), key)
    out["published"] = _text(record.get("published"), "published")
    published_of(out["published"])
    out["captions"] = [
        _text(c, f"captions[{i}]", required=True)
        for i, c in enumerate(_list(record.get("captions"), "captions"))
    ]
    meeting = _dict(record.get("meeting"), "meeting")
    kind = _text(meeting.get("kind"), "meeting.kind") or MeetingKind.OTHER
    if kind not in MeetingKind.values:
        allowed = ", ".join(MeetingKind.values)
        raise _fail(
            "meeting.kind",
            f"loại cuộc họp không hợp lệ «{kind}» (dùng {allowed})",
            f"unknown meeting kind «{kind}» (use {allowed})",
        )
    organizer = _dict(meeting.get("organizer"), "meeting.organizer")
    out["meeting"] = {
        "kind": kind,
        "date": _day(meeting.get("date"), "meeting.date"),
        "organizer": {
            "department": _text(organizer.get("department"), "meeting.organizer.department"),
            "province": _text(organizer.get("province"), "meeting.organizer.province"),
        },
        "province_today": _text(meeting.get("province_today"), "meeting.province_today"),
        "reviewed_period": _text(meeting.get("reviewed_period"), "meeting.reviewed_period"),
        "planned_period": _text(meeting.get("planned_period"), "meeting.planned_period"),
    }
    people = []
    for i, person in enumerate(_list(record.get("people"), "people")):
        person = _dict(person, f"people[{i}]")
        people.append(
            {
                "name": _text(person.get("name"), f"people[{i}].name", required=True),
                "title": _text(person.get("title"), f"people[{i}].title"),
            }
        )
    out["people"] = people
    figures = []
    for i, figure in enumerate(_list(record.get("figures"), "figures")):
        figure = _dict(figure, f"figures[{i}]")
        value = figure.get("value")
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise _fail(f"figures[{i}].value", "phải là số", "must be a number")
        text = _text(figure.get("text"), f"figures[{i}].text")
        if value is None and text is None:
            raise _fail(f"figures[{i}]", "cần giá trị hoặc nguyên văn", "needs a value or a text")
        figures.append(
            {
                "value": value,
                "unit": _text(figure.get("unit"), f"figures[{i}].unit") or "",
                "text": text or "",
            }
        )
    out["figures"] = figures
    commendations = []
    for i, c in enumerate(_list(record.get("commendations"), "commendations")):
        c = _dict(c, f"commendations[{i}]")
        commendations.append(
            {
                "form": _text(c.get("form"), f"commendations[{i}].form", required=True),
                "collectives": _count(c.get("collectives"), f"commendations[{i}].collectives"),
                "individuals": _count(c.get("individuals"), f"commendations[{i}].individuals"),
            }
        )
    out["commendations"] = commendations
    out["tasks"] = []
    for i, task in enumerate(_list(record.get("tasks"), "tasks")):
        task = _dict(task, f"tasks[{i}]")
        item = {"text": _text(task.get("text"), f"tasks[{i}].text", required=True)}
        # The body the task is addressed to, as written ("Sở Tài chính", "UBND các huyện").
        to = _text(task.get("to"), f"tasks[{i}].to")
        if to:
            item["to"] = to
        out["tasks"].append(item)
    out["clean_text"] = _text(record.get("clean_text"), "clean_text") or ""
    return out
