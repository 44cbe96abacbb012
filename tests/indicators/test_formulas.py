from __future__ import annotations

import math

import pytest

from factories import make_indicator
from tongket.indicators.formulas import FormulaError, indicator_base_codes, indicator_compute
from tongket.indicators.models import Indicator
from tongket.indicators.selectors import indicator_get
from tongket.indicators.services import indicator_catalogue_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    indicator_catalogue_load()


def test_tel_density_from_parts(catalogue):
    density = indicator_get("tel.density")
    parts = {"tel.subscribers": 1_520_000, "pop.total": 1_200_000}
    assert indicator_compute(density, parts) == pytest.approx(126.6666667)
    assert indicator_base_codes(density) == ["tel.subscribers", "pop.total"]


def test_merged_unit_density_is_recomputed_not_averaged(catalogue):
    """Two provinces merge: density = summed subscribers / summed population × 100."""
    density = indicator_get("tel.density")
    small = {"tel.subscribers": 200_000, "pop.total": 100_000}  # 200 per 100
    large = {"tel.subscribers": 900_000, "pop.total": 900_000}  # 100 per 100
    merged = {code: small[code] + large[code] for code in small}
    assert indicator_compute(density, merged) == pytest.approx(110.0)
    mean_of_densities = (indicator_compute(density, small) + indicator_compute(density, large)) / 2
    assert mean_of_densities == pytest.approx(150.0)


def test_zero_denominator_is_none(catalogue):
    density = indicator_get("tel.density")
    assert indicator_compute(density, {"tel.subscribers": 10, "pop.total": 0}) is None


@pytest.mark.parametrize(
    "parts",
    [
        {"tel.subscribers": 10},
        {"pop.total": 100},
        {"tel.subscribers": None, "pop.total": 100},
        {"tel.subscribers": math.nan, "pop.total": 100},
        {},
    ],
)
def test_missing_part_is_none(catalogue, parts):
    assert indicator_compute(indicator_get("tel.density"), parts) is None


def test_zero_numerator_is_zero(catalogue):
    assert (
        indicator_compute(indicator_get("tel.density"), {"tel.subscribers": 0, "pop.total": 5}) == 0
    )


def test_factor_one_ratio(catalogue):
    per_point = indicator_get("post.people_per_point")
    assert indicator_compute(per_point, {"pop.total": 12_000, "post.points": 8}) == 1500


def test_base_indicator_reads_its_own_part(catalogue):
    subscribers = indicator_get("tel.subscribers")
    assert indicator_compute(subscribers, {"tel.subscribers": 42}) == 42.0
    assert indicator_compute(subscribers, {}) is None
    assert indicator_base_codes(subscribers) == ["tel.subscribers"]


def test_every_catalogue_formula_resolves_to_base_parts(catalogue):
    for derived in Indicator.objects.filter(numerator__isnull=False):
        codes = indicator_base_codes(derived)
        assert codes, derived.code
        parts = {code: 50.0 for code in codes}
        assert indicator_compute(derived, parts) == pytest.approx(derived.factor), derived.code


def test_nested_derived():
    a = make_indicator("t.a")
    b = make_indicator("t.b")
    c = make_indicator("t.c")
    ratio = make_indicator("t.ratio", value_type="decimal", numerator=a, denominator=b, factor=100)
    nested = make_indicator("t.nested", value_type="decimal", numerator=ratio, denominator=c)
    again = make_indicator("t.again", value_type="decimal", numerator=nested, denominator=a)

    parts = {"t.a": 30, "t.b": 60, "t.c": 5}
    assert indicator_compute(nested, parts) == pytest.approx(10.0)  # (30/60×100)/5
    assert indicator_compute(again, parts) == pytest.approx(10.0 / 30)
    assert indicator_base_codes(nested) == ["t.a", "t.b", "t.c"]
    assert indicator_base_codes(again) == ["t.a", "t.b", "t.c"]  # each base once
    # An inner zero denominator makes the whole value unknown.
    assert indicator_compute(nested, {"t.a": 30, "t.b": 0, "t.c": 5}) is None
    assert indicator_compute(nested, {"t.a": 30, "t.b": 60, "t.c": 0}) is None


def test_cycle_written_by_hand_is_reported():
    a = make_indicator("t.a")
    b = make_indicator("t.b")
    x = make_indicator("t.x", value_type="decimal", numerator=a, denominator=b)
    y = make_indicator("t.y", value_type="decimal", numerator=x, denominator=b)
    x.numerator = y
    x.save(update_fields=["numerator"])
    x = indicator_get("t.x")
    with pytest.raises(FormulaError, match="quay vòng"):
        indicator_compute(x, {"t.a": 1, "t.b": 1})
    with pytest.raises(FormulaError):
        indicator_base_codes(x)
