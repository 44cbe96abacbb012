"""Working days of Vietnamese state agencies: weekends, public holidays and their make-up days.

The public holidays, their nghỉ bù and the lunar dates (Tết, Giỗ Tổ Hùng Vương) come from the
``holidays`` package (Vietnam, on the Vietnamese lunisolar calendar). What it cannot compute is
data here (``data/holidays.yaml``): the schedules the government announces each year for state
agencies (the days off of a holiday and the Saturdays worked in exchange).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import holidays as holiday_calendars
import yaml

_WEEKEND = (5, 6)  # Saturday, Sunday
_OBSERVED = "(nghỉ bù"


@dataclass(frozen=True, order=True)
class DayOff:
    day: dt.date
    name: str
    kind: str  # "holiday", "compensatory" (nghỉ bù) or "announced" (lịch nghỉ đã công bố)


@lru_cache(maxsize=1)
def _announced_data() -> dict[int, list[dict[str, Any]]]:
    text = resources.files("tongket.meetings").joinpath("data/holidays.yaml").read_text("utf-8")
    return yaml.safe_load(text)["announced"] or {}


@lru_cache(maxsize=64)
def _calendar(year: int) -> holiday_calendars.HolidayBase:
    return holiday_calendars.country_holidays("VN", years=year, language="vi")


def _announced(year: int) -> list[dict[str, Any]]:
    return _announced_data().get(year) or []


@lru_cache(maxsize=512)
def days_off(year: int) -> tuple[DayOff, ...]:
    """The weekdays and weekend days off of the holidays of ``year`` (some may fall in the
    adjacent years, where an announced schedule reaches across 1 January)."""
    result: dict[dt.date, DayOff] = {}
    for day, name in _calendar(year).items():
        kind = "compensatory" if _OBSERVED in name else "holiday"
        result[day] = DayOff(day, name, kind)
    for spec in _announced(year):
        first, last = spec["days_off"]
        day = first
        while day <= last:
            result.setdefault(day, DayOff(day, spec["name"], "announced"))
            day += dt.timedelta(days=1)
    return tuple(sorted(result.values()))


@lru_cache(maxsize=512)
def make_up_days(year: int) -> frozenset[dt.date]:
    """Saturdays worked in exchange for a moved day off (làm bù) in the holidays of ``year``."""
    announced = {day for spec in _announced(year) for day in spec.get("make_up", [])}
    return frozenset(announced | set(_calendar(year).weekend_workdays))


@lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    years = (day.year, day.year + 1)  # 01/01 of next year may bring days off in late December
    if any(day in make_up_days(y) for y in years):
        return True
    if day.weekday() in _WEEKEND:
        return False
    return day_off_name(day) is None


def day_off_name(day: dt.date) -> str | None:
    """The holiday ``day`` belongs to, or ``None`` (also for plain weekends)."""
    for year in (day.year, day.year + 1):
        for d in days_off(year):
            if d.day == day:
                return d.name
    return None


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    day = start
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days ``d`` with ``start < d ≤ end`` (0 when ``end ≤ start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
