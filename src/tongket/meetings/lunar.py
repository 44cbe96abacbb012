"""The Vietnamese lunisolar calendar (âm lịch), computed from the positions of the Sun and Moon.

Vietnam's public holidays Tết Nguyên đán (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar) move
in the solar calendar, so the working-day count needs the lunar dates of each year.

Method (the rules of the Chinese-Vietnamese calendar, computed for Vietnam's time zone):

* A lunar month begins on the local calendar day (UTC+7) of a new moon. Times of new moons come
  from J. Meeus, *Astronomical Algorithms* (2nd ed., 1998), chapter 49, with all periodic and
  planetary terms (error well under a minute for 1900-2100), converted from dynamical time to
  universal time with the ΔT polynomials of Espenak & Meeus (NASA, 2006).
* The month containing the winter solstice (Sun at 270°) is month 11.
* When 13 new moons begin between one month 11 and the next, the year has a leap month: the
  first month after month 11 in which the Sun enters no new 30° sign (no "major solar term",
  trung khí) repeats the number of the month before it. The Sun's longitude is Meeus chapter 25
  (error about 0.01°, i.e. about fifteen minutes of time).

The time zone matters: the new moon of 17/02/2007 fell at 23:14 in Hà Nội but 00:14 on the
18th in Beijing, so Tết Đinh Hợi was 17/02/2007 in Vietnam and 18/02/2007 in China.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

TIME_ZONE_HOURS = 7.0
_SYNODIC_MONTH = 29.530588861
_J2000 = 2451545.0
_JD_UNIX_EPOCH = 2440587.5  # 01/01/1970 00:00 UT


def _sin(degrees: float) -> float:
    return math.sin(math.radians(degrees))


def delta_t_days(year: float) -> float:
    """TT − UT in days (Espenak & Meeus); enough for the years this calendar serves."""
    if 2005 <= year < 2050:
        t = year - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t * t
    elif 1986 <= year < 2005:
        t = year - 2000
        seconds = (
            63.86
            + 0.3345 * t
            - 0.060374 * t**2
            + 0.0017275 * t**3
            + 0.000651814 * t**4
            + 0.00002373599 * t**5
        )
    elif 1961 <= year < 1986:
        t = year - 1975
        seconds = 45.45 + 1.067 * t - t * t / 260 - t**3 / 718
    elif 2050 <= year < 2150:
        seconds = -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year)
    else:
        u = (year - 1820) / 100
        seconds = -20 + 32 * u * u
    return seconds / 86400.0


def new_moon_jde(k: int) -> float:
    """Julian Ephemeris Day of the ``k``-th new moon after the one of 06/01/2000 (Meeus 49)."""
    t = k / 1236.85
    jde = (
        2451550.09766
        + _SYNODIC_MONTH * k
        + 0.00015437 * t**2
        - 0.000000150 * t**3
        + 0.00000000073 * t**4
    )
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = 2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3
    mp = 201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    f = 160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    omega = 124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3
    jde += (
        -0.40720 * _sin(mp)
        + 0.17241 * e * _sin(m)
        + 0.01608 * _sin(2 * mp)
        + 0.01039 * _sin(2 * f)
        + 0.00739 * e * _sin(mp - m)
        - 0.00514 * e * _sin(mp + m)
        + 0.00208 * e * e * _sin(2 * m)
        - 0.00111 * _sin(mp - 2 * f)
        - 0.00057 * _sin(mp + 2 * f)
        + 0.00056 * e * _sin(2 * mp + m)
        - 0.00042 * _sin(3 * mp)
        + 0.00042 * e * _sin(m + 2 * f)
        + 0.00038 * e * _sin(m - 2 * f)
        - 0.00024 * e * _sin(2 * mp - m)
        - 0.00017 * _sin(omega)
        - 0.00007 * _sin(mp + 2 * m)
        + 0.00004 * _sin(2 * mp - 2 * f)
        + 0.00004 * _sin(3 * m)
        + 0.00003 * _sin(mp + m - 2 * f)
        + 0.00003 * _sin(2 * mp + 2 * f)
        - 0.00003 * _sin(mp + m + 2 * f)
        + 0.00003 * _sin(mp - m + 2 * f)
        - 0.00002 * _sin(mp - m - 2 * f)
        - 0.00002 * _sin(3 * mp + m)
        + 0.00002 * _sin(4 * mp)
    )
    planetary = (
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * t * t),
        (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k),
        (0.000126, 349.42 + 36.412478 * k),
        (0.000110, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k),
        (0.000060, 207.14 + 2.453732 * k),
        (0.000056, 154.84 + 7.306860 * k),
        (0.000047, 34.52 + 27.261239 * k),
        (0.000042, 207.19 + 0.121824 * k),
        (0.000040, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k),
        (0.000035, 239.56 + 25.513099 * k),
        (0.000023, 331.55 + 3.592518 * k),
    )
    return jde + sum(coef * _sin(arg) for coef, arg in planetary)


def _year_of_jd(jd: float) -> float:
    return 2000.0 + (jd - _J2000) / 365.25


def jd_to_local_date(jd_ut: float, hours: float = TIME_ZONE_HOURS) -> dt.date:
    days = jd_ut + hours / 24.0 - _JD_UNIX_EPOCH
    return dt.date(1970, 1, 1) + dt.timedelta(days=math.floor(days))


def local_date_to_jd(day: dt.date, hours: float = TIME_ZONE_HOURS) -> float:
    """Julian Day (UT) of local midnight starting ``day``."""
    return _JD_UNIX_EPOCH + (day - dt.date(1970, 1, 1)).days - hours / 24.0


def new_moon_ut(k: int) -> float:
    jde = new_moon_jde(k)
    return jde - delta_t_days(_year_of_jd(jde))


def new_moon_day(k: int) -> dt.date:
    """Local (UTC+7) date of the ``k``-th new moon."""
    return jd_to_local_date(new_moon_ut(k))


def sun_longitude(jd_ut: float) -> float:
    """Apparent ecliptic longitude of the Sun in degrees, 0 ≤ λ < 360 (Meeus 25)."""
    jde = jd_ut + delta_t_days(_year_of_jd(jd_ut))
    t = (jde - _J2000) / 36525.0
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * _sin(m)
        + (0.019993 - 0.000101 * t) * _sin(2 * m)
        + 0.000289 * _sin(3 * m)
    )
    omega = 125.04 - 1934.136 * t
    return (l0 + c - 0.00569 - 0.00478 * _sin(omega)) % 360.0


def _sign(jd_ut: float) -> int:
    """The 30° sign the Sun is in (0: 0°-30° ... 9: 270°-300°, the winter solstice's)."""
    return int(sun_longitude(jd_ut) // 30)


def _k_before(day: dt.date) -> int:
    """The index of the last new moon whose local day is on or before ``day``."""
    k = math.floor((local_date_to_jd(day) - 2451550.1) / _SYNODIC_MONTH)
    while new_moon_day(k + 1) <= day:
        k += 1
    while new_moon_day(k) > day:
        k -= 1
    return k


def _winter_solstice_day(year: int) -> dt.date:
    """Local date the Sun reaches 270° in December of ``year`` (bisection on its longitude)."""
    lo = local_date_to_jd(dt.date(year, 12, 15))
    hi = local_date_to_jd(dt.date(year, 12, 27))
    for _ in range(50):
        mid = (lo + hi) / 2
        if sun_longitude(mid) < 270.0:
            lo = mid
        else:
            hi = mid
    return jd_to_local_date(hi)


def _month11_k(year: int) -> int:
    """Index of the new moon that begins lunar month 11 of ``year`` (it holds the solstice)."""
    return _k_before(_winter_solstice_day(year))


def _has_major_term(k: int) -> bool:
    """Whether the Sun enters a new 30° sign during the month beginning at new moon ``k``."""
    start = local_date_to_jd(new_moon_day(k))
    end = local_date_to_jd(new_moon_day(k + 1))
    return _sign(start) != _sign(end)


@dataclass(frozen=True)
class LunarMonth:
    number: int  # 1..12
    leap: bool
    start: dt.date  # local day of its new moon
    days: int  # 29 or 30


@lru_cache(maxsize=256)
def lunar_months(year: int) -> tuple[LunarMonth, ...]:
    """The months from month 11 of ``year - 1`` up to (not including) month 11 of ``year``."""
    a = _month11_k(year - 1)
    b = _month11_k(year)
    leap_year = (b - a) == 13
    months: list[LunarMonth] = []
    number, leap_done = 11, False
    for k in range(a, b):
        leap = False
        if k > a:
            if leap_year and not leap_done and not _has_major_term(k):
                leap, leap_done = True, True
            else:
                number = number % 12 + 1
        start = new_moon_day(k)
        months.append(LunarMonth(number, leap, start, (new_moon_day(k + 1) - start).days))
    return tuple(months)


def solar_date(year: int, month: int, day: int, *, leap: bool = False) -> dt.date:
    """The solar date of lunar ``day/month`` of the lunar year that begins in solar ``year``.

    Months 11 and 12 belong to that lunar year too, so they fall early in ``year + 1``.
    """
    table = lunar_months(year + 1) if month >= 11 else lunar_months(year)
    for m in table:
        if m.number == month and m.leap == leap:
            if not 1 <= day <= m.days:
                raise ValueError(f"lunar {day}/{month}/{year} does not exist")
            return m.start + dt.timedelta(days=day - 1)
    raise ValueError(f"lunar month {month}{' (leap)' if leap else ''} not in {year}")


def tet_day(year: int) -> dt.date:
    """Mùng 1 Tết Nguyên đán of ``year``."""
    return solar_date(year, 1, 1)


def hung_kings_day(year: int) -> dt.date:
    """Giỗ Tổ Hùng Vương, 10/3 lunar (of the ordinary third month, never a leap one)."""
    return solar_date(year, 3, 10)


def to_lunar(day: dt.date) -> tuple[int, int, int, bool]:
    """``(lunar year, month, day, leap)`` of a solar date; the year is the one Tết begins."""
    for year in (day.year + 1, day.year, day.year - 1):
        for m in lunar_months(year):
            if m.start <= day < m.start + dt.timedelta(days=m.days):
                lunar_year = year - 1 if m.number >= 11 else year
                return lunar_year, m.number, (day - m.start).days + 1, m.leap
    raise ValueError(f"no lunar date for {day}")  # pragma: no cover - the loop covers all days
