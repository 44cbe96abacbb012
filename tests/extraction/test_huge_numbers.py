"""A number too long to be finite, or carried past what a float holds by a scale word, is no
figure: the record stays valid JSON."""

import json

import pytest

from tongket.extraction import extract
from tongket.extraction.numbers import parse_number

LEAD = "Hội nghị tổng kết công tác năm 2017 của Sở Thông tin và Truyền thông Thái Bình. "


@pytest.mark.parametrize("number", ["9" * 400, "1" + "0" * 300, "1." + ".".join(["000"] * 110)])
def test_huge_numbers_give_no_figure_and_valid_json(number):
    record = extract(f"{LEAD}Doanh thu đạt {number} tỷ đồng, tăng 19%. Sáng 10/01/2018.")
    text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    assert "Infinity" not in text and "NaN" not in text
    assert [f["value"] for f in record["figures"] if f["unit"] == "%"] == [19]


def test_parse_number_refuses_what_is_not_finite():
    with pytest.raises(ValueError):
        parse_number("9" * 400)
    assert parse_number("2.060") == 2060
