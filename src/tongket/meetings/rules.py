"""The rules on tasks and notices, as plain functions of dates (no database)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from tongket.meetings.holidays import add_working_days
from tongket.meetings.models.tasks import TaskStatus

# Quyết định 45/2018/QĐ-TTg (Quy chế làm việc ... về chế độ họp): the conclusion notice of a
# meeting is issued at the latest 5 working days after the meeting ends.
NOTICE_WORKING_DAYS = 5


def task_status(
    *, deadline: dt.date | None, completed_on: dt.date | None, today: dt.date
) -> TaskStatus:
    """The Government Office's category of a task on ``today``.

    Done on or before the deadline day is on time, the day after is late. Not done: overdue
    once ``today`` is past the deadline, in progress up to and on the deadline day. A
    completion dated after ``today`` has not happened yet on ``today``. A task without a
    deadline is never late.
    """
    if completed_on is not None and completed_on <= today:
        if deadline is None or completed_on <= deadline:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if deadline is not None and today > deadline:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_PROGRESS


def notice_due_on(meeting_last_day: dt.date) -> dt.date:
    """The last day a conclusion notice may be issued without being late."""
    return add_working_days(meeting_last_day, NOTICE_WORKING_DAYS)


def notice_is_late(*, meeting_last_day: dt.date, issued_on: dt.date) -> bool:
    return issued_on > notice_due_on(meeting_last_day)


# Số, ký hiệu of a notice (Nghị định 30/2020/NĐ-CP): "15/TB-STTTT", "123/TB-UBND".
_NUMBER_RE = re.compile(r"^(\d{1,6})/TB-([A-ZĐ0-9]+(?:[-.][A-ZĐ0-9]+)*)$")


def notice_number_parse(text: str) -> tuple[int, str]:
    """``"15/TB-STTTT"`` → ``(15, "STTTT")``; raises ``ValueError`` on another shape."""
    cleaned = re.sub(r"^\s*Số\s*:\s*", "", str(text), flags=re.IGNORECASE).strip()
    m = _NUMBER_RE.match(cleaned)
    if not m:
        raise ValueError(text)
    return int(m.group(1)), m.group(2)


def notice_abbreviation(name: str) -> str:
    """The issuer part of a notice number from a unit's abbreviation: «Sở TT&TT» → «STTTT».

    A word written in capitals (TT&TT, UBND) is kept whole; another word gives its first
    letter; marks are dropped except on Đ.
    """
    letters = []
    for word in unicodedata.normalize("NFC", name).replace("&", "").split():
        letters.append(word if word.isupper() else word[0].upper())
    out = []
    for ch in "".join(letters):
        if ch == "Đ" or ch.isdigit():
            out.append(ch)
        elif ch.isalpha():
            out.append(unicodedata.normalize("NFD", ch)[0].upper())
    return "".join(out)


def notice_number_format(sequence: int, abbreviation: str) -> str:
    return f"{sequence}/TB-{abbreviation}"
