import pytest

from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import target_rows
from tongket.analytics.services import target_delete, target_set
from tongket.core.models import AuditEntry
from tongket.reporting.models import Target

from .builders import put


def test_set_creates_then_changes_with_old_and_new_audited(world, ind):
    target = target_set(
        unit=world.thai_binh,
        indicator=ind.density,
        period_code="2017",
        value=35,
        baseline=30,
        baseline_period="2016",
        actor="cli:lan",
    )
    assert (target.value, target.baseline, target.baseline_period.code) == (35, 30, "2016")
    created = AuditEntry.objects.get(action="target.created")
    assert created.new["value"] == 35 and created.old is None
    assert created.unit_id == world.thai_binh.id and created.actor == "cli:lan"

    target_set(
        unit=world.thai_binh, indicator=ind.density, period_code="2017", value=40, actor="cli:lan"
    )
    changed = AuditEntry.objects.get(action="target.changed")
    assert (changed.old["value"], changed.new["value"]) == (35, 40)
    assert (changed.old["baseline"], changed.new["baseline"]) == (30, None)
    assert Target.objects.get().value == 40

    target_set(unit=world.thai_binh, indicator=ind.density, period_code="2017", value=40, actor="x")
    assert AuditEntry.objects.filter(object_type="target").count() == 2  # unchanged: no entry


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"direction": "up"}, "invalid direction"),
        ({"value": float("nan")}, "not finite"),
        ({"value": "abc"}, "not a number"),
        ({"period_code": "2017Q9"}, "invalid period"),
        ({"baseline_period": "17"}, "invalid period"),
        ({"period_code": "2026"}, "did not exist in 2026"),
    ],
)
def test_bad_target_is_refused_and_nothing_stored(world, ind, changes, message):
    args = {
        "unit": world.thai_binh,
        "indicator": ind.revenue,
        "period_code": "2017",
        "value": 10,
        "actor": "t",
    }
    with pytest.raises(AnalyticsError, match=message):
        target_set(**{**args, **changes})
    assert not Target.objects.exists()
    assert not AuditEntry.objects.exists()


def test_delete_keeps_the_old_target_in_the_audit(world, ind):
    target_set(unit=world.ha_noi, indicator=ind.revenue, period_code="2017", value=5, actor="t")
    target_delete(
        unit=world.ha_noi, indicator=ind.revenue, period_code="2017", actor="t", reason="sai"
    )
    assert not Target.objects.exists()
    entry = AuditEntry.objects.get(action="target.deleted")
    assert entry.old["value"] == 5 and entry.reason == "sai"
    with pytest.raises(AnalyticsError, match="no target"):
        target_delete(unit=world.ha_noi, indicator=ind.revenue, period_code="2017", actor="t")


def test_target_rows_show_what_was_reached(world, ind):
    put(world.tb_communes[0], ind.revenue, "2017", 30)
    put(world.tb_communes[1], ind.revenue, "2017", 12)
    put(world.hung_yen_old, ind.incidents, "2017", 4)
    target_set(unit=world.thai_binh, indicator=ind.revenue, period_code="2017", value=40, actor="t")
    target_set(
        unit=world.hung_yen_old,
        indicator=ind.incidents,
        period_code="2017",
        value=2,
        direction="lower",
        actor="t",
    )
    rows = {r.unit.code: r for r in target_rows(period_code="2017")}
    assert (rows["34"].value, rows["34"].attainment) == (42, pytest.approx(105))
    assert rows["34"].target_met is True
    assert (rows["33"].value, rows["33"].attainment) == (4, pytest.approx(50))
    assert [r.unit.code for r in target_rows(unit="33")] == ["33"]
    assert target_rows(period_code="2018") == []
