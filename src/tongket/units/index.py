"""Resolving unit references (code or name, on a date) against units held in memory.

A reference is tried, in order, as an official code (``34``; digits that lost their leading
zeros in a spreadsheet, ``1`` for ``01``, are padded to 2 or 5 digits), as a name, short name
or abbreviation, and as a name written with or without its division type (``Tỉnh Thái Bình``,
``Thái Bình``). The first step that finds units decides: one unit is the answer, several are
an ambiguity the caller must settle with a code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from tongket.units.errors import UnitAmbiguous, UnitNotFound, unit_label
from tongket.units.models import Unit
from tongket.units.names import Accepts, accepts_unit, name_key, strip_division_type

Kinds = frozenset[str] | None


def _kinds(kinds: Iterable[str] | str | None) -> Kinds:
    if kinds is None:
        return None
    return frozenset([kinds] if isinstance(kinds, str) else kinds)


class UnitIndex:
    """All units in memory, for resolving many references fast (results cached per date)."""

    def __init__(self, units: Iterable[Unit]):
        self.units: dict[int, Unit] = {}
        self._by_code: dict[str, list[Unit]] = defaultdict(list)
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_bare: dict[str, list[Unit]] = defaultdict(list)
        self._cache: dict[tuple[str, dt.date, Kinds], Unit | LookupError] = {}
        # A reference's candidates do not depend on the date: found once per reference.
        self._steps_cache: dict[str, list[tuple[list[Unit], Accepts | None]]] = {}
        self._found: dict[tuple, Unit] = {}
        for unit in units:
            self.units[unit.pk] = unit
            self._by_code[unit.code].append(unit)
            for text in {unit.name, unit.short_name, unit.abbreviation} - {""}:
                key = name_key(text)
                self._by_name[key].append(unit)
                bare, _ = strip_division_type(key)
                self._by_bare[bare].append(unit)

    @classmethod
    def load(cls, *, kinds: Iterable[str] | str | None = None) -> UnitIndex:
        qs = Unit.objects.all()
        wanted = _kinds(kinds)
        if wanted is not None:
            qs = qs.filter(kind__in=wanted)
        return cls(qs.iterator(chunk_size=5000))

    def __len__(self) -> int:
        return len(self.units)

    def get(self, unit_id: int) -> Unit:
        return self.units[unit_id]

    # --- matching ------------------------------------------------------------------

    def _steps(self, ref: str) -> list[tuple[list[Unit], Accepts | None]]:
        """The candidate lists of each step, with the units a division-type prefix allows."""
        hit = self._steps_cache.get(ref)
        if hit is None:
            hit = self._steps_cache[ref] = self._steps_find(ref)
        return hit

    def _steps_find(self, ref: str) -> list[tuple[list[Unit], Accepts | None]]:
        text = str(ref).strip()
        codes = self._by_code.get(text, [])
        if text.isdigit() and not codes:
            codes = [
                u
                for width in (2, 5)
                if text.zfill(width) != text
                for u in self._by_code.get(text.zfill(width), [])
            ]
        key = name_key(text)
        bare, accepts = strip_division_type(key)
        return [
            (codes, None),
            (self._by_name.get(key, []), None),
            (self._by_bare.get(bare, []), accepts),
        ]

    def candidates(
        self, ref: str, on: dt.date | None, kinds: Iterable[str] | str | None = None
    ) -> list[Unit]:
        """Units ``ref`` names (on ``on``, or at any date when ``on`` is None)."""
        wanted = _kinds(kinds)
        for units, accepts in self._steps(ref):
            found = {
                u.pk: u
                for u in units
                if (on is None or u.is_valid_on(on))
                and (wanted is None or u.kind in wanted)
                and accepts_unit(accepts, u.kind, u.division_type)
            }
            if found:
                return sorted(found.values(), key=lambda u: (u.kind, u.code, u.valid_from))
        return []

    def _lookup(self, ref: str, on: dt.date, kinds: Kinds) -> Unit | LookupError:
        if not str(ref).strip():
            return UnitNotFound("", on, hint="mã hoặc tên trống / empty code or name")
        found = self.candidates(ref, on, kinds)
        if len(found) == 1:
            return found[0]
        if found:
            return UnitAmbiguous(str(ref).strip(), on, found)
        elsewhere = self.candidates(ref, None, kinds)
        hint = ""
        if elsewhere:
            shown = "; ".join(unit_label(u) for u in elsewhere[:5])
            hint = f"có hiệu lực vào thời gian khác / valid at other dates: {shown}"
        kind = next(iter(kinds)) if kinds and len(kinds) == 1 else None
        return UnitNotFound(str(ref).strip(), on, kind=kind, hint=hint)

    def _result(
        self, ref: str, on: dt.date, kinds: Iterable[str] | str | None
    ) -> Unit | LookupError:
        wanted = _kinds(kinds)
        key = (ref, on, wanted)
        result = self._cache.get(key)
        if result is None:
            # Which of the reference's candidates are valid on the date decides the unit
            # found: dates alike in that share it (a code over the twelve months of a year).
            alike = (
                ref,
                wanted,
                tuple(u.is_valid_on(on) for units, _ in self._steps(ref) for u in units),
            )
            result = self._found.get(alike)
            if result is None:
                result = self._lookup(ref, on, wanted)
                if not isinstance(result, LookupError):
                    self._found[alike] = result
            self._cache[key] = result
        return result

    def resolve(
        self, ref: str, on: dt.date, *, kinds: Iterable[str] | str | None = None
    ) -> Unit | None:
        """The unit ``ref`` names on ``on``, or None (see :meth:`error_for` for why)."""
        result = self._result(ref, on, kinds)
        return None if isinstance(result, LookupError) else result

    def resolve_or_raise(
        self, ref: str, on: dt.date, *, kinds: Iterable[str] | str | None = None
    ) -> Unit:
        result = self._result(ref, on, kinds)
        if isinstance(result, LookupError):
            raise result
        return result

    def error_for(self, ref: str, on: dt.date, *, kinds: Iterable[str] | str | None = None) -> str:
        """Why ``ref`` does not resolve on ``on`` (empty when it does)."""
        result = self._result(ref, on, kinds)
        return str(result) if isinstance(result, LookupError) else ""
