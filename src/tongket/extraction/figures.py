"""Figures: every quantity written with digits and a unit noun or ``%``, in order, repeats
included; dates, years, periods, clock times, document numbers, ranks, levels, numbers inside
names and a number cut off at the end of an excerpt are left out."""

from __future__ import annotations

import functools
import math
import re

from tongket.extraction.lexicon import alternation, fold, load
from tongket.extraction.numbers import apply_scale, as_json_number, parse_number, scale_pattern

_NUMBER = re.compile(r"(?<![\w/:.,@#-])(\d+(?:[.,]\d+)*)(?![\w])")
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def _data():
    data = load("figures")
    units = alternation(data["multiword_units"] + data["acronym_units"])
    known = {fold(u) for u in data["multiword_units"] + data["acronym_units"]}
    not_units = {fold(u) for u in data["not_units"]}
    before = sorted({fold(w) for w in data["not_figure_before"]}, key=len, reverse=True)
    before_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in before) + r")\s*$")
    scale_re = re.compile(rf"(?:\s*(?:{scale_pattern()})(?!\w))+", re.IGNORECASE)
    durations = {fold(w) for w in data["duration_units"]}
    period_after = re.compile(data["period_after_duration"], re.IGNORECASE)
    return (
        units,
        known,
        not_units,
        before_re,
        scale_re,
        durations,
        period_after,
        data["bare_scale_unit"],
    )


def extract_figures(text: str) -> list[dict]:
    units, known, not_units, before_re, scale_re, durations, period_after, bare_unit = _data()
    folded = fold(text)
    out = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        raw = m.group(1)
        if raw.endswith((".", ",")):
            continue
        prefix = folded[max(0, start - 30) : start]
        if before_re.search(prefix):
            continue
        if re.search(r"(?:ngày|sáng|chiều|tối|trưa|hôm)\s*$", prefix):
            continue
        pos = end
        # "9/16 nhiệm vụ": the figure is the first number; a date "10/1" has no unit after it.
        sm = re.match(r"/\d+(?![\d/])", text[pos:])
        if sm:
            pos += sm.end()
        elif text[pos : pos + 1] in "/-–:" and not text[pos : pos + 2].startswith("- "):
            continue
        try:
            value = parse_number(raw)
        except ValueError:
            continue
        rest = text[pos:]
        pm = re.match(r"\s?%", rest)
        if pm:
            out.append(
                {"value": as_json_number(value), "unit": "%", "text": text[start : pos + pm.end()]}
            )
            continue
        scale_m = scale_re.match(rest)
        scale_words: list[str] = []
        if scale_m:
            scale_words = scale_m.group(0).split()
            pos += scale_m.end()
        unit, unit_end = _unit_at(text, folded, pos, units, known, not_units)
        if unit is None:
            if (
                scale_words
                and fold(scale_words[-1]) in ("tỷ", "tỉ")
                and not re.match(r"\s*\w", text[pos : pos + 2] or "x")
            ) or (
                scale_words
                and fold(scale_words[-1]) in ("tỷ", "tỉ")
                and re.match(r"\s*[,;.)]", text[pos:])
            ):
                unit, unit_end = bare_unit, pos
            else:
                continue
        if unit_end >= len(text.rstrip()) and unit != bare_unit:
            continue  # cut off at the end of an excerpt
        head = fold(unit.split()[0]) if unit else ""
        if head in durations:
            after = text[unit_end:].lstrip()
            if period_after.match(after) or (head == "năm" and re.match(r"\d{4}", after)):
                continue
        value = apply_scale(value, scale_words)
        if not math.isfinite(value):
            continue  # a scale word carried it past what a float holds: no figure
        out.append(
            {"value": as_json_number(value), "unit": unit, "text": text[start:unit_end].strip()}
        )
    return out


def _unit_at(text: str, folded: str, pos: int, units, known, not_units) -> tuple[str | None, int]:
    sp = re.match(r"[ \t]?", text[pos:])
    at = pos + (sp.end() if sp else 0)
    if at == pos and at < len(text) and text[at].isalpha():
        return None, pos
    m = units.match(folded, at)
    if m:
        unit = text[at : m.end()]
        end = m.end()
    else:
        w = _WORD.match(text, at)
        if not w:
            return None, pos
        unit, end = w.group(0), w.end()
        if fold(unit) in not_units:
            return None, pos
        if unit[0].isupper() and fold(unit) not in known:
            return None, pos
    # A rate keeps its base: "35 máy/100 dân".
    rate = re.match(r"/\s?(?:(\d+)\s+)?([^\W\d_]+)", text[end:])
    if rate:
        base = f"{rate.group(1)} {rate.group(2)}" if rate.group(1) else rate.group(2)
        unit = f"{unit}/{base}"
        end += rate.end()
    if unit[0].isupper() and fold(unit) in known and not unit.isupper():
        unit = unit[0].lower() + unit[1:]
    return unit, end
