"""Fixtures: two provinces merged on 01/07/2025, communes, indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from factories import make_indicator, make_unit
from tongket.indicators.models import Indicator
from tongket.units.models import Unit, UnitKind, UnitSuccession

from .builders import MERGER, rebuild_closure


@dataclass
class Indicators:
    subscribers: Indicator
    population: Indicator
    density: Indicator
    revenue: Indicator
    incidents: Indicator
    rating: Indicator


@pytest.fixture
def ind(db) -> Indicators:
    subscribers = make_indicator(
        "tel.subscribers", aggregation="sum", period_aggregation="last", name="Số thuê bao"
    )
    population = make_indicator(
        "pop.total", aggregation="sum", period_aggregation="last", unit_of_measure="người"
    )
    density = make_indicator(
        "tel.density",
        name="Mật độ điện thoại",
        unit_of_measure="thuê bao/100 dân",
        value_type="decimal",
        decimals=2,
        numerator=subscribers,
        denominator=population,
        factor=100,
    )
    revenue = make_indicator(
        "post.revenue",
        name="Doanh thu",
        unit_of_measure="tỷ đồng",
        value_type="decimal",
        decimals=1,
    )
    incidents = make_indicator("sec.incidents", name="Sự cố an toàn thông tin", direction="lower")
    rating = make_indicator("egov.rating", aggregation="none", period_aggregation="none")
    return Indicators(subscribers, population, density, revenue, incidents, rating)


@dataclass
class World:
    country: Unit
    thai_binh: Unit  # 34, until 30/06/2025
    hung_yen_old: Unit  # 33, until 30/06/2025
    hung_yen: Unit  # 33, from 01/07/2025 (Hưng Yên + Thái Bình)
    ha_noi: Unit  # 01, unchanged
    tb_district: Unit
    tb_communes: list[Unit]
    hy_communes: list[Unit]
    hn_communes: list[Unit]


@pytest.fixture
def world(db) -> World:
    """Provinces before and after the merger; in 2017 Thái Bình has a district level."""
    start = dt.date(1997, 1, 1)
    end = MERGER - dt.timedelta(days=1)
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=start)
    tb = make_unit(code="34", name="Thái Bình", valid_from=start, valid_to=end, parent=country)
    hy_old = make_unit(code="33", name="Hưng Yên", valid_from=start, valid_to=end, parent=country)
    hy = make_unit(code="33", name="Hưng Yên", valid_from=MERGER, parent=country)
    hn = make_unit(code="01", name="Hà Nội", valid_from=start, parent=country)
    district = make_unit(
        kind=UnitKind.DISTRICT,
        code="336",
        name="Huyện Vũ Thư",
        valid_from=start,
        valid_to=end,
        parent=tb,
    )
    tb_communes = [
        make_unit(
            kind=UnitKind.COMMUNE, code=f"1{i}", valid_from=start, valid_to=end, parent=district
        )
        for i in range(2)
    ]
    hy_communes = [
        make_unit(kind=UnitKind.COMMUNE, code="20", valid_from=start, valid_to=end, parent=hy_old)
    ]
    hn_communes = [
        make_unit(kind=UnitKind.COMMUNE, code=f"3{i}", valid_from=start, parent=hn)
        for i in range(3)
    ]
    # From 01/07/2025 the old communes merge into two new wards of the new Hưng Yên.
    new_tb = make_unit(kind=UnitKind.COMMUNE, code="40", valid_from=MERGER, parent=hy)
    new_hy = make_unit(kind=UnitKind.COMMUNE, code="41", valid_from=MERGER, parent=hy)
    for old, new in [(tb, hy), (hy_old, hy), *((c, new_tb) for c in tb_communes)]:
        UnitSuccession.objects.create(predecessor=old, successor=new, date=MERGER, event="merge")
    for old in hy_communes:
        UnitSuccession.objects.create(predecessor=old, successor=new_hy, date=MERGER, event="merge")
    rebuild_closure()
    return World(country, tb, hy_old, hy, hn, district, tb_communes, hy_communes, hn_communes)
