"""Today's units: history rolled up on the units that cover it today."""

import datetime as dt

import pytest

from tongket.analytics.selectors import analytics_rows, national_pivot

from .builders import put


def by_code(rows):
    return {r.unit.code: r for r in rows}


def test_2017_values_separate_in_2017_and_together_under_todays_hung_yen(world, ind):
    put(world.thai_binh, ind.revenue, "2017", 120)
    put(world.hung_yen_old, ind.revenue, "2017", 80)
    put(world.ha_noi, ind.revenue, "2017", 300)

    then = analytics_rows(indicator="post.revenue", period_code="2017")
    assert {r.unit.code: (r.unit.name, r.value) for r in then} == {
        "01": ("Hà Nội", 300),
        "33": ("Hưng Yên", 80),
        "34": ("Thái Bình", 120),
    }
    now = analytics_rows(indicator="post.revenue", period_code="2017", today_units=True)
    assert {r.unit.code: r.value for r in now} == {"01": 300, "33": 200}
    assert by_code(now)["33"].unit.id == world.hung_yen.id


def test_commune_values_follow_their_communes_to_today(world, ind):
    put(world.tb_communes[0], ind.revenue, "2017-01", 1)
    put(world.tb_communes[1], ind.revenue, "2017-02", 2)
    put(world.hy_communes[0], ind.revenue, "2017-03", 4)
    wards = analytics_rows(
        indicator="post.revenue", period_code="2017Q1", unit="33", today_units=True
    )
    assert [(r.unit.code, r.value) for r in wards] == [("40", 3), ("41", 4)]
    rows = by_code(analytics_rows(indicator="post.revenue", period_code="2017", today_units=True))
    assert rows["33"].value == 7


def test_density_of_the_merged_province_from_summed_parts(world, ind):
    # Thái Bình: 1.5 M subscribers, 1.9 M people; Hưng Yên: 0.9 M and 1.3 M.
    put(world.thai_binh, ind.subscribers, "2017", 1_500_000)
    put(world.thai_binh, ind.population, "2017", 1_900_000)
    put(world.hung_yen_old, ind.subscribers, "2017", 900_000)
    put(world.hung_yen_old, ind.population, "2017", 1_300_000)
    then = by_code(analytics_rows(indicator="tel.density", period_code="2017"))
    assert then["34"].value == pytest.approx(1_500_000 / 1_900_000 * 100)
    assert then["33"].value == pytest.approx(900_000 / 1_300_000 * 100)

    merged = by_code(analytics_rows(indicator="tel.density", period_code="2017", today_units=True))[
        "33"
    ].value
    assert merged == pytest.approx(2_400_000 / 3_200_000 * 100)  # 75.0
    mean_of_densities = (then["34"].value + then["33"].value) / 2
    assert merged != pytest.approx(mean_of_densities, abs=0.1)


def test_density_of_a_province_from_its_communes_monthly_values(world, ind):
    a, b, c = world.hn_communes
    for commune, subs, pop in [(a, 100, 1000), (b, 300, 1000), (c, 50, 2000)]:
        put(commune, ind.subscribers, "2017-11", subs / 2)
        put(commune, ind.subscribers, "2017-12", subs)
        put(commune, ind.population, "2017-12", pop)
    row = by_code(analytics_rows(indicator="tel.density", period_code="2017", today_units=True))
    assert row["01"].value == pytest.approx(450 / 4000 * 100)


def test_national_pivot_cells(world, ind):
    from tongket.analytics.services import target_set

    put(world.thai_binh, ind.revenue, "2017Q1", 6)
    put(world.hung_yen_old, ind.revenue, "2017Q1", 4)
    put(world.hn_communes[0], ind.revenue, "2017-05", 3)
    target_set(unit=world.ha_noi, indicator=ind.revenue, period_code="2017Q2", value=4, actor="t")
    pivot = national_pivot(year=2017, indicators=["post.revenue", "tel.density"])
    assert [u.code for u in pivot.units] == ["01", "33"]
    assert pivot.periods == ["2017Q1", "2017Q2", "2017Q3", "2017Q4"]
    cell = pivot.cell("33", "2017Q1", "post.revenue")
    assert (cell.value, cell.target, cell.attainment) == (10, None, None)
    cell = pivot.cell("01", "2017Q2", "post.revenue")
    assert (cell.value, cell.target, cell.attainment) == (3, 4, pytest.approx(75))
    assert pivot.cell("01", "2017Q1", "tel.density").value is None
    then = national_pivot(year=2017, indicators=["post.revenue"], today_units=False)
    assert [u.code for u in then.units] == ["01", "33", "34"]
    assert then.cell("34", "2017Q1", "post.revenue").value == 6


def test_todays_unit_takes_its_predecessors_summed_targets(reference_units):
    from tongket.analytics.selectors import analytics_rows
    from tongket.analytics.services import target_set
    from tongket.indicators.services import indicator_catalogue_load
    from tongket.reporting.models import Value, ValueSource
    from tongket.reporting.periods import period_get_or_create
    from tongket.units.selectors import unit_get

    indicator_catalogue_load(actor="test")
    from tongket.indicators.models import Indicator

    revenue = Indicator.objects.get(code="ict.revenue")
    day = dt.date(2017, 6, 30)
    period = period_get_or_create("2017")
    for code, value, target in (("34", 2060.0, 1900.0), ("33", 1500.0, 1600.0)):
        unit = unit_get(code=code, on=day, kind="province")
        Value.objects.create(
            unit=unit, indicator=revenue, period=period, value=value, source=ValueSource.MANUAL
        )
        target_set(unit=unit, indicator=revenue, period_code="2017", value=target, actor="test")
    (row,) = analytics_rows(
        indicator="ict.revenue", period_code="2017", unit="33", by="self", today_units=True
    )
    assert (row.value, row.target) == (3560.0, 3500.0)
    assert row.attainment == pytest.approx(3560 / 3500 * 100)
    # In the hierarchy of 2017 each keeps its own target.
    (old,) = analytics_rows(indicator="ict.revenue", period_code="2017", unit="34", by="self")
    assert (old.value, old.target) == (2060.0, 1900.0)
