"""How official reports word commendations, and what they write that is not one: short
documents and sentences written for these tests (fixtures/short), each beside the awards the
record must list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongket.extraction import extract
from tongket.extraction.commendations import _grantor_key

SHORT = Path(__file__).resolve().parent / "fixtures" / "short"


def _awards(name: str) -> list[dict]:
    return extract((SHORT / f"{name}.txt").read_text("utf-8"))["commendations"]


def _award(form: str, collectives: int | None = None, individuals: int | None = None) -> dict:
    return {"form": form, "collectives": collectives, "individuals": individuals}


def _in_report(sentence: str) -> list[dict]:
    return extract(
        "Sở Thông tin và Truyền thông tổng kết công tác năm 2023\n\n10/01/2024\n\nSáng ngày "
        "09/01/2024, Sở Thông tin và Truyền thông tỉnh Bến Tre tổ chức Hội nghị tổng kết công tác "
        f"năm 2023 và triển khai nhiệm vụ năm 2024.\n\n{sentence}"
    )["commendations"]


def test_the_grantor_is_the_one_who_authorised_the_hand_over():
    """«Thừa ủy quyền của Thủ tướng Chính phủ, đồng chí …, Chủ tịch UBND tỉnh trao Bằng khen»:
    the Prime Minister's Bằng khen; «Bằng khen của Bộ trưởng» after «Được ủy quyền của Bộ
    trưởng Bộ …» is that minister's; a grantor written in full stays whole."""
    awards = _awards("khen-thuong-uy-quyen")
    assert sorted(awards, key=lambda a: a["form"]) == [
        _award("Bằng khen của Bộ trưởng Bộ Thông tin và Truyền thông", None, 3),
        _award("Bằng khen của Thủ tướng Chính phủ", 1, 2),
        _award("Cờ thi đua của Ủy ban nhân dân tỉnh"),
    ]


def test_an_award_in_the_headline_counts_once():
    """«… đón nhận Cờ thi đua của Chính phủ» in the title and again in the body is one award;
    «Bộ KH&CN» and «Bộ Khoa học và Công nghệ» (a caption) are one grantor."""
    awards = _awards("khen-thuong-tieu-de")
    assert len(awards) == 2
    flag, merit = awards
    assert flag["form"].startswith("Cờ thi đua của") and flag["form"].endswith("Chính phủ")
    assert (flag["collectives"], flag["individuals"]) == (None, None)
    assert merit["form"] in ("Bằng khen của Bộ KH&CN", "Bằng khen của Bộ Khoa học và Công nghệ")
    assert (merit["collectives"], merit["individuals"]) == (2, 4)


def test_awards_listed_after_a_colon():
    """Items of a list after «các hình thức khen thưởng sau:», counts after a colon, a grantor
    written without «của», and counts written before «được công nhận» of each title."""
    assert _awards("khen-thuong-danh-sach") == [
        _award("Bằng khen của Bộ trưởng Bộ Y tế", 2, 5),
        _award("Bằng khen của UBND tỉnh", 4, None),
        _award("Giấy khen của Giám đốc Sở", None, 18),
        _award("Danh hiệu Chiến sĩ thi đua cơ sở", None, 12),
        _award("Danh hiệu Tập thể lao động xuất sắc", 6, None),
    ]


def test_what_is_not_a_commendation():
    """Awards of earlier years told as background, proposals (past or to come, and the items
    of a proposed list), a target («phấn đấu đạt Cờ thi đua»), the emulation work as a task
    and the launch of a movement are not commendations; the Giấy khen given at the meeting is."""
    assert _awards("khen-thuong-khong-phai") == [_award("Giấy khen của Giám đốc Sở", 7, 16)]


