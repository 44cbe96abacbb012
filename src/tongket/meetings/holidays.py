"""Working days of Vietnamese state agencies: weekends, public holidays and their make-up days.

The holidays are data (``data/holidays.yaml``): the statutory list of each Labour Code, and
the days off the government announced for a year where they differ from the statute
(moved days and Saturdays worked in exchange). Lunar holidays come from
:mod:`tongket.meetings.lunar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tongket.meetings import lunar

_WEEKEND = (5, 6)  # Saturday, Sunday


@dataclass(frozen=True, order=True)
class DayOff:
    day: dt.date
    name: str
    group: str
    kind: str  # "holiday", "compensatory" (nghỉ bù) or "announced" (lịch nghỉ đã công bố)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("tongket.meetings").joinpath("data/holidays.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _applies(rule: dict, day: dt.date) -> bool:
    start, until = rule.get("from"), rule.get("until")
    return (start is None or day >= start) and (until is None or day <= until)


def _md(year: int, text: str) -> dt.date:
    month, day = (int(x) for x in text.split("-"))
    return dt.date(year, month, day)


def _rule_days(rule: dict, year: int) -> list[dt.date]:
    if "solar" in rule:
        return [_md(year, rule["solar"])]
    if "lunar" in rule:
        month, day = (int(x) for x in rule["lunar"].split("-"))
        return [lunar.solar_date(year, month, day)]
    if "lunar_new_year" in rule:
        tet = lunar.tet_day(year)
        spec = rule["lunar_new_year"]
        first = tet - dt.timedelta(days=spec["before"])
        return [first + dt.timedelta(days=i) for i in range(spec["before"] + spec["after"])]
    if rule.get("national_day_adjacent"):
        weekday = dt.date(year, 9, 2).weekday()
        return [_md(year, _data()["national_day_adjacent"][weekday])]
    raise ValueError(f"holiday rule without a date: {rule}")


def _statutory(year: int) -> list[DayOff]:
    days: list[DayOff] = []
    for rule in _data()["statutory"]:
        for day in _rule_days(rule, year):
            if _applies(rule, day):
                days.append(DayOff(day, rule["name"], rule["group"], "holiday"))
    return sorted(days)


def _announced(year: int) -> dict[str, dict]:
    return (_data().get("announced") or {}).get(year) or {}


@lru_cache(maxsize=512)
def days_off(year: int) -> tuple[DayOff, ...]:
    """The days off of the holidays of ``year`` (a few may fall in the adjacent years)."""
    announced = _announced(year)
    statutory = [d for d in _statutory(year) if d.group not in announced]
    taken = {d.day for d in statutory}
    result = list(statutory)
    for group, spec in announced.items():
        first, last = spec["days_off"]
        name = next((r["name"] for r in _data()["statutory"] if r["group"] == group), group)
        day = first
        while day <= last:
            result.append(DayOff(day, name, group, "announced"))
            taken.add(day)
            day += dt.timedelta(days=1)
    # Nghỉ bù: each statutory holiday on a weekend gives the next working day off.
    for holiday in statutory:
        if holiday.day.weekday() not in _WEEKEND:
            continue
        day = holiday.day + dt.timedelta(days=1)
        while day.weekday() in _WEEKEND or day in taken:
            day += dt.timedelta(days=1)
        taken.add(day)
        result.append(DayOff(day, f"Nghỉ bù {holiday.name}", holiday.group, "compensatory"))
    return tuple(sorted(result))


@lru_cache(maxsize=512)
def make_up_days(year: int) -> frozenset[dt.date]:
    """Saturdays worked in exchange for a moved day off (làm bù) in the holidays of ``year``."""
    return frozenset(day for spec in _announced(year).values() for day in spec.get("make_up", []))


@lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    years = (day.year, day.year + 1)  # 01/01 of next year may bring days off in late December
    if any(day in make_up_days(y) for y in years):
        return True
    if day.weekday() in _WEEKEND:
        return False
    return not any(d.day == day for y in years for d in days_off(y))


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
