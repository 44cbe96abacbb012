"""Vietnamese wording shared by the renderers: dates in words, figures in their measure,
changes, lists. Plain functions of their arguments."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from tongket.core.numbers import format_number
from tongket.indicators.display import fixed as _fixed
from tongket.indicators.display import indicator_display
from tongket.indicators.models import Indicator
from tongket.papers.content import Measure


def date_in_words(day: dt.date) -> str:
    """«ngày 05 tháng 01 năm 2018»: a zero before days 1–9 and months 1–2 (Nghị định
    30/2020/NĐ-CP, Phụ lục I, mục II.5)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: dt.date) -> str:
    """«Thái Bình, ngày 05 tháng 01 năm 2018»."""
    words = date_in_words(day)
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def upper(text: str) -> str:
    """Upper case that keeps Vietnamese letters whole («Đ», «Ữ»)."""
    return unicodedata.normalize("NFC", text).upper()


def measure_for(indicator: Indicator) -> Measure:
    """How to show an indicator: in its catalogue display unit, scale and decimals
    («tỷ đồng», 1e9, one decimal)."""
    shown = indicator_display(indicator)
    return Measure(label=shown.unit, scale=shown.scale, decimals=shown.decimals)


def fixed(value: float, decimals: int) -> str:
    """``2060`` → «2.060,0» with ``decimals=1``: every figure of a column with as many
    decimals (``format_number`` drops the zeros, which suits a sentence, not a table)."""
    return _fixed(value, decimals)


def figure(value: float | None, measure: Measure, *, table: bool = False) -> str:
    """The value in its measure, Vietnamese style: «2.060», «35,5» in a sentence; in a
    ``table`` with the measure's decimals always («2.060,0»). «» when missing."""
    if value is None:
        return ""
    shown = round(value / measure.scale, measure.decimals)
    if table:
        return fixed(shown, measure.decimals)
    if measure.decimals == 0:
        return format_number(int(shown))
    return format_number(shown, measure.decimals)


def figure_with_unit(value: float | None, measure: Measure) -> str:
    text = figure(value, measure)
    if not text:
        return ""
    if measure.label in ("%", ""):
        return f"{text}{measure.label}"
    return f"{text} {measure.label}"


def percent(value: float | None, decimals: int = 1) -> str:
    """«103,6%», «99,0%»; «» when missing."""
    if value is None:
        return ""
    return f"{fixed(round(value, decimals), decimals)}%"


def signed_percent(value: float | None, decimals: int = 1) -> str:
    """«+13,9%», «-2,1%», «0,0%»."""
    if value is None:
        return ""
    rounded = round(value, decimals)
    sign = "+" if rounded > 0 else ""
    return f"{sign}{fixed(rounded, decimals)}%"


def change_words(value: float | None, previous: float | None, since: str) -> str:
    """«tăng 19% so với năm 2016», «giảm 2,1% so với năm 2016», «bằng năm 2016»."""
    if value is None or previous is None or previous == 0:
        return ""
    pct = (value - previous) / abs(previous) * 100
    rounded = round(pct, 1)
    if rounded == 0:
        return f"bằng {since}"
    word = "tăng" if rounded > 0 else "giảm"
    return f"{word} {format_number(abs(rounded), 1)}% so với {since}"


def join_words(items: Sequence[str], last: str = "và") -> str:
    """«A, B và C»."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def sentence(text: str) -> str:
    """The text with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:;" else f"{text}."


def counts_words(collectives: int | None, individuals: int | None) -> str:
    """«1 tập thể và 1 cá nhân», «nhiều tập thể và cá nhân» when the counts are unknown."""
    parts = []
    if collectives:
        parts.append(f"{format_number(collectives)} tập thể")
    if individuals:
        parts.append(f"{format_number(individuals)} cá nhân")
    if not parts:
        return "nhiều tập thể và cá nhân"
    return join_words(parts)
