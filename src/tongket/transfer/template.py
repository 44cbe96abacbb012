"""The fillable XLSX template of a report form for one period.

A header block (form, unit, period, deadline), then either one row per reporting unit and one
column per indicator line (the wide layout), or, for a single reporting unit, one row per
indicator. Only the white input cells are unlocked; the sheet is protected without a password
(protection guards against slips, not against people). A hidden sheet holds the codes needed
to read the file back.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tongket.core.cells import sheet_cell
from tongket.core.numbers import format_date
from tongket.indicators.models import Indicator, ValueType
from tongket.transfer.selectors import TemplateData
from tongket.transfer.xlsx_meta import META_SHEET, TemplateMeta, template_meta_write

_GREY = PatternFill("solid", fgColor="E7E6E6")
_HEAD = PatternFill("solid", fgColor="D9E1F2")
_BOLD = Font(bold=True)
_SMALL = Font(size=8, color="808080")
_OPEN = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FIRST_ROW = 9  # rows 1-5 header block, 7 column titles, 8 indicator codes


def _number_format(indicator: Indicator) -> str:
    if indicator.value_type in (ValueType.INTEGER, ValueType.MONEY):
        return "#,##0"
    return "#,##0.00"


def _validation(indicator: Indicator) -> DataValidation:
    whole = indicator.value_type == ValueType.INTEGER
    low = indicator.min_value if indicator.min_value is not None else -1e15
    high = indicator.max_value if indicator.max_value is not None else 1e15
    if whole:
        low, high = int(low), int(high)
    dv = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ / invalid value",
        error=(
            f"{indicator.name}: nhập {'số nguyên' if whole else 'số'} ({indicator.unit_of_measure}) "
            f"/ enter a {'whole ' if whole else ''}number"
        ),
    )
    return dv


def sheet_title(code: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in code)
    return cleaned[:31] or "Biểu"


def template_render(data: TemplateData) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = sheet_title(data.form.code)
    form, period = data.form, data.period
    subject = data.units[0] if data.long and data.units else data.parent
    header = [
        f"Biểu {form.code}: {form.name}",
        "Đơn vị / unit: "
        + (f"{subject.name} (mã {subject.code})" if subject else "tất cả đơn vị báo cáo / all"),
        f"Kỳ báo cáo / period: {period.label_vi()} ({period.code})",
        f"Hạn gửi / deadline: {format_date(data.deadline)}",
        "Nhập số vào các ô trắng; các ô nền xám không sửa được / "
        "fill in the white cells; grey cells are locked",
    ]
    for row, text in enumerate(header, start=1):
        sheet_cell(ws, row=row, column=1, value=text).font = _BOLD if row == 1 else Font()
    if data.computed:
        names = ", ".join(i.name for i in data.computed)
        sheet_cell(
            ws, row=6, column=1, value=f"Tự tính, không nhập / computed, not entered: {names}"
        )
    meta = TemplateMeta(
        sheet=ws.title,
        form=form.code,
        period=period.code,
        layout="long" if data.long else "wide",
        unit=subject.code if subject else "",
        first_row=_FIRST_ROW,
        period_cell="A3",
        unit_cell="A2",
    )
    if data.long:
        _long(ws, data, meta)
    else:
        _wide(ws, data, meta)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # staff may widen columns
    ws.freeze_panes = sheet_cell(ws, row=_FIRST_ROW, column=3)
    template_meta_write(book.create_sheet(META_SHEET), meta)
    return book


def _title(ws, row: int, column: int, text: str, width: float | None = None) -> None:
    cell = sheet_cell(ws, row=row, column=column, value=text)
    cell.font, cell.fill, cell.alignment = _BOLD, _HEAD, _WRAP
    if width:
        ws.column_dimensions[get_column_letter(column)].width = width


def _wide(ws, data: TemplateData, meta: TemplateMeta) -> None:
    _title(ws, 7, 1, "Mã đơn vị", 12)
    _title(ws, 7, 2, "Tên đơn vị", 32)
    ws.row_dimensions[7].height = 60
    last_row = _FIRST_ROW + len(data.units) - 1
    for offset, (line, indicator) in enumerate(data.lines):
        column = 3 + offset
        letter = get_column_letter(column)
        _title(ws, 7, column, f"{line}. {indicator.name} ({indicator.unit_of_measure})", 18)
        sheet_cell(ws, row=8, column=column, value=indicator.code).font = _SMALL
        meta.columns[column] = indicator.code
        if data.units:
            dv = _validation(indicator)
            dv.add(f"{letter}{_FIRST_ROW}:{letter}{last_row}")
            ws.add_data_validation(dv)
    number_formats = [_number_format(i) for _, i in data.lines]
    for r, unit in enumerate(data.units, start=_FIRST_ROW):
        meta.rows[r] = unit.code
        for column, text in ((1, unit.code), (2, unit.name)):
            sheet_cell(ws, row=r, column=column, value=text).fill = _GREY
        for offset, (_, indicator) in enumerate(data.lines):
            cell = sheet_cell(
                ws, row=r, column=3 + offset, value=data.values.get((unit.pk, indicator.pk))
            )
            cell.protection, cell.number_format = _OPEN, number_formats[offset]


def _long(ws, data: TemplateData, meta: TemplateMeta) -> None:
    unit = data.units[0]
    for column, (text, width) in enumerate(
        [
            ("Dòng", 6),
            ("Mã chỉ tiêu", 14),
            ("Chỉ tiêu", 44),
            ("Đơn vị tính", 14),
            ("Giá trị", 16),
            ("Ghi chú", 30),
        ],
        start=1,
    ):
        _title(ws, 7, column, text, width)
    meta.code_col, meta.value_col, meta.comment_col = 2, 5, 6
    for r, (line, indicator) in enumerate(data.lines, start=_FIRST_ROW):
        meta.rows[r] = indicator.code
        for column, text in (
            (1, line),
            (2, indicator.code),
            (3, indicator.name),
            (4, indicator.unit_of_measure),
        ):
            sheet_cell(ws, row=r, column=column, value=text).fill = _GREY
        cell = sheet_cell(ws, row=r, column=5, value=data.values.get((unit.pk, indicator.pk)))
        cell.protection, cell.number_format = _OPEN, _number_format(indicator)
        dv = _validation(indicator)
        dv.add(cell.coordinate)
        ws.add_data_validation(dv)
        note = sheet_cell(ws, row=r, column=6, value=data.comments.get((unit.pk, indicator.pk)))
        note.protection = _OPEN
