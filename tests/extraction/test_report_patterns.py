"""How provincial portals write tasks, awards, periods and bylines: short documents written
for these tests (fixtures/short), each beside what the record must say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongket.extraction import extract

SHORT = Path(__file__).resolve().parent / "fixtures" / "short"


def _record(name: str) -> dict:
    return extract((SHORT / f"{name}.txt").read_text("utf-8"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _same(a: str, b: str) -> bool:
    """The scorer's rule: tasks match when their words overlap by half (Jaccard)."""
    x, y = _words(a), _words(b)
    return len(x & y) / len(x | y) >= 0.5


def _assert_tasks(record: dict, expected: list[str]) -> None:
    got = [t["text"] for t in record["tasks"]]
    assert len(got) == len(expected), got
    for want in expected:
        assert any(_same(want, g) for g in got), (want, got)


@pytest.mark.parametrize(
    ("name", "tasks"),
    [
        (
            "mot-la-hai-la",
            [
                "đẩy mạnh chuyển đổi số trong các cơ quan nhà nước",
                "nâng cao chất lượng hệ thống thông tin giải quyết thủ tục hành chính",
                "tăng cường quản lý nhà nước về báo chí, xuất bản",
            ],
        ),
        (
            "danh-sach-danh-so",
            [
                "Triển khai hiệu quả Chương trình chuyển đổi số của tỉnh",
                "Phát triển hạ tầng viễn thông, phủ sóng 4G đến 100% thôn, bản",
                "Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của tỉnh",
            ],
        ),
        (
            "y-kien-chi-dao",
            [
                "tham mưu UBND tỉnh hoàn thiện Đề án chuyển đổi số, đồng thời phối hợp với các "
                "huyện đẩy nhanh tiến độ xây dựng chính quyền số",
                "tiếp tục đầu tư hạ tầng mạng 5G tại các khu công nghiệp",
            ],
        ),
        (
            "xuong-dong",
            [
                "tiếp tục triển khai các giải pháp nâng cao chỉ số chuyển đổi số cấp tỉnh, phấn "
                "đấu đưa tỉnh vào nhóm 20 tỉnh dẫn đầu cả nước"
            ],
        ),
        # Results of the past year are not tasks, even with "tập trung triển khai".
        ("ket-qua-va-khen-thuong", []),
        # A leader's directions to the department, the enterprises and the districts; nouns
        # such as "quyết tâm," or "yêu cầu của" and results after "đã" are not tasks.
        (
            "chi-dao-doanh-nghiep",
            [
                "tham mưu UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2023",
                "phối hợp với các sở, ngành xây dựng cơ sở dữ liệu dùng chung của tỉnh",
                "tiếp tục đầu tư hạ tầng mạng 4G, 5G đến các xã miền núi",
                "chỉ đạo các xã bố trí cán bộ phụ trách công nghệ số cộng đồng",
            ],
        ),
        # A list announced by "kế hoạch trọng tâm ...:" whose items are sentences; the topics
        # of a training after "về" stay one task; a list of results after "như:" is none.
        (
            "ke-hoach-cuoi-nam",
            [
                "tham mưu UBND tỉnh ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2025",
                "Hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn tiếp cận pháp luật",
                "Tổ chức tập huấn nghiệp vụ cho công chức tư pháp về hộ tịch, chứng thực; bồi "
                "thường nhà nước; trợ giúp pháp lý",
            ],
        ),
        # Targets set with "phấn đấu", one a clause; a run-on list after "bao gồm"; "Năm 2025
        # là năm ..." is not a task.
        (
            "chi-tieu-phan-dau",
            [
                "tiếp tục bám sát kế hoạch phát triển kinh tế - xã hội của tỉnh",
                "giá trị sản xuất công nghiệp đạt 10.900 tỷ đồng, tăng 11%",
                "tổng mức bán lẻ hàng hóa đạt 24.000 tỷ đồng",
                "tỷ lệ hộ dân sử dụng điện lưới quốc gia đạt 99,5%",
                "tham mưu ban hành các cơ chế hỗ trợ phát triển công nghiệp",
                "triển khai quy hoạch các cụm công nghiệp",
                "tăng cường kiểm tra, kiểm soát thị trường",
            ],
        ),
    ],
)
def test_tasks_as_reports_write_them(name, tasks):
    _assert_tasks(_record(name), tasks)


