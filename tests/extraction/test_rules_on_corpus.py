"""Each rule beside a real document that shows it (read from the shared corpus by id)."""

from __future__ import annotations

import pytest

from tongket.extraction import extract_document


def get(record: dict, path: str):
    for part in path.split("."):
        record = record[part]
    return record


CASES = [
    # US month/day/year with AM/PM, decided by the meeting date (28/6/2018).
    ("p060", "published", "2018-07-03T18:29:27"),
    ("p025", "published", "2008-10-23T08:32:34"),
    # Day/month/year with a time first, and with a view counter after it.
    ("p018", "published", "2017-01-06T06:01:00"),
    ("p059", "published", "2020-01-12T14:40:00"),
    # The site's own date at the top of the page (1.5 years after the meeting) is not the item's.
    ("p036", "published", None),
    # A headline printed over two lines, the first ending with a colon.
    ("p036", "title", "Sở Thông tin và Truyền thông: Triển khai kế hoạch năm 2019"),
    # A signing unit glued to the date: "… tỉnh Cà MauSở … tỉnh Cà Mau07/09/2025".
    ("p028", "byline", "Sở Khoa học và Công nghệ tỉnh Cà Mau"),
    ("p028", "published", "2025-09-07"),
    # Bylines at the end: in brackets, in capitals, with the site after them.
    ("p001", "byline", "Huy Cung"),
    ("p020", "byline", "PHÚ XUÂN"),
    ("p046", "byline", "Trí Dũng"),
    # No headline: the page starts with the lead.
    ("p035", "title", None),
    # Breadcrumbs and section names above the headline are not the headline.
    ("p004", "title", "Hội nghị sơ kết ngành thông tin và truyền thông 6 tháng đầu năm 2023"),
    (
        "p019",
        "title",
        "Sở Thông tin và Truyền thông Tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024",
    ),
    ("p050", "title", "Sở Thông tin và Truyền thông tổ chức Hội nghị triển khai nhiệm vụ năm 2014"),
    # The province from the site's address, then the unit that covers it since 1/7/2025.
    ("p017", "meeting.organizer.province", "Thái Bình"),
    ("p017", "meeting.province_today", "Hưng Yên"),
    ("p055", "meeting.province_today", "Phú Thọ"),
    ("p039", "meeting.province_today", "Vĩnh Long"),
    # After the reorganization the province at the time is the new unit.
    ("p029", "meeting.organizer.province", "Phú Thọ"),
    ("p029", "meeting.organizer.department", "Ủy ban nhân dân tỉnh"),
    # A name glued to the province: "Sở Tài ChínhTPHCM".
    ("p012", "meeting.organizer.province", "Hồ Chí Minh"),
    ("p012", "meeting.organizer.department", "Sở Tài chính"),
    # Department names written short.
    ("p048", "meeting.organizer.department", "Sở Tài nguyên và Môi trường"),
    ("p037", "meeting.organizer.department", "Sở Thông tin và Truyền thông"),
    ("p027", "meeting.organizer.department", "Sở Khoa học và Công nghệ"),
    # Days without a year: from the dateline, the page's address, or the periods.
    ("p003", "meeting.date", "2017-07-21"),
    ("p016", "meeting.date", "2020-01-13"),
    ("p045", "meeting.date", "2022-07-13"),
    ("p048", "meeting.date", "2023-12-28"),
    ("p010", "meeting.date", "2020-12-25"),
    ("p058", "meeting.date", "2022-08-22"),
    # Meeting kinds and periods.
    ("p002", "meeting.kind", "midyear_review"),
    ("p045", "meeting.planned_period", "2022S2"),
    ("p001", "meeting.kind", "quarterly_review"),
    ("p001", "meeting.reviewed_period", "2014Q1"),
    ("p026", "meeting.reviewed_period", "2020-01/2020-09"),
    ("p026", "meeting.planned_period", "2020Q4"),
    ("p024", "meeting.kind", "monthly_briefing"),
    ("p024", "meeting.reviewed_period", "2022-07"),
    ("p024", "meeting.planned_period", "2022-08"),
    ("p041", "meeting.reviewed_period", "2021Q1"),
    ("p041", "meeting.planned_period", "2021-04/2021-12"),
    ("p058", "meeting.reviewed_period", "2021/2022"),
    ("p058", "meeting.planned_period", "2022/2023"),
    ("p049", "meeting.kind", "other"),
    ("p050", "meeting.reviewed_period", "2013"),
]


