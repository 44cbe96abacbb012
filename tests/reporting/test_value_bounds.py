"""Numbers with their kind on every path in: a count is whole and never negative, every value
is within its indicator's bounds and the installation's limit, nothing infinite or NaN is
stored, and every JSON answer is valid JSON."""

from __future__ import annotations

import json
import math
import re

import pytest

from api.conftest import ApiClient
from api.world_api import build_api_world
from factories import make_indicator
from tongket.api.tokens import apitoken_create
from tongket.core.numbers import NumberFormatError, parse_number
from tongket.reporting.models import Value
from tongket.reporting.services import submission_open, submission_values_set
from tongket.reporting.submissions_errors import SubmissionError
from tongket.reporting.validation import submission_validate, value_bounds, value_problems

HEAD = "unit,indicator,period,value\n"
HUGE = "1" + "0" * 400


def _strict_json(content: bytes):
    def refuse(constant):
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(content, parse_constant=refuse)


def test_parse_number_refuses_infinity_and_numbers_past_the_limit(settings):
    with pytest.raises(NumberFormatError, match="hữu hạn"):
        parse_number(HUGE)  # float() reads 400 digits as infinity without a word
    with pytest.raises(NumberFormatError, match="TONGKET_VALUE_LIMIT"):
        parse_number("1e308")
    assert parse_number("1.000.000.000.000.000") == 1e15
    settings.TONGKET_VALUE_LIMIT = 1e6
    with pytest.raises(NumberFormatError, match=re.escape("±1.000.000 ")):
        parse_number("2.000.000")


def test_bounds_by_kind(db):
    count = make_indicator("t.count")
    money = make_indicator("t.money", value_type="money", min_value=0)
    share = make_indicator("t.share", value_type="percent", min_value=0, max_value=100)
    assert value_bounds(count).admits(5) and not value_bounds(count).admits(2.5)
    assert not value_bounds(count).admits(-5)
    for bad in (math.inf, -math.inf, math.nan, 1e308):
        assert not value_bounds(money).admits(bad)
        assert value_problems(money, bad)
    assert [c for c, _ in value_problems(share, 100.5)] == ["max"]
    assert [c for c, _ in value_problems(count, -5)] == ["negative"]
    assert [c for c, _ in value_problems(count, 2.5)] == ["integer"]
    assert [c for c, _ in value_problems(money, math.nan)] == ["finite"]
    assert [c for c, _ in value_problems(money, 1e308)] == ["limit"]
    assert value_problems(money, 2.06e12) == []


def test_submission_values_refuse_numbers_past_the_limit(world):
    sub = submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor="t")
    with pytest.raises(SubmissionError) as info:
        submission_values_set(
            submission=sub, values={"test.subscribers": "1e308", "test.mobile": HUGE}, actor="t"
        )
    assert "vượt giới hạn" in str(info.value) and "hữu hạn" in str(info.value)
    assert not Value.objects.filter(unit=world.commune).exists()


def test_validation_names_a_stored_infinity_as_an_error(world):
    sub = submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor="t")
    submission_values_set(
        submission=sub, values={"test.subscribers": "10", "test.mobile": "5"}, actor="t"
    )
    Value.objects.filter(unit=world.commune, indicator__code="test.subscribers").update(value=1e300)
    codes = [(i.indicator, i.code) for i in submission_validate(sub) if i.is_error]
    assert ("test.subscribers", "limit") in codes


@pytest.fixture
def api_world(db):
    world = build_api_world()
    token = apitoken_create(user=world.users["staff"], name="t", actor="t")[1]
    return world, ApiClient(token)


def test_the_api_refuses_infinite_and_huge_values_clearly(api_world):
    world, staff = api_world
    for value in (1e308, HUGE, "1e308"):
        body = {
            "form": "TEST.01",
            "period": "2026",
            "unit_id": world.xa_hy.pk,
            "values": {"test.a": value},
        }
        response = staff.post("/reports", json=body)
        assert response.status_code in (400, 422), (value, response.content)
        assert b"conflict" not in response.content
    for value in ("1e308", HUGE, 1e308):
        data = {"dataElement": "test.a", "period": "2025", "orgUnit": "12001", "value": value}
        response = staff.post("/dataValueSets", json={"dataValues": [data]})
        assert response.status_code in (400, 422), (value, response.content)
        assert b"conflict" not in response.content
    assert Value.objects.filter(value__gt=1e15).count() == 0


def test_analytics_answers_valid_json_even_over_stored_infinities(api_world):
    world, staff = api_world
    # Values stored before the limits: two wards at 1e308 sum to infinity.
    Value.objects.filter(pk=world.value_hy.pk).update(value=1e308)
    other = Value.objects.get(pk=world.value_hy.pk)
    other.pk, other.unit = None, world.xa_hy2
    other.save()
    response = staff.get(
        "/analytics/rows", data={"indicator": "test.a", "period": "2025", "unit": "33"}
    )
    assert response.status_code == 200
    body = _strict_json(response.content)
    assert body  # parsed: no Infinity, no NaN
