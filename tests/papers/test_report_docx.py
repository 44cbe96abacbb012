"""The year-end report as DOCX: opened with python-docx and checked against Nghị định 30/2020
and against the data."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tongket.papers.render_report import report_docx, result_headers
from tongket.papers.report_gather import year_report_gather
from tongket.papers.services import report_text_set

from .conftest import ACTOR, TODAY, D


def _tiny_png(chart) -> bytes:
    """A real 1×1 PNG: the layout tests do not need matplotlib's drawing."""
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )


@pytest.fixture
def report(year2017):
    return year_report_gather(unit=year2017.department, year=2017, today=TODAY)


@pytest.fixture
def doc(report):
    return Document(io.BytesIO(report_docx(report, chart_renderer=_tiny_png)))


def _paragraphs(doc):
    """Every paragraph, the body's and the tables' (one level deep), in order."""
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            yield next(p for p in doc.paragraphs if p._p is block)
        elif block.tag == qn("w:tbl"):
            table = next(t for t in doc.tables if t._tbl is block)
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _find(doc, text):
    found = [p for p in _paragraphs(doc) if p.text == text]
    assert found, f"no paragraph «{text}»"
    return found[0]


def _size(paragraph):
    sizes = {r.font.size for r in paragraph.runs if r.text}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def _bold(paragraph):
    return all(r.font.bold for r in paragraph.runs if r.text)


def _italic(paragraph):
    return all(r.font.italic for r in paragraph.runs if r.text)


