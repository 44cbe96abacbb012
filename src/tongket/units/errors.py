"""Errors of the units app, with messages in Vietnamese then English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tongket.core.numbers import format_date

CANDIDATES_SHOWN = 10


def unit_label(unit: Any) -> str:
    """``Thái Bình (mã 34, 01/01/2004–30/06/2025)``."""
    end = format_date(unit.valid_to) if unit.valid_to else "nay"
    return f"{unit.name} (mã {unit.code}, {format_date(unit.valid_from)}–{end})"


class UnitNotFound(LookupError):
    """No unit answers to a code or name on a date."""

    def __init__(
        self,
        ref: str,
        on: dt.date | None,
        *,
        kind: str | None = None,
        by_code: bool = False,
        hint: str = "",
    ):
        self.ref, self.on, self.kind = ref, on, kind
        kind_vi = f" loại «{kind}»" if kind else ""
        kind_en = f" of kind «{kind}»" if kind else ""
        what_vi, what_en = ("mã", "code") if by_code else ("mã hoặc tên", "code or name")
        day_vi = f" vào ngày {format_date(on)}" if on else ""
        day_en = f" on {format_date(on)}" if on else ""
        message = (
            f"Không có đơn vị{kind_vi} {what_vi} «{ref}»{day_vi} / "
            f"No unit{kind_en} with {what_en} «{ref}»{day_en}"
        )
        super().__init__(message + (f"; {hint}" if hint else ""))


class UnitAmbiguous(LookupError):
    """Several units answer to the same reference: the caller must say which."""

    def __init__(self, ref: str, on: dt.date | None, candidates: Sequence[Any]):
        self.ref, self.on, self.candidates = ref, on, list(candidates)
        shown = "; ".join(unit_label(u) for u in self.candidates[:CANDIDATES_SHOWN])
        more = len(self.candidates) - CANDIDATES_SHOWN
        if more > 0:
            shown += f"; và {more} đơn vị khác / and {more} more"
        day = f" vào ngày {format_date(on)}" if on else ""
        day_en = f" on {format_date(on)}" if on else ""
        super().__init__(
            f"«{ref}» ứng với {len(self.candidates)} đơn vị{day}, hãy dùng mã / "
            f"«{ref}» matches {len(self.candidates)} units{day_en}, use the code: {shown}"
        )


class UnitDataError(ValueError):
    """A change to units that would break their history; nothing was stored."""
