"""The two shapes of the today's-units statement agree, on whichever database runs the tests."""

import pytest

from tongket.analytics import engine, hierarchy
from tongket.core.periods import Period as PeriodCode

from .builders import put


@pytest.mark.parametrize("with_map", [True, False])
def test_both_statement_shapes_give_the_same_cells(world, ind, with_map):
    put(world.tb_communes[0], ind.revenue, "2017-01", 1)
    put(world.tb_communes[1], ind.revenue, "2017-02", 2)
    put(world.thai_binh, ind.revenue, "2017Q1", 5)
    put(world.hy_communes[0], ind.revenue, "2017-03", 4)
    put(world.hn_communes[0], ind.revenue, "2017-03", 8)
    put(world.ha_noi, ind.revenue, "2017", 9)
    buckets = [PeriodCode.parse("2017")]
    periods = engine.stored_periods(buckets)
    rows = [world.ha_noi.id, world.hung_yen.id]
    args = {
        "indicator_ids": [ind.revenue.id],
        "period_ids": list(periods),
        "row_ids": rows,
        "today": hierarchy.today(),
        "today_map": hierarchy.today_map() if with_map else {},
    }
    found = {}
    for vendor in ("sqlite", "postgresql"):
        cells = engine.fetch_cells(engine.cells_sql(**args, vendor=vendor), periods)
        found[vendor] = dict(cells.cells)
    assert found["sqlite"] == found["postgresql"]
    hung_yen = found["sqlite"].get((world.hung_yen.id, ind.revenue.id), {})
    if with_map:
        # own values of the two old provinces (depth 0), the old communes' at depth 1; each
        # in the class of the period kinds it stored (a quarter, months)
        assert hung_yen["2017Q1"] == {(0, "province", 2): (5.0, 1)}
        assert hung_yen["2017-03"] == {(1, "commune", 1): (4.0, 1)}
    else:
        assert hung_yen == {}  # retired units count nowhere without the map
    assert found["sqlite"][(world.ha_noi.id, ind.revenue.id)]["2017"] == {
        (0, "province", 8): (9.0, 1)
    }
