import pytest

from factories import make_indicator
from tongket.reporting.models import RuleKind, ValidationRule, Value, ValueSource
from tongket.reporting.periods import period_get_or_create
from tongket.reporting.services import submission_open, submission_values_set
from tongket.reporting.validation import Severity, submission_validate

from .builders import ACTOR, form_make


@pytest.fixture
def sub(world):
    return submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor=ACTOR)


def _codes(issues, severity=None):
    return [(i.indicator, i.code) for i in issues if severity is None or i.severity is severity]


def test_required_lines(world, sub):
    issues = submission_validate(sub)
    # Revenue is optional and density is derived: only the two required base lines.
    assert _codes(issues) == [("test.subscribers", "required"), ("test.mobile", "required")]
    assert all(i.is_error for i in issues)
    assert issues[0].line == 1
    assert "Tổng số thuê bao" in issues[0].message and "is required" in issues[0].message


def test_catalogue_min_and_max(world, sub):
    world.revenue.max_value = 1000
    world.revenue.save()
    issues = submission_values_set(
        submission=sub,
        values={"test.subscribers": "-1", "test.mobile": "0", "test.revenue": "1.000,5"},
        actor=ACTOR,
    )
    assert ("test.subscribers", "negative") in _codes(issues)  # a count is never negative
    assert ("test.revenue", "max") in _codes(issues)
    assert "1.000,5" in next(i for i in issues if i.code == "max").message
    issues = submission_values_set(submission=sub, values={"test.revenue": "1.000"}, actor=ACTOR)
    assert ("test.revenue", "max") not in _codes(issues)


def test_integer_indicators_must_be_whole(world, sub):
    issues = submission_values_set(
        submission=sub,
        values={"test.subscribers": "10,5", "test.mobile": "3", "test.revenue": "2,5"},
        actor=ACTOR,
    )
    assert _codes(issues) == [("test.subscribers", "integer")]
    assert "must be a whole number, got 10,5" in issues[0].message


def test_cross_indicator_mobile_not_above_total(world, sub):
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "1.000", "test.mobile": "1.001"}, actor=ACTOR
    )
    assert _codes(issues) == [("test.mobile", "le")]
    assert issues[0].severity is Severity.ERROR
    assert "1.001" in issues[0].message and "Total subscribers" in issues[0].message
    # Equal is allowed.
    assert submission_values_set(submission=sub, values={"test.mobile": "1.000"}, actor=ACTOR) == []


def test_ge_and_range_rules_with_custom_message(world, sub):
    ValidationRule.objects.create(
        form=world.form, kind=RuleKind.GE, indicator=world.total, other=world.mobile
    )
    ValidationRule.objects.create(
        form=world.form,
        kind=RuleKind.RANGE,
        indicator=world.revenue,
        min_value=0,
        max_value=500,
        message="Doanh thu xã không quá 500 tỷ / commune revenue is at most 500 billion",
    )
    issues = submission_values_set(
        submission=sub,
        values={"test.subscribers": "10", "test.mobile": "20", "test.revenue": "600"},
        actor=ACTOR,
    )
    assert _codes(issues) == [
        ("test.subscribers", "ge"),
        ("test.mobile", "le"),
        ("test.revenue", "range"),
    ]
    assert "is below" in issues[0].message
    assert issues[2].message == (
        "Doanh thu xã không quá 500 tỷ / commune revenue is at most 500 billion "
        "(test.revenue = 600; [0; 500])"
    )


def _history(world, codes_values, indicator=None):
    indicator = indicator or world.total
    for code, value in codes_values:
        Value.objects.create(
            unit=world.commune,
            indicator=indicator,
            period=period_get_or_create(code),
            value=value,
            source=ValueSource.IMPORT,
        )


QUARTERS = [
    "2014Q1",
    "2014Q2",
    "2014Q3",
    "2014Q4",
    "2015Q1",
    "2015Q2",
    "2015Q3",
    "2015Q4",
    "2016Q1",
    "2016Q2",
    "2016Q3",
    "2016Q4",
]


def test_outlier_against_the_12_period_median_is_flagged_with_the_reason(world, sub):
    _history(
        world,
        zip(
            QUARTERS,
            [980, 990, 1000, 1010, 1020, 995, 1005, 1000, 990, 1010, 1000, 1000],
            strict=True,
        ),
    )
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "3.500", "test.mobile": "100"}, actor=ACTOR
    )
    warnings = [i for i in issues if i.code == "outlier"]
    assert [(i.indicator, i.severity) for i in warnings] == [("test.subscribers", Severity.WARNING)]
    assert "tăng 250% so với trung vị 12 kỳ trước (1.000)" in warnings[0].message
    assert "up 250% on the 12-period median (1.000)" in warnings[0].message
    row = Value.objects.get(indicator=world.total, period=sub.period)
    assert row.flagged and row.flag_reason == warnings[0].message
    # Back to normal: the flag and its reason go.
    submission_values_set(submission=sub, values={"test.subscribers": "1.030"}, actor=ACTOR)
    row.refresh_from_db()
    assert (row.flagged, row.flag_reason) == (False, "")


