"""In-memory look-ups for an import: units (by code or exact name, at the period), indicators
and periods, each resolved once per distinct text however many rows repeat it."""

from __future__ import annotations

import datetime as dt
import unicodedata

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.transfer.dhis2_ids import UID_PATTERN, Dhis2Ids
from tongket.units.selectors import UnitIndex


def nfc(text: str) -> str:
    """Windows-1258 decodes to combining tone marks; names are compared in NFC."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class UnitResolver:
    """``unit_id(ref, period)``: the unit ``ref`` names during the period.

    A unit is looked up on the last day of the period, then on its first day: code 80 in
    2025-03 is Long An, in 2025 (the whole year) Tây Ninh, the province it had become by the
    end of the year; a commune that ended on 30/06/2025 is still found for 2025 by its start.
    """

    def __init__(self) -> None:
        self._index = UnitIndex.load()
        self._cache: dict[tuple[str, str], int | str] = {}
        self._uids: Dhis2Ids | None = None

    def _resolve(self, ref: str, on: dt.date) -> int | None:
        unit = self._index.resolve(ref, on)
        return None if unit is None else unit.pk

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
        if found is None and UID_PATTERN.match(text):
            # An export names by UID a unit whose code meant another unit in that period.
            if self._uids is None:
                self._uids = Dhis2Ids()
            unit = self._uids.unit_by_uid(text, period)
            found = None if isinstance(unit, str) else unit.pk
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