def test_awards_the_text_does_not_name_and_titles_without_danh_hieu():
    """«Giám đốc Sở đã khen thưởng cho 5 tập thể, 10 cá nhân» is the director's Giấy khen;
    «15 cá nhân đạt Chiến sĩ thi đua cơ sở», «công nhận 40 Lao động tiên tiến»."""
    assert _awards("khen-thuong-khong-ten-hinh-thuc") == [
        _award("Giấy khen của Giám đốc Sở", 5, 10),
        _award("Chiến sĩ thi đua cơ sở", None, 15),
        _award("Tập thể lao động xuất sắc", 3, None),
        _award("Lao động tiên tiến", None, 40),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Nhân dịp này, 12 cá nhân được công nhận danh hiệu Chiến sĩ thi đua cơ sở, 5 tập thể "
            "được công nhận danh hiệu Tập thể lao động xuất sắc.",
            [
                _award("Danh hiệu Chiến sĩ thi đua cơ sở", None, 12),
                _award("Danh hiệu Tập thể lao động xuất sắc", 5, None),
            ],
        ),
        (
            "Nhân dịp này, có 3 tập thể, 5 cá nhân được UBND tỉnh tặng Bằng khen và 10 tập thể, "
            "21 cá nhân được Giám đốc Sở tặng Giấy khen.",
            [
                _award("Bằng khen của UBND tỉnh", 3, 5),
                _award("Giấy khen của Giám đốc Sở", 10, 21),
            ],
        ),
        (
            "Sở đã công nhận 45 cá nhân đạt danh hiệu Lao động tiên tiến và 8 tập thể đạt danh "
            "hiệu Tập thể lao động tiên tiến.",
            [
                _award("Danh hiệu Lao động tiên tiến", None, 45),
                _award("Danh hiệu Tập thể lao động tiên tiến", 8, None),
            ],
        ),
        (
            "Bằng khen của Thủ tướng Chính phủ được trao cho 1 tập thể và 2 cá nhân.",
            [_award("Bằng khen của Thủ tướng Chính phủ", 1, 2)],
        ),
        (
            "Nhân dịp này, Sở TT&TT vinh dự đón nhận Cờ thi đua của Bộ TT&TT và Bằng khen của "
            "UBND tỉnh.",
            [_award("Cờ thi đua của Bộ TT&TT"), _award("Bằng khen của UBND tỉnh")],
        ),
        (
            "Hội nghị trao Bằng khen của Bộ trưởng Bộ TT&TT, Bằng khen của Chủ tịch UBND tỉnh "
            "và Giấy khen của Giám đốc Sở cho các tập thể, cá nhân có thành tích xuất sắc.",
            [
                _award("Bằng khen của Bộ trưởng Bộ TT&TT"),
                _award("Bằng khen của Chủ tịch UBND tỉnh"),
                _award("Giấy khen của Giám đốc Sở"),
            ],
        ),
        # "nhân" of "nhân dân" does not end the grantor ("nhân dịp" does).
        (
            "Đồng chí Phó Chủ tịch UBND tỉnh đã trao Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh "
            "cho 3 tập thể và 4 cá nhân nhân dịp tổng kết năm.",
            [_award("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 3, 4)],
        ),
        # A count of collectives and individuals together is neither.
        (
            "UBND tỉnh tặng Bằng khen cho 20 tập thể, cá nhân.",
            [_award("Bằng khen của UBND tỉnh")],
        ),
        # A title named in single quotes; no grantor is added to a title.
        (
            "Giám đốc Sở tặng danh hiệu 'Chiến sĩ thi đua cơ sở' cho 6 cá nhân.",
            [_award("Danh hiệu Chiến sĩ thi đua cơ sở", None, 6)],
        ),
        (
            "Hội nghị đã biểu dương, khen thưởng 10 tập thể, 20 cá nhân có thành tích xuất sắc.",
            [_award("Giấy khen của Giám đốc Sở", 10, 20)],
        ),
        (
            "Theo đề nghị của Giám đốc Sở Nội vụ, Chủ tịch UBND tỉnh đã tặng Bằng khen cho 3 tập "
            "thể.",
            [_award("Bằng khen của Chủ tịch UBND tỉnh", 3, None)],
        ),
        (
            "Tại hội nghị, Sở đã phát động phong trào thi đua năm 2024 và trao Giấy khen cho 10 "
            "tập thể.",
            [_award("Giấy khen của Giám đốc Sở", 10, None)],
        ),
        # A speech that proposes something else, then congratulates the award's recipients.
        (
            "Đồng chí đề nghị Sở tiếp tục phát huy kết quả đạt được, đồng thời chúc mừng các tập "
            "thể, cá nhân được nhận Bằng khen của Chủ tịch UBND tỉnh.",
            [_award("Bằng khen của Chủ tịch UBND tỉnh")],
        ),
        (
            "Chủ tịch UBND tỉnh đã quyết định tặng Bằng khen cho 4 tập thể.",
            [_award("Bằng khen của Chủ tịch UBND tỉnh", 4, None)],
        ),
        (
            "Giám đốc Sở tặng danh hiệu Chiến sĩ thi đua cho 3 cá nhân.",
            [_award("Danh hiệu Chiến sĩ thi đua", None, 3)],
        ),
        # A title named without quotes.
        (
            "Danh hiệu Anh hùng Lao động được trao cho Bưu điện tỉnh.",
            [_award("Danh hiệu Anh hùng Lao động")],
        ),
        (
            "Dịp này, 5 cá nhân được tặng Kỷ niệm chương Vì sự nghiệp Thông tin và Truyền thông.",
            [_award("Kỷ niệm chương Vì sự nghiệp Thông tin và Truyền thông", None, 5)],
        ),
        # Not commendations.
        ("Sở giữ vững danh hiệu Đơn vị văn hóa.", []),
        # The year's emulation work without an award's name, not at the meeting.
        ("Trong năm, Sở đã khen thưởng 25 tập thể, 60 cá nhân.", []),
        ("Sở sẽ đề nghị UBND tỉnh tặng Bằng khen cho 3 tập thể và 5 cá nhân.", []),
        (
            "Sở đề nghị UBND tỉnh tặng Bằng khen cho 3 tập thể, Bộ TT&TT tặng Bằng khen cho 2 "
            "cá nhân.",
            [],
        ),
        ("Trong 5 năm qua, Sở đã được tặng 2 Cờ thi đua của UBND tỉnh.", []),
        ("Năm 2020, Sở đã được Chủ tịch nước tặng Huân chương Lao động hạng Ba.", []),
        ("Công tác thi đua khen thưởng được quan tâm, kịp thời khen thưởng các tập thể.", []),
    ],
)
def test_award_sentences(sentence, expected):
    assert _in_report(sentence) == expected


