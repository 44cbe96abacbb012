"""Dates as Vietnamese portals print them: datelines (day/month/year, or month/day/year with
AM/PM on some old portals), meeting days with or without a year ("Chiều ngày 10/1",
"Sáng 21-7", "ngày 22 tháng 8 năm 2022"), and the choice between readings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_LABEL = (
    r"(?:cập nhật(?:\s+lúc)?|ngày cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày đưa(?:\s+tin)?|"
    r"ngày xuất bản|thời gian đăng|ngày|posted(?:\s+on)?|updated|published|lúc)"
)
_DATE = r"(?P<a>\d{1,2})\s*[/.-]\s*(?P<b>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_TIME = r"(?P<h>\d{1,2})\s*[:hg]\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?(?:\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?|SA|CH))?"
_COUNTER = r"(?:(?:số\s+)?lượt\s+(?:xem|đọc|truy cập)\s*:?\s*[\d.]+)"
_SEP = r"[\s,|:()\[\]–—-]*"

_HEAD = rf"^{_SEP}(?:{_WEEKDAY}{_SEP})?(?:{_LABEL}{_SEP})?"
_TAIL = rf"{_SEP}(?:{_COUNTER}{_SEP})?(?:GMT\s*[+-]\s*\d+{_SEP})?$"
_DATELINES = (
    re.compile(rf"{_HEAD}{_DATE}(?:{_SEP}(?:lúc{_SEP})?{_TIME})?{_TAIL}", re.IGNORECASE),
    re.compile(rf"{_HEAD}{_TIME}{_SEP}(?:ngày{_SEP})?{_DATE}{_TAIL}", re.IGNORECASE),
)


@dataclass(frozen=True)
class Dateline:
    """A printed publication date: ``a``/``b`` are the first and second numbers as printed."""

    a: int
    b: int
    year: int
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    ampm: str | None = None

    def readings(self) -> list[tuple[str, dt.date]]:
        """The possible dates: ``("dmy", …)`` and/or ``("mdy", …)``."""
        out = []
        for order, day, month in (("dmy", self.a, self.b), ("mdy", self.b, self.a)):
            try:
                out.append((order, dt.date(self.year, month, day)))
            except ValueError:
                continue
        return out

    def render(self, day: dt.date) -> str:
        if self.hour is None:
            return day.isoformat()
        hour = self.hour
        if self.ampm:
            pm = self.ampm.lower().startswith(("p", "ch"))
            hour = hour % 12 + (12 if pm else 0)
        if not 0 <= hour < 24 or not 0 <= (self.minute or 0) < 60:
            return day.isoformat()
        return f"{day.isoformat()}T{hour:02d}:{self.minute or 0:02d}:{self.second or 0:02d}"


def parse_dateline(line: str) -> Dateline | None:
    """A line that is nothing but a publication date (with time, weekday, label or a view
    counter around it) → ``Dateline``; anything else → ``None``."""
    if len(line) > 90:
        return None
    m = _DATELINES[0].match(line.strip()) or _DATELINES[1].match(line.strip())
    if not m:
        return None
    year = int(m.group("y"))
    if not 1990 <= year <= 2100:
        return None
    h = m.group("h")
    return Dateline(
        a=int(m.group("a")),
        b=int(m.group("b")),
        year=year,
        hour=int(h) if h else None,
        minute=int(m.group("mi")) if m.group("mi") else None,
        second=int(m.group("s")) if m.group("s") else None,
        ampm=(m.group("ap") or None),
    )


def choose_published(line: Dateline, meeting: dt.date | None) -> str | None:
    """Pick the reading of a dateline. A first number over 12 is a day; a second over 12 makes
    it month/day. When both readings are possible, the one on or soon after the meeting wins;
    without a meeting date, AM/PM marks the US order of the old portals."""
    readings = line.readings()
    if not readings:
        return None
    if len(readings) == 1 or readings[0][1] == readings[1][1]:
        return line.render(readings[0][1])
    if meeting is not None:

        def cost(item: tuple[str, dt.date]) -> int:
            gap = (item[1] - meeting).days
            return gap if gap >= 0 else 1000 - gap

        return line.render(min(readings, key=cost)[1])
    us = line.ampm is not None and line.ampm.lower().startswith(("a", "p"))
    return line.render(dict(readings)["mdy" if us else "dmy"])


# A meeting day in running text. The word before the number says it is a day ("ngày",
# "Sáng", "Chiều", "nay (").
_DAY_WORDS = r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|nay)"
_MEETING_DAY = re.compile(
    rf"(?<!\w)(?P<lead>{_DAY_WORDS})\s*(?:ngày\s*)?\(?\s*"
    r"(?:(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})(?:\s*[/-]\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|[/,-])\s*(?P<y2>\d{4}))?)"
    r"(?![\d/])",
    re.IGNORECASE,
)
_NOT_MEETING_BEFORE = re.compile(
    r"(?:quyết định|nghị quyết|chỉ thị|kế hoạch|công văn|thông báo|thông tư|nghị định|"
    r"số\s+\S+/\S+|tính đến|đến hết|đến nay|từ|trước|sau|kể từ|hạn|thời hạn|đến)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DayMention:
    day: int
    month: int
    year: int | None
    start: int


def find_meeting_days(text: str) -> list[DayMention]:
    """Day mentions that can be the meeting's day, in reading order."""
    out = []
    for m in _MEETING_DAY.finditer(text):
        d = m.group("d") or m.group("d2")
        mo = m.group("m") or m.group("m2")
        y = m.group("y") or m.group("y2")
        before = text[max(0, m.start() - 40) : m.start()]
        if _NOT_MEETING_BEFORE.search(before):
            continue
        day, month = int(d), int(mo)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        out.append(DayMention(day, month, int(y) if y else None, m.start()))
    return out


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def year_before(ref: dt.date, month: int, day: int, *, slack_days: int = 0) -> dt.date | None:
    """The date with this day and month on or before ``ref`` (plus slack), nearest to it."""
    for year in (ref.year, ref.year - 1):
        candidate = make_date(year, month, day)
        if candidate and candidate <= ref + dt.timedelta(days=slack_days):
            return candidate
    return None


_URL_DATE = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])/"),
    re.compile(r"/d(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"),
    re.compile(r"[-_](?P<d>0[1-9]|[12]\d|3[01])(?P<m>0[1-9]|1[0-2])(?P<y>(?:19|20)\d{2})[-_.]"),
)


def url_month(url: str | None) -> dt.date | None:
    """The year and month a page's address carries (``/201403/``, ``/2022/01/``,
    ``/d20200113…``), as the last day it allows."""
    if not url:
        return None
    for pattern in _URL_DATE:
        m = pattern.search(url)
        if m:
            year, month = int(m.group("y")), int(m.group("m"))
            day = int(m.groupdict().get("d") or 0)
            if day:
                return make_date(year, month, day)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
    return None