def test_page_a4_margins_and_page_numbers_from_page_two(doc):
    section = doc.sections[0]
    # Word stores lengths in twentieths of a point: compare in millimetres to 0,1.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    for edge, low, high in (
        ("top", 20, 25),
        ("bottom", 20, 25),
        ("left", 30, 35),
        ("right", 15, 20),
    ):
        assert low <= round(getattr(section, f"{edge}_margin").mm, 1) <= high, edge
    # A different first page: its header is empty, the others carry the PAGE field, centred.
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == 1  # centre
    fields = [n.text.strip() for n in header._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE"]


def test_fonts_are_times_new_roman_of_the_decree_sizes(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {
        "Times New Roman"
    }
    runs = [r for p in _paragraphs(doc) for r in p.runs if r.text]
    assert runs
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size for r in runs} <= {Pt(11), Pt(12), Pt(13), Pt(14)}


def test_header_block(doc):
    head = doc.tables[0]
    left, right = (c.paragraphs for c in head.rows[0].cells)
    assert [p.text for p in left if p.text] == [
        "UBND TỈNH THÁI BÌNH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    ]
    superior, issuer = [p for p in left if p.text]
    assert not _bold(superior) and _size(superior) in (Pt(12), Pt(13))
    assert _bold(issuer) and _size(issuer) in (Pt(12), Pt(13))
    motto, motto2 = [p for p in right if p.text]
    assert motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _bold(motto) and _size(motto) in (Pt(12), Pt(13))
    assert motto2.text == "Độc lập - Tự do - Hạnh phúc"
    assert _bold(motto2) and _size(motto2) in (Pt(13), Pt(14))
    # The rules under the issuer and under the motto: top borders of the paragraphs after.
    for cell in head.rows[0].cells:
        borders = cell._tc.findall(".//" + qn("w:pBdr"))
        assert len(borders) == 1 and borders[0].find(qn("w:top")).get(qn("w:val")) == "single"
    # No borders on the layout table.
    edges = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {e.get(qn("w:val")) for e in edges} == {"nil"}


def test_number_and_date_lines(doc):
    number, date = (c.paragraphs[0] for c in doc.tables[0].rows[1].cells)
    assert re.fullmatch(r"Số: +/BC-STTTT", number.text)
    assert date.text == "Thái Bình, ngày 05 tháng 01 năm 2018"
    assert _italic(date) and _size(date) in (Pt(13), Pt(14))
    title = _find(doc, "BÁO CÁO")
    subject = _find(doc, "Tổng kết công tác năm 2017 và phương hướng, nhiệm vụ năm 2018")
    assert _bold(title) and _bold(subject) and _size(subject) in (Pt(13), Pt(14))


def test_document_number_written_by_staff(year2017):
    report_text_set(unit=year2017.department, year=2017, section="number", text="12", actor=ACTOR)
    report = year_report_gather(unit=year2017.department, year=2017, today=TODAY)
    doc = Document(io.BytesIO(report_docx(report, chart_renderer=_tiny_png)))
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số: 12/BC-STTTT"


def _result_tables(doc):
    return [t for t in doc.tables if t.rows[0].cells[0].text == "TT" and len(t.columns) == 7]


def test_tables_per_field_with_their_columns_and_figures(doc, report):
    tables = _result_tables(doc)
    assert len(tables) == len(report.fields) >= 4
    for table in tables:
        assert [c.text for c in table.rows[0].cells] == result_headers(2017)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = {r.cells[1].text: [c.text for c in r.cells] for t in tables for r in t.rows[1:]}
    revenue = rows["Tổng doanh thu toàn ngành Thông tin và Truyền thông"]
    # 2.060 tỷ against 1.904,1 tỷ planned: 108,2%; 1.731 tỷ in 2016: +19,0%.
    assert revenue[2:] == ["tỷ đồng", "1.904,1", "2.060,0", "108,2%", "+19,0%"]
    incidents = rows["Số sự cố an toàn thông tin mạng"]
    # Fewer is better: 41 incidents against a ceiling of 21 is 51,2% of the target.
    assert incidents[3:] == ["21", "41", "51,2%", "+78,3%"]
    assert rows["Số thuê bao điện thoại"][3:] == ["535.806", "536.787", "100,2%", "+3,2%"]


def test_summary_lines_and_charts(doc, report):
    texts = [p.text for p in doc.paragraphs]
    assert "Năm 2017, Thái Bình có 2/4 chỉ tiêu kế hoạch đạt và vượt mức đề ra." in texts
    assert (
        "- Tổng doanh thu toàn ngành Thông tin và Truyền thông đạt 2.060 tỷ đồng, bằng 108,2% "
        "kế hoạch, tăng 19% so với năm 2016." in texts
    )
    assert (
        "- Số sự cố an toàn thông tin mạng: 41 sự cố, vượt mức kế hoạch không quá 21 sự cố, "
        "tăng 78,3% so với năm 2016." in texts
    )
    assert len(doc.inline_shapes) == len(report.charts) == 4
    assert [c.code for c in report.charts][:2] == ["ict.revenue", "tel.subscribers"]
    captions = [t for t in texts if t.startswith("Biểu đồ ")]
    assert captions[0] == (
        "Biểu đồ 1. Tổng doanh thu toàn ngành Thông tin và Truyền thông (tỷ đồng), 2016–2017"
    )


def test_tasks_commendations_and_shortfalls(doc):
    texts = [p.text for p in doc.paragraphs]
    assert (
        "Năm 2017, đơn vị chủ trì 3 nhiệm vụ được giao; đã hoàn thành 2 nhiệm vụ (66,7%), trong "
        "đó 1 nhiệm vụ đúng hạn; 0 nhiệm vụ đang thực hiện trong hạn; 1 nhiệm vụ quá hạn chưa "
        "hoàn thành." in texts
    )
    overdue = [t for t in texts if t.startswith("- Gom bó")]
    assert overdue == [
        "- Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính (chủ trì: Sở Thông tin "
        "và Truyền thông Thái Bình; hạn 30/09/2017, quá 97 ngày)."
    ]
    assert "- Bằng khen của Thủ tướng Chính phủ: 1 tập thể và 1 cá nhân." in texts
    assert (
        "- Bằng khen của Chủ tịch UBND tỉnh: 2 tập thể và 3 cá nhân (Quyết định số 25/QĐ-UBND "
        "ngày 05/01/2018)." in texts
    )
    assert "- Giấy khen của Giám đốc Sở: 1 cá nhân." in texts
    assert (
        "- Còn 2 chỉ tiêu chưa đạt kế hoạch: Số thuê bao Internet băng rộng (đạt 99,0% kế "
        "hoạch); Số sự cố an toàn thông tin mạng (41 sự cố, kế hoạch không quá 21 sự cố)." in texts
    )
    assert "- Còn 1 nhiệm vụ được giao quá hạn chưa hoàn thành." in texts


def test_next_year_targets_and_key_tasks(doc):
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Tăng, giảm")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0] == [
        "1",
        "Tổng doanh thu toàn ngành Thông tin và Truyền thông",
        "tỷ đồng",
        "2.060,0",
        "2.266,0",
        "+10,0%",
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "2. Đẩy mạnh ứng dụng công nghệ thông tin." in texts


def test_staff_text_is_kept_between_drafts_and_missing_parts_are_marked(year2017):
    report_text_set(
        unit=year2017.department,
        year=2017,
        section="causes",
        text="Nguồn lực còn hạn chế.\n\nMột số doanh nghiệp gửi báo cáo chậm.",
        actor=ACTOR,
    )
    for _ in range(2):  # a second draft reads the same text again
        report = year_report_gather(unit=year2017.department, year=2017, today=TODAY)
        doc = Document(io.BytesIO(report_docx(report, chart_renderer=_tiny_png)))
        texts = [p.text for p in doc.paragraphs]
        start = texts.index("b) Nguyên nhân")
        assert texts[start + 1 : start + 3] == [
            "Nguồn lực còn hạn chế.",
            "Một số doanh nghiệp gửi báo cáo chậm.",
        ]
    # A part not written yet: what an official draft shows, never a command line.
    at = texts.index("7. Bài học kinh nghiệm")
    assert texts[at + 1 : at + 3] == ["(Nội dung đang được hoàn thiện)", "…" * 60]
    assert not [t for t in texts if "tongket" in t or "--" in t]


def test_recipients_and_signature(doc):
    closing = doc.tables[-1]
    left, right = closing.rows[0].cells
    head, *items = [p for p in left.paragraphs if p.text]
    assert head.text == "Nơi nhận:" and _bold(head) and _italic(head) and _size(head) == Pt(12)
    assert [p.text for p in items] == [
        "- Bộ Thông tin và Truyền thông (để b/c);",
        "- Thường trực Tỉnh ủy, HĐND tỉnh (để b/c);",
        "- UBND tỉnh Thái Bình (để b/c);",
        "- Lãnh đạo Sở;",
        "- Lưu: VT, VP.",
    ]
    assert {_size(p) for p in items} == {Pt(11)}
    signed = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signed] == ["GIÁM ĐỐC", "Phạm Văn Xuân"]
    assert all(_bold(p) and _size(p) in (Pt(13), Pt(14)) for p in signed)
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_signer_and_recipients_written_by_staff(year2017):
    for section, text in (
        ("signer_title", "KT. GIÁM ĐỐC\nphó giám đốc"),
        ("signer", "Lê Văn Hòa"),
        ("recipients", "- UBND tỉnh;\n- Lưu: VT."),
    ):
        report_text_set(
            unit=year2017.department, year=2017, section=section, text=text, actor=ACTOR
        )
    report = year_report_gather(unit=year2017.department, year=2017, today=TODAY)
    doc = Document(io.BytesIO(report_docx(report, chart_renderer=_tiny_png)))
    left, right = doc.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Lưu: VT.",
    ]
    assert [p.text for p in right.paragraphs if p.text] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Hòa",
    ]


def test_report_date_given(year2017):
    report = year_report_gather(
        unit=year2017.department, year=2017, on=D(2017, 12, 20), today=TODAY
    )
    assert report.letterhead.date == D(2017, 12, 20)
    # Tasks are counted as of the report's date: the overdue one was overdue then too.
    assert report.tasks_total.overdue == 1
