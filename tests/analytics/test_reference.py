"""The merger of 01/07/2025 on the real reference units (``units_reference_load``)."""

import pytest

from factories import make_indicator
from tongket.analytics.selectors import analytics_rows, national_pivot
from tongket.units.models import Unit
from tongket.units.services import units_reference_load

from .builders import put


@pytest.fixture
def reference(db):
    units_reference_load(actor="test")


def province(code: str, year: int) -> Unit:
    return Unit.objects.get(
        kind="province", code=code, valid_from__year__lte=year, valid_to__isnull=False
    )


def test_thai_binh_and_hung_yen_2017_separately_then_together(reference):
    revenue = make_indicator("post.revenue", unit_of_measure="tỷ đồng")
    subscribers = make_indicator("tel.subscribers", period_aggregation="last")
    population = make_indicator("pop.total", period_aggregation="last")
    make_indicator("tel.density", numerator=subscribers, denominator=population, factor=100)
    thai_binh, hung_yen = province("34", 2017), province("33", 2017)
    assert thai_binh.name == "Thái Bình"
    for unit, rev, subs, pop in [
        (thai_binh, 1200, 1_500_000, 1_900_000),
        (hung_yen, 800, 900_000, 1_300_000),
    ]:
        put(unit, revenue, "2017", rev)
        put(unit, subscribers, "2017-12", subs)
        put(unit, population, "2017", pop)

    then = {r.unit.code: r for r in analytics_rows(indicator="post.revenue", period_code="2017")}
    assert len(then) == 63
    assert (then["34"].unit.name, then["34"].value) == ("Thái Bình", 1200)
    assert (then["33"].unit.id, then["33"].value) == (hung_yen.id, 800)

    now = {
        r.unit.code: r
        for r in analytics_rows(indicator="post.revenue", period_code="2017", today_units=True)
    }
    assert len(now) == 34 and "34" not in now
    assert now["33"].value == 2000
    assert now["33"].unit.id != hung_yen.id  # the new Hưng Yên of 01/07/2025

    density = {
        r.unit.code: r.value
        for r in analytics_rows(indicator="tel.density", period_code="2017", today_units=True)
    }
    assert density["33"] == pytest.approx(2_400_000 / 3_200_000 * 100)
    separate = [1_500_000 / 1_900_000 * 100, 900_000 / 1_300_000 * 100]
    assert density["33"] != pytest.approx(sum(separate) / 2, abs=0.1)

    pivot = national_pivot(year=2017, indicators=["post.revenue"])
    assert len(pivot.units) == 34
    assert pivot.cell("33", "2017Q1", "post.revenue").value is None  # a year, not a quarter
