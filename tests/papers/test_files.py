"""XLSX exports, the PDF through LibreOffice (looked at as a picture), and the commands."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from tongket.core.models import AuditEntry
from tongket.papers import pdf
from tongket.papers.files import notice_file, report_file
from tongket.papers.models import ReportDraft

from .conftest import TODAY

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "papers"
has_office = pytest.mark.skipif(
    pdf.office_binary() is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler-utils are not installed («make office»)",
)


def _rows(ws, first=4):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_report_xlsx_tables(year2017):
    paper = report_file(unit=year2017.department, year=2017, fmt="xlsx", today=TODAY)
    assert paper.name == "bao-cao-tong-ket-nam-2017-34-stttt.xlsx"
    wb = load_workbook(io.BytesIO(paper.data))
    assert wb.sheetnames == [
        "Kết quả",
        "Biểu đồ",
        "Báo cáo định kỳ",
        "Nhiệm vụ",
        "Quá hạn",
        "Khen thưởng",
        "Chỉ tiêu 2018",
        "Nhiệm vụ trọng tâm",
    ]
    ws = wb["Kết quả"]
    assert [c.value for c in ws[3]][:7] == [
        "Lĩnh vực",
        "TT",
        "Chỉ tiêu",
        "Mã",
        "Đơn vị tính",
        "Kế hoạch năm 2017",
        "Thực hiện năm 2017",
    ]
    revenue = next(r for r in _rows(ws) if r[3] == "ict.revenue")
    # Numbers stay numbers, in tỷ đồng as in the report, with a number format for Excel.
    assert revenue[4:10] == ["tỷ đồng", 1904.1, 2060.0, 1731.0, 108.2, 19.0]
    cell = next(c for c in ws["G"] if c.value == 2060.0)
    assert cell.number_format == "#,##0.0"
    overdue = _rows(wb["Quá hạn"])
    assert overdue == [
        [
            "Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính",
            "Sở Thông tin và Truyền thông Thái Bình",
            dt.datetime(2017, 9, 30),
            97,
        ]
    ]
    assert wb["Quá hạn"]["C4"].number_format == "dd/mm/yyyy"
    tasks = _rows(wb["Nhiệm vụ"])
    assert tasks[-1] == ["Tổng số", 3, 1, 1, 0, 1, 66.7]
    assert _rows(wb["Chỉ tiêu 2018"])[0][4:] == [2060.0, 2266.0, 10.0]


def test_notice_xlsx(year2017):
    paper = notice_file(meeting=year2017.meeting, fmt="xlsx")
    ws = load_workbook(io.BytesIO(paper.data))["Nhiệm vụ"]
    assert ws["A1"].value.startswith("Số: 1/TB-STTTT: Kết luận của Giám đốc Sở")
    assert _rows(ws)[1] == [
        2,
        "Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính",
        "Tập đoàn Bưu chính Viễn thông Việt Nam",
        "Sở Thông tin và Truyền thông Thái Bình; Tập đoàn Công nghiệp - Viễn thông Quân đội",
        dt.datetime(2018, 9, 30),
    ]


def test_pdf_without_libreoffice_says_so(year2017, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError) as error:
        call_command(
            "report",
            "--unit",
            "34.STTTT",
            "--year",
            "2017",
            "--today",
            "01/03/2018",
            "-o",
            str(out),
        )
    assert "Chưa cài LibreOffice nên chưa tạo được PDF" in str(error.value)
    assert "make office" in str(error.value) and "LibreOffice is not installed" in str(error.value)
    assert not out.exists()
    # The DOCX still can be made.
    call_command(
        "report", "--unit", "34.STTTT", "--year", "2017", "--today", "01/03/2018", "-o",
        str(tmp_path / "r.docx"), stdout=io.StringIO(),
    )  # fmt: skip
    assert Document(tmp_path / "r.docx").paragraphs


@has_office
def test_pdf_first_page_as_a_picture(year2017):
    """The PDF LibreOffice makes: A4, the header block on page 1, the page number «2» at the
    top of page 2; page 1 saved as PNG under test-artifacts/papers for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paper = report_file(unit=year2017.department, year=2017, fmt="pdf", today=TODAY)
    assert paper.data.startswith(b"%PDF")
    target = ARTIFACTS / "report-2017-34.STTTT.pdf"
    target.write_bytes(paper.data)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "595.3" in info.stdout and "841.8" in info.stdout  # A4 in points
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert pages >= 3
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for text in (
        "UBND TỈNH THÁI BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thái Bình, ngày 05 tháng 01 năm 2018",
        "BÁO CÁO",
    ):
        assert text in first, text
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert second.strip().splitlines()[0].strip() == "2"
    assert not first.strip().splitlines()[0].strip().isdigit()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(target), str(ARTIFACTS / "report-page")],
        check=True,
    )  # fmt: skip
    pngs = sorted(ARTIFACTS.glob("report-page-*.png"))
    assert pngs and pngs[0].read_bytes().startswith(b"\x89PNG")


@has_office
def test_notice_pdf(year2017):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paper = notice_file(meeting=year2017.meeting, fmt="pdf")
    target = ARTIFACTS / "notice.pdf"
    target.write_bytes(paper.data)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Số: 1/TB-STTTT" in text and "THÔNG BÁO" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(target), str(ARTIFACTS / "notice-page")],
        check=True,
    )  # fmt: skip


# ----------------------------------------------------------------------------- commands


