"""What kind of meeting it was and which periods it reviewed and planned, from the words that
name it ("Hội nghị tổng kết công tác năm 2006 và triển khai nhiệm vụ năm 2007", "sơ kết 6
tháng đầu năm", "giao ban báo chí tháng 5", "9 tháng đầu năm, triển khai nhiệm vụ 3 tháng
cuối năm")."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tongket.extraction.lexicon import load

_MEETING_WORDS = re.compile(
    r"hội nghị|giao ban|sơ kết|tổng kết|triển khai|buổi làm việc|làm việc với|họp", re.IGNORECASE
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:\s*(?:/|năm|-)\s*(?P<y>(?:19|20)\d{2}))?"
_PERIODS = [
    (
        "school",
        re.compile(r"năm học\s*(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)\d{2})", re.I),
    ),
    ("half1", re.compile(r"(?:6|sáu)\s+tháng\s+đầu\s+năm" + _YEAR, re.I)),
    ("half2", re.compile(r"(?:6|sáu)\s+tháng\s+cuối\s+năm" + _YEAR, re.I)),
    ("rest", re.compile(r"các\s+tháng\s+cuối\s+năm" + _YEAR, re.I)),
    ("nine2", re.compile(r"(?:9|chín)\s+tháng\s+cuối\s+năm" + _YEAR, re.I)),
    ("nine1", re.compile(r"(?:9|chín)\s+tháng(?:\s+đầu\s+năm)?" + _YEAR, re.I)),
    ("q4", re.compile(r"(?:3|ba)\s+tháng\s+cuối\s+năm" + _YEAR, re.I)),
    ("quarter", re.compile(r"quý\s+(?P<q>iv|i{1,3}|[1-4])(?![\w])" + _YEAR, re.I)),
    (
        "month",
        re.compile(r"(?<!\d\s)tháng\s+(?P<m>1[0-2]|0?[1-9])(?!\d)(?!/\d{1,2}\b)" + _YEAR, re.I),
    ),
    ("year", re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})(?!\s*[-–]\s*(?:19|20)\d{2})", re.I)),
]
_REVIEW = re.compile(r"tổng kết|sơ kết|giao ban|đánh giá|nhìn lại|kết quả", re.I)
_PLAN = re.compile(r"triển khai|phương hướng|kế hoạch|định hướng|mục tiêu|giải pháp|nhiệm vụ", re.I)


@dataclass
class Meeting:
    kind: str = "other"
    reviewed: str | None = None
    planned: str | None = None


@functools.cache
def _kinds() -> list[tuple[str, list[re.Pattern]]]:
    return [
        (k["kind"], [re.compile(p, re.IGNORECASE) for p in k["patterns"]])
        for k in load("meeting")["kinds"]
    ]


def meeting_sentence(lead: str) -> str:
    """The sentence of the lead that names the meeting."""
    for sentence in re.split(r"(?<=[.!?])\s+", lead):
        if _MEETING_WORDS.search(sentence):
            return sentence
    return ""


def meeting_kind(texts: list[str]) -> str:
    for kind, patterns in _kinds():
        for text in texts:
            if text and any(p.search(text) for p in patterns):
                return kind
    return "other"


def _periods_in(text: str) -> list[tuple[int, int, str, int | None, dict]]:
    """Period expressions: (start, end, kind, year or None, groups), without overlaps."""
    found: list[tuple[int, int, str, int | None, dict]] = []
    for kind, pattern in _PERIODS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, *_ in found):
                continue
            groups = m.groupdict()
            year = groups.get("y") or groups.get("a")
            found.append((m.start(), m.end(), kind, int(year) if year else None, groups))
    return sorted(found)


def _code(kind: str, year: int | None, groups: dict) -> str | None:
    if kind == "school":
        return f"{groups['a']}/{groups['b']}"
    if year is None:
        return None
    if kind == "year":
        return str(year)
    if kind == "half1":
        return f"{year}S1"
    if kind in ("half2", "rest"):
        return f"{year}S2"
    if kind == "nine1":
        return f"{year}-01/{year}-09"
    if kind == "nine2":
        return f"{year}-04/{year}-12"
    if kind == "q4":
        return f"{year}Q4"
    if kind == "quarter":
        return f"{year}Q{_ROMAN[groups['q'].lower()]}"
    if kind == "month":
        return f"{year}-{int(groups['m']):02d}"
    return None


def periods(text: str, *, default_year: int | None) -> tuple[str | None, str | None]:
    """(reviewed, planned) from a phrase that names a meeting."""
    found = _periods_in(text)
    if not found:
        return None, None
    years = [y for _, _, _, y, _ in found if y]
    reviewed = planned = None
    for start, _end, kind, year, groups in found:
        before = text[:start]
        last_review = max((m.end() for m in _REVIEW.finditer(before)), default=-1)
        last_plan = max((m.end() for m in _PLAN.finditer(before)), default=-1)
        strong_plan = max(
            (
                m.end()
                for m in re.finditer(r"triển khai|phương hướng|kế hoạch|định hướng", before, re.I)
            ),
            default=-1,
        )
        if strong_plan > last_review:
            role = "planned"
        elif last_review >= 0:
            role = "reviewed"
        elif last_plan >= 0:
            role = "planned"
        else:
            continue
        if kind in ("half2", "nine2", "q4", "rest") and role == "reviewed" and last_plan > -1:
            role = "planned"
        y = year
        if y is None:
            later = [yy for s, _, _, yy, _ in found if yy and s > start]
            y = later[0] if later else (years[0] if years else default_year)
        code = _code(kind, y, groups)
        if code is None:
            continue
        if role == "reviewed" and reviewed is None:
            reviewed = code
        elif role == "planned" and planned is None:
            planned = code
    return reviewed, planned


def infer_missing(meeting: Meeting, body: str) -> None:
    """A year-end meeting that names one year: the other comes from the body when it speaks of
    it; a half-year meeting: the other half."""
    if meeting.kind == "annual_review":
        if meeting.planned and not meeting.reviewed and re.fullmatch(r"\d{4}", meeting.planned):
            prev = int(meeting.planned) - 1
            if re.search(rf"năm\s+{prev}(?!\d)", body, re.I):
                meeting.reviewed = str(prev)
        if meeting.reviewed and not meeting.planned and re.fullmatch(r"\d{4}", meeting.reviewed):
            nxt = int(meeting.reviewed) + 1
            if re.search(
                rf"(?:nhiệm vụ|kế hoạch|phương hướng|mục tiêu|trong)\s+năm\s+{nxt}(?!\d)",
                body,
                re.I,
            ):
                meeting.planned = str(nxt)
    if meeting.kind == "midyear_review":
        for have, want, pat in (
            ("reviewed", "planned", r"6 tháng cuối năm"),
            ("planned", "reviewed", r"6 tháng đầu năm"),
        ):
            value = getattr(meeting, have)
            if (
                value
                and not getattr(meeting, want)
                and re.match(r"\d{4}S[12]$", value)
                and re.search(pat, body, re.I)
            ):
                setattr(meeting, want, f"{value[:4]}S{'2' if want == 'planned' else '1'}")
