"""Vietnamese wording shared by the renderers: dates in words, figures in their measure,
changes, lists. Plain functions of their arguments."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from tongket.core.numbers import format_number
from tongket.papers.content import Measure

_MONEY_STEPS = ((1e9, "tỷ đồng"), (1e6, "triệu đồng"))


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


def measure_for(unit_of_measure: str, value_type: str, values: Sequence[float | None]) -> Measure:
    """How to show an indicator: money in «tỷ đồng» or «triệu đồng» when it is that large,
    shares and rates with decimals, counts whole."""
    present = [abs(v) for v in values if v is not None]
    if unit_of_measure == "đồng":
        for scale, label in _MONEY_STEPS:
            if present and max(present) >= scale:
                return Measure(label=label, scale=scale, decimals=1)
        return Measure(label=unit_of_measure, decimals=0)
    if value_type == "integer":
        return Measure(label=unit_of_measure, decimals=0)
    if value_type == "money":
        return Measure(label=unit_of_measure, decimals=0)
    return Measure(label=unit_of_measure, decimals=2 if value_type == "decimal" else 1)


def fixed(value: float, decimals: int) -> str:
    """``2060`` → «2.060,0» with ``decimals=1``: every figure of a column with as many
    decimals (``format_number`` drops the zeros, which suits a sentence, not a table)."""
    text = f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


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
