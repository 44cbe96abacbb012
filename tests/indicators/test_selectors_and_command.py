from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tongket.indicators.models import Indicator
from tongket.indicators.selectors import (
    FieldNotFound,
    IndicatorNotFound,
    indicator_get,
    indicator_list,
)
from tongket.indicators.services import indicator_catalogue_load
from tongket.reporting.models import Form

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    indicator_catalogue_load()


def test_indicator_get(catalogue):
    density = indicator_get("tel.density")
    assert density.code == "tel.density"
    assert density.numerator.code == "tel.subscribers"


def test_indicator_not_found(catalogue):
    with pytest.raises(IndicatorNotFound) as caught:
        indicator_get("tel.densty")
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.code == "tel.densty"
    assert "Không có chỉ tiêu mã «tel.densty»" in str(error)
    assert "no indicator with code «tel.densty»" in str(error)


@pytest.mark.parametrize("text", ["telecom", "Viễn thông", "vien thong", "TELECOMMUNICATIONS"])
def test_indicator_list_by_field(catalogue, text):
    found = indicator_list(field=text)
    assert found
    assert {i.field for i in found} == {"Viễn thông"}
    assert "tel.density" in [i.code for i in found]
    assert "bb.subscribers" not in [i.code for i in found]


def test_indicator_list_in_catalogue_order(catalogue):
    codes = [i.code for i in indicator_list()]
    assert codes[0] == "pop.total"
    assert codes.index("tel.subscribers") < codes.index("tel.density")
    assert len(codes) == Indicator.objects.count()


def test_unknown_field(catalogue):
    with pytest.raises(FieldNotFound) as caught:
        indicator_list(field="thời tiết")
    assert "Viễn thông" in str(caught.value) and "no field" in str(caught.value)


def test_command_json(catalogue):
    out = StringIO()
    call_command("indicators", "--json", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == Indicator.objects.count()
    density = next(r for r in records if r["code"] == "tel.density")
    assert (density["numerator"], density["denominator"], density["factor"]) == (
        "tel.subscribers",
        "pop.total",
        100,
    )
    assert density["name"] == "Số thuê bao điện thoại trên 100 dân"


def test_command_text_with_field(catalogue):
    out = StringIO()
    call_command("indicators", "--field", "Viễn thông", stdout=out)
    text = out.getvalue()
    assert "tel.density" in text
    assert "= tel.subscribers / pop.total × 100" in text
    assert "bb.subscribers" not in text
    count = Indicator.objects.filter(field="Viễn thông").count()
    assert f"{count} chỉ tiêu / indicators" in text


def test_command_unknown_field(catalogue):
    with pytest.raises(CommandError, match="Không có lĩnh vực"):
        call_command("indicators", "--field", "nope", stdout=StringIO())


def test_command_load_loads_both_catalogues():
    err = StringIO()
    call_command("indicators", "--load", "--json", stdout=StringIO(), stderr=err)
    assert Indicator.objects.filter(code="tel.density").exists()
    assert Form.objects.filter(code="commune-monthly").exists()
    assert "biểu mẫu / forms: created: 5" in err.getvalue()