def test_tasks_of_a_list_announced_for_some_body_and_counted_in_words():
    """A dashed list announced by "Giám đốc Sở yêu cầu các phòng, đơn vị trực thuộc ... sau:",
    items counted in words across sentences ("Một là, ... . Hai là, ..."), and a direction that
    ends the text with a list (not a photo caption)."""
    tasks = _record("giao-nhiem-vu")["tasks"]
    assert [(t["text"], t.get("to")) for t in tasks] == [
        (
            "Tham mưu UBND tỉnh ban hành Kế hoạch phát triển y tế cơ sở",
            "các phòng, đơn vị trực thuộc",
        ),
        ("Đẩy mạnh chuyển đổi số trong khám, chữa bệnh", "các phòng, đơn vị trực thuộc"),
        ("đổi mới phong cách phục vụ người bệnh", "các bệnh viện"),
        ("tăng cường công tác phòng chống dịch bệnh", None),
        ("nâng cao tỷ lệ tiêm chủng đầy đủ cho trẻ em", "Trung tâm Kiểm soát bệnh tật"),
        ("tăng cường kiểm tra an toàn thực phẩm", "Trung tâm Kiểm soát bệnh tật"),
    ]


def test_tasks_name_the_body_they_are_set_for():
    leads = {t["text"]: t.get("to") for t in _record("chi-dao-doanh-nghiep")["tasks"]}
    assert list(leads.values()) == [
        "Sở Thông tin và Truyền thông",
        "Sở Thông tin và Truyền thông",
        "các doanh nghiệp viễn thông",
        "UBND các huyện, thị xã, thành phố",
    ]
    assert _record("chi-tieu-phan-dau")["tasks"][0]["to"] == "Sở Công Thương"


def test_awards_counted_before_the_award_or_by_the_award():
    """Counts written before the award ("05 tập thể và 12 cá nhân được tặng ..."), a number of
    awards given to collectives or individuals ("25 giấy khen cho các cá nhân"), and a ministry
    named in full before "của Bộ"."""
    assert _record("khen-thuong-nhieu-hinh-thuc")["commendations"] == [
        {"form": "Bằng khen của Chủ tịch UBND tỉnh", "collectives": 5, "individuals": 12},
        {"form": "Giấy khen của Giám đốc Sở", "collectives": None, "individuals": 25},
        {"form": "Cờ thi đua của Bộ Giáo dục và Đào tạo", "collectives": None, "individuals": None},
    ]


def test_awards_with_grantor_form_and_counts():
    assert _record("ket-qua-va-khen-thuong")["commendations"] == [
        {
            "form": "Bằng khen của Bộ trưởng Bộ Thông tin và Truyền thông",
            "collectives": 2,
            "individuals": 3,
        },
        {"form": "Cờ thi đua của UBND tỉnh", "collectives": None, "individuals": None},
        {"form": "Giấy khen của Giám đốc Sở", "collectives": 15, "individuals": 30},
    ]


@pytest.mark.parametrize(
    ("name", "kind", "date", "reviewed", "planned"),
    [
        ("so-ket-6-thang", "midyear_review", "2023-07-14", "2023S1", "2023S2"),
        ("giao-ban-thang", "monthly_briefing", "2021-11-01", "2021-10", None),
        ("nam-hoc", "annual_review", "2023-08-24", "2022/2023", "2023/2024"),
    ],
)
def test_kinds_and_periods(name, kind, date, reviewed, planned):
    meeting = _record(name)["meeting"]
    assert (meeting["kind"], meeting["date"]) == (kind, date)
    assert (meeting["reviewed_period"], meeting["planned_period"]) == (reviewed, planned)


