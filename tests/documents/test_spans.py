"""Finding an item's passage in the cleaned text when the record writes it a little
differently (case, spaces, dashes, tone placement, a remark in brackets left out)."""

from __future__ import annotations

from tongket.documents.spans import FoldedText, commendation_span, person_span, sentences

TEXT = (
    "Ngày 30/01/2007, Sở Bưu chính Viễn thông tỉnh Thừa Thiên –Huế đã tổ chức Hội nghị. "
    "Tham dự Hội nghị có Đ/c Ngô Hoà, Phó Chủ tịch UBND tỉnh.\n\n"
    "Sở sẽ chủ trì, phối hợp với các Sở, Ban Ngành (đặc biệt với Sở Giáo dục Đào tạo) xây dựng "
    "lộ trình phát triển nguồn nhân lực.\n\n"
    "Nhân dịp này, Thủ tướng Chính phủ đã tặng bằng khen cho 1 tập thể và 1 cá nhân; UBND tỉnh "
    "tặng bằng khen cho 2 tập thể và 3 cá nhân."
)


def _slice(span):
    return TEXT[span[0] : span[1]]


def test_found_whatever_the_case_spacing_dash_and_tone_placement():
    text = FoldedText(TEXT)
    assert _slice(text.find("thừa thiên - huế")) == "Thừa Thiên –Huế"
    assert _slice(text.find("Ngô Hòa")) == "Ngô Hoà"
    assert text.find("Ngô Hùng") is None


def test_a_person_with_the_title_written_after_the_name():
    span = person_span(FoldedText(TEXT), "Ngô Hòa", "Phó Chủ tịch UBND tỉnh")
    assert _slice(span) == "Ngô Hoà, Phó Chủ tịch UBND tỉnh"


def test_a_task_whose_remark_in_brackets_was_left_out():
    text = FoldedText(TEXT)
    task = "chủ trì, phối hợp với các Sở, Ban Ngành xây dựng lộ trình phát triển nguồn nhân lực"
    assert text.find(task) is None
    passage = _slice(text.find_loose(task))
    assert passage.startswith("chủ trì") and "(đặc biệt" in passage
    assert passage.endswith("nguồn nhân lực")
    # Unrelated words far apart are not a passage.
    assert text.find_loose("Ngày 30/01/2007, Sở Bưu chính Viễn thông và 3 cá nhân") is None


def test_figures_in_order_of_appearance_with_repeats():
    text = FoldedText(TEXT)
    spans = text.find_in_order(["1 tập thể", "1 cá nhân", "2 tập thể", "1 tập thể"])
    assert [s[0] for s in spans[:3]] == sorted(s[0] for s in spans[:3])
    # A repeat stated once is found at its first place again.
    assert spans[3] == spans[0]


def test_the_award_passage_is_the_clause_with_its_grantor_and_counts():
    text = FoldedText(TEXT)
    pm = commendation_span(text, "Bằng khen của Thủ tướng Chính phủ", 1, 1)
    province = commendation_span(text, "Bằng khen của Chủ tịch UBND tỉnh", 2, 3)
    assert "Thủ tướng" in _slice(pm) and "2 tập thể" not in _slice(pm)
    assert _slice(province).startswith("UBND tỉnh tặng bằng khen cho 2 tập thể và 3 cá nhân")


def test_sentences():
    spans = sentences("Một. Hai câu; ba.\n\nBốn")
    assert ["Một. Hai câu; ba.\n\nBốn"[a:b] for a, b in spans] == ["Một.", "Hai câu;", "ba.", "Bốn"]
