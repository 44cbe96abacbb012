"""Aggregation through the hierarchy valid in the period."""

import pytest

from factories import make_indicator
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import analytics_rows, indicator_series

from .builders import put


def by_code(rows):
    return {r.unit.code: r for r in rows}


def test_communes_sum_up_through_districts_to_the_province(world, ind):
    c1, c2 = world.tb_communes
    put(c1, ind.revenue, "2017", 10.5)
    put(c2, ind.revenue, "2017", 20)
    put(world.hy_communes[0], ind.revenue, "2017", 7)
    rows = by_code(analytics_rows(indicator="post.revenue", period_code="2017"))
    assert rows["34"].value == pytest.approx(30.5)
    assert rows["33"].value == pytest.approx(7)
    assert rows["34"].unit.name == "Thái Bình"
    # Children of Thái Bình in 2017: its district, and the district's communes below it.
    district = analytics_rows(indicator="post.revenue", period_code="2017", unit="34")
    assert [(r.unit.code, r.value) for r in district] == [("336", pytest.approx(30.5))]
    communes = analytics_rows(indicator="post.revenue", period_code="2017", unit="336")
    assert [r.value for r in communes] == [10.5, 20]


def test_the_province_own_value_wins_over_its_communes(world, ind):
    put(world.tb_communes[0], ind.revenue, "2017", 10)
    put(world.thai_binh, ind.revenue, "2017", 99)
    rows = by_code(analytics_rows(indicator="post.revenue", period_code="2017"))
    assert rows["34"].value == 99


def test_provinces_of_2017_are_the_old_ones(world, ind):
    put(world.thai_binh, ind.revenue, "2017", 1)
    codes = [r.unit.code for r in analytics_rows(indicator="post.revenue", period_code="2017")]
    assert codes == ["01", "33", "34"]
    names = {r.unit.id for r in analytics_rows(indicator="post.revenue", period_code="2017")}
    assert world.hung_yen.id not in names and world.hung_yen_old.id in names


def test_period_sum_of_months_and_last_month(world, ind):
    commune = world.hn_communes[0]
    for month, (subs, rev) in enumerate([(100, 1), (120, 2), (130, 4)], start=1):
        put(commune, ind.subscribers, f"2017-{month:02d}", subs)
        put(commune, ind.revenue, f"2017-{month:02d}", rev)
    rev = by_code(analytics_rows(indicator="post.revenue", period_code="2017Q1"))["01"]
    subs = by_code(analytics_rows(indicator="tel.subscribers", period_code="2017Q1"))["01"]
    assert rev.value == 7  # revenue of a quarter: the sum of its months
    assert subs.value == 130  # subscribers of a quarter: the last month
    year = by_code(analytics_rows(indicator="tel.subscribers", period_code="2017"))["01"]
    assert year.value == 130  # last available month (March) of the year


def test_a_value_stored_at_the_period_wins_over_its_parts(world, ind):
    commune = world.hn_communes[0]
    for q in range(1, 5):
        put(commune, ind.revenue, f"2017Q{q}", 10)
    assert by_code(analytics_rows(indicator="post.revenue", period_code="2017"))["01"].value == 40
    put(commune, ind.revenue, "2017", 45)  # the annual report, revised
    assert by_code(analytics_rows(indicator="post.revenue", period_code="2017"))["01"].value == 45


def test_by_period_lists_the_quarters_then_the_months(world, ind):
    commune = world.hn_communes[0]
    put(commune, ind.revenue, "2017-01", 1)
    put(commune, ind.revenue, "2017-02", 2)
    put(commune, ind.revenue, "2017Q2", 5)
    rows = analytics_rows(indicator="post.revenue", period_code="2017", unit="01", by="period")
    assert [(r.period, r.value) for r in rows] == [
        ("2017Q1", 3),
        ("2017Q2", 5),
        ("2017Q3", None),
        ("2017Q4", None),
    ]
    months = analytics_rows(indicator="post.revenue", period_code="2017Q1", unit="01", by="period")
    assert [(r.period, r.value) for r in months] == [
        ("2017-01", 1),
        ("2017-02", 2),
        ("2017-03", None),
    ]
    # Without a unit: the country.
    national = analytics_rows(indicator="post.revenue", period_code="2017", by="period")
    assert [r.value for r in national][:2] == [3, 5]


def test_not_aggregatable_indicator_shows_only_the_unit_own_value(world, ind):
    put(world.hn_communes[0], ind.rating, "2017", 80)
    put(world.hn_communes[1], ind.rating, "2017", 90)
    rows = by_code(analytics_rows(indicator="egov.rating", period_code="2017"))
    assert rows["01"].value is None
    put(world.ha_noi, ind.rating, "2017", 85)
    rows = by_code(analytics_rows(indicator="egov.rating", period_code="2017"))
    assert rows["01"].value == 85
    # nor over periods: no value of the year from quarters
    put(world.ha_noi, ind.rating, "2018Q1", 85)
    assert by_code(analytics_rows(indicator="egov.rating", period_code="2018"))["01"].value is None


def test_average_over_units_and_months(world, ind):
    speed = make_indicator("net.speed", aggregation="average", period_aggregation="average")
    a, b, _ = world.hn_communes
    put(a, speed, "2017-01", 10)
    put(b, speed, "2017-01", 20)
    put(a, speed, "2017Q2", 40)  # a quarter weighs three months
    rows = by_code(analytics_rows(indicator="net.speed", period_code="2017S1"))
    assert rows["01"].value == pytest.approx((15 * 1 + 40 * 3) / 4)


