"""Reporting periods and their cut-off rules.

Codes: a year ``2017``, a half ``2017S1``, a quarter ``2017Q1``, a month ``2017-01``.

Two cut-off rules give a period its days:

* ``calendar`` (statistics): 2017Q1 is 01/01/2017 to 31/03/2017.
* ``decree09`` (Decree 09/2019/NĐ-CP, art. 12): a report's figures run from the 15th of the
  month before the period to the 14th of its last month; a year is 15/12 of the previous
  year to 14/12; a half is 15/12 to 14/06 or 15/06 to 14/12.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"


class Cutoff(StrEnum):
    CALENDAR = "calendar"
    DECREE09 = "decree09"


_PATTERNS = (
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})S([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), PeriodKind.MONTH),
)

# Periods as people write them, in Vietnamese and in English (matched on NFC lower case).
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS_EN = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_HALF_WORDS = {"đầu": 1, "cuối": 2, "first": 1, "1st": 1, "second": 2, "2nd": 2, "1": 1, "2": 2}
_WORDS = (
    (re.compile(r"^(?:năm|year)\s+(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})$"), PeriodKind.HALF),
    (re.compile(r"^(first|second|1st|2nd)\s+half(?:\s+of)?\s+(\d{4})$"), PeriodKind.HALF),
    (re.compile(r"^h([12])\s*[/ ]?\s*(\d{4})$"), PeriodKind.HALF),
    (re.compile(r"^quý\s+(iv|i{1,3}|[1-4])\s*(?:/|\s)\s*(?:năm\s+)?(\d{4})$"), PeriodKind.QUARTER),
    (re.compile(r"^q([1-4])\s*[/ ]?\s*(\d{4})$"), PeriodKind.QUARTER),
    (
        re.compile(r"^quarter\s+(iv|i{1,3}|[1-4])\s*(?:/|\s)\s*(?:of\s+)?(\d{4})$"),
        PeriodKind.QUARTER,
    ),
    (re.compile(r"^(?:tháng\s+)?(\d{1,2})\s*(?:/|\s)\s*(?:năm\s+)?(\d{4})$"), PeriodKind.MONTH),
    (re.compile(r"^([a-z]+)\.?\s+(\d{4})$"), PeriodKind.MONTH),
)


def _parse_words(text: str) -> tuple[int, PeriodKind, int] | None:
    """``Quý III/2026``, ``6 tháng đầu năm 2026``, ``Tháng 11/2026``, ``Q3 2026``,
    ``November 2026`` … as (year, kind, number), or None."""
    words = " ".join(unicodedata.normalize("NFC", text).lower().split())
    for pattern, kind in _WORDS:
        m = pattern.match(words)
        if not m:
            continue
        if kind is PeriodKind.YEAR:
            return int(m.group(1)), kind, 1
        part, year = m.group(1), int(m.group(2))
        if kind is PeriodKind.HALF:
            return year, kind, _HALF_WORDS[part]
        if kind is PeriodKind.QUARTER:
            return year, kind, _ROMAN[part] if part in _ROMAN else int(part)
        number = int(part) if part.isdigit() else _MONTHS_EN.get(part, 0)
        if 1 <= number <= 12:
            return year, kind, number
    return None


_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.HALF: 2, PeriodKind.YEAR: 3}


class PeriodError(ValueError):
    pass


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: PeriodKind
    number: int  # 1 for a year; 1-2 halves; 1-4 quarters; 1-12 months

    @classmethod
    def parse(cls, code: str) -> Period:
        """A period from its code (``2026``, ``2026S1``, ``2026Q3``, ``2026-11``) or as people
        write it (``Năm 2026``, ``6 tháng đầu năm 2026``, ``Quý III/2026``, ``Tháng 11/2026``;
        ``first half of 2026``, ``Q3 2026``, ``November 2026``)."""
        text = str(code).strip().upper()
        found: tuple[int, PeriodKind, int] | None = None
        for pattern, kind in _PATTERNS:
            m = pattern.match(text)
            if m:
                number = int(m.group(2)) if kind is not PeriodKind.YEAR else 1
                found = (int(m.group(1)), kind, number)
                break
        else:
            found = _parse_words(str(code)) if len(str(code)) <= 60 else None
        if found is not None and 1900 <= found[0] <= 2200:
            return cls(*found)
        raise PeriodError(
            f"Kỳ báo cáo không hợp lệ: «{code}» (viết như Năm 2026, 6 tháng đầu năm 2026, "
            f"Quý III/2026, Tháng 11/2026, hoặc mã 2026, 2026S1, 2026Q3, 2026-11) / "
            f"invalid period «{code}» (write it as year 2026, first half of 2026, Q3 2026, "
            f"November 2026, or the code 2026, 2026S1, 2026Q3, 2026-11)"
        )

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(year, PeriodKind.YEAR, 1)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}S{self.number}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def __str__(self) -> str:
        return self.code

    @property
    def first_month(self) -> int:
        return {
            PeriodKind.YEAR: 1,
            PeriodKind.HALF: 6 * (self.number - 1) + 1,
            PeriodKind.QUARTER: 3 * (self.number - 1) + 1,
            PeriodKind.MONTH: self.number,
        }[self.kind]

    @property
    def last_month(self) -> int:
        return {
            PeriodKind.YEAR: 12,
            PeriodKind.HALF: 6 * self.number,
            PeriodKind.QUARTER: 3 * self.number,
            PeriodKind.MONTH: self.number,
        }[self.kind]

    @property
    def half(self) -> int:
        return 1 if self.last_month <= 6 else 2

    @property
    def quarter(self) -> int:
        return (self.last_month - 1) // 3 + 1

    def start(self, cutoff: Cutoff = Cutoff.CALENDAR) -> dt.date:
        if cutoff is Cutoff.CALENDAR:
            return dt.date(self.year, self.first_month, 1)
        if self.first_month == 1:
            return dt.date(self.year - 1, 12, 15)
        return dt.date(self.year, self.first_month - 1, 15)

    def end(self, cutoff: Cutoff = Cutoff.CALENDAR) -> dt.date:
        if cutoff is Cutoff.CALENDAR:
            return _month_end(self.year, self.last_month)
        return dt.date(self.year, self.last_month, 14)

    def contains(self, day: dt.date, cutoff: Cutoff = Cutoff.CALENDAR) -> bool:
        return self.start(cutoff) <= day <= self.end(cutoff)

    def months(self) -> list[Period]:
        return [
            Period(self.year, PeriodKind.MONTH, m)
            for m in range(self.first_month, self.last_month + 1)
        ]

    def parts(self, kind: PeriodKind) -> list[Period]:
        """The periods of ``kind`` that make up this one (a year's four quarters...)."""
        if _RANK[kind] > _RANK[self.kind]:
            raise PeriodError(f"{self.code} has no {kind} parts")
        size = {
            PeriodKind.MONTH: 1,
            PeriodKind.QUARTER: 3,
            PeriodKind.HALF: 6,
            PeriodKind.YEAR: 12,
        }[kind]
        return [
            Period(self.year, kind, (m - 1) // size + 1 if kind is not PeriodKind.YEAR else 1)
            for m in range(self.first_month, self.last_month + 1, size)
        ]

    def containing(self, kind: PeriodKind) -> Period:
        """The period of ``kind`` this one lies in (2017-05 lies in 2017Q2)."""
        if _RANK[kind] < _RANK[self.kind]:
            raise PeriodError(f"{self.code} does not lie in one {kind}")
        if kind is PeriodKind.YEAR:
            return Period.year_of(self.year)
        if kind is PeriodKind.HALF:
            return Period(self.year, kind, self.half)
        if kind is PeriodKind.QUARTER:
            return Period(self.year, kind, self.quarter)
        return self

    def shift_years(self, years: int) -> Period:
        return Period(self.year + years, self.kind, self.number)

    def previous(self) -> Period:
        """The period just before, of the same kind (2017Q1 → 2016Q4)."""
        count = {
            PeriodKind.YEAR: 1,
            PeriodKind.HALF: 2,
            PeriodKind.QUARTER: 4,
            PeriodKind.MONTH: 12,
        }[self.kind]
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, count)

    def label_vi(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"Năm {self.year}"
        if self.kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {['I', 'II', 'III', 'IV'][self.number - 1]} năm {self.year}"
        return f"Tháng {self.number:02d}/{self.year}"


def period_for_day(day: dt.date, kind: PeriodKind, cutoff: Cutoff = Cutoff.CALENDAR) -> Period:
    """The period of ``kind`` whose window (under ``cutoff``) contains ``day``."""
    year, month = day.year, day.month
    if cutoff is Cutoff.DECREE09 and day.day >= 15:
        month += 1
        if month == 13:
            year, month = year + 1, 1
    month_period = Period(year, PeriodKind.MONTH, month)
    return month_period.containing(kind)
