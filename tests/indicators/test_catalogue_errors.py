"""A bad catalogue file names file, line, column, field and reason, and stores nothing."""

from __future__ import annotations

import pytest

from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.indicators.yaml_source import DataFileError

pytestmark = pytest.mark.django_db

HEAD = """\
fields:
  - key: telecom
    name: Viễn thông
    name_en: Telecommunications
indicators:
  - code: pop.total
    name: Dân số
    name_en: Population
    unit: người
    unit_en: persons
    value_type: integer
    aggregation: sum
    period_aggregation: last
    field: telecom
    min: 0
  - code: tel.subscribers
    name: Số thuê bao điện thoại
    name_en: Telephone subscriptions
    unit: thuê bao
    unit_en: subscriptions
    value_type: integer
    aggregation: sum
    period_aggregation: last
    field: telecom
    min: 0
"""
# The next entry of a test starts on line 26.

DERIVED = """\
  - code: tel.density
    name: Số thuê bao điện thoại trên 100 dân
    name_en: Telephone subscriptions per 100 inhabitants
    unit: thuê bao/100 dân
    unit_en: per 100 inhabitants
    value_type: decimal
    field: telecom
    numerator: tel.subscribers
    denominator: pop.total
    factor: 100
"""


def test_minimal_file_loads(write_text):
    counts = indicator_catalogue_load(path=write_text(HEAD + DERIVED))
    assert counts["created"] == 3
    assert Indicator.objects.get(code="tel.density").aggregation == "none"


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "reason"),
    [
        ("value_type: decimal", "value_type: integer", 31, "value_type", "không hợp lệ"),
        (
            "field: telecom\n    numerator",
            "field: telecom\n    aggregation: sum\n    numerator",
            33,
            "aggregation",
            "«none»",
        ),
        (
            "numerator: tel.subscribers",
            "numerator: tel.subscriber",
            33,
            "numerator",
            "«tel.subscriber» không có trong danh mục",
        ),
        ("    denominator: pop.total\n", "", 26, "denominator", "cả tử số"),
        ("factor: 100", "factor: 0", 35, "factor", "khác 0"),
        ("factor: 100", "factor: trăm", 35, "factor", "phải là số"),
        ("code: tel.density", "code: Tel-Density", 26, "code", "chữ thường"),
        ("code: tel.density", "code: pop.total", 26, "code", "đã dùng ở dòng 6"),
        (
            "field: telecom\n    numerator",
            "field: telecoms\n    numerator",
            32,
            "field",
            "không có trong danh sách fields",
        ),
        ("    name: Số thuê bao điện thoại trên 100 dân\n", "", 26, "name", "thiếu giá trị"),
        (
            "    unit: thuê bao/100 dân\n",
            "    unti: thuê bao/100 dân\n",
            29,
            "unti",
            "không được biết",
        ),
        (
            "    field: telecom\n    numerator",
            "    field: telecom\n    field: it\n    numerator",
            33,
            "field",
            "lặp lại",
        ),
    ],
)
def test_bad_entry_is_located(write_text, old, new, line, field, reason):
    text = HEAD + DERIVED
    assert old in text
    path = write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=path)
    message = str(caught.value)
    assert "bad.yaml" in message
    assert f"dòng {line}," in message
    assert f"«{field}»" in message
    assert reason in message
    assert "/ line" in message  # the English half
    assert not Indicator.objects.exists()


def test_min_above_max(write_text):
    text = HEAD.replace("    min: 0\n  - code: tel", "    min: 10\n    max: 5\n  - code: tel", 1)
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(text))
    assert "dòng 16," in str(caught.value) and "nhỏ hơn giá trị nhỏ nhất" in str(caught.value)


def test_a_count_cannot_be_allowed_below_zero(write_text):
    text = HEAD.replace("    min: 0\n  - code: tel", "    min: -100\n  - code: tel", 1)
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(text))
    assert "«min»" in str(caught.value) and "số đếm, không âm" in str(caught.value)
    assert not Indicator.objects.exists()


def test_reported_percent_needs_bounds(write_text):
    text = HEAD.replace(
        "value_type: integer\n    aggregation: sum\n    period_aggregation: last\n"
        "    field: telecom\n    min: 0\n  - code: tel",
        "value_type: percent\n    aggregation: average\n"
        "    period_aggregation: last\n    field: telecom\n    min: 0\n  - code: tel",
        1,
    )
    assert "percent" in text
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(text))
    assert "«max»" in str(caught.value)


def test_cycle_is_refused(write_text):
    loop = DERIVED.replace("numerator: tel.subscribers", "numerator: tel.loop") + DERIVED.replace(
        "code: tel.density", "code: tel.loop"
    ).replace("numerator: tel.subscribers", "numerator: tel.density")
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(HEAD + loop))
    assert "quay vòng" in str(caught.value)
    assert not Indicator.objects.exists()


def test_every_problem_is_listed(write_text):
    text = (
        (HEAD + DERIVED)
        .replace("value_type: decimal", "value_type: ratio")
        .replace("factor: 100", "factor: 0")
    )
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(text))
    assert len(caught.value.problems) == 2


def test_yaml_syntax_error_is_located(write_text):
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text(HEAD + "  - code: [unclosed\n"))
    assert "dòng 27" in str(caught.value) or "dòng 26" in str(caught.value)
    assert "YAML" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=tmp_path / "none.yaml")
    assert "không tìm thấy tệp" in str(caught.value) and "file not found" in str(caught.value)


def test_wrong_top_level(write_text):
    with pytest.raises(DataFileError) as caught:
        indicator_catalogue_load(path=write_text("- just a list\n"))
    assert "indicators:" in str(caught.value)
