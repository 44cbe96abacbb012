"""DHIS2 identifiers: stable 11-character UIDs for units, indicators and forms, and look-ups
by the id schemes DHIS2 names (``UID``, ``CODE``).

A DHIS2 UID is a letter and ten letters or digits. tongket derives its own from what makes
an object itself (a unit: its kind, code and first day of validity; an indicator and a form:
their code), so every installation gives the same object the same UID, and two units that
shared a code at different times (code 15: Yên Bái, then Lào Cai) have different UIDs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string

from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form
from tongket.units.models import Unit

_LETTERS = string.ascii_letters
_ALNUM = string.digits + string.ascii_letters
UID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
SCHEMES = ("UID", "CODE")


def dhis2_uid(*parts: str) -> str:
    number = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:16], "big")
    number, first = divmod(number, len(_LETTERS))
    chars = [_LETTERS[first]]
    for _ in range(10):
        number, digit = divmod(number, len(_ALNUM))
        chars.append(_ALNUM[digit])
    return "".join(chars)


def unit_uid(unit: Unit) -> str:
    return dhis2_uid("unit", unit.kind, unit.code, unit.valid_from.isoformat())


def indicator_uid(code: str) -> str:
    return dhis2_uid("indicator", code)


def form_uid(code: str) -> str:
    return dhis2_uid("form", code)


class Dhis2Ids:
    """The look-ups of one import or export, loaded once."""

    def __init__(self) -> None:
        self._units: dict[str, Unit] | None = None
        self._indicators: dict[str, Indicator] | None = None
        self._uid_of_unit: dict[int, str] = {}

    # ------------------------------------------------------------------ units

    def _unit_uids(self) -> dict[str, Unit]:
        if self._units is None:
            self._units = {}
            for unit in Unit.objects.only("id", "kind", "code", "valid_from", "valid_to", "name"):
                uid = unit_uid(unit)
                self._units[uid] = unit
                self._uid_of_unit[unit.pk] = uid
        return self._units

    def unit_uid_of(self, unit_id: int) -> str:
        if unit_id not in self._uid_of_unit:
            self._unit_uids()
        return self._uid_of_unit[unit_id]

    def unit_by_uid(self, uid: str, period: PeriodCode) -> Unit | str:
        unit = self._unit_uids().get(uid)
        if unit is None:
            return f"không có đơn vị UID «{uid}» / no unit with UID «{uid}»"
        if not (_overlaps(unit, period.start(), period.end())):
            return (
                f"đơn vị «{unit.name}» (UID {uid}) không có hiệu lực trong kỳ {period.code} / "
                f"unit «{unit.name}» (UID {uid}) is not valid in {period.code}"
            )
        return unit

    # ------------------------------------------------------------- indicators

    def _indicator_uids(self) -> dict[str, Indicator]:
        if self._indicators is None:
            self._indicators = {
                indicator_uid(i.code): i for i in Indicator.objects.only("id", "code")
            }
        return self._indicators

    def indicator_code_by_uid(self, uid: str) -> str | None:
        found = self._indicator_uids().get(uid)
        return None if found is None else found.code

    # ------------------------------------------------------------------ forms

    def form(self, ref: str, scheme: str) -> Form | None:
        if scheme == "CODE":
            return Form.objects.filter(code=ref).first()
        for form in Form.objects.all():
            if form_uid(form.code) == ref:
                return form
        return None


def _overlaps(unit: Unit, start: dt.date, end: dt.date) -> bool:
    return unit.valid_from <= end and (unit.valid_to is None or unit.valid_to >= start)


def scheme_normal(value: object, *, name: str) -> str | None:
    """``uid``/``CODE`` → ``UID``/``CODE``; None when absent; ValueError for another scheme."""
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if text not in SCHEMES:
        raise ValueError(
            f"{name} «{value}» không được hỗ trợ (dùng UID hoặc CODE) / unsupported {name} "
            f"«{value}» (use UID or CODE)"
        )
    return text
