"""Reading references typed by people (a unit's code or name, a period, a date, an indicator)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import DatabaseError
from django.db.models import Q

from tongket.core.numbers import format_date
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.meetings.errors import MeetingsError
from tongket.meetings.text import text_key
from tongket.units.models import Unit, UnitAncestor, UnitKind, UnitLink

try:  # the units app's resolver: codes, names, short names, division types, history
    from tongket.units.selectors import unit_resolve as _unit_resolve
except ImportError:  # pragma: no cover - depends on the units app's version
    _unit_resolve = None


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _local_resolve(ref: str, on: dt.date) -> Unit:
    """Code first, then exact name, short name or abbreviation (compared case-blind)."""
    text = ref.strip()
    found = list(Unit.objects.filter(_valid_on(on), code=text))
    if not found:
        key = text_key(text)
        found = [
            u
            for u in Unit.objects.filter(_valid_on(on)).filter(
                Q(name__iexact=text) | Q(short_name__iexact=text) | Q(abbreviation__iexact=text)
            )
        ] or [
            u
            for u in Unit.objects.filter(_valid_on(on), name__icontains=text.split()[-1])
            if key in {text_key(u.name), text_key(u.short_name)}
        ]
    if len(found) == 1:
        return found[0]
    if found:
        names = "; ".join(f"{u.name} (mã {u.code})" for u in found[:5])
        raise MeetingsError(
            f"«{text}» ứng với {len(found)} đơn vị vào ngày {format_date(on)}, hãy dùng mã: {names}",
            f"«{text}» matches {len(found)} units on {format_date(on)}, use the code: {names}",
        )
    raise MeetingsError(
        f"Không có đơn vị mã hoặc tên «{text}» vào ngày {format_date(on)}",
        f"No unit with code or name «{text}» on {format_date(on)}",
    )


def unit_find(ref: str | Unit, *, on: dt.date) -> Unit:
    """The unit ``ref`` (a code or a name) names on ``on``; a clear error when none or many."""
    if isinstance(ref, Unit):
        if not ref.is_valid_on(on):
            raise MeetingsError(
                f"Đơn vị «{ref.name}» không tồn tại vào ngày {format_date(on)}",
                f"Unit «{ref.name}» did not exist on {format_date(on)}",
            )
        return ref
    text = str(ref or "").strip()
    if not text:
        raise MeetingsError("Thiếu đơn vị", "Unit missing")
    if _unit_resolve is not None:
        try:
            unit = _unit_resolve(text, on=on)
        except DatabaseError:
            raise
        except (LookupError, ValueError) as error:
            raise MeetingsError(*_split(str(error))) from error
        if unit is None:
            raise MeetingsError(
                f"Không có đơn vị mã hoặc tên «{text}» vào ngày {format_date(on)}",
                f"No unit with code or name «{text}» on {format_date(on)}",
            )
        return unit
    return _local_resolve(text, on)


def _split(message: str) -> tuple[str, str]:
    vi, sep, en = message.partition(" / ")
    return (vi, en) if sep else (message, message)


def units_matching(ref: str) -> list[int]:
    """Ids of every unit, at any date, whose code, name, short name or abbreviation is ``ref``."""
    text = ref.strip()
    return list(
        Unit.objects.filter(
            Q(code=text)
            | Q(name__iexact=text)
            | Q(short_name__iexact=text)
            | Q(abbreviation__iexact=text)
        ).values_list("id", flat=True)
    )


def units_and_below(unit_ids: Iterable[int]) -> list[int]:
    """These units and every unit ever under them: a province stands for its department, its
    districts and communes, as a person who names it means."""
    ids = set(unit_ids)
    ids |= set(UnitAncestor.objects.filter(ancestor_id__in=ids).values_list("unit_id", flat=True))
    return sorted(ids)


def province_of(unit: Unit, *, on: dt.date) -> Unit | None:
    """The province ``unit`` belonged to on ``on`` (itself for a province).

    Read from the closure of parent links when the units app has built it, else by walking
    the links up.
    """
    if unit.kind == UnitKind.PROVINCE:
        return unit
    row = (
        UnitAncestor.objects.filter(_valid_on(on), unit=unit, ancestor__kind=UnitKind.PROVINCE)
        .select_related("ancestor")
        .order_by("depth")
        .first()
    )
    if row is not None:
        return row.ancestor
    seen: set[int] = set()
    current: Unit | None = unit
    while current is not None and current.pk not in seen:
        if current.kind == UnitKind.PROVINCE:
            return current
        seen.add(current.pk)
        link = (
            UnitLink.objects.filter(_valid_on(on), child=current)
            .select_related("parent")
            .order_by("parent__kind", "id")
            .first()
        )
        current = link.parent if link else None
    return None


_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(value: object) -> dt.date:
    """A date as ``31/01/2007`` or ``2007-01-31`` (or a date already)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    try:
        m = _DATE_RE.match(text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise MeetingsError(
            f"Ngày không hợp lệ: «{text}» (dùng 31/01/2007 hoặc 2007-01-31)",
            f"invalid date «{text}» (use 31/01/2007 or 2007-01-31)",
        ) from None


def period_code(value: object) -> str:
    try:
        return PeriodCode.parse(str(value)).code
    except PeriodError as error:
        raise MeetingsError(*_split(str(error))) from None


def indicator_find(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=str(code).strip()).first()
    if indicator is None:
        raise MeetingsError(
            f"Không có chỉ tiêu mã «{code}» trong danh mục",
            f"No indicator with code «{code}» in the catalogue",
        )
    return indicator
