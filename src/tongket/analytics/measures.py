"""Attainment, change on a year earlier and ranking: plain arithmetic, no database.

Attainment (mức độ hoàn thành chỉ tiêu kế hoạch), in percent:

* ``higher`` is better (revenue, subscribers): ``value / target × 100``; 110% means the
  target was exceeded by a tenth.
* ``lower`` is better (security incidents, complaints): ``target / value × 100``, so that
  above 100% still means better than planned and the two directions read the same way
  (5 incidents against a ceiling of 10 is 200%).

The ratio is undefined when its denominator is zero: then attainment is 100% if both sides
are zero (the target was met exactly) and ``None`` otherwise, while ``target_met`` still
tells whether the target was reached (0 incidents against a ceiling of 10 is met, but no
finite percentage says by how much). Negative values or targets (a fall in revenue, a
negative growth target) make the ratio meaningless, so attainment is ``None`` for them too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)

T = TypeVar("T")


def attainment(value: float | None, target: float | None, direction: str = HIGHER) -> float | None:
    """Percent of the target reached, respecting ``direction`` (see the module docstring)."""
    if value is None or target is None:
        return None
    if direction not in DIRECTIONS:
        raise ValueError(
            f"Chiều đánh giá không hợp lệ: «{direction}» (higher hoặc lower) / "
            f"invalid direction «{direction}» (higher or lower)"
        )
    if value < 0 or target < 0:
        return None
    numerator, denominator = (value, target) if direction == HIGHER else (target, value)
    if denominator == 0:
        return 100.0 if numerator == 0 else None
    return _finite(numerator / denominator * 100)


def target_met(value: float | None, target: float | None, direction: str = HIGHER) -> bool | None:
    """Whether the target was reached: ``value ≥ target`` (higher) or ``value ≤ target`` (lower)."""
    if value is None or target is None:
        return None
    return value >= target if direction == HIGHER else value <= target


def change(value: float | None, previous: float | None) -> tuple[float | None, float | None]:
    """Change against a year earlier: ``(value − previous, (value − previous) / |previous| × 100)``.

    The percentage is ``None`` when the earlier value is zero (growth from nothing has no
    finite rate).
    """
    if value is None or previous is None:
        return None, None
    diff = value - previous
    return _finite(diff), (None if previous == 0 else _finite(diff / abs(previous) * 100))


def _finite(number: float) -> float | None:
    # A tiny target or earlier value can carry a ratio past the largest float: no figure.
    return number if math.isfinite(number) else None


def _same(a: float, b: float) -> bool:
    # Aggregates computed in different orders differ in the last bits; they still tie.
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def competition_ranks(
    items: Sequence[T], key: Callable[[T], float | None], *, descending: bool = True
) -> list[int | None]:
    """Standard competition ranking ("1224"): ties share a rank, the next rank skips.

    Items whose key is ``None`` get no rank and do not count. ``descending`` puts the largest
    first (higher is better).
    """
    keys = [key(item) for item in items]
    order = sorted(
        (i for i, k in enumerate(keys) if k is not None),
        key=lambda i: keys[i],
        reverse=descending,
    )
    ranks: list[int | None] = [None] * len(items)
    previous: float | None = None
    for position, i in enumerate(order):
        k = keys[i]
        if previous is not None and _same(previous, k):
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
        previous = k
    return ranks
