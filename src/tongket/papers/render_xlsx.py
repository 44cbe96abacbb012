"""The tables of the report and of the notice as XLSX, for staff who go on in Excel.

Figures are written as numbers in the measure the report shows them in (tỷ đồng, not đồng)
with a number format, and dates as dates: Excel then shows them in the reader's own
Vietnamese format (2.060,5 and 31/01/2007).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tongket.core.cells import sheet_row
from tongket.papers.content import Measure, NoticeDocument, YearReport
from tongket.papers.wording import place_and_date

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0"
BOLD = Font(bold=True)


def _number_format(measure: Measure) -> str:
    return "#,##0" if measure.decimals == 0 else "#,##0." + "0" * measure.decimals


def _scaled(value: float | None, measure: Measure) -> float | None:
    return None if value is None else round(value / measure.scale, max(measure.decimals, 0) + 3)


def _sheet(
    wb: Workbook,
    title: str,
    heading: str,
    headers: Sequence[str],
    widths: Sequence[int],
) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(sheet_row(ws, [heading]))
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(sheet_row(ws, headers))
    for cell in ws[3]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A4"
    return ws


def _formats(ws: Worksheet, row: int, formats: dict[int, str]) -> None:
    for column, fmt in formats.items():
        ws.cell(row=row, column=column).number_format = fmt


def report_xlsx(report: YearReport) -> bytes:
    """Sheets: results by field, chart series, reporting, tasks, overdue tasks,
    commendations, next year's targets and key tasks."""
    wb = Workbook()
    wb.remove(wb.active)
    year, head = report.year, report.letterhead
    title = f"{report.unit_name}: tổng kết công tác năm {year} ({place_and_date(head.place, head.date)})"
    ws = _sheet(
        wb,
        "Kết quả",
        title,
        ["Lĩnh vực", "TT", "Chỉ tiêu", "Mã", "Đơn vị tính", f"Kế hoạch năm {year}",
         f"Thực hiện năm {year}", f"Thực hiện năm {year - 1}", "% so với kế hoạch",
         f"So với năm {year - 1} (%)"],
        [26, 5, 48, 24, 14, 16, 16, 16, 12, 14],
    )  # fmt: skip
    for table in report.fields:
        for n, r in enumerate(table.rows, start=1):
            ws.append(
                sheet_row(
                    ws,
                    [
                        table.name,
                        n,
                        r.name,
                        r.code,
                        r.measure.label,
                        _scaled(r.target, r.measure),
                        _scaled(r.value, r.measure),
                        _scaled(r.previous, r.measure),
                        None if r.attainment is None else round(r.attainment, 1),
                        None if r.change_pct is None else round(r.change_pct, 1),
                    ],
                )
            )
            fmt = _number_format(r.measure)
            _formats(
                ws, ws.max_row, {6: fmt, 7: fmt, 8: fmt, 9: PERCENT_FORMAT, 10: PERCENT_FORMAT}
            )

    ws = _sheet(
        wb,
        "Biểu đồ",
        f"Số liệu các biểu đồ, {report.area_name}",
        ["Chỉ tiêu", "Đơn vị tính", "Năm", "Thực hiện", "Kế hoạch"],
        [48, 14, 8, 16, 16],
    )
    for chart in report.charts:
        for period, value, target in zip(chart.periods, chart.values, chart.targets, strict=True):
            ws.append(
                sheet_row(
                    ws,
                    [
                        chart.title,
                        chart.measure.label,
                        int(period),
                        _scaled(value, chart.measure),
                        _scaled(target, chart.measure),
                    ],
                )
            )
            fmt = _number_format(chart.measure)
            _formats(ws, ws.max_row, {4: fmt, 5: fmt})

    ws = _sheet(
        wb,
        "Báo cáo định kỳ",
        f"Tình hình gửi báo cáo định kỳ năm {year}",
        ["Ký hiệu biểu", "Biểu báo cáo", "Số kỳ", "Phải gửi", "Đúng hạn", "Muộn", "Chưa gửi",
         "Tỷ lệ đã gửi (%)", "Tỷ lệ đúng hạn (%)"],
        [20, 60, 8, 10, 10, 10, 10, 14, 14],
    )  # fmt: skip
    for c in report.completeness:
        ws.append(
            sheet_row(
                ws,
                [
                    c.form_code,
                    c.form_name,
                    c.periods,
                    c.expected,
                    c.on_time,
                    c.late,
                    c.missing,
                    None if c.submitted_rate is None else round(c.submitted_rate, 1),
                    None if c.on_time_rate is None else round(c.on_time_rate, 1),
                ],
            )
        )
        _formats(ws, ws.max_row, {8: PERCENT_FORMAT, 9: PERCENT_FORMAT})

    ws = _sheet(
        wb,
        "Nhiệm vụ",
        f"Thực hiện nhiệm vụ được giao năm {year}",
        ["Nguồn giao", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
         "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành", "Tỷ lệ hoàn thành (%)"],
        [40, 10, 14, 14, 14, 14, 14],
    )  # fmt: skip
    for t in (*report.tasks, report.tasks_total):
        ws.append(
            sheet_row(
                ws,
                [
                    t.label,
                    t.total,
                    t.done_on_time,
                    t.done_late,
                    t.in_progress,
                    t.overdue,
                    None if t.completion_rate is None else round(t.completion_rate, 1),
                ],
            )
        )
        _formats(ws, ws.max_row, {7: PERCENT_FORMAT})

    ws = _sheet(
        wb,
        "Quá hạn",
        "Nhiệm vụ quá hạn chưa hoàn thành",
        ["Nội dung", "Chủ trì", "Thời hạn", "Số ngày quá hạn"],
        [70, 40, 12, 12],
    )
    for t in report.overdue:
        ws.append(sheet_row(ws, [t.text, t.lead, t.deadline, t.days_overdue]))
        _formats(ws, ws.max_row, {3: DATE_FORMAT})

    ws = _sheet(
        wb,
        "Khen thưởng",
        f"Khen thưởng năm {year}",
        ["Hình thức", "Cấp quyết định", "Quyết định", "Số tập thể", "Số cá nhân", "Được nêu tên"],
        [40, 40, 30, 10, 10, 60],
    )
    for c in report.commendations:
        ws.append(
            sheet_row(
                ws,
                [c.form, c.grantor, c.decision, c.collectives, c.individuals, "; ".join(c.names)],
            )
        )

    ws = _sheet(
        wb,
        f"Chỉ tiêu {year + 1}",
        f"Các chỉ tiêu chủ yếu năm {year + 1}",
        ["TT", "Chỉ tiêu", "Mã", "Đơn vị tính", f"Thực hiện năm {year}",
         f"Kế hoạch năm {year + 1}", "Tăng, giảm (%)"],
        [5, 48, 24, 14, 16, 16, 12],
    )  # fmt: skip
    for n, t in enumerate(report.next_targets, start=1):
        ws.append(
            sheet_row(
                ws,
                [
                    n,
                    t.name,
                    t.code,
                    t.measure.label,
                    _scaled(t.current, t.measure),
                    _scaled(t.target, t.measure),
                    None if t.change_pct is None else round(t.change_pct, 1),
                ],
            )
        )
        fmt = _number_format(t.measure)
        _formats(ws, ws.max_row, {5: fmt, 6: fmt, 7: PERCENT_FORMAT})

    ws = _sheet(
        wb, "Nhiệm vụ trọng tâm", f"Nhiệm vụ trọng tâm năm {year + 1}", ["TT", "Nội dung"], [5, 100]
    )
    for n, text in enumerate(report.key_tasks, start=1):
        ws.append(sheet_row(ws, [n, text]))
    return _bytes(wb)


def notice_xlsx(doc: NoticeDocument) -> bytes:
    """The notice's assignments: text, lead, support, deadline."""
    wb = Workbook()
    wb.remove(wb.active)
    number = doc.letterhead.number
    ws = _sheet(
        wb,
        "Nhiệm vụ",
        f"{number}: {doc.letterhead.subject}",
        ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn"],
        [5, 70, 40, 50, 12],
    )
    for a in doc.assignments:
        ws.append(sheet_row(ws, [a.order, a.text, a.lead, "; ".join(a.supporting), a.deadline]))
        _formats(ws, ws.max_row, {5: DATE_FORMAT})
    return _bytes(wb)


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