def test_an_award_of_the_reviewed_year_is_not_background():
    assert _in_report("Năm 2023, Sở được Bộ TT&TT tặng Cờ thi đua.") == [
        _award("Cờ thi đua của Bộ TT&TT")
    ]
    # At the review of the first half of 2024, last year's award is background.
    midyear = extract(
        "Sở Thông tin và Truyền thông sơ kết 6 tháng đầu năm 2024\n\n12/7/2024\n\nNgày "
        "11/7/2024, Sở Thông tin và Truyền thông tỉnh Bến Tre tổ chức Hội nghị sơ kết 6 tháng "
        "đầu năm 2024.\n\nNăm 2023, Sở được Bộ TT&TT tặng Cờ thi đua.\n\nNhân dịp này, Giám "
        "đốc Sở tặng Giấy khen cho 4 cá nhân."
    )
    assert midyear["meeting"]["reviewed_period"] == "2024S1"
    assert midyear["commendations"] == [_award("Giấy khen của Giám đốc Sở", None, 4)]


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Bộ trưởng Bộ Thông tin và Truyền thông", "Bộ TT&TT"),
        ("Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ LĐ-TB&XH"),
        ("Chủ tịch Ủy ban nhân dân tỉnh", "UBND tỉnh Bến Tre"),
        ("Thủ tướng Chính phủ", "Chính phủ"),
    ],
)
def test_a_grantor_written_in_full_or_short_is_one(full, short):
    assert _grantor_key(full) == _grantor_key(short)
    assert _grantor_key("Bộ Tư pháp") != _grantor_key("Bộ TT&TT")