def test_report_command_writes_the_docx(year2017, tmp_path):
    out = io.StringIO()
    call_command(
        "report", "--unit", "34.STTTT", "--year", "2017", "--today", "01/03/2018", "-o",
        str(tmp_path), stdout=out,
    )  # fmt: skip
    written = tmp_path / "bao-cao-tong-ket-nam-2017-34-stttt.docx"
    assert f"Đã ghi / written: {written}" in out.getvalue()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [
        p.text for c in Document(written).tables[0].rows[0].cells for p in c.paragraphs
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "99.KHONGCO", "--year", "2017"], "99.KHONGCO"),
        (
            ["--unit", "34.STTTT", "--year", "2030"],
            "Không có đơn vị mã hoặc tên «34.STTTT» vào ngày 31/12/2030",
        ),
        (["--unit", "34.STTTT", "--year", "2017", "--format", "odt"], "invalid choice"),
        (["--unit", "34.STTTT", "--year", "2017", "-o", "x.odt"], "Định dạng «odt» không hỗ trợ"),
        (["--unit", "34.STTTT", "--year", "2017", "--date", "32/01/2018"], "Ngày không hợp lệ"),
    ],
)
def test_report_command_refuses_bad_input(year2017, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("report", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert message in str(error.value)
    assert not list(tmp_path.iterdir())


def test_notice_and_article_commands(year2017, tmp_path):
    out = io.StringIO()
    call_command("article", "--meeting", str(year2017.meeting.pk), stdout=out)
    assert out.getvalue().startswith("Sở Thông tin và Truyền thông Thái Bình tổng kết công tác")
    call_command(
        "article", "--meeting", str(year2017.meeting.pk), "-o", str(tmp_path / "a.html"),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert (tmp_path / "a.html").read_text().startswith('<article lang="vi">')
    call_command(
        "notice", "--meeting", str(year2017.meeting.pk), "-o", str(tmp_path / "n.docx"),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Document(tmp_path / "n.docx").tables[0].rows[1].cells[0].text == "Số: 1/TB-STTTT"
    with pytest.raises(CommandError) as error:
        call_command("notice", "--meeting", "999999", stdout=io.StringIO())
    assert "Không có cuộc họp mã 999999" in str(error.value)


def test_report_text_command(year2017, tmp_path):
    source = tmp_path / "han-che.txt"
    source.write_text("Một số chỉ tiêu chưa đạt.\r\nNguồn lực còn hạn chế.\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "report-text", "--unit", "34.STTTT", "--year", "2017", "--section", "shortcomings",
        "--file", str(source), "--actor", "cli:lan", stdout=out,
    )  # fmt: skip
    draft = ReportDraft.objects.get(unit=year2017.department, year=2017)
    assert draft.shortcomings == "Một số chỉ tiêu chưa đạt.\nNguồn lực còn hạn chế."
    assert draft.updated_by == "cli:lan"
    entry = AuditEntry.objects.get(action="report_draft.changed")
    assert entry.actor == "cli:lan" and entry.unit_id == year2017.department.pk
    assert entry.new == {"shortcomings": draft.shortcomings} and entry.old == {"shortcomings": ""}
    shown = io.StringIO()
    call_command("report-text", "--unit", "34.STTTT", "--year", "2017", "--show", stdout=shown)
    assert "== shortcomings: Tồn tại, hạn chế / shortcomings\nMột số chỉ tiêu chưa đạt." in (
        shown.getvalue()
    )
    # The same text again changes nothing and writes no audit entry.
    call_command(
        "report-text", "--unit", "34.STTTT", "--year", "2017", "--section", "shortcomings",
        "--file", str(source), stdout=io.StringIO(),
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="report_draft.changed").count() == 1


@pytest.mark.parametrize(
    ("content", "section", "message"),
    [
        (b"\xff\xfe bad", "causes", "không phải UTF-8 (byte 0)"),
        (b"12a", "number", "Số văn bản «12a» phải là một số"),
        (b"A\nB", "signer", "Phần «signer» chỉ có một dòng"),
    ],
)
def test_report_text_refuses_bad_files(year2017, tmp_path, content, section, message):
    source = tmp_path / "f.txt"
    source.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command(
            "report-text", "--unit", "34.STTTT", "--year", "2017", "--section", section,
            "--file", str(source), stdout=io.StringIO(),
        )  # fmt: skip
    assert message in str(error.value)
    assert not ReportDraft.objects.exists()
    with pytest.raises(CommandError) as error:
        call_command(
            "report-text", "--unit", "34.STTTT", "--year", "2017", "--section", "causes",
            "--file", str(tmp_path / "missing.txt"), stdout=io.StringIO(),
        )  # fmt: skip
    assert "Không có tệp" in str(error.value) and "missing.txt" in str(error.value)


def test_download_response_for_the_web_pages(year2017):
    from tongket.papers.files import article_file
    from tongket.papers.http import paper_response

    paper = report_file(unit=year2017.department, year=2017, fmt="docx", today=TODAY)
    response = paper_response(paper)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tong-ket-nam-2017-34-stttt.docx"; '
        "filename*=UTF-8''bao-cao-tong-ket-nam-2017-34-stttt.docx"
    )
    assert Document(io.BytesIO(response.content)).tables
    page = paper_response(article_file(meeting=year2017.meeting, fmt="html"), inline=True)
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page["Content-Disposition"].startswith("inline; ")
    assert page.content.decode().startswith('<article lang="vi">')
