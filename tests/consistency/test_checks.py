"""Consistency rules over the whole catalogue, on small worlds: inside a report, across the
reports of one unit and period, over the sums of a province and of the country."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from factories import make_unit
from reporting.builders import form_make
from tongket.consistency.checks import (
    CheckError,
    Level,
    consistency_check,
    submission_consistency,
)
from tongket.consistency.rules import RULES_PATH, consistency_rules
from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.indicators.yaml_source import DataFileError
from tongket.reporting.forms_catalogue import rules_read
from tongket.reporting.models import Value, ValueSource
from tongket.reporting.periods import periods_ensure
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_submit,
    submission_values_set,
)
from tongket.units.models import UnitKind
from tongket.units.services import unit_hierarchy_rebuild

ACTOR = "cli:tester"


@pytest.fixture
def catalogue(db):
    indicator_catalogue_load(actor="test")
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def units(catalogue):
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam")
    province = make_unit(kind=UnitKind.PROVINCE, code="33", name="Tỉnh Hưng Yên", parent=country)
    other = make_unit(kind=UnitKind.PROVINCE, code="04", name="Tỉnh Cao Bằng", parent=country)
    a = make_unit(kind=UnitKind.COMMUNE, code="11953", name="Phường Phố Hiến", parent=province)
    b = make_unit(kind=UnitKind.COMMUNE, code="12001", name="Xã Tân Hưng", parent=province)
    national = make_unit(
        kind=UnitKind.ENTERPRISE, code="DN.VIETTEL", name="Viettel", parent=country
    )
    unit_hierarchy_rebuild()
    return {
        "country": country,
        "province": province,
        "other": other,
        "a": a,
        "b": b,
        "national": national,
    }


def _store(unit, period: str, **values: float) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    p = periods_ensure([period])[period]
    for code, value in values.items():
        Value.objects.create(
            unit=unit,
            indicator=indicators[code.replace("__", ".")],
            period=p,
            value=value,
            source=ValueSource.IMPORT,
        )


def _form(catalogue, code: str, lines: list[str], kinds=(UnitKind.COMMUNE,)):
    return form_make(
        code=code,
        frequency="month",
        unit_kinds=list(kinds),
        recipient_kind=UnitKind.PROVINCE,
        lines=[(catalogue[c], False) for c in lines],
    )


def _report(unit, form, period: str, values: dict[str, float]):
    sub = submission_open(unit=unit, form=form, period_code=period, actor=ACTOR)
    submission_values_set(submission=sub, values=values, actor=ACTOR)
    return sub


def test_the_shipped_rules_read_and_cover_the_parts_named_in_the_catalogue(catalogue):
    rules = consistency_rules()
    texts = {f"{r.indicator.code} {r.kind} {r.other.code if r.other else ''}" for r in rules.rules}
    for part, whole in (
        ("tel.mobile_subscribers", "tel.subscribers"),
        ("bts.stations_4g", "bts.stations"),
        ("bts.stations_5g", "bts.stations"),
        ("bb.households_fibre", "pop.households"),
    ):
        assert f"{part} le {whole}" in texts
    ranges = {
        r.indicator.code: (r.min_value, r.max_value) for r in rules.rules if r.kind == "range"
    }
    # Every share of the catalogue is kept within 0–100%, every density within bounds.
    shares = [i for i in catalogue.values() if i.unit_of_measure == "%"]
    assert shares and all(ranges[i.code] == (0, 100) for i in shares)
    assert ranges["tel.density"] == (0, 250)
    assert ranges["bb.fixed_household_density"] == (0, 150)


def test_a_rule_file_naming_an_unknown_indicator_is_refused_with_its_line(catalogue, tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - kind: le\n    indicator: tel.mobile\n    other: tel.subscribers\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        rules_read(bad, catalogue)
    assert "tel.mobile" in str(caught.value)
    assert "không có trong danh mục chỉ tiêu" in str(caught.value)
    assert ":3" in str(caught.value) or "dòng 3" in str(caught.value)
    assert rules_read(RULES_PATH, catalogue)


def test_inside_a_report_mobile_above_all_subscribers(catalogue, units):
    form = _form(catalogue, "T-TEL", ["tel.subscribers", "tel.mobile_subscribers"])
    sub = _report(
        units["a"],
        form,
        "2026-10",
        {
            "tel.subscribers": 1_691_322,
            "tel.mobile_subscribers": 1_901_232,
        },
    )
    result = consistency_check(period_code="2026-10")
    (found,) = [v for v in result.violations if v.unit_id == units["a"].pk]
    assert found.level is Level.SUBMISSION
    assert found.rule == "tel.mobile_subscribers ≤ tel.subscribers"
    assert (found.left.indicator, found.left.value) == ("tel.mobile_subscribers", 1_901_232)
    assert (found.right.indicator, found.right.value) == ("tel.subscribers", 1_691_322)
    assert found.submissions == (sub.pk,)
    assert "1.901.232" in found.message and "1.691.322" in found.message
    # The province sums the same figures: listed once, for the commune, and for the
    # province (where nobody reported anything) too, as its aggregate breaks the rule.
    levels = {(v.unit_code, v.level) for v in result.violations if v.rule == found.rule}
    assert levels == {("11953", Level.SUBMISSION), ("33", Level.AGGREGATE), ("VN", Level.AGGREGATE)}


def test_across_two_reports_of_one_unit_4g_above_all_bts(catalogue, units):
    stations = _form(catalogue, "T-BTS", ["bts.stations"])
    fourg = _form(catalogue, "T-4G", ["bts.stations_4g", "bts.stations_5g"])
    first = _report(units["a"], stations, "2026-10", {"bts.stations": 2_699})
    second = _report(
        units["a"], fourg, "2026-10", {"bts.stations_4g": 3_332, "bts.stations_5g": 10}
    )
    found = [v for v in consistency_check(period_code="2026-10", unit_code="11953").violations]
    assert [(v.level, v.rule) for v in found] == [(Level.UNIT, "bts.stations_4g ≤ bts.stations")]
    assert found[0].submissions == tuple(sorted((first.pk, second.pk)))
    assert (found[0].left.value, found[0].right.value) == (3_332, 2_699)
    # The warning before approval names it, for both reports, and approving still works.
    assert [v.rule for v in submission_consistency(second)] == ["bts.stations_4g ≤ bts.stations"]
    assert [v.rule for v in submission_consistency(first)] == ["bts.stations_4g ≤ bts.stations"]
    submission_submit(submission=second, actor=ACTOR)
    assert submission_approve(submission=second, actor="cli:approver").status == "approved"


def test_over_the_aggregate_parts_summed_over_more_units_than_the_whole(catalogue, units):
    # Each commune is consistent on its own; one reports 4G stations without the total.
    _store(units["a"], "2026-10", bts__stations=10, bts__stations_4g=8)
    _store(units["b"], "2026-10", bts__stations_4g=5)
    result = consistency_check(period_code="2026-10", unit_code="33")
    assert [(v.level, v.unit_code, v.left.value, v.right.value) for v in result.violations] == [
        (Level.AGGREGATE, "33", 13, 10)
    ]
    assert result.units_checked == 2 and result.aggregates_checked == 1


def test_households_with_broadband_above_households_and_its_share_above_100(catalogue, units):
    _store(units["b"], "2026", pop__households=6_500, bb__households_fibre=449_640)
    found = {v.rule: v for v in consistency_check(period_code="2026", unit_code="12001").violations}
    assert set(found) == {
        "bb.households_fibre ≤ pop.households",
        "bb.household_fibre_share ∈ [0; 100]",
    }
    share = found["bb.household_fibre_share ∈ [0; 100]"]
    assert share.level is Level.UNIT  # imported figures: not from one report
    assert share.left.value == pytest.approx(6_917.54, abs=0.01)
    assert (share.low, share.high, share.right) == (0, 100, None)


def test_subscribers_counted_twice_over_the_country_break_the_density_bound(catalogue, units):
    # The provinces' subscribers make 130 per 100 inhabitants; a national enterprise's own
    # figures under the country add the same subscribers again.
    _store(units["province"], "2025", pop__total=1_000_000, tel__subscribers=1_300_000)
    _store(units["other"], "2025", pop__total=500_000, tel__subscribers=650_000)
    assert not consistency_check(period_code="2025").violations
    _store(units["national"], "2025", tel__subscribers=3_510_000)
    (found,) = consistency_check(period_code="2025").violations
    assert (found.level, found.unit_code, found.rule) == (
        Level.AGGREGATE,
        "VN",
        "tel.density ∈ [0; 250]",
    )
    assert found.left.value == pytest.approx(364.0)
    # A unit's own figures that break a rule are listed for it, not again as its aggregate.
    _store(units["country"], "2025", pop__total=1_500_000, tel__subscribers=6_000_000)
    (found,) = consistency_check(period_code="2025").violations
    assert found.level is Level.UNIT and found.unit_code == "VN"


def test_a_unit_outside_the_scope_is_not_checked(catalogue, units):
    _store(units["a"], "2026-10", bts__stations=1, bts__stations_4g=2)
    assert consistency_check(period_code="2026-10", unit_code="12001").violations == []
    assert consistency_check(period_code="2026-10", unit_code="04").violations == []
    assert len(consistency_check(period_code="2026-10", unit_code="11953").violations) == 1


def test_bad_input_is_refused_clearly(catalogue, units):
    with pytest.raises(CheckError, match="Kỳ «2026-13» không hợp lệ"):
        consistency_check(period_code="2026-13")
    with pytest.raises(CheckError, match="Không có đơn vị mã «99999»"):
        consistency_check(period_code="2026", unit_code="99999")


def test_the_command_lists_violations_as_text_and_json_and_fails_on_them(catalogue, units, capsys):
    _store(units["a"], "2026-10", bts__stations=10, bts__stations_4g=12)
    with pytest.raises(CommandError) as caught:
        call_command("check", period="2026-10", json=True)
    assert caught.value.returncode == 1
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2026-10"
    levels = [(v["level"], v["unit"]["code"]) for v in data["violations"]]
    assert levels == [("unit", "11953"), ("aggregate", "33"), ("aggregate", "VN")]
    assert data["violations"][0]["left"] | {} == {
        "indicator": "bts.stations_4g",
        "name": "Số trạm BTS 4G",
        "name_en": catalogue["bts.stations_4g"].name_en,
        "unit_of_measure": "trạm",
        "unit_of_measure_en": catalogue["bts.stations_4g"].unit_of_measure_en,
        "value": 12.0,
    }
    with pytest.raises(CommandError):
        call_command("check", period="2026-10", unit="11953")
    text = capsys.readouterr().out
    assert "Số trạm BTS 4G (bts.stations_4g) = 12 trạm" in text
    assert "≰ Số trạm thu phát sóng thông tin di động (BTS) (bts.stations) = 10 trạm" in text
    assert "1 vi phạm / violations" in text
    call_command("check", period="2026-09")
    assert "Không có vi phạm / no violations" in capsys.readouterr().out
    # Without --period it is still Django's system check.
    call_command("check")
    assert "System check identified no issues" in capsys.readouterr().out
    with pytest.raises(CommandError, match="cần --period"):
        call_command("check", json=True)


def test_the_command_line_approval_prints_the_warnings(catalogue, units, capsys):
    stations = _form(catalogue, "T-BTS", ["bts.stations"])
    fourg = _form(catalogue, "T-4G", ["bts.stations_4g"])
    _report(units["a"], stations, "2026-10", {"bts.stations": 10})
    sub = _report(units["a"], fourg, "2026-10", {"bts.stations_4g": 12})
    submission_submit(submission=sub, actor=ACTOR)
    call_command("submission", "approve", str(sub.pk))
    captured = capsys.readouterr()
    assert "Số trạm 4G không được lớn hơn tổng số trạm BTS" in captured.err
    assert "bts.stations_4g = 12; bts.stations = 10" in captured.err


def test_an_installation_with_part_of_the_catalogue_checks_the_rules_it_can(db):
    from factories import make_indicator

    total = make_indicator("tel.subscribers", min_value=0)
    make_indicator("tel.mobile_subscribers", min_value=0)
    rules = consistency_rules()
    texts = {(r.kind, r.indicator.code, r.other.code if r.other else None) for r in rules.rules}
    assert ("le", "tel.mobile_subscribers", "tel.subscribers") in texts
    assert all(
        r.indicator.code in {"tel.subscribers", "tel.mobile_subscribers"} for r in rules.rules
    )
    assert rules.indicators["tel.subscribers"] == total
