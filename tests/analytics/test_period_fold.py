"""Each reporting unit contributes its own quarter or its months: postal branches report a
flow quarterly, telecom branches monthly, and the province's quarter, half and year are the
sum of both (a stored quarter never hides the other units' months)."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import make_indicator, make_unit
from tongket.analytics import engine, hierarchy
from tongket.analytics.selectors import analytics_rows
from tongket.core.periods import Period as PeriodCode
from tongket.units.models import UnitKind

from .builders import put, rebuild_closure

START = dt.date(2000, 1, 1)


@pytest.fixture
def branches(db):
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=START)
    province = make_unit(code="01", name="Tỉnh Một", valid_from=START, parent=country)
    postal = make_unit(
        kind=UnitKind.ENTERPRISE, code="DN.P", name="Bưu điện", valid_from=START, parent=province
    )
    telecom = make_unit(
        kind=UnitKind.ENTERPRISE, code="DN.T", name="Viễn thông", valid_from=START, parent=province
    )
    communes = [
        make_unit(
            kind=UnitKind.COMMUNE, code=f"0{i}", name=f"Xã {i}", valid_from=START, parent=province
        )
        for i in (1, 2)
    ]
    rebuild_closure()
    revenue = make_indicator(
        "ict.revenue", aggregation="sum", period_aggregation="sum", name="Doanh thu"
    )
    stock = make_indicator(
        "post.points", aggregation="sum", period_aggregation="last", name="Điểm phục vụ"
    )
    return province, postal, telecom, communes, revenue, stock


def _value(indicator: str, period: str) -> float | None:
    (row,) = analytics_rows(indicator=indicator, period_code=period, unit="01", by="self")
    return row.value


def test_a_quarter_is_the_postal_quarter_plus_the_telecom_months(branches):
    _, postal, telecom, _, revenue, _ = branches
    for q in (1, 2, 3, 4):
        put(postal, revenue, f"2020Q{q}", 10)
    for m in range(1, 13):
        put(telecom, revenue, f"2020-{m:02d}", 100)
    assert _value("ict.revenue", "2020Q3") == 310
    assert _value("ict.revenue", "2020S1") == 620
    assert _value("ict.revenue", "2020") == 1240
    assert _value("ict.revenue", "2020-05") == 100  # a month: the telecom branch's alone


def test_a_unit_that_stored_its_quarter_and_its_months_counts_the_quarter_once(branches):
    _, postal, telecom, _, revenue, _ = branches
    put(postal, revenue, "2020Q1", 30)
    for m in (1, 2, 3):
        put(postal, revenue, f"2020-{m:02d}", 11)  # the postal months: 33, not its quarter
        put(telecom, revenue, f"2020-{m:02d}", 100)
    assert _value("ict.revenue", "2020Q1") == 330


def test_a_stock_takes_each_units_latest_period(branches):
    _, postal, telecom, _, _, stock = branches
    put(postal, stock, "2020Q1", 7)
    put(postal, stock, "2020Q2", 8)
    for m in range(1, 6):
        put(telecom, stock, f"2020-{m:02d}", 100 + m)
    # postal's second quarter (8) + telecom's May (105); the postal quarter alone was shown
    assert _value("post.points", "2020S1") == 113


def test_the_province_own_quarter_still_wins_over_its_communes_months(branches):
    province, _, _, communes, revenue, _ = branches
    put(province, revenue, "2020Q1", 1000)
    for commune in communes:
        for m in (1, 2, 3):
            put(commune, revenue, f"2020-{m:02d}", 5)
    assert _value("ict.revenue", "2020Q1") == 1000
    assert _value("ict.revenue", "2020") == 1000


def test_both_statement_shapes_keep_the_classes_apart(branches):
    province, postal, telecom, _, revenue, _ = branches
    put(postal, revenue, "2020Q1", 10)
    put(telecom, revenue, "2020-01", 100)
    buckets = [PeriodCode.parse("2020Q1")]
    periods = engine.stored_periods(buckets)
    assert engine.mixed_kinds(indicator_ids=[revenue.id], period_ids=list(periods))
    found = {}
    for vendor in ("sqlite", "postgresql"):
        sql = engine.cells_sql(
            indicator_ids=[revenue.id],
            period_ids=list(periods),
            row_ids=[province.id],
            today=hierarchy.today(),
            today_map={},
            vendor=vendor,
        )
        found[vendor] = dict(engine.fetch_cells(sql, periods).cells)
    assert found["sqlite"] == found["postgresql"]
    cells = found["sqlite"][(province.id, revenue.id)]
    bits = engine.KIND_BITS
    assert cells["2020Q1"] == {(1, "enterprise", bits["quarter"]): (10.0, 1)}
    assert cells["2020-01"] == {(1, "enterprise", bits["month"]): (100.0, 1)}


def test_a_commune_whose_quarterly_report_is_missing_counts_its_months(branches):
    # Both communes report incidents monthly and quarterly; the second has not sent its third
    # quarter yet, only its months: the half is 3 + 4 + 4 + 5, not the first commune alone.
    _, _, _, communes, revenue, _ = branches
    first, second = communes
    for q, months in ((3, (7, 8, 9)), (4, (10, 11, 12))):
        put(first, revenue, f"2020Q{q}", 3 if q == 3 else 4)
        for m in months:
            put(first, revenue, f"2020-{m:02d}", 1)
            put(second, revenue, f"2020-{m:02d}", 4 / 3 if q == 3 else 5 / 3)
    put(second, revenue, "2020Q4", 5)
    assert _value("ict.revenue", "2020S2") == pytest.approx(3 + 4 + 4 + 5)
    assert _value("ict.revenue", "2020Q3") == pytest.approx(3 + 4)
