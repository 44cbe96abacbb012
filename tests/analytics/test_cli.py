import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tongket.reporting.models import Target

from .builders import put


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def figures(world, ind):
    put(world.thai_binh, ind.revenue, "2016", 1731.5)
    put(world.thai_binh, ind.revenue, "2017", 2060.5)
    put(world.hung_yen_old, ind.revenue, "2017", 1500)
    put(world.ha_noi, ind.revenue, "2017", 2060.5)
    return world


def test_json_one_object_per_row(figures, ind):
    run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017",
        "--value", "2.000")  # fmt: skip
    lines = run("analytics", "post.revenue", "--period", "2017", "--json").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["unit"] for r in rows] == ["01", "33", "34"]
    tb = rows[2]
    assert (tb["period"], tb["value"], tb["target"]) == ("2017", 2060.5, 2000)
    assert tb["attainment"] == pytest.approx(103.025)
    assert tb["change"] == pytest.approx(329)
    assert tb["change_pct"] == pytest.approx(329 / 1731.5 * 100)
    assert (tb["rank"], rows[0]["rank"], rows[1]["rank"]) == (1, 1, 3)  # a tie for first
    assert tb["unit_name"] == "Thái Bình"

    merged = [
        json.loads(line)
        for line in run(
            "analytics", "post.revenue", "--period", "2017", "--today-units", "--json"
        ).splitlines()
    ]
    assert {r["unit"]: r["value"] for r in merged} == {"01": 2060.5, "33": 3560.5}


def test_table_in_vietnamese_number_format(figures, ind):
    run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017",
        "--value", "1999,5")  # fmt: skip
    text = run("analytics", "post.revenue", "--period", "2017")
    assert "Doanh thu (tỷ đồng) — Năm 2017" in text
    line = next(t for t in text.splitlines() if "Thái Bình" in t)
    assert "2.060,5" in line and "1.999,5" in line
    assert "103,1%" in line  # 2060.5 / 1999.5
    assert "+329" in line and "+19,0%" in line  # 19,0009%: one decimal, kept
    assert line.rstrip().endswith("1/3")


def test_by_period_lists_quarters(figures, ind):
    put(figures.ha_noi, ind.revenue, "2018Q2", 5)
    rows = [
        json.loads(x)
        for x in run(
            "analytics", "post.revenue", "--period", "2018", "--unit", "01", "--by", "period",
            "--json",
        ).splitlines()
    ]  # fmt: skip
    assert [(r["period"], r["value"]) for r in rows] == [
        ("2018Q1", None),
        ("2018Q2", 5),
        ("2018Q3", None),
        ("2018Q4", None),
    ]


def test_targets_list_and_errors(figures, ind):
    run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017",
        "--value", "2.000", "--baseline", "1.731,5")  # fmt: skip
    rows = [json.loads(x) for x in run("targets", "--period", "2017", "--json").splitlines()]
    assert [(r["unit"], r["target"], r["value"]) for r in rows] == [("34", 2000, 2060.5)]
    assert Target.objects.get().baseline == 1731.5
    with pytest.raises(CommandError, match="unknown indicator"):
        run("analytics", "no.such", "--period", "2017")
    with pytest.raises(CommandError, match="missing --value"):
        run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017")
    with pytest.raises(CommandError, match="not a number"):
        run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017",
            "--value", "nhiều")  # fmt: skip
    assert Target.objects.count() == 1


def test_targets_delete_from_the_command_line(figures, ind):
    run("targets", "set", "--unit", "34", "--indicator", "post.revenue", "--period", "2017",
        "--value", "2000", "--direction", "lower")  # fmt: skip
    assert Target.objects.get().direction == "lower"
    out = run("targets", "delete", "--unit", "34", "--indicator", "post.revenue",
              "--period", "2017", "--reason", "nhập nhầm")  # fmt: skip
    assert "target deleted" in out
    assert not Target.objects.exists()
    with pytest.raises(CommandError, match="no target"):
        run("targets", "delete", "--unit", "34", "--indicator", "post.revenue", "--period", "2017")


def test_a_unit_alone_shows_its_own_row_ranked_among_its_peers(figures):
    lines = run("analytics", "post.revenue", "--period", "2017", "--unit", "34", "--json")
    (row,) = [json.loads(line) for line in lines.splitlines()]
    assert (row["unit"], row["value"], row["rank"], row["peers"]) == ("34", 2060.5, 1, 3)
    assert row["change"] == pytest.approx(329)


def test_percentages_keep_their_decimal_beside_each_other(world, ind):
    # Thái Bình reaches its target exactly and grows 3%; Hà Nội 101,5% and 11%: the columns
    # read «100,0%» beside «101,5%» and «+3,0%» beside «+11,0%».
    put(world.thai_binh, ind.revenue, "2016", 2000)
    put(world.thai_binh, ind.revenue, "2017", 2060)
    put(world.ha_noi, ind.revenue, "2016", 1000)
    put(world.ha_noi, ind.revenue, "2017", 1110)
    for unit, target in (("34", "2.060"), ("01", "1093,6")):
        run("targets", "set", "--unit", unit, "--indicator", "post.revenue", "--period", "2017",
            "--value", target)  # fmt: skip
    text = run("analytics", "post.revenue", "--period", "2017")
    thai_binh = next(t for t in text.splitlines() if "Thái Bình" in t)
    ha_noi = next(t for t in text.splitlines() if "Hà Nội" in t)
    assert "100,0%" in thai_binh and "+3,0%" in thai_binh
    assert "101,5%" in ha_noi and "+11,0%" in ha_noi
