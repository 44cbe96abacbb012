"""Rules on short sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.extraction import places
from tongket.extraction.dates import choose_published, parse_dateline
from tongket.extraction.figures import extract_figures
from tongket.extraction.lexicon import fold, load
from tongket.extraction.numbers import parse_number
from tongket.extraction.people import extract_people
from tongket.extraction.record import extract


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.060", 2060),
        ("5,6", 5.6),
        ("41,10", 41.1),
        ("491,003", 491.003),
        ("2.215.000", 2215000),
        ("1.5", 1.5),
    ],
)
def test_vietnamese_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Doanh thu đạt 2.060 tỷ đồng, tăng 5,6%.", [(2060000000000, "đồng"), (5.6, "%")]),
        ("Phát hành 22 ngàn bản báo.", [(22000, "bản")]),
        ("Doanh thu ước đạt 105 nghìn tỷ đồng.", [(105000000000000, "đồng")]),
        ("Mật độ đạt 35 máy/100 dân.", [(35, "máy/100 dân")]),
        ("Tập trung vào 5 nhiệm vụ trọng tâm sau.", [(5, "nhiệm vụ")]),
        ("Hoàn thành 9/16 nhiệm vụ được giao.", [(9, "nhiệm vụ")]),
        ("Toàn tỉnh có 66 trạm y tế xã.", [(66, "trạm")]),
        ("Điểm thi đạt 41,10 điểm.", [(41.1, "điểm")]),
        ("Trong 7 tháng kể từ khi thành lập.", [(7, "tháng")]),
        # Not figures: dates, years, periods, times, document numbers, ranks, levels, names.
        ("Ngày 18/01/2007, lúc 10:27, theo Kế hoạch số 50/KH-UBND năm 2017.", []),
        ("Sơ kết 6 tháng đầu năm, 9 tháng qua và 3 tháng cuối năm.", []),
        ("Hội nghị lần thứ IV; xếp thứ 15/63 tỉnh; dịch vụ công mức độ 3, 4.", []),
        ("Trung tâm Kiểm soát tần số KV 3 và Cụm thi đua số 3.", []),
        ("Ba Bộ trưởng và mười hai công việc.", []),
        ("Tổng số thuê bao đạt 12", []),  # cut off at the end of an excerpt
        ("Phủ sóng 4G tại 100% số xã, phòng chống Covid-19.", [(100, "%")]),
    ],
)
def test_figures(sentence, expected):
    assert [(f["value"], f["unit"]) for f in extract_figures(sentence)] == expected


def test_dateline_readings():
    us = parse_dateline("2/1/2007 10:27:14 AM")
    assert choose_published(us, dt.date(2007, 1, 30)) == "2007-02-01T10:27:14"
    assert choose_published(us, None) == "2007-02-01T10:27:14"  # AM/PM: the old US order
    vn = parse_dateline("18/07/2017 07:18:54 AM")
    assert choose_published(vn, None) == "2017-07-18T07:18:54"
    assert choose_published(parse_dateline("11/01/2018"), dt.date(2018, 1, 10)) == "2018-01-11"
    assert (
        choose_published(parse_dateline("Thứ tư, 28/01/2015 09:18"), None) == "2015-01-28T09:18:00"
    )
    assert parse_dateline("Ngày 18/01/2007, Sở BCVT tổ chức hội nghị") is None


def test_day_without_year_takes_the_dateline_year():
    record = extract(
        "Sở TT&TT tổng kết năm 2017\n\n11/01/2018\n\nChiều ngày 10/1, Sở Thông tin và Truyền thông "
        "tỉnh Lạng Sơn tổ chức hội nghị tổng kết năm 2017, triển khai nhiệm vụ năm 2018."
    )
    assert record["meeting"]["date"] == "2018-01-10"
    assert record["published"] == "2018-01-11"


def test_honorifics_and_titles():
    people = extract_people(
        "Tham dự có Đ/c Trần Văn Bình, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh; ông Lê Minh - Giám đốc "
        "Sở Y tế và đồng chí Phạm Thu Hà. Giám đốc Ngô Quang Huy trình bày báo cáo.",
        department="Sở Thông tin và Truyền thông",
    )
    assert people == [
        {"name": "Trần Văn Bình", "title": "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"},
        {"name": "Lê Minh", "title": "Giám đốc Sở Y tế"},
        {"name": "Phạm Thu Hà", "title": None},
        {"name": "Ngô Quang Huy", "title": "Giám đốc Sở Thông tin và Truyền thông"},
    ]


def test_typos_in_titles_are_mended():
    people = extract_people("Dự có đồng chí Lý Văn Nam, Ủy viên Thường vị Tỉnh ủy.")
    assert people == [{"name": "Lý Văn Nam", "title": "Ủy viên Thường vụ Tỉnh ủy"}]


def test_tone_placement_does_not_matter():
    assert fold("Hoà Bình, thuỷ lợi, khoẻ") == fold("Hòa Bình, thủy lợi, khỏe")
    assert places.province("Hoà Bình").today == "Phú Thọ"


def test_merger_mapping_covers_63_provinces_into_34_units():
    entries = load("provinces")["provinces"]
    old = [e for e in entries if e["name"] != "Hà Tây"]
    assert len(old) == 63
    assert len({e["today"] for e in old}) == 34
    for name, today in [
        ("Thái Bình", "Hưng Yên"),
        ("Thừa Thiên Huế", "Huế"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Long An", "Tây Ninh"),
        ("Kon Tum", "Quảng Ngãi"),
    ]:
        assert places.today(name) == today
    assert places.province("TT-Huế").name == "Thừa Thiên Huế"
    assert places.at_time("Quảng Nam", dt.date(2025, 8, 1)) == "Đà Nẵng"
    assert places.at_time("Quảng Nam", dt.date(2025, 6, 30)) == "Quảng Nam"


@pytest.mark.parametrize(
    ("url", "province"),
    [
        ("https://thaibinh.gov.vn/tintuc/x", "Thái Bình"),
        ("https://stttt.dongthap.gov.vn/web/x", "Đồng Tháp"),
        ("https://baolamdong.vn/xahoi/x", "Lâm Đồng"),
        ("https://baodongkhoi.vn/x", "Bến Tre"),
        ("https://mic.gov.vn/x", None),
    ],
)
def test_province_from_site(url, province):
    assert places.from_site(url) == province


def test_page_furniture_and_fused_caption():
    record = extract(
        "Cannot retrieve the URL specified in the Content Link property. For more assistance, contact your site administrator.\n\n"
        "Sở BCVT Điện Biên triển khai kế hoạch năm 2007\n\n(Mic.gov.vn) - \n\n"
        "Lãnh đạo tỉnh chụp ảnh lưu niệm với cán bộ Sở BCVT Điện BiênNgày 20/01/2007, Sở BCVT tỉnh "
        "Điện Biên tổ chức Hội nghị tổng kết công tác năm 2006 và triển khai kế hoạch năm 2007.\n\n"
        "Hội nghị đã nghe báo cáo kết quả năm 2006 với 12 điểm phục vụ mới.\n\nĐÁNH GIÁ BÀI VIẾT( 0)"
    )
    assert record["captions"] == ["Lãnh đạo tỉnh chụp ảnh lưu niệm với cán bộ Sở BCVT Điện Biên"]
    assert record["source_site"] == "mic.gov.vn"
    assert record["clean_text"].startswith("Ngày 20/01/2007")
    for junk in ("Cannot retrieve", "ĐÁNH GIÁ", "(Mic.gov.vn)"):
        assert junk not in record["clean_text"]
    assert record["meeting"]["organizer"] == {
        "department": "Sở Bưu chính Viễn thông",
        "province": "Điện Biên",
    }


@pytest.mark.parametrize(
    ("first_line", "title", "published"),
    [
        (
            "TIN VẮN: Sở Tư pháp tổng kết công tác năm 2021 - 14:30 06/01/2022",
            "Sở Tư pháp tổng kết công tác năm 2021",
            "2022-01-06T14:30:00",
        ),
        ("Tin vắn: Hội nghị giao ban tháng 10 (15:20)", "Hội nghị giao ban tháng 10", None),
        (
            "TIN NHANH: Sở Y tế triển khai nhiệm vụ năm 2022 (09:05 06/01/2022)",
            "Sở Y tế triển khai nhiệm vụ năm 2022",
            "2022-01-06T09:05:00",
        ),
    ],
)
def test_rubric_and_time_stamp_split_off_the_title(first_line, title, published):
    record = extract(
        f"{first_line}\n\nSáng ngày 06/01/2022, Sở Tư pháp tỉnh Tiền Giang tổ chức Hội nghị "
        "tổng kết công tác tư pháp năm 2021 và triển khai nhiệm vụ năm 2022 tại Mỹ Tho."
    )
    assert (record["title"], record["published"]) == (title, published)