def test_change_on_the_same_period_a_year_earlier(world, ind):
    put(world.thai_binh, ind.revenue, "2016", 1000)
    put(world.thai_binh, ind.revenue, "2017", 1190)
    put(world.ha_noi, ind.revenue, "2017", 50)
    rows = by_code(analytics_rows(indicator="post.revenue", period_code="2017"))
    assert rows["34"].previous == 1000
    assert rows["34"].change_abs == pytest.approx(190)
    assert rows["34"].change_pct == pytest.approx(19)
    assert rows["01"].change_abs is None and rows["01"].change_pct is None


def test_ranking_among_peers_with_ties(world, ind):
    put(world.thai_binh, ind.revenue, "2017", 50)
    put(world.hung_yen_old, ind.revenue, "2017", 50)
    put(world.ha_noi, ind.revenue, "2017", 70)
    rows = by_code(analytics_rows(indicator="post.revenue", period_code="2017"))
    assert (rows["01"].rank, rows["34"].rank, rows["33"].rank) == (1, 2, 2)
    assert rows["01"].peers == 3


def test_ranking_respects_lower_is_better(world, ind):
    from tongket.analytics.services import target_set

    for unit, value, target in [
        (world.thai_binh, 3, 6),
        (world.hung_yen_old, 8, 4),
        (world.ha_noi, 3, 3),
    ]:
        put(unit, ind.incidents, "2017", value)
        target_set(
            unit=unit,
            indicator=ind.incidents,
            period_code="2017",
            value=target,
            direction="lower",
            actor="test",
        )
    rows = by_code(analytics_rows(indicator="sec.incidents", period_code="2017"))
    assert (rows["34"].rank, rows["01"].rank, rows["33"].rank) == (1, 1, 3)
    assert rows["34"].attainment == pytest.approx(200)
    assert rows["33"].attainment == pytest.approx(50)
    assert rows["01"].attainment == pytest.approx(100)
    assert (rows["34"].rank_attainment, rows["01"].rank_attainment) == (1, 2)
    assert rows["33"].target_met is False


def test_by_period_ranks_the_unit_among_its_peers(world, ind):
    put(world.thai_binh, ind.revenue, "2017Q1", 5)
    put(world.hung_yen_old, ind.revenue, "2017Q1", 9)
    put(world.ha_noi, ind.revenue, "2017Q1", 1)
    rows = analytics_rows(indicator="post.revenue", period_code="2017", unit="34", by="period")
    assert (rows[0].period, rows[0].rank, rows[0].peers) == ("2017Q1", 2, 3)


def test_series_over_years(world, ind):
    for year, value in [(2015, 1), (2016, 2), (2017, 4)]:
        put(world.ha_noi, ind.revenue, str(year), value)
    rows = indicator_series(indicator="post.revenue", unit="01", periods=["2015", "2016", "2017"])
    assert [(r.period, r.value, r.change_pct) for r in rows] == [
        ("2015", 1, None),
        ("2016", 2, pytest.approx(100)),
        ("2017", 4, pytest.approx(100)),
    ]


def test_bad_input_is_refused_with_a_message(world, ind):
    with pytest.raises(AnalyticsError, match="unknown indicator"):
        analytics_rows(indicator="no.such", period_code="2017")
    with pytest.raises(AnalyticsError, match="invalid period"):
        analytics_rows(indicator="post.revenue", period_code="2017Q5")
    with pytest.raises(AnalyticsError, match="no unit with code «99»"):
        analytics_rows(indicator="post.revenue", period_code="2017", unit="99")
    with pytest.raises(AnalyticsError, match="use self, unit or period"):
        analytics_rows(indicator="post.revenue", period_code="2017", by="month")


def test_one_grouped_query_whatever_the_number_of_values(world, ind, django_assert_max_num_queries):
    for commune in world.hn_communes:
        for month in range(1, 13):
            put(commune, ind.revenue, f"2017-{month:02d}", month)
    with django_assert_max_num_queries(12):
        rows = analytics_rows(indicator="post.revenue", period_code="2017")
    assert by_code(rows)["01"].value == 3 * 78


def test_unit_indicator_rows_many_indicators_in_one_read(world, ind, django_assert_max_num_queries):
    from tongket.analytics.selectors import unit_indicator_rows
    from tongket.analytics.services import target_set

    put(world.ha_noi, ind.revenue, "2016", 100)
    put(world.ha_noi, ind.revenue, "2017", 120)
    put(world.ha_noi, ind.incidents, "2017", 4)
    target_set(
        unit=world.ha_noi,
        indicator=ind.incidents,
        period_code="2017",
        value=8,
        direction="lower",
        actor="t",
    )
    with django_assert_max_num_queries(12):
        rows = unit_indicator_rows(
            unit="01", indicators=["post.revenue", "sec.incidents"], periods=["2017"]
        )
    assert [(r.indicator, r.value, r.change_pct) for r in rows] == [
        ("post.revenue", 120, pytest.approx(20)),
        ("sec.incidents", 4, None),
    ]
    assert (rows[1].direction, rows[1].attainment) == ("lower", pytest.approx(200))
