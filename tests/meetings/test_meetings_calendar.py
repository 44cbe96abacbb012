"""The public holidays, the announced schedules and the working-day count."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tongket.meetings import holidays

D = dt.date

# Mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 âm lịch) as published in Vietnamese calendars.
TET = {
    2007: D(2007, 2, 17),
    2008: D(2008, 2, 7),
    2009: D(2009, 1, 26),
    2010: D(2010, 2, 14),
    2011: D(2011, 2, 3),
    2012: D(2012, 1, 23),
    2013: D(2013, 2, 10),
    2014: D(2014, 1, 31),
    2015: D(2015, 2, 19),
    2016: D(2016, 2, 8),
    2017: D(2017, 1, 28),
    2018: D(2018, 2, 16),
    2019: D(2019, 2, 5),
    2020: D(2020, 1, 25),
    2021: D(2021, 2, 12),
    2022: D(2022, 2, 1),
    2023: D(2023, 1, 22),
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
    2027: D(2027, 2, 6),
    2028: D(2028, 1, 26),
    2029: D(2029, 2, 13),
    2030: D(2030, 2, 2),
}
HUNG_KINGS = {
    2007: D(2007, 4, 26),
    2008: D(2008, 4, 15),
    2010: D(2010, 4, 23),
    2011: D(2011, 4, 12),
    2012: D(2012, 3, 31),
    2013: D(2013, 4, 19),
    2014: D(2014, 4, 9),
    2015: D(2015, 4, 28),
    2016: D(2016, 4, 16),
    2017: D(2017, 4, 6),
    2018: D(2018, 4, 25),
    2019: D(2019, 4, 14),
    2020: D(2020, 4, 2),
    2021: D(2021, 4, 21),
    2022: D(2022, 4, 10),
    2023: D(2023, 4, 29),
    2024: D(2024, 4, 18),
    2025: D(2025, 4, 7),
    2026: D(2026, 4, 26),
}


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_day(year):
    assert holidays.day_off_name(TET[year]) == "Tết Nguyên Đán"


@pytest.mark.parametrize("year", sorted(HUNG_KINGS))
def test_hung_kings_day(year):
    assert holidays.day_off_name(HUNG_KINGS[year]) == "Ngày Giỗ Tổ Hùng Vương"


def test_vietnam_time_zone_differs_from_china():
    # The new moon of 17/02/2007 fell at 23:14 in Hà Nội, 00:14 on the 18th in Beijing.
    assert holidays.day_off_name(D(2007, 2, 17)) == "Tết Nguyên Đán"
    assert holidays.day_off_name(D(2007, 2, 18)) == "Mùng hai Tết Nguyên Đán"


# The working days of each year as tongket counted them with its own lunar calendar and
# holiday rules, before the `holidays` package replaced them (weekdays off, Saturdays worked).
BEFORE = json.loads((Path(__file__).parent / "data" / "working_days_2007_2030.json").read_text())

# Where the package knows what the former rules did not, the count moves by these days, each
# named: (day, now a working day?).
KNOWN_SINCE = {
    # The announced swap across the new year: Saturday 27/12/2014 worked for Friday 02/01/2015.
    2014: [(D(2014, 12, 27), True)],
    2015: [(D(2015, 1, 2), False)],
    # The package gives Tết Quý Tỵ (10/02/2013) the fifth day of the 2012 Labour Code.
    2013: [(D(2013, 2, 15), False)],
    # Ngày Văn hóa Việt Nam (24/11, Resolution 80-NQ/TW), a day off from 2026.
    2026: [(D(2026, 11, 24), False)],
    2027: [(D(2027, 11, 24), False)],
    2028: [(D(2028, 11, 24), False)],
    2029: [(D(2029, 11, 26), False)],  # 24/11/2029 is a Saturday: nghỉ bù on Monday
    2030: [(D(2030, 11, 25), False)],  # a Sunday: nghỉ bù on Monday
}


def _year_days(year):
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((D(year, 12, 31) - first).days + 1)]


@pytest.mark.parametrize("year", range(2007, 2031))
def test_working_day_count_unchanged(year):
    count = sum(holidays.is_working_day(day) for day in _year_days(year))
    known = KNOWN_SINCE.get(year, [])
    for day, working in known:
        assert holidays.is_working_day(day) is working
    moved = sum(1 if working else -1 for _, working in known)
    assert count == BEFORE[str(year)]["working_days"] + moved


@pytest.mark.parametrize("year", range(2007, 2031))
def test_saturdays_worked_kept(year):
    for text in BEFORE[str(year)]["weekends_worked"]:
        assert holidays.is_working_day(dt.date.fromisoformat(text))


def _off(year):
    return {d.day for d in holidays.days_off(year)}


def test_statutory_holidays_and_compensatory_days():
    off = _off(2016)
    # Giỗ Tổ on Saturday 16/04/2016 → Monday 18/04; 30/4 and 1/5 on a weekend → 2/5 and 3/5.
    assert {D(2016, 4, 16), D(2016, 4, 18), D(2016, 5, 2), D(2016, 5, 3)} <= off
    assert D(2016, 4, 19) not in off
    # Labour Code 2012: Tết 5 days (last day of the old year + mùng 1-4); nghỉ bù after.
    assert {D(2016, 2, 7) + dt.timedelta(days=i) for i in range(6)} <= off


def test_tet_four_days_before_labour_code_2012():
    # Tết Canh Dần: 29 Tết to mùng 3 (13-16/02/2010), nghỉ bù for the Saturday and the Sunday
    # (17-18/02), and Friday 19/02 off for Saturday 27/02 worked (the announced swap).
    off = [D(2010, 2, 13) + dt.timedelta(days=i) for i in range(7)]
    assert not any(holidays.is_working_day(day) for day in off)
    assert holidays.is_working_day(D(2010, 2, 22))
    assert holidays.is_working_day(D(2010, 2, 27))
    # From 2013 the fifth day: Tết Bính Thân 2016 runs from 07/02 (Sunday) to 12/02.
    assert not holidays.is_working_day(D(2016, 2, 12))
    assert holidays.is_working_day(D(2016, 2, 15))


def test_no_hung_kings_day_before_2007():
    assert not [d for d in holidays.days_off(2006) if "Hùng Vương" in d.name]
    assert [d for d in holidays.days_off(2007) if "Hùng Vương" in d.name]


def test_national_day_two_days_from_2021():
    assert [d.day for d in holidays.days_off(2020) if d.name == "Quốc khánh"] == [D(2020, 9, 2)]
    # 2027: 02/9 is a Thursday, 03/9 joins it (statutory rule, no announcement in the data).
    assert {d.day for d in holidays.days_off(2027) if d.name == "Quốc khánh"} == {
        D(2027, 9, 2),
        D(2027, 9, 3),
    }


def test_announced_schedule_replaces_statutory_days():
    # 2024: 30/4-1/5 announced as 27/04-01/05 with Saturday 04/05 worked in exchange.
    assert not holidays.is_working_day(D(2024, 4, 29))
    assert holidays.is_working_day(D(2024, 5, 4))
    # 2019: Tết Dương lịch from 29/12/2018, Saturday 05/01/2019 worked.
    assert not holidays.is_working_day(D(2018, 12, 31))
    assert holidays.is_working_day(D(2019, 1, 5))


def test_working_days():
    assert holidays.is_working_day(D(2025, 8, 29))  # Friday
    assert not holidays.is_working_day(D(2025, 8, 30))  # Saturday
    assert not holidays.is_working_day(D(2025, 9, 1))  # Quốc khánh (day joined)
    assert not holidays.is_working_day(D(2025, 9, 2))
    assert holidays.day_off_name(D(2025, 9, 2)) in {"Quốc khánh"}
    # Thursday 28/08/2025: Fri 29 (1), [weekend, 1-2/9], Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5)
    assert holidays.add_working_days(D(2025, 8, 28), 5) == D(2025, 9, 8)
    assert holidays.working_days_between(D(2025, 8, 28), D(2025, 9, 8)) == 5
    assert holidays.working_days_between(D(2025, 8, 28), D(2025, 8, 28)) == 0
    with pytest.raises(ValueError):
        holidays.add_working_days(D(2025, 8, 28), -1)
