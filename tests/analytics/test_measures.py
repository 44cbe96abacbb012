import pytest

from tongket.analytics.measures import attainment, change, competition_ranks, target_met


def test_attainment_higher_is_value_over_target():
    assert attainment(110, 100, "higher") == pytest.approx(110)
    assert attainment(35, 50, "higher") == pytest.approx(70)


def test_attainment_lower_is_target_over_value():
    # 5 incidents against a ceiling of 10: twice as good as planned.
    assert attainment(5, 10, "lower") == pytest.approx(200)
    assert attainment(20, 10, "lower") == pytest.approx(50)
    assert target_met(5, 10, "lower") is True
    assert target_met(20, 10, "lower") is False


def test_attainment_zero_denominators():
    assert attainment(0, 0, "higher") == 100
    assert attainment(3, 0, "higher") is None
    assert target_met(3, 0, "higher") is True
    assert attainment(0, 10, "lower") is None  # no finite ratio for zero incidents
    assert target_met(0, 10, "lower") is True
    assert attainment(0, 0, "lower") == 100
    assert attainment(-5, 10, "higher") is None
    assert attainment(None, 10) is None
    with pytest.raises(ValueError, match="direction"):
        attainment(1, 1, "sideways")


def test_change_absolute_and_percent():
    assert change(119, 100) == (19, pytest.approx(19))
    assert change(80, -100) == (180, pytest.approx(180))
    assert change(5, 0) == (5, None)
    assert change(None, 3) == (None, None)


def test_competition_ranks_share_ties_and_skip():
    values = [10, 30, 30, None, 5]
    assert competition_ranks(values, lambda v: v) == [3, 1, 1, None, 4]
    assert competition_ranks(values, lambda v: v, descending=False) == [2, 3, 3, None, 1]
    # Sums computed in another order tie all the same.
    assert competition_ranks([0.1 + 0.2, 0.3], lambda v: v) == [1, 1]
