"""Indicators, form lines, values and targets in the permission world (tests/accounts/world.py).

Built on first use and kept on the world object, so the permission matrix and the page tests
reach them as ``reporting_of(w).<key>`` while other tests pay nothing for them.

    total, mobile   base indicators on the world's form TEST.01 (lines 1 and 2, required;
                    a rule: mobile ≤ total)
    revenue         an optional decimal line 3 (tỷ đồng)
    share           derived: mobile / total × 100 (line 4, computed)
    v_hy, v_hn      the stored «total» of Xã Vũ Thư's (Hưng Yên) and Phường Ba Đình's
                    (Hà Nội) 2025 reports, entered through the submission service
    targets         2025 targets of Hưng Yên for «total» and «revenue»
"""

from __future__ import annotations

from types import SimpleNamespace

from accounts.world import World
from factories import make_indicator
from tongket.analytics.services import target_set
from tongket.reporting.models import FormIndicator, RuleKind, ValidationRule, Value
from tongket.reporting.services import submission_values_set

ACTOR = "test"


def _build(w: World) -> SimpleNamespace:
    form = w.sub_xa_hy.form
    total = make_indicator(
        "web.subscribers",
        name="Tổng số thuê bao",
        name_en="Total subscribers",
        min_value=0,
        period_aggregation="last",
    )
    mobile = make_indicator(
        "web.mobile",
        name="Thuê bao di động",
        name_en="Mobile subscribers",
        min_value=0,
        period_aggregation="last",
    )
    revenue = make_indicator(
        "web.revenue",
        name="Doanh thu",
        name_en="Revenue",
        unit_of_measure="tỷ đồng",
        value_type="decimal",
        decimals=1,
    )
    share = make_indicator(
        "web.mobile_share",
        name="Tỷ lệ thuê bao di động",
        name_en="Mobile share",
        unit_of_measure="%",
        value_type="percent",
        decimals=1,
        numerator=mobile,
        denominator=total,
        factor=100,
    )
    for line, (indicator, required) in enumerate(
        [(total, True), (mobile, True), (revenue, False), (share, False)], start=1
    ):
        FormIndicator.objects.create(form=form, indicator=indicator, line=line, required=required)
    ValidationRule.objects.create(form=form, kind=RuleKind.LE, indicator=mobile, other=total)
    submission_values_set(submission=w.sub_xa_hy, values={"web.subscribers": 1200}, actor=ACTOR)
    submission_values_set(submission=w.sub_xa_hn, values={"web.subscribers": 800}, actor=ACTOR)
    targets = [
        target_set(unit=w.hung_yen, indicator=total, period_code="2025", value=1000, actor=ACTOR),
        target_set(unit=w.hung_yen, indicator=revenue, period_code="2025", value=2.5, actor=ACTOR),
    ]
    return SimpleNamespace(
        form=form,
        total=total,
        mobile=mobile,
        revenue=revenue,
        share=share,
        v_hy=Value.objects.get(unit=w.xa_hy, indicator=total),
        v_hn=Value.objects.get(unit=w.xa_hn, indicator=total),
        targets=targets,
    )


def reporting_of(w: World) -> SimpleNamespace:
    found = w.__dict__.get("_reporting")
    if found is None:
        found = w.__dict__["_reporting"] = _build(w)
    return found