@pytest.mark.parametrize(
    ("doc_id", "path", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_rule(corpus, doc_id, path, expected):
    assert get(extract_document(corpus[doc_id]), path) == expected


def test_furniture_and_repeats_leave_the_body(corpus):
    p004 = extract_document(corpus["p004"])["clean_text"]
    assert (
        "Xuất bản thông tin" not in p004 and "Chi tiết bài viết" not in p004 and "null" not in p004
    )
    p018 = extract_document(corpus["p018"])
    assert p018["clean_text"].count("Ngày 6/1") == 1
    assert "(LĐ online)" not in p018["clean_text"]
    assert p018["captions"] == ["Đại diện Sở TT&TT nhận Cờ thi đua của Bộ TT&TT. Ảnh: C.Thành"]
    p050 = extract_document(corpus["p050"])["clean_text"]
    assert p050.startswith("Vừa qua, chiều ngày 15/01/2014")
    p051 = extract_document(corpus["p051"])["clean_text"]
    assert "Chế độ ban đêm" not in p051 and "Skip to main content" not in p051
    p059 = extract_document(corpus["p059"])["clean_text"]
    assert "lượt xem" not in p059.lower()


def test_people_lists_and_titles(corpus):
    p048 = extract_document(corpus["p048"])["people"]
    assert p048 == [
        {"name": "Nguyễn Văn Đệ", "title": "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"},
        {"name": "Hoàng Quốc Việt", "title": "Tỉnh ủy viên, Giám đốc Sở TN&MT"},
        {"name": "Thái Văn Nông", "title": "Phó Giám đốc Sở TN&MT"},
    ]
    p013 = {p["name"]: p["title"] for p in extract_document(corpus["p013"])["people"]}
    assert p013["Trương Hồng Giang"] == "Phó Giám đốc Sở"
    p031 = {p["name"]: p["title"] for p in extract_document(corpus["p031"])["people"]}
    assert p031["Nguyễn Văn Tường"] == "Giám đốc Sở TT&TT"
    p018 = {p["name"] for p in extract_document(corpus["p018"])["people"]}
    assert "K’Mák" in p018


def test_commendations(corpus):
    p031 = extract_document(corpus["p031"])["commendations"]
    assert {
        "form": "Huân chương Lao động hạng Nhì",
        "collectives": None,
        "individuals": None,
    } in p031
    p059 = extract_document(corpus["p059"])["commendations"]
    assert p059 == [{"form": "Bằng khen của UBND tỉnh", "collectives": None, "individuals": None}]


def test_tasks_after_a_list_intro(corpus):
    tasks = [t["text"] for t in extract_document(corpus["p021"])["tasks"]]
    assert len(tasks) >= 6
    assert tasks[0].startswith("Xây dựng tuyến truyền dẫn quang")
    results = extract_document(corpus["p008"])["tasks"]
    assert results == []  # "các chỉ tiêu toàn ngành đạt được như sau:" lists results


def test_figures_in_a_long_report(corpus):
    figures = extract_document(corpus["p025"])["figures"]
    texts = [f["text"] for f in figures]
    assert "491,003 tỷ đồng" in texts
    assert {"value": 6878000000, "unit": "tờ", "text": "6.878 triệu tờ"} in figures
    assert all(f["unit"] != "tháng" for f in figures)  # "9 tháng qua" is a period