def test_values_within_the_usual_spread_are_not_flagged(world, sub):
    _history(
        world,
        zip(
            QUARTERS,
            [800, 1200, 900, 1100, 1000, 950, 1050, 1000, 850, 1150, 1000, 1000],
            strict=True,
        ),
    )
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "1.300", "test.mobile": "100"}, actor=ACTOR
    )
    assert issues == []


def test_steady_history_does_not_flag_a_small_change(world, sub):
    _history(world, [(q, 100) for q in QUARTERS[-6:]])
    assert (
        submission_values_set(
            submission=sub, values={"test.subscribers": "110", "test.mobile": "1"}, actor=ACTOR
        )
        == []
    )
    issues = submission_values_set(submission=sub, values={"test.subscribers": "60"}, actor=ACTOR)
    assert _codes(issues) == [("test.subscribers", "explain"), ("test.subscribers", "outlier")]
    assert "giảm 40% so với trung vị 6 kỳ trước (100)" in issues[1].message


def test_short_history_uses_a_ratio_band_against_the_same_period_a_year_earlier(world, sub):
    _history(world, [("2016Q1", 1000), ("2016Q4", 3000)])
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "2.900", "test.mobile": "1"}, actor=ACTOR
    )
    # 2,9 times the same quarter a year earlier is inside ×1/3…×3.
    assert issues == []
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "3.100"}, actor=ACTOR
    )
    assert _codes(issues) == [("test.subscribers", "explain"), ("test.subscribers", "outlier")]
    assert "so với cùng kỳ năm trước (2016Q1: 1.000)" in issues[1].message
    assert "up 210% on the same period a year earlier" in issues[1].message


def test_short_history_without_the_year_earlier_uses_the_latest_period(world, sub):
    _history(world, [("2016Q3", 900), ("2016Q4", 1000)])
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "300", "test.mobile": "1"}, actor=ACTOR
    )
    assert _codes(issues) == [("test.subscribers", "explain"), ("test.subscribers", "outlier")]
    assert "giảm 70% so với kỳ trước gần nhất có số liệu (2016Q4: 1.000)" in issues[1].message


def test_no_history_no_outlier_and_other_units_history_is_ignored(world, sub):
    Value.objects.create(
        unit=world.commune2,
        indicator=world.total,
        period=period_get_or_create("2016Q4"),
        value=1,
        source=ValueSource.IMPORT,
    )
    assert (
        submission_values_set(
            submission=sub,
            values={"test.subscribers": "1.000.000", "test.mobile": "1"},
            actor=ACTOR,
        )
        == []
    )


def test_history_of_the_same_kind_only(world):
    form = form_make(code="MONTHLY", frequency="month", lines=[(world.total, True)])
    monthly = submission_open(unit=world.commune, form=form, period_code="2017-01", actor=ACTOR)
    # Quarterly and yearly values are not months: no history for 2017-01.
    _history(world, [("2016Q4", 10), ("2016", 10)])
    assert (
        submission_values_set(submission=monthly, values={"test.subscribers": "900"}, actor=ACTOR)
        == []
    )
    _history(world, [("2016-12", 10)])
    issues = submission_validate(monthly)
    assert _codes(issues) == [("test.subscribers", "explain"), ("test.subscribers", "outlier")]


def test_rule_on_an_indicator_left_empty_is_skipped(world, sub):
    extra = make_indicator("test.extra")
    ValidationRule.objects.create(
        form=world.form, kind=RuleKind.LE, indicator=extra, other=world.total
    )
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "10", "test.mobile": "5"}, actor=ACTOR
    )
    assert issues == []


def test_an_outlier_asks_for_an_explanation_until_it_has_one(world, sub):
    _history(world, [("2016Q3", 900), ("2016Q4", 1000)])
    issues = submission_values_set(
        submission=sub, values={"test.subscribers": "300", "test.mobile": "1"}, actor=ACTOR
    )
    [explain] = [i for i in issues if i.is_error]
    assert explain.code == "explain" and "hãy ghi giải thích trước khi gửi" in explain.message
    issues = submission_values_set(
        submission=sub,
        values={},
        notes={"test.subscribers": {"explanation": "Xã tách, còn một phần ba địa bàn"}},
        actor=ACTOR,
    )
    assert _codes(issues) == [("test.subscribers", "outlier")]
    # An explanation of blanks is none.
    issues = submission_values_set(
        submission=sub, values={}, notes={"test.subscribers": {"explanation": "  "}}, actor=ACTOR
    )
    assert _codes(issues, Severity.ERROR) == [("test.subscribers", "explain")]
