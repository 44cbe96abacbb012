"""The year-end review report as DOCX, from a gathered ``YearReport`` (no database reads)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from tongket.core.numbers import format_date, format_number
from tongket.papers import decree30 as d
from tongket.papers.content import ResultRow, YearReport
from tongket.papers.wording import (
    change_words,
    counts_words,
    figure,
    figure_with_unit,
    percent,
    sentence,
    signed_percent,
)

RESULT_COLUMNS_MM = (10, 50, 18, 23, 23, 18, 23)
CHART_WIDTH_MM = 155
_LETTERS = "abcdefghiklmnopqrstuvxy"
PLACEHOLDER_NOTE = "(Nội dung đang được hoàn thiện)"
PLACEHOLDER_DOTS = "…" * 60  # Vietnamese list letters (no j, w)


def result_headers(year: int, estimated: bool = False) -> list[str]:
    return [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        f"Kế hoạch năm {year}",
        f"{'Ước thực hiện' if estimated else 'Thực hiện'} năm {year}",
        "% so với kế hoạch",
        f"So với năm {year - 1}",
    ]


def value_cell(row: ResultRow) -> str:
    """The figure, «(ước)» when an estimate, its coverage when partial; «không tính» for a
    ratio whose parts come from different units."""
    if row.withheld:
        return "không tính (*)"
    text = figure(row.value, row.measure, table=True)
    if text and row.partial:
        text += f" (chưa đủ: {row.coverage})"
    return text


def result_cells(n: int, row: ResultRow) -> list[str]:
    return [
        str(n),
        row.name,
        row.measure.label,
        figure(row.target, row.measure, table=True),
        value_cell(row),
        percent(row.attainment),
        signed_percent(row.change_pct),
    ]


def figure_notes(rows: list[ResultRow], year: int) -> list[str]:
    """What the reader must know about the figures: estimates, partial ones, withheld ratios."""
    notes = []
    estimated = [r for r in rows if r.estimated]
    if estimated:
        ways = sorted({r.estimate_note.split(": ", 1)[-1] for r in estimated if r.estimate_note})
        notes.append(
            f"Số liệu năm {year} là số ước thực hiện (năm chưa kết thúc hoặc chưa hết hạn báo "
            f"cáo): {'; '.join(ways)}."
        )
    partial = [r for r in rows if r.partial]
    if partial:
        names = "; ".join(f"{r.name} ({r.coverage})" for r in partial)
        notes.append(
            f"Số liệu chưa đủ, chưa phải tổng số của địa bàn (chưa tính % kế hoạch và so sánh): "
            f"{names}."
        )
    side = [r for r in rows if r.entered is not None and not r.estimated and r.value is not None]
    if side:
        pairs = "; ".join(
            f"{r.name}: ước {figure_with_unit(r.entered, r.measure)}, thực hiện "
            f"{figure_with_unit(r.value, r.measure)}"
            for r in side
        )
        notes.append(f"So với số ước thực hiện đã báo cáo: {pairs}.")
    apart = [r for r in rows if r.other_value is not None]
    if apart:
        pairs = "; ".join(
            f"{r.name}: {figure_with_unit(r.value, r.measure)}, theo báo cáo của {r.other} "
            f"{figure_with_unit(r.other_value, r.measure)}"
            for r in apart
        )
        notes.append(f"Số liệu giữa các nguồn còn chênh lệch trên 5%, cần đối chiếu: {pairs}.")
    if any(r.withheld for r in rows):
        notes.append("(*) Không tính tỷ lệ khi tử số và mẫu số không do cùng các đơn vị báo cáo.")
    return notes


def paragraphs_of(text: str) -> list[str]:
    """Staff text split into paragraphs (one per line; blank lines ignored)."""
    return [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]


def _staff_text(doc: DocumentType, report: YearReport, key: str) -> None:
    parts = paragraphs_of(report.texts.get(key, ""))
    for part in parts:
        d.body(doc, part)
    if not parts:
        # What an official draft shows where a part is still being written: a dotted line
        # to be filled in, and a word saying so.
        d.body(doc, PLACEHOLDER_NOTE, italic=True)
        d.body(doc, PLACEHOLDER_DOTS)


def highlight(row: ResultRow, year: int) -> str:
    """«Tổng doanh thu ... đạt 2.060 tỷ đồng, bằng 108,2% kế hoạch, tăng 19% so với năm 2016»;
    «ước đạt» for an estimate; a partial figure says how many units it covers."""
    value = figure_with_unit(row.value, row.measure)
    if row.partial:
        value += f" (chưa đủ: {row.coverage})"
    if row.direction == "lower":
        # A ceiling («không quá 21 sự cố»): a share of it would read backwards.
        parts = [f"{row.name}: {value}"]
        if row.target is not None:
            reached = "trong mức" if row.met else "vượt mức"
            parts.append(
                f"{reached} kế hoạch không quá {figure_with_unit(row.target, row.measure)}"
            )
    else:
        parts = [f"{row.name} {'ước đạt' if row.estimated else 'đạt'} {value}"]
        if row.attainment is not None:
            parts.append(f"bằng {percent(row.attainment)} kế hoạch")
    change = "" if row.partial else change_words(row.value, row.previous, f"năm {year - 1}")
    if change:
        parts.append(change)
    return ", ".join(parts)


def _missed(row: ResultRow) -> str:
    if row.direction == "lower":
        return (
            f"{row.name} ({figure_with_unit(row.value, row.measure)}, kế hoạch không quá "
            f"{figure_with_unit(row.target, row.measure)})"
        )
    return f"{row.name} (đạt {percent(row.attainment)} kế hoạch)"


def shortfalls(report: YearReport) -> list[str]:
    """What the data shows fell short: targets missed, tasks overdue, reports missing."""
    found = []
    missed = [r for t in report.fields for r in t.rows if r.met is False]
    if missed:
        names = "; ".join(_missed(r) for r in missed)
        found.append(f"Còn {len(missed)} chỉ tiêu chưa đạt kế hoạch: {names}.")
    if report.tasks_total.overdue:
        found.append(
            f"Còn {format_number(report.tasks_total.overdue)} nhiệm vụ được giao quá hạn chưa "
            "hoàn thành."
        )
    missing = [c for c in report.completeness if c.missing]
    if missing:
        total = sum(c.missing for c in missing)
        found.append(
            f"Còn {format_number(total)} lượt báo cáo định kỳ của các đơn vị chưa được gửi đến hạn."
        )
    return found


def _results(doc: DocumentType, report: YearReport, n: int) -> None:
    d.heading(doc, f"{n}. Kết quả thực hiện các chỉ tiêu chủ yếu", level=2)
    rows = [r for t in report.fields for r in t.rows]
    with_target = [r for r in rows if r.target is not None]
    if with_target:
        met = sum(1 for r in with_target if r.met)
        d.body(
            doc,
            f"Năm {report.year}, {report.area_name} có {met}/{len(with_target)} chỉ tiêu kế "
            "hoạch đạt và vượt mức đề ra.",
        )
    for chart in report.charts:
        row = next((r for r in rows if r.code == chart.code), None)
        if row is not None and row.value is not None:
            d.body(doc, f"- {sentence(highlight(row, report.year))}")
    for note in figure_notes(rows, report.year):
        d.body(doc, note, italic=True)
    if not report.fields:
        d.body(doc, f"Chưa có số liệu năm {report.year} của {report.area_name}.", italic=True)
    for n, table in enumerate(report.fields):
        d.heading(doc, f"{_LETTERS[n % len(_LETTERS)]}) {table.name}", level=3)
        d.grid_table(
            doc,
            result_headers(report.year, any(r.estimated for r in rows)),
            [result_cells(i, r) for i, r in enumerate(table.rows, start=1)],
            RESULT_COLUMNS_MM,
            numeric=[False, False, False, True, True, True, True],
        )
        d.line(doc, "", size=6)


def _charts(doc: DocumentType, report: YearReport, n: int, render: Callable) -> None:
    d.heading(doc, f"{n}. Biểu đồ các chỉ tiêu chủ yếu", level=2)
    for k, chart in enumerate(report.charts, start=1):
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(render(chart)), width=Mm(CHART_WIDTH_MM))
        span = f"{chart.periods[0]}–{chart.periods[-1]}" if len(chart.periods) > 1 else ""
        if chart.estimated:
            estimate = f"năm {', '.join(chart.estimated)}: ước thực hiện"
            span = f"{span}; {estimate}" if span else estimate
        d.line(
            doc,
            f"Biểu đồ {k}. {chart.title} ({chart.measure.label}){', ' + span if span else ''}",
            size=d.TABLE_PT,
            italic=True,
            after=6,
        )


def _completeness(doc: DocumentType, report: YearReport, n: int) -> None:
    d.heading(doc, f"{n}. Công tác thống kê, báo cáo định kỳ", level=2)
    lines = [c for c in report.completeness if c.expected]
    if not lines:
        d.body(doc, "Không có báo cáo định kỳ nào đến hạn gửi về đơn vị trong năm.")
        return
    expected = sum(c.expected for c in lines)
    submitted = sum(c.submitted for c in lines)
    on_time = sum(c.on_time for c in lines)
    d.body(
        doc,
        f"Trong năm, các đơn vị gửi {format_number(submitted)}/{format_number(expected)} lượt "
        f"báo cáo định kỳ đến hạn (đạt {percent(submitted / expected * 100)}), trong đó "
        f"{format_number(on_time)} lượt đúng hạn ({percent(on_time / expected * 100)}).",
    )
    d.grid_table(
        doc,
        ["TT", "Biểu báo cáo", "Số kỳ", "Phải gửi", "Đúng hạn", "Muộn", "Chưa gửi", "Tỷ lệ đã gửi"],
        [
            [
                str(n),
                c.form_name,
                format_number(c.periods),
                format_number(c.expected),
                format_number(c.on_time),
                format_number(c.late),
                format_number(c.missing),
                percent(c.submitted_rate),
            ]
            for n, c in enumerate(lines, start=1)
        ],
        (10, 55, 14, 17, 17, 15, 17, 20),
        numeric=[False, False, True, True, True, True, True, True],
    )
    d.line(doc, "", size=6)


def _tasks(doc: DocumentType, report: YearReport, n: int) -> None:
    d.heading(doc, f"{n}. Thực hiện các nhiệm vụ được giao", level=2)
    total = report.tasks_total
    if not total.total:
        d.body(doc, f"Không có nhiệm vụ được giao có thời hạn trong năm {report.year}.")
        return
    d.body(
        doc,
        f"Năm {report.year}, đơn vị chủ trì {format_number(total.total)} nhiệm vụ được giao; "
        f"đã hoàn thành {format_number(total.done)} nhiệm vụ ({percent(total.completion_rate)}), "
        f"trong đó {format_number(total.done_on_time)} nhiệm vụ đúng hạn; "
        f"{format_number(total.in_progress)} nhiệm vụ đang thực hiện trong hạn; "
        f"{format_number(total.overdue)} nhiệm vụ quá hạn chưa hoàn thành.",
    )
    d.grid_table(
        doc,
        [
            "Nguồn giao",
            "Tổng số",
            "Xong đúng hạn",
            "Xong quá hạn",
            "Đang làm",
            "Quá hạn",
            "Tỷ lệ xong",
        ],
        [
            [
                t.label,
                format_number(t.total),
                format_number(t.done_on_time),
                format_number(t.done_late),
                format_number(t.in_progress),
                format_number(t.overdue),
                percent(t.completion_rate),
            ]
            for t in (*report.tasks, total)
        ],
        (50, 17, 20, 20, 18, 18, 22),
        numeric=[False, True, True, True, True, True, True],
    )
    d.line(doc, "", size=6)
    if report.overdue:
        d.body(doc, "Các nhiệm vụ quá hạn chưa hoàn thành:")
        for t in report.overdue:
            d.body(
                doc,
                f"- {t.text} (chủ trì: {t.lead}; hạn {format_date(t.deadline)}, quá "
                f"{format_number(t.days_overdue)} ngày).",
            )


def _commendations(doc: DocumentType, report: YearReport, n: int) -> None:
    d.heading(doc, f"{n}. Công tác thi đua, khen thưởng", level=2)
    if not report.commendations:
        d.body(doc, f"Chưa có quyết định khen thưởng năm {report.year} được ghi nhận.")
        return
    for c in report.commendations:
        decision = f" (Quyết định số {c.decision})" if c.decision else ""
        d.body(doc, f"- {c.form}: {counts_words(c.collectives, c.individuals)}{decision}.")


def _shortcomings(doc: DocumentType, report: YearReport, n: int) -> None:
    d.heading(doc, f"{n}. Tồn tại, hạn chế và nguyên nhân", level=2)
    d.heading(doc, "a) Tồn tại, hạn chế", level=3)
    for fact in shortfalls(report):
        d.body(doc, f"- {fact}")
    _staff_text(doc, report, "shortcomings")
    d.heading(doc, "b) Nguyên nhân", level=3)
    _staff_text(doc, report, "causes")
    d.heading(doc, f"{n + 1}. Bài học kinh nghiệm", level=2)
    _staff_text(doc, report, "lessons")


def _next_year(doc: DocumentType, report: YearReport) -> None:
    following = report.year + 1
    d.heading(doc, f"II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {following}")
    d.heading(doc, "1. Phương hướng chung", level=2)
    _staff_text(doc, report, "directions")
    d.heading(doc, "2. Các chỉ tiêu chủ yếu", level=2)
    if report.next_targets:
        d.grid_table(
            doc,
            ["TT", "Chỉ tiêu", "Đơn vị tính", f"Thực hiện năm {report.year}",
             f"Kế hoạch năm {following}", "Tăng, giảm"],
            [
                [
                    str(n),
                    t.name,
                    t.measure.label,
                    figure(t.current, t.measure, table=True),
                    figure(t.target, t.measure, table=True),
                    signed_percent(t.change_pct),
                ]
                for n, t in enumerate(report.next_targets, start=1)
            ],
            (10, 62, 22, 25, 25, 21),
            numeric=[False, False, False, True, True, True],
        )  # fmt: skip
        d.line(doc, "", size=6)
    else:
        d.body(doc, f"Chưa có chỉ tiêu kế hoạch năm {following} được giao.", italic=True)
    d.heading(doc, "3. Nhiệm vụ trọng tâm", level=2)
    if report.key_tasks:
        for n, text in enumerate(report.key_tasks, start=1):
            d.body(doc, f"{n}. {sentence(text)}")
    else:
        d.body(doc, f"Chưa có kế hoạch năm {following} với các nhiệm vụ trọng tâm.", italic=True)


def report_docx(report: YearReport, *, chart_renderer: Callable | None = None) -> bytes:
    """The report as a DOCX file's bytes; ``chart_renderer`` draws a chart as PNG bytes
    (matplotlib's, imported only when a report has charts to draw)."""
    if chart_renderer is None and report.charts:
        from tongket.papers.render_charts import chart_png as chart_renderer
    doc = d.new_document()
    d.header_block(doc, report.letterhead)
    d.body(
        doc,
        f"{report.unit_name} báo cáo kết quả thực hiện nhiệm vụ năm {report.year} và "
        f"phương hướng, nhiệm vụ năm {report.year + 1} như sau:",
    )
    d.heading(doc, f"I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {report.year}")
    for part in paragraphs_of(report.texts.get("overview", "")):
        d.body(doc, part)
    n = 1
    _results(doc, report, n)
    if report.charts:
        n += 1
        _charts(doc, report, n, chart_renderer)
    for part in (_completeness, _tasks, _commendations, _shortcomings):
        n += 1
        part(doc, report, n)
    _next_year(doc, report)
    d.heading(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT")
    _staff_text(doc, report, "recommendations")
    d.body(
        doc,
        f"Trên đây là báo cáo tổng kết công tác năm {report.year} và phương hướng, nhiệm vụ năm "
        f"{report.year + 1} của {report.unit_name}./.",
    ).paragraph_format.keep_with_next = True
    d.closing_block(doc, report.recipients, report.signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
