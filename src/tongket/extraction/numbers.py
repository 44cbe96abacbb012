"""Vietnamese numbers: ``.`` groups thousands and ``,`` is the decimal mark (``2.060``,
``5,6``, ``41,10``), with scale words (nghìn/ngàn, triệu, tỷ/tỉ) applied."""

from __future__ import annotations

import functools
import math
import re

from tongket.extraction.lexicon import load


@functools.cache
def scales() -> dict[str, int]:
    return {k: int(v) for k, v in load("figures")["scales"].items()}


def parse_number(text: str) -> float:
    """``2.060`` → 2060, ``5,6`` → 5.6, ``491,003`` → 491.003, ``1.5`` → 1.5.

    ``ValueError`` for what is no finite number (hundreds of digits read as infinity)."""
    value = _parse(text.strip())
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text[:24]}")
    return value


def _parse(text: str) -> float:
    if "," in text:
        whole, _, frac = text.rpartition(",")
        whole = whole.replace(".", "").replace(",", "")
        return float(f"{whole or 0}.{frac}")
    if "." in text:
        groups = text.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        if len(groups) == 2:
            return float(text)
        return float("".join(groups))
    return float(text)


def apply_scale(value: float, words: list[str]) -> float:
    table = scales()
    for word in words:
        value *= table.get(word.lower(), 1)
    return value


def as_json_number(value: float) -> int | float:
    """Integral values as ``int`` (2060000000000, not 2.06e12); others rounded to 10 places."""
    rounded = round(value, 10)
    return int(rounded) if float(rounded).is_integer() else rounded


def scale_pattern() -> str:
    words = sorted(scales(), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)
