"""Figures that hold up: coverage, derived indicators over the same units, source precedence,
estimates of the year in progress, display units and direction, on a small world.

The world: a country; a province with four communes, its department and two enterprise
branches; a national enterprise under the country. Communes report «commune-monthly», branches
«telecom-monthly», the department «department-annual».
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from factories import make_indicator, make_unit
from tongket.analytics.selectors import analytics_rows, unit_indicator_rows
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator
from tongket.units.models import Unit, UnitKind
from tongket.web.pages_reporting.charts import chart_of

from .builders import put, rebuild_closure

SOURCES = ["province", "department", "enterprise", "commune"]
PAST = "2020"


@dataclass
class Small:
    country: Unit
    province: Unit
    communes: list[Unit]
    department: Unit
    branches: list[Unit]
    national: Unit
    households: Indicator
    stations: Indicator
    ip_stations: Indicator
    ip_share: Indicator
    subscribers: Indicator
    revenue: Indicator


def _form(code: str, frequency: str, kinds: list[str], indicators: list[Indicator]) -> None:
    form = Form.objects.create(
        code=code,
        name=f"Biểu {code}",
        frequency=frequency,
        unit_kinds=kinds,
        recipient_kind="department",
        deadline_days=5,
    )
    for n, indicator in enumerate(indicators, start=1):
        FormIndicator.objects.create(form=form, indicator=indicator, line=n)


@pytest.fixture
def small(db) -> Small:
    start = dt.date(2000, 1, 1)
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=start)
    province = make_unit(code="01", name="Tỉnh Một", valid_from=start, parent=country)
    communes = [
        make_unit(
            kind=UnitKind.COMMUNE, code=f"0{i}", name=f"Xã {i}", valid_from=start, parent=province
        )
        for i in range(1, 5)
    ]
    department = make_unit(
        kind=UnitKind.DEPARTMENT, code="01.SO", name="Sở Một", valid_from=start, parent=province
    )
    branches = [
        make_unit(
            kind=UnitKind.ENTERPRISE,
            code=f"DN.{k}.01",
            name=f"Chi nhánh {k}",
            valid_from=start,
            parent=province,
        )
        for k in ("A", "B")
    ]
    national = make_unit(
        kind=UnitKind.ENTERPRISE, code="DN.QG", name="Tập đoàn", valid_from=start, parent=country
    )
    rebuild_closure()
    stock = {"aggregation": "sum", "period_aggregation": "last", "sources": SOURCES}
    households = make_indicator("pop.households", name="Số hộ", unit_of_measure="hộ", **stock)
    stations = make_indicator("radio.stations", name="Số đài", unit_of_measure="đài", **stock)
    ip_stations = make_indicator("radio.ip", name="Số đài IP", unit_of_measure="đài", **stock)
    ip_share = make_indicator(
        "radio.ip_share",
        name="Tỷ lệ đài IP",
        unit_of_measure="%",
        value_type="percent",
        aggregation="none",
        period_aggregation="none",
        numerator=ip_stations,
        denominator=stations,
        factor=100,
        decimals=1,
    )
    subscribers = make_indicator("tel.subs", name="Thuê bao", **stock)
    revenue = make_indicator(
        "ict.rev",
        name="Doanh thu",
        unit_of_measure="đồng",
        value_type="money",
        aggregation="sum",
        period_aggregation="sum",
        sources=SOURCES,
        display_unit="tỷ đồng",
        display_unit_en="billion VND",
        display_scale=1e9,
        decimals=1,
    )
    _form("commune-m", "month", ["commune"], [households, stations, ip_stations, subscribers])
    _form("telecom-m", "month", ["enterprise"], [subscribers, revenue])
    _form("dept-y", "year", ["department"], [subscribers, revenue, stations, ip_stations])
    return Small(
        country,
        province,
        communes,
        department,
        branches,
        national,
        households,
        stations,
        ip_stations,
        ip_share,
        subscribers,
        revenue,
    )


def _own(small: Small, indicator: str, period: str):
    (row,) = analytics_rows(indicator=indicator, period_code=period, unit="01", by="self")
    return row


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# ----------------------------------------------------------------------------- coverage


def test_one_commune_of_four_is_a_partial_figure_with_its_missing_units(small):
    put(small.communes[0], small.households, f"{PAST}-12", 700)
    row = _own(small, "pop.households", PAST)
    assert row.value == 700 and row.source == "commune"
    assert (row.expected, row.reported, row.coverage) == (4, 1, 25.0)
    assert row.partial
    assert [code for code, _ in row.missing] == ["02", "03", "04"]
    data = json.loads(
        run("analytics", "pop.households", "--period", PAST, "--unit", "01", "--json")
    )
    assert data["expected"] == 4 and data["reported"] == 1 and data["partial"] is True
    assert [m["code"] for m in data["missing"]] == ["02", "03", "04"]
    text = run("analytics", "pop.households", "--period", PAST, "--unit", "01")
    assert "1/4 chưa đủ" in text and "chưa báo cáo: Xã 2, Xã 3, Xã 4" in text


def test_every_commune_reported_is_the_total(small):
    for n, commune in enumerate(small.communes, start=1):
        put(commune, small.households, f"{PAST}-12", 100 * n)
    row = _own(small, "pop.households", PAST)
    assert row.value == 1000 and (row.expected, row.reported) == (4, 4)
    assert not row.partial and row.missing == ()


def test_a_unit_with_nothing_in_shows_who_owes(small):
    row = _own(small, "pop.households", PAST)
    assert row.value is None and (row.expected, row.reported) == (4, 0)
    assert row.partial


# ----------------------------------------------------------------------------- derived


def test_a_ratio_whose_parts_come_from_different_units_is_not_computed(small):
    # One commune entered its IP stations, all four their stations: 6.500% would be printed.
    put(small.communes[0], small.ip_stations, f"{PAST}-12", 65)
    for commune in small.communes:
        put(commune, small.stations, f"{PAST}-12", 1)
    row = _own(small, "radio.ip_share", PAST)
    assert row.value is None and row.withheld
    assert row.partial and (row.expected, row.reported) == (4, 1)
    text = run("analytics", "radio.ip_share", "--period", PAST, "--unit", "01")
    assert "không tính" in text and "6.500" not in text


def test_a_ratio_over_the_same_units_is_computed_and_stays_partial(small):
    put(small.communes[0], small.ip_stations, f"{PAST}-12", 1)
    put(small.communes[0], small.stations, f"{PAST}-12", 2)
    row = _own(small, "radio.ip_share", PAST)
    assert row.value == 50.0 and not row.withheld
    assert row.partial and (row.expected, row.reported) == (4, 1)


def test_a_ratio_of_two_complete_parts_from_different_kinds_is_computed(small):
    put(small.department, small.ip_stations, PAST, 3)  # the department's annual report
    for commune in small.communes:
        put(commune, small.stations, f"{PAST}-12", 1)
    row = _own(small, "radio.ip_share", PAST)
    assert row.value == 75.0 and not row.withheld and not row.partial


# ----------------------------------------------------------------------------- sources


def test_the_department_report_counts_and_the_branches_sum_is_a_reconciliation(small):
    put(small.department, small.subscribers, PAST, 1000)
    put(small.branches[0], small.subscribers, f"{PAST}-12", 600)
    put(small.branches[1], small.subscribers, f"{PAST}-12", 300)
    row = _own(small, "tel.subs", PAST)
    assert row.value == 1000 and row.source == "department"
    assert (row.expected, row.reported) == (1, 1)
    assert row.reconciliation_source == "enterprise"
    assert row.reconciliation_value == 900 and row.reconciliation_difference == 100
    text = run("analytics", "tel.subs", "--period", PAST, "--unit", "01")
    assert "theo báo cáo của doanh nghiệp: 900 thuê bao, chênh lệch +100" in text


def test_the_country_is_not_the_provinces_plus_the_national_enterprises(small):
    put(small.province, small.subscribers, PAST, 1000)
    put(small.national, small.subscribers, PAST, 2500)
    (row,) = analytics_rows(indicator="tel.subs", period_code=PAST, unit="VN", by="self")
    assert row.value == 1000 and row.source == "province"
    assert row.reconciliation_source == "enterprise" and row.reconciliation_value == 2500


def test_the_province_own_value_comes_first(small):
    put(small.province, small.subscribers, PAST, 1200)
    put(small.department, small.subscribers, PAST, 1000)
    row = _own(small, "tel.subs", PAST)
    assert row.value == 1200 and row.source == "own" and not row.partial
    assert row.reconciliation_source == "department" and row.reconciliation_difference == 200


# ----------------------------------------------------------------------------- estimates


def test_a_flow_of_the_year_in_progress_is_extrapolated_from_its_months(small):
    year = timezone.localdate().year
    for month, value in ((1, 10e9), (2, 20e9), (3, 30e9)):
        put(small.province, small.revenue, f"{year}-{month:02d}", value)
        put(small.province, small.revenue, f"{PAST}-{month:02d}", value)
    row = _own(small, "ict.rev", str(year))
    assert row.estimated and row.estimate_method == "flow"
    assert row.reported_value == 60e9 and row.value == pytest.approx(240e9)
    assert "ước thực hiện: ngoại suy từ 3/12 tháng" in row.estimate_note
    closed = _own(small, "ict.rev", PAST)
    assert not closed.estimated and closed.value == 60e9 and closed.estimate_note == ""
    text = run("analytics", "ict.rev", "--period", str(year), "--unit", "01")
    assert "(ước thực hiện)" in text and "240,0 (ước)" in text


def test_a_stock_of_the_year_in_progress_is_its_latest_value(small):
    year = timezone.localdate().year
    for month, value in ((1, 100), (2, 110), (3, 120)):
        put(small.province, small.subscribers, f"{year}-{month:02d}", value)
    row = _own(small, "tel.subs", str(year))
    assert row.estimated and row.estimate_method == "stock" and row.value == 120
    assert row.estimate_note == f"ước thực hiện: số liệu mới nhất (tháng 03/{year})"


def test_a_ratio_of_estimated_parts_is_an_estimate(small):
    year = timezone.localdate().year
    put(small.province, small.ip_stations, f"{year}-02", 3)
    put(small.province, small.stations, f"{year}-02", 4)
    row = _own(small, "radio.ip_share", str(year))
    assert row.value == 75.0 and row.estimated and row.estimate_method == "derived"


# ----------------------------------------------------------------------------- display


def test_money_is_shown_in_billions_in_every_output_and_kept_in_dong(small):
    put(small.province, small.revenue, PAST, 8_618_434_000_000)
    text = run("analytics", "ict.rev", "--period", PAST, "--unit", "01")
    assert "Doanh thu (tỷ đồng)" in text and "8.618,4" in text
    assert "8.618.434" not in text
    data = json.loads(run("analytics", "ict.rev", "--period", PAST, "--unit", "01", "--json"))
    assert data["value"] == 8_618_434_000_000
    assert data["display"]["unit"] == "tỷ đồng" and data["display"]["value"] == 8618.4
    assert data["display"]["value_text"] == "8.618,4"
    rows = unit_indicator_rows(unit="01", indicators=["ict.rev"], periods=[PAST])
    chart = chart_of(small.revenue, rows, unit=small.province, key="t")
    assert chart["unit"] == "tỷ đồng" and chart["series"][0]["values"] == [8618.4]
    assert chart["decimals"] == 1


# ----------------------------------------------------------------------------- direction


def test_lower_is_better_ranks_from_the_fewest_and_lists_every_unit(small):
    incidents = make_indicator("sec.inc", name="Sự cố", direction="lower")
    others = [make_unit(code=f"0{n}P", name=f"Tỉnh {n}", parent=small.country) for n in range(2, 5)]
    rebuild_closure()
    for unit, value in zip([small.province, *others[:2]], (5, 1, 9), strict=True):
        put(unit, incidents, PAST, value)
    rows = {r.unit.code: r for r in analytics_rows(indicator="sec.inc", period_code=PAST)}
    assert set(rows) == {"01", "02P", "03P", "04P"}  # the one without a figure too
    assert [rows[c].rank for c in ("02P", "01", "03P", "04P")] == [1, 2, 3, None]


def test_an_entered_estimate_stands_for_the_open_year_then_beside_the_outcome(small):
    from tongket.analytics.hierarchy import AnalyticsError
    from tongket.analytics.models import Estimate
    from tongket.analytics.services import estimate_set
    from tongket.core.models import AuditEntry

    year = timezone.localdate().year
    put(small.province, small.revenue, f"{year}-01", 10e9)
    estimate_set(
        unit=small.province,
        indicator=small.revenue,
        period_code=str(year),
        value=150e9,
        note="theo kế hoạch kinh doanh của doanh nghiệp",
        actor="t",
    )
    row = _own(small, "ict.rev", str(year))
    assert row.value == 150e9 and row.estimate_method == "entered" and row.estimated
    assert row.estimate_note == "ước thực hiện: số ước do đơn vị nhập"
    # A closed year: the outcome stands, the estimate entered while it was open beside it.
    put(small.province, small.revenue, PAST, 140e9)
    estimate_set(
        unit=small.province, indicator=small.revenue, period_code=PAST, value=150e9, actor="t"
    )
    row = _own(small, "ict.rev", PAST)
    assert row.value == 140e9 and not row.estimated and row.entered_estimate == 150e9
    data = json.loads(run("analytics", "ict.rev", "--period", PAST, "--unit", "01", "--json"))
    assert data["entered_estimate"] == 150e9 and data["display"]["entered_estimate_text"] == "150,0"
    text = run("estimates", "--unit", "01", "--period", PAST)
    assert "ước thực hiện đã nhập 150,0 tỷ đồng, thực hiện 140,0 tỷ đồng" in text
    # Entering the same again writes nothing; a period not yet begun is refused, nothing stored.
    estimate_set(
        unit=small.province, indicator=small.revenue, period_code=PAST, value=150e9, actor="t"
    )
    assert AuditEntry.objects.filter(action__startswith="estimate.").count() == 2
    with pytest.raises(AnalyticsError, match="chưa bắt đầu"):
        estimate_set(
            unit=small.province,
            indicator=small.revenue,
            period_code=str(year + 1),
            value=1,
            actor="t",
        )
    assert Estimate.objects.count() == 2


def test_a_commune_without_its_report_owes_it_itself(small):
    put(small.communes[0], small.households, f"{PAST}-12", 700)
    rows = {
        r.unit.code: r
        for r in analytics_rows(indicator="pop.households", period_code=PAST, unit="01")
    }
    assert (rows["01"].expected, rows["01"].reported) == (1, 1)  # its own figure
    assert (rows["02"].expected, rows["02"].reported, rows["02"].partial) == (1, 0, True)
    assert [code for code, _ in rows["02"].missing] == ["02"]
    # The department is not asked for households: no coverage to speak of.
    assert rows["01.SO"].expected is None and not rows["01.SO"].partial
