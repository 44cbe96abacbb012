"""A monthly commune form beside the world's yearly one, with a steady history of Xã Vũ Thư
(January–May 2026), so that a figure far from it is flagged.

    form      TEST.M «Biểu tháng thử», communes → department, due 10 days after the month
    visits    line 1, required (lượt)
    fee       line 2, optional (triệu đồng)
"""

from __future__ import annotations

from types import SimpleNamespace

from accounts.world import World
from factories import make_indicator
from tongket.reporting.models import Form, FormIndicator, Frequency, Value, ValueSource
from tongket.reporting.periods import period_get_or_create

HISTORY = {f"2026-{m:02d}": 1000 + 10 * m for m in range(1, 6)}


def monthly_of(w: World) -> SimpleNamespace:
    found = w.__dict__.get("_monthly")
    if found is None:
        found = w.__dict__["_monthly"] = _build(w)
    return found


def _build(w: World) -> SimpleNamespace:
    form = Form.objects.create(
        code="TEST.M",
        name="Biểu tháng thử",
        frequency=Frequency.MONTH,
        unit_kinds=["commune"],
        recipient_kind="department",
        deadline_days=10,
    )
    visits = make_indicator(
        "web.m.visits", name="Lượt khách", name_en="Visits", unit_of_measure="lượt"
    )
    fee = make_indicator(
        "web.m.fee",
        name="Phí thu được",
        name_en="Fees collected",
        unit_of_measure="triệu đồng",
        value_type="decimal",
        decimals=1,
    )
    FormIndicator.objects.create(form=form, indicator=visits, line=1, required=True)
    FormIndicator.objects.create(form=form, indicator=fee, line=2, required=False)
    Value.objects.bulk_create(
        Value(
            unit=w.xa_hy,
            indicator=visits,
            period=period_get_or_create(code),
            value=value,
            source=ValueSource.MANUAL,
        )
        for code, value in HISTORY.items()
    )
    return SimpleNamespace(form=form, visits=visits, fee=fee)
