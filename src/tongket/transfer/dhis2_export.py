"""A DHIS2 ``dataValueSets`` export with DHIS2's filters, ready to import into DHIS2 or back.

Filters as DHIS2 documents them: ``dataSet`` (forms, repeated), ``period`` (exact periods,
repeated: ``2025`` is the year's values, not its months) or ``startDate``/``endDate`` (every
period inside), ``orgUnit`` (repeated) with ``children`` (the units below them too),
``dataElement`` (repeated). The document says its ``idScheme``. With ``CODE``, a unit whose
code names another unit in that period (code 15: Yên Bái until 30/06/2025, Lào Cai after) is
written by its UID, so it is never taken for the other one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import QuerySet

from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, Value
from tongket.transfer.dhis2 import period_from_dhis2, period_to_dhis2
from tongket.transfer.dhis2_ids import Dhis2Ids, form_uid, indicator_uid
from tongket.transfer.export import ExportError, number_text
from tongket.transfer.resolve import UnitResolver
from tongket.transfer.selectors import unit_descendant_ids
from tongket.units.models import Unit

_EVER = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))


@dataclass
class Dhis2ExportSpec:
    data_sets: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    units: list[str] = field(default_factory=list)
    children: bool = False
    elements: list[str] = field(default_factory=list)
    id_scheme: str = "CODE"


def _forms(ids: Dhis2Ids, refs: Iterable[str]) -> list[Form]:
    forms = []
    for ref in refs:
        form = ids.form(ref, "CODE") or ids.form(ref, "UID")
        if form is None:
            raise ExportError(f"không có biểu mẫu «{ref}» (dataSet) / no report form «{ref}»")
        forms.append(form)
    return forms


def _periods(refs: Iterable[str]) -> list[PeriodCode]:
    try:
        return [PeriodCode.parse(period_from_dhis2(ref)) for ref in refs]
    except ValueError as exc:
        raise ExportError(str(exc)) from None


def _units(ids: Dhis2Ids, refs: Iterable[str], periods: list[PeriodCode], spec) -> set[int]:
    """The units named (by code at the periods, or by UID), and those below them if asked."""
    resolver = UnitResolver()
    start = min([p.start() for p in periods] or [spec.start or _EVER[0]])
    end = max([p.end() for p in periods] or [spec.end or _EVER[1]])
    today = dt.date.today()
    at = periods or [PeriodCode.parse(f"{today.year}-{today.month:02d}")]
    found: set[int] = set()
    for ref in refs:
        hits = set()
        for period in at:
            unit = ids.unit_by_uid(ref, period)
            if isinstance(unit, Unit):
                hits.add(unit.pk)
                continue
            pk = resolver.lookup(ref, period)
            if isinstance(pk, int):
                hits.add(pk)
        if not hits:
            raise ExportError(f"không có đơn vị «{ref}» (orgUnit) / no unit «{ref}» (orgUnit)")
        found |= hits
    if spec.children:
        found |= unit_descendant_ids(roots=sorted(found), start=start, end=end)
    return found


def dhis2_values(spec: Dhis2ExportSpec, *, within: QuerySet[Value] | None = None):
    """The header of the data value set and its values' rows, ordered as DHIS2 writes them."""
    ids = Dhis2Ids()
    forms = _forms(ids, spec.data_sets)
    periods = _periods(spec.periods)
    qs = Value.objects.all() if within is None else within
    if forms:
        indicator_ids = FormIndicator.objects.filter(form__in=forms).values("indicator_id")
        qs = qs.filter(indicator_id__in=indicator_ids)
    if spec.elements:
        by_ref = {}
        for code in Indicator.objects.values_list("code", flat=True):
            by_ref[code] = by_ref[indicator_uid(code)] = code
        for ref in spec.elements:
            if ref not in by_ref:
                raise ExportError(f"không có chỉ tiêu «{ref}» (dataElement) / no indicator «{ref}»")
        qs = qs.filter(indicator__code__in=sorted({by_ref[r] for r in spec.elements}))
    if periods:
        qs = qs.filter(period__code__in=[p.code for p in periods])
    if spec.start is not None:
        qs = qs.filter(period__start__gte=spec.start)
    if spec.end is not None:
        qs = qs.filter(period__end__lte=spec.end)
    if spec.units:
        qs = qs.filter(unit_id__in=sorted(_units(ids, spec.units, periods, spec)))
    header: dict = {"idScheme": spec.id_scheme}
    if len(forms) == 1:
        code = forms[0].code
        header["dataSet"] = code if spec.id_scheme == "CODE" else form_uid(code)
    rows = qs.order_by(
        "period__start", "-period__end", "unit__code", "unit__valid_from", "indicator__code"
    ).values_list(
        "unit_id", "unit__code", "indicator__code", "period__code", "value", "comment", "flagged"
    )
    return header, _items(rows, ids, spec.id_scheme)


def _items(rows, ids: Dhis2Ids, scheme: str):
    resolver = UnitResolver()
    for unit_id, unit_code, indicator, period, value, comment, flagged in rows.iterator(
        chunk_size=20_000
    ):
        if scheme == "UID":
            org_unit, element = ids.unit_uid_of(unit_id), indicator_uid(indicator)
        else:
            # A code that names another unit in this period is written as the unit's UID.
            named = resolver.lookup(unit_code, PeriodCode.parse(period))
            org_unit = unit_code if named == unit_id else ids.unit_uid_of(unit_id)
            element = indicator
        item = {
            "dataElement": element,
            "period": period_to_dhis2(period),
            "orgUnit": org_unit,
            "value": number_text(value),
            "followup": bool(flagged),
        }
        if comment:
            item["comment"] = comment
        yield item


def dhis2_export_write(
    spec: Dhis2ExportSpec, out: Path, *, within: QuerySet[Value] | None = None
) -> int:
    header, items = dhis2_values(spec, within=within)
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "dataValues": [')
        for item in items:
            handle.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
            count += 1
        handle.write("\n]}\n")
    return count
