"""In-memory look-ups for an import: units (by code or exact name, at the period), indicators
and periods, each resolved once per distinct text however many rows repeat it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.units.models import Unit

try:  # the shared index of the units package, when present
    from tongket.units.selectors import UnitIndex as _SharedUnitIndex
except ImportError:  # pragma: no cover - depends on the units package's progress
    _SharedUnitIndex = None


def nfc(text: str) -> str:
    """Windows-1258 decodes to combining tone marks; names are compared in NFC."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class _LocalUnitIndex:
    """Units by code or exact name, each valid on a date (same interface as the units index)."""

    def __init__(self, rows: list[tuple[int, str, str, dt.date, dt.date | None]]) -> None:
        self._by_code: dict[str, list[tuple]] = defaultdict(list)
        self._by_name: dict[str, list[tuple]] = defaultdict(list)
        self._units: dict[int, tuple] = {}
        for row in rows:
            pk, code, name, _, _ = row
            self._by_code[code].append(row)
            self._by_name[nfc(name).casefold()].append(row)
            self._units[pk] = row

    @classmethod
    def load(cls) -> _LocalUnitIndex:
        return cls(list(Unit.objects.values_list("id", "code", "name", "valid_from", "valid_to")))

    @staticmethod
    def _valid(rows: list[tuple], on: dt.date) -> list[tuple]:
        return [r for r in rows if r[3] <= on and (r[4] is None or on <= r[4])]

    def resolve_id(self, ref: str, on: dt.date) -> int | None:
        ref = nfc(ref.strip())
        found = self._valid(self._by_code.get(ref, []), on)
        if not found:
            found = self._valid(self._by_name.get(ref.casefold(), []), on)
        return found[0][0] if len(found) == 1 else None

    def error_for(self, ref: str, on: dt.date) -> str:
        ref = nfc(ref.strip())
        day = f"{on:%d/%m/%Y}"
        for rows in (self._by_code.get(ref, []), self._by_name.get(ref.casefold(), [])):
            valid = self._valid(rows, on)
            if len(valid) > 1:
                names = ", ".join(f"{r[2]} ({r[1]})" for r in valid[:5])
                return (
                    f"«{ref}» chỉ nhiều đơn vị ngày {day}: {names}; hãy dùng mã / "
                    f"«{ref}» names several units on {day}: {names}; use the code"
                )
            if rows and not valid:
                spans = "; ".join(
                    f"{r[2]} {r[3]:%d/%m/%Y}–{r[4]:%d/%m/%Y}"
                    if r[4]
                    else f"{r[2]} từ/from {r[3]:%d/%m/%Y}"
                    for r in rows[:5]
                )
                return (
                    f"đơn vị «{ref}» không tồn tại ngày {day} ({spans}) / "
                    f"unit «{ref}» did not exist on {day} ({spans})"
                )
        return f"không có đơn vị mã hoặc tên «{ref}» / no unit with code or name «{ref}»"


class UnitResolver:
    """``unit_id(ref, period)``: the unit ``ref`` names during the period.

    A unit is looked up on the last day of the period, then on its first day: code 80 in
    2025-03 is Long An, in 2025 (the whole year) Tây Ninh, the province it had become by the
    end of the year; a commune that ended on 30/06/2025 is still found for 2025 by its start.
    """

    def __init__(self) -> None:
        if _SharedUnitIndex is not None:
            self._index = _SharedUnitIndex.load()
            self._shared = True
        else:  # pragma: no cover
            self._index = _LocalUnitIndex.load()
            self._shared = False
        self._cache: dict[tuple[str, str], int | str] = {}

    def _resolve(self, ref: str, on: dt.date) -> int | None:
        if self._shared:
            unit = self._index.resolve(ref, on)
            return None if unit is None else unit.pk
        return self._index.resolve_id(ref, on)

    def lookup(self, ref: str, period: PeriodCode) -> int | str:
        """The unit id, or the reason (str) it cannot be found."""
        key = (ref, period.code)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        text = nfc(ref.strip())
        found = self._resolve(text, period.end()) if text else None
        if found is None and text:
            found = self._resolve(text, period.start())
        if found is None:
            result: int | str = (
                self._index.error_for(text, period.end())
                if text
                else "thiếu đơn vị / unit is missing"
            )
        else:
            result = found
        self._cache[key] = result
        return result


class IndicatorResolver:
    """Base indicators by code; a derived one is refused because it is computed."""

    def __init__(self) -> None:
        rows = list(Indicator.objects.values_list("id", "code", "numerator_id"))
        self._by_code = {code: (pk, numerator_id is not None) for pk, code, numerator_id in rows}
        self.codes: dict[int, str] = {pk: code for pk, code, _ in rows}
        self._cache: dict[str, int | str] = {}

    def lookup(self, ref: str) -> int | str:
        hit = self._cache.get(ref)
        if hit is not None:
            return hit
        code = ref.strip()
        found = self._by_code.get(code)
        if not code:
            result: int | str = "thiếu mã chỉ tiêu / indicator code is missing"
        elif found is None:
            result = f"không có chỉ tiêu mã «{code}» / no indicator with code «{code}»"
        elif found[1]:
            result = (
                f"chỉ tiêu «{code}» được tính từ các chỉ tiêu khác, không nhập được; hãy nhập "
                f"các thành phần của nó / indicator «{code}» is computed from other "
                "indicators and cannot be imported; import its parts"
            )
        else:
            result = found[0]
        self._cache[ref] = result
        return result


class PeriodResolver:
    """Period codes → a small index into ``self.codes`` (stored ids are fetched at write time)."""

    def __init__(self) -> None:
        self.codes: list[PeriodCode] = []
        self._index: dict[str, int] = {}
        self._cache: dict[str, int | str] = {}

    def lookup(self, ref: str) -> int | str:
        hit = self._cache.get(ref)
        if hit is not None:
            return hit
        try:
            code = PeriodCode.parse(ref)
        except PeriodError as exc:
            result: int | str = str(exc)
        else:
            result = self._index.get(code.code, -1)
            if result == -1:
                result = self._index[code.code] = len(self.codes)
                self.codes.append(code)
        self._cache[ref] = result
        return result