@pytest.mark.parametrize(
    ("name", "byline"),
    [
        ("danh-sach-danh-so", "T.H"),
        ("y-kien-chi-dao", "PV"),
        ("so-ket-6-thang", "N.A"),
        ("xuong-dong", "Minh Tuấn"),
        ("nam-hoc", "Hoàng Yến"),
        ("mot-la-hai-la", "Nguyễn Hà"),
    ],
)
def test_bylines_at_the_end(name, byline):
    record = _record(name)
    assert record["byline"] == byline
    assert byline not in record["clean_text"].split("\n\n")[-1]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Nhân dịp này, Chủ tịch UBND tỉnh đã tặng Bằng khen cho 5 tập thể và 10 cá nhân.",
            [{"form": "Bằng khen của Chủ tịch UBND tỉnh", "collectives": 5, "individuals": 10}],
        ),
        (
            "Dịp này, Sở được Bộ trưởng Bộ TT&TT tặng Bằng khen vì thành tích xuất sắc.",
            [
                {
                    "form": "Bằng khen của Bộ trưởng Bộ TT&TT",
                    "collectives": None,
                    "individuals": None,
                }
            ],
        ),
        (
            "Thừa ủy quyền của Chủ tịch UBND tỉnh, đồng chí Nguyễn Văn An trao Bằng khen cho 3 "
            "tập thể và 2 cá nhân.",
            [{"form": "Bằng khen của Chủ tịch UBND tỉnh", "collectives": 3, "individuals": 2}],
        ),
        (
            "Bộ trưởng Bộ Tư pháp tặng Bằng khen cho 2 tập thể.",
            [{"form": "Bằng khen của Bộ trưởng Bộ Tư pháp", "collectives": 2, "individuals": None}],
        ),
        (
            "Sở vinh dự đón nhận Cờ thi đua của Chính phủ.",
            [{"form": "Cờ thi đua của Chính phủ", "collectives": None, "individuals": None}],
        ),
        (
            "Giám đốc Sở tặng Giấy khen cho 10 tập thể, 25 cá nhân.",
            [{"form": "Giấy khen của Giám đốc Sở", "collectives": 10, "individuals": 25}],
        ),
        # The vice-chairman hands over the chairman's Bằng khen.
        (
            "Phó Chủ tịch UBND tỉnh Lê Văn An trao Bằng khen cho 3 tập thể.",
            [{"form": "Bằng khen của Chủ tịch UBND tỉnh", "collectives": 3, "individuals": None}],
        ),
        # A state order is named without the one who hands it over.
        (
            "Thừa ủy quyền của Chủ tịch nước, đồng chí Phó Chủ tịch UBND tỉnh trao Huân chương "
            "Lao động hạng Ba cho Sở Tư pháp.",
            [{"form": "Huân chương Lao động hạng Ba", "collectives": None, "individuals": None}],
        ),
        # A medal with its name.
        (
            "Dịp này, 5 cá nhân được nhận Kỷ niệm chương Vì sự nghiệp Tư pháp.",
            [
                {
                    "form": "Kỷ niệm chương Vì sự nghiệp Tư pháp",
                    "collectives": None,
                    "individuals": 5,
                }
            ],
        ),
        # Titles named in quotes, each with its own count; a title kept is not an award.
        (
            "Hội nghị trao tặng danh hiệu “Tập thể lao động xuất sắc” cho 3 tập thể và danh "
            "hiệu “Chiến sĩ thi đua cơ sở” cho 12 cá nhân. Sở giữ vững danh hiệu đơn vị văn hóa.",
            [
                {
                    "form": "Danh hiệu Tập thể lao động xuất sắc",
                    "collectives": 3,
                    "individuals": None,
                },
                {
                    "form": "Danh hiệu Chiến sĩ thi đua cơ sở",
                    "collectives": None,
                    "individuals": 12,
                },
            ],
        ),
        # Counts of two awards in one sentence; a number of awards given to collectives.
        (
            "Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể, 6 cá nhân; Sở Tư pháp tặng 12 "
            "giấy khen cho các tập thể.",
            [
                {"form": "Bằng khen của Chủ tịch UBND tỉnh", "collectives": 4, "individuals": 6},
                {"form": "Giấy khen của Giám đốc Sở", "collectives": 12, "individuals": None},
            ],
        ),
    ],
)
def test_award_grantors_as_written(sentence, expected):
    record = extract(
        "Sở Tư pháp tổng kết công tác năm 2023\n\n10/01/2024\n\nSáng ngày 09/01/2024, Sở Tư pháp "
        "tỉnh Bến Tre tổ chức Hội nghị tổng kết công tác tư pháp năm 2023 và triển khai nhiệm vụ "
        f"năm 2024.\n\n{sentence}"
    )
    assert record["commendations"] == expected


