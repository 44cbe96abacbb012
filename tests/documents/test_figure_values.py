"""Which figures are indicator values: each rule of data/figure_values.yaml on a sentence of
the kind reports write (the figures read by the extraction library, as in an ingest)."""

from __future__ import annotations

import pytest
import yaml

from tongket.core.periods import Period
from tongket.documents.figure_values import figure_reading, figure_rules
from tongket.documents.spans import FoldedText, fold
from tongket.extraction.figures import extract_figures
from tongket.indicators.catalogue_file import CATALOGUE_PATH
from tongket.indicators.models import Indicator


def _reading(sentence: str, figure_text: str, period: str | None = "2017"):
    text = FoldedText(sentence)
    [figure] = [f for f in extract_figures(sentence) if f["text"] == figure_text]
    return figure_reading(
        text=text,
        span=text.find(figure_text),
        value=figure["value"],
        unit=figure["unit"],
        period=Period.parse(period) if period else None,
        indicators={i.code: i for i in Indicator.objects.all()},
    )


@pytest.mark.parametrize(
    "sentence, figure, period, code",
    [
        (
            "Tổng doanh thu toàn ngành ước đạt 2.060 tỷ đồng, tăng 19% so với năm 2016.",
            "2.060 tỷ đồng",
            "2017",
            "ict.revenue",
        ),
        # A comparison year does not stop the next clause.
        (
            "Tổng doanh thu toàn ngành ước đạt 2.060 tỷ đồng, tăng 19% so với năm 2016, doanh thu "
            "nộp ngân sách ước đạt 100 tỷ đồng.",
            "100 tỷ đồng",
            "2017",
            "ict.budget",
        ),
        (
            "Doanh thu ngành TT&TT năm 2017 đạt 3.830 tỷ đồng.",
            "3.830 tỷ đồng",
            "2017",
            "ict.revenue",
        ),
        (
            "Doanh thu của các doanh nghiệp bưu chính năm 2020 ước đạt 400 tỷ đồng.",
            "400 tỷ đồng",
            "2020",
            "post.revenue",
        ),
        (
            "Năm 2016, tổng số thuê bao điện thoại trên địa bàn tỉnh đạt 1,51 triệu thuê bao.",
            "1,51 triệu thuê bao",
            "2016",
            "tel.subscribers",
        ),
        (
            "Toàn tỉnh hiện có 9 doanh nghiệp bưu chính.",
            "9 doanh nghiệp",
            "2016",
            "post.enterprises",
        ),
        # A stock in a mid-year review: the end of the half.
        (
            "Tính đến hết tháng 6, toàn tỉnh có 201 điểm phục vụ bưu chính.",
            "201 điểm phục vụ",
            "2019S1",
            "post.points",
        ),
        # A flow in a mid-year review names its half.
        (
            "Doanh thu bưu chính 6 tháng đầu năm đạt 50 tỷ đồng.",
            "50 tỷ đồng",
            "2019S1",
            "post.revenue",
        ),
        (
            "Toàn tỉnh đã thành lập 1.482 tổ công nghệ số cộng đồng.",
            "1.482 tổ",
            "2023",
            "dx.community_teams",
        ),
    ],
)
def test_a_value(world, sentence, figure, period, code):
    reading = _reading(sentence, figure, period)
    assert (reading.indicator.code, reading.period, reading.reason) == (code, period, "")


@pytest.mark.parametrize(
    "sentence, figure, period, reason",
    [
        # a change, not the level
        ("Doanh thu toàn ngành tăng 200 tỷ đồng so với năm 2016.", "200 tỷ đồng", "2017", "«tăng»"),
        (
            "Tổng doanh thu toàn ngành ước đạt 2.060 tỷ đồng, tăng 19% so với năm 2016.",
            "19%",
            "2017",
            "không hợp",
        ),
        # a target
        (
            "Năm 2018, phấn đấu doanh thu toàn ngành đạt 2.300 tỷ đồng.",
            "2.300 tỷ đồng",
            "2017",
            "phấn đấu",
        ),
        # another year than the one reviewed
        ("Doanh thu toàn ngành năm 2016 đạt 1.800 tỷ đồng.", "1.800 tỷ đồng", "2017", "2016"),
        # approximate
        ("Doanh thu toàn ngành đạt hơn 2.000 tỷ đồng.", "2.000 tỷ đồng", "2017", "ước chừng"),
        # a narrower sector than the whole
        (
            "Về lĩnh vực bưu chính, viễn thông, doanh thu toàn ngành đạt 2.500 tỷ đồng.",
            "2.500 tỷ đồng",
            "2017",
            "bưu chính",
        ),
        (
            "Doanh thu dịch vụ bưu chính đạt 69,3 tỷ đồng, nộp ngân sách 706 triệu đồng.",
            "706 triệu đồng",
            "2017",
            "bưu chính",
        ),
        (
            "Tổng doanh thu bưu chính, viễn thông đạt 2.420 tỷ; nộp ngân sách địa phương được 106 tỷ.",
            "106 tỷ",
            "2017",
            "địa phương",
        ),
        # a part of the province
        (
            "Doanh thu toàn ngành trên địa bàn huyện Vũ Thư đạt 50 tỷ đồng.",
            "50 tỷ đồng",
            "2017",
            "huyện",
        ),
        # new ones, not the total
        ("Phát triển mới 8.693 thuê bao Internet và 144 trạm BTS.", "144 trạm", "2017", "«mới»"),
        # the noun phrase narrows it
        (
            "Toàn tỉnh đã thành lập 1.482 tổ công nghệ số cộng đồng cấp xóm.",
            "1.482 tổ",
            "2023",
            "cấp xóm",
        ),
        # a flow in a mid-year review without its half named
        ("Doanh thu bưu chính đạt 50 tỷ đồng.", "50 tỷ đồng", "2019S1", "6 tháng"),
        # no period the meeting reviewed
        ("Tổng doanh thu toàn ngành ước đạt 2.060 tỷ đồng.", "2.060 tỷ đồng", None, "kỳ"),
        # no cue at all
        ("Doanh thu dịch vụ ước đạt 1.300 tỷ đồng.", "1.300 tỷ đồng", "2016", "không có từ"),
    ],
)
def test_a_figure_only(world, sentence, figure, period, reason):
    reading = _reading(sentence, figure, period)
    assert reading.period == ""
    assert reason in reading.reason and " / " in reading.reason


def test_the_rules_name_base_indicators_of_the_catalogue_with_known_units():
    catalogue = {
        row["code"]: row for row in yaml.safe_load(CATALOGUE_PATH.read_text("utf-8"))["indicators"]
    }
    rules = figure_rules()
    assert rules.rules
    for rule in rules.rules:
        row = catalogue[rule.indicator]
        assert "numerator" not in row, f"{rule.indicator} is derived"
        assert fold(row["unit"]) in rules.units, f"{rule.indicator}: unit {row['unit']}"
        assert rule.cues and all(c == fold(c) for c in rule.cues)
