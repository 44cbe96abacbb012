"""Stored periods: the database rows behind ``tongket.core.periods.Period``."""

from __future__ import annotations

from collections.abc import Iterable

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.reporting.models import Period


def _fields(code: PeriodCode) -> dict:
    return {
        "kind": code.kind.value,
        "year": code.year,
        "half": code.half,
        "quarter": code.quarter,
        "month": code.number if code.kind is PeriodKind.MONTH else None,
        "start": code.start(),
        "end": code.end(),
    }


def period_get_or_create(code: str | PeriodCode) -> Period:
    """The stored period for ``code`` (``2017``, ``2017S1``, ``2017Q1``, ``2017-01``)."""
    parsed = code if isinstance(code, PeriodCode) else PeriodCode.parse(code)
    period, _ = Period.objects.get_or_create(code=parsed.code, defaults=_fields(parsed))
    return period


def periods_ensure(codes: Iterable[str | PeriodCode]) -> dict[str, Period]:
    """Stored periods for many codes at once, creating the missing ones; keyed by code."""
    parsed = {
        c.code: c for c in (x if isinstance(x, PeriodCode) else PeriodCode.parse(x) for x in codes)
    }
    found = {p.code: p for p in Period.objects.filter(code__in=list(parsed))}
    missing = [Period(code=c, **_fields(p)) for c, p in parsed.items() if c not in found]
    if missing:
        Period.objects.bulk_create(missing, ignore_conflicts=True)
        found = {p.code: p for p in Period.objects.filter(code__in=list(parsed))}
    return found
