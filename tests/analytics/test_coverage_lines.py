"""Coverage expects from an enterprise the lines of the services it runs: the telecom and the
postal forms are both the enterprises', yet a telecom branch that leaves postal revenue empty
is not missing, and a telecom branch that opened its report without the figures is."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import make_indicator, make_unit
from tongket.analytics.selectors import analytics_rows
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, Submission
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import UnitKind

from .builders import put, rebuild_closure

START = dt.date(2000, 1, 1)
SOURCES = ["province", "department", "enterprise", "commune"]


def _form(code: str, frequency: str, indicators) -> Form:
    form = Form.objects.create(
        code=code,
        name=f"Biểu {code}",
        frequency=frequency,
        unit_kinds=["enterprise"],
        recipient_kind="province",
        deadline_days=5,
    )
    for n, indicator in enumerate(indicators, start=1):
        FormIndicator.objects.create(form=form, indicator=indicator, line=n)
    return form


@pytest.fixture
def world(db):
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=START)
    province = make_unit(code="01", name="Tỉnh Một", valid_from=START, parent=country)
    branches = {
        key: make_unit(
            kind=UnitKind.ENTERPRISE,
            code=f"DN.{key}.01",
            name=f"Chi nhánh {key}",
            valid_from=START,
            parent=province,
        )
        for key in ("T1", "T2", "P")
    }
    rebuild_closure()
    flow = {"aggregation": "sum", "period_aggregation": "sum", "sources": SOURCES}
    subscribers = make_indicator(
        "tel.subs", aggregation="sum", period_aggregation="last", sources=SOURCES
    )
    revenue = make_indicator("ict.rev", **flow)
    postal = make_indicator("post.rev", **flow)
    telecom = _form("telecom-m", "month", [subscribers, revenue])
    _form("postal-q", "quarter", [postal, revenue])
    for m in range(1, 13):
        put(branches["T1"], subscribers, f"2020-{m:02d}", 1000)
        put(branches["T1"], revenue, f"2020-{m:02d}", 10)
    for q in range(1, 5):
        put(branches["P"], postal, f"2020Q{q}", 3)
        put(branches["P"], revenue, f"2020Q{q}", 4)
    # T2 opened its December report and entered nothing yet.
    Submission.objects.create(
        unit=branches["T2"],
        form=telecom,
        period=period_get_or_create("2020-12"),
        recipient=province,
        deadline=dt.date(2021, 1, 5),
    )
    return branches


def _row(indicator: str, period: str = "2020"):
    (row,) = analytics_rows(indicator=indicator, period_code=period, unit="01", by="self")
    return row


def test_telecom_branches_are_not_expected_to_report_postal_revenue(world):
    row = _row("post.rev")
    assert (row.value, row.expected, row.reported) == (12, 1, 1)
    assert not row.partial and row.missing == ()


def test_a_telecom_branch_that_opened_its_report_owes_the_telecom_lines(world):
    row = _row("tel.subs")
    assert (row.expected, row.reported) == (2, 1) and row.partial
    assert [code for code, _ in row.missing] == ["DN.T2.01"]
    # Revenue is on both forms: the postal and the telecom branches owe it, the third missing.
    row = _row("ict.rev")
    assert (row.value, row.expected, row.reported) == (136, 3, 2)
    assert [code for code, _ in row.missing] == ["DN.T2.01"]


def test_a_branch_is_expected_only_from_the_period_it_began_to_report(world):
    # Before 2020 nobody reported: no branch is counted as owing the old years' postal figure.
    row = _row("post.rev", "2019")
    assert row.value is None and not row.expected and row.missing == ()


def test_the_national_pivot_carries_coverage(world):
    from tongket.analytics.selectors import national_pivot
    from tongket.analytics.services import target_set

    province = world["T1"].parent_links.get().parent
    subscribers = Indicator.objects.get(code="tel.subs")
    target_set(unit=province, indicator=subscribers, period_code="2020Q4", value=500, actor="t")
    pivot = national_pivot(year=2020, indicators=["post.rev", "tel.subs"], today_units=False)
    postal = pivot.cell("01", "2020Q1", "post.rev")
    assert (postal.value, postal.expected, postal.reported, postal.coverage) == (3, 1, 1, 100)
    assert not postal.partial
    # T2 opened its December report without figures: the fourth quarter is partial, and a
    # partial figure is not measured against the target.
    telecom = pivot.cell("01", "2020Q4", "tel.subs")
    assert (telecom.value, telecom.expected, telecom.reported) == (1000, 2, 1)
    assert telecom.partial and telecom.target == 500 and telecom.attainment is None
    assert not telecom.estimated


def test_the_annual_report_is_owed_by_the_department_existing_at_the_years_end(db):
    # The old department merged into the new one on 1 July: only the new one files the
    # year's annual report, so the province's figure is complete with its report alone.
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=START)
    province = make_unit(code="01", name="Tỉnh Một", valid_from=START, parent=country)
    merge = dt.date(2020, 7, 1)
    make_unit(
        kind=UnitKind.DEPARTMENT,
        code="01.CU",
        name="Sở cũ",
        valid_from=START,
        valid_to=merge - dt.timedelta(days=1),
        parent=province,
    )
    new = make_unit(
        kind=UnitKind.DEPARTMENT, code="01.MOI", name="Sở mới", valid_from=merge, parent=province
    )
    rebuild_closure()
    villages = make_indicator("pop.vill", aggregation="sum", period_aggregation="last",
                              sources=SOURCES)  # fmt: skip
    form = Form.objects.create(
        code="dept-y", name="Biểu năm", frequency="year", unit_kinds=["department"],
        recipient_kind="province", deadline_days=45,
    )  # fmt: skip
    FormIndicator.objects.create(form=form, indicator=villages, line=1)
    put(new, villages, "2020", 120)
    row = _row("pop.vill")
    assert (row.value, row.expected, row.reported) == (120, 1, 1) and not row.partial


def test_who_reported_is_read_for_every_period_at_once(world):
    # One statement for the quarters of a year; a year overlapping its quarters and a month
    # inside one of them go in statements of their own, each period read as if alone.
    from tongket.analytics import coverage as cov
    from tongket.core.periods import Period as PeriodCode

    province = world["T1"].parent_links.get().parent
    codes = ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2020", "2020-12", "2019"]
    buckets = [PeriodCode.parse(c) for c in codes]
    subscribers, postal = (Indicator.objects.get(code=c) for c in ("tel.subs", "post.rev"))
    ids = [subscribers.id, postal.id]
    found = cov.reported_by_bucket(
        base_ids=ids, row_ids=[province.id], buckets=buckets, today_units=False
    )
    for bucket in buckets:
        alone = cov.reported_units(
            base_ids=ids, row_ids=[province.id], bucket=bucket, today_units=False
        )
        assert found[bucket.code] == alone
    t1, p = world["T1"].id, world["P"].id
    assert found["2020Q4"][(province.id, subscribers.id)] == {"enterprise": {t1: 1}}
    assert found["2020"][(province.id, postal.id)] == {"enterprise": {p: 1}}
    assert found["2020-12"][(province.id, subscribers.id)] == {"enterprise": {t1: 1}}
    assert (province.id, postal.id) not in found["2020-12"]
    assert found["2019"] == {}


def test_the_enterprises_lines_are_known_from_the_first_period_they_report(world):
    from tongket.analytics import coverage as cov
    from tongket.core.periods import Period as PeriodCode

    subscribers, postal = (Indicator.objects.get(code=c) for c in ("tel.subs", "post.rev"))
    registered = cov.registered_since(
        indicator_ids=[subscribers.id, postal.id], until=dt.date(2020, 12, 31)
    )
    t1, t2, p = (world[k].id for k in ("T1", "T2", "P"))
    # T2 only opened its December report: it owes the telecom lines from December on.
    assert registered.by(dt.date(2020, 11, 30))[subscribers.id] == {t1}
    assert registered.by(dt.date(2020, 12, 31))[subscribers.id] == {t1, t2}
    assert registered.by(dt.date(2020, 12, 31))[postal.id] == {p}
    assert registered.by(dt.date(2019, 12, 31)) == {}
    for code in ("2020Q3", "2020Q4", "2020"):
        bucket = PeriodCode.parse(code)
        assert cov.registered_reporters(
            indicator_ids=[subscribers.id, postal.id], bucket=bucket
        ) == registered.by(bucket.end())