@pytest.mark.parametrize(
    ("words", "kind", "reviewed"),
    [
        (
            "Hội nghị đánh giá kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2023",
            "midyear_review",
            "2023S1",
        ),
        ("Hội nghị đánh giá kết quả công tác năm 2023", "annual_review", "2023"),
        (
            "Hội nghị đánh giá kết quả công tác 9 tháng đầu năm 2023",
            "quarterly_review",
            "2023-01/2023-09",
        ),
    ],
)
def test_reviews_named_by_what_they_assess(words, kind, reviewed):
    record = extract(
        f"Sở Y tế Hà Nam\n\n11/10/2023\n\nSáng ngày 10/10/2023, Sở Y tế tỉnh Hà Nam tổ chức {words}."
    )
    assert (record["meeting"]["kind"], record["meeting"]["reviewed_period"]) == (kind, reviewed)


def test_link_lists_and_site_furniture_are_never_the_title():
    record = _record("tin-lien-quan")
    assert record["title"] == "Sở Thông tin và Truyền thông Lào Cai giao ban báo chí tháng 10"
    assert record["published"] == "2021-11-02T16:00:00"
    assert record["byline"] == "Trần Lan"
    assert "Hội nghị" not in record["clean_text"].split("\n\n")[-1]
    assert "sơ kết 6 tháng" not in record["clean_text"]
    assert (record["meeting"]["kind"], record["meeting"]["reviewed_period"]) == (
        "monthly_briefing",
        "2021-10",
    )


_HEADER = (
    "Sở Y tế tổng kết công tác năm 2023\n\n10/01/2024\n\nSáng ngày 09/01/2024, Sở Y tế tỉnh "
    "Bến Tre tổ chức Hội nghị tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024.\n\n"
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Nhiệm vụ trọng tâm năm 2024 là tiếp tục đẩy mạnh chuyển đổi số, nâng cao chất "
            "lượng dịch vụ công trực tuyến.",
            [
                ("tiếp tục đẩy mạnh chuyển đổi số", None),
                ("nâng cao chất lượng dịch vụ công trực tuyến", None),
            ],
        ),
        (
            "Đồng chí giao Sở Tài chính bố trí kinh phí cho các dự án chuyển đổi số.",
            [("bố trí kinh phí cho các dự án chuyển đổi số", "Sở Tài chính")],
        ),
        (
            "Hội nghị đã thống nhất các nhiệm vụ trọng tâm năm 2024 gồm: hoàn thiện hạ tầng số "
            "của ngành; phát triển hồ sơ sức khỏe điện tử.",
            [
                ("hoàn thiện hạ tầng số của ngành", None),
                ("phát triển hồ sơ sức khỏe điện tử", None),
            ],
        ),
        # A long line cut in the middle of a direction goes on in the next line.
        (
            "Phát biểu chỉ đạo tại hội nghị, đồng chí Phó Chủ tịch UBND tỉnh đánh giá cao những "
            "kết quả ngành Y tế đạt được trong năm 2023 và đề nghị Sở Y tế tiếp tục\nđẩy mạnh "
            "chuyển đổi số trong khám, chữa bệnh; nâng cao chất lượng y tế cơ sở.",
            [
                ("đẩy mạnh chuyển đổi số trong khám, chữa bệnh", "Sở Y tế"),
                ("nâng cao chất lượng y tế cơ sở", "Sở Y tế"),
            ],
        ),
        # Results, even when they name tasks or a meeting's guidance, are not tasks.
        ("Năm 2023, Sở đã chỉ đạo các bệnh viện triển khai 12 kỹ thuật mới.", []),
        ("Sở đã triển khai các nhiệm vụ trọng tâm như: khám sàng lọc; tiêm chủng mở rộng.", []),
        ("Dưới sự lãnh đạo, chỉ đạo của Tỉnh ủy, ngành Y tế đạt nhiều kết quả quan trọng.", []),
        ("Giao ban báo chí tháng 12 diễn ra với sự tham dự của các cơ quan báo chí.", []),
    ],
)
def test_tasks_in_one_sentence(sentence, expected):
    tasks = extract(_HEADER + sentence + "\n\nMinh Anh")["tasks"]
    assert [(t["text"], t.get("to")) for t in tasks] == expected
