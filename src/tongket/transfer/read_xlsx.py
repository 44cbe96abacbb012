"""Reading XLSX: a filled form template (recognised by its hidden code sheet) or a plain sheet
with the flat columns ``unit,indicator,period,value[,comment]`` in its first row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from tongket.transfer.columns import FileProblem, Progress, Record, Report, header_positions
from tongket.transfer.xlsx_meta import META_SHEET, TemplateMeta, template_meta_read

_REPORT_EVERY = 20_000


def _text(cell: Any) -> Any:
    """Codes typed into Excel often become numbers (80, 2017, 2017.0); read them back as text."""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        # Excel turns a typed 2017-01 into the date 01/01/2017: that is the month meant.
        return f"{cell.year}-{cell.month:02d}"
    return "" if cell is None else str(cell)


def read_xlsx(
    path: Path, *, report: Report, progress: Progress | None = None, total: int = 0
) -> Iterator[Record]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(
            f"không đọc được tệp Excel (.xlsx): {exc} / cannot read the Excel file: {exc}"
        ) from None
    try:
        if META_SHEET in book.sheetnames:
            meta = template_meta_read(book[META_SHEET])
            if meta.sheet not in book.sheetnames:
                raise FileProblem(
                    f"mẫu thiếu trang «{meta.sheet}» / the template lacks sheet «{meta.sheet}»"
                )
            yield from _read_template(book[meta.sheet], meta, report, progress, total)
        else:
            sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
            if not sheets:
                raise FileProblem("tệp không có trang tính nào / the workbook has no sheet")
            yield from _read_plain(sheets[0], report, progress, total)
    finally:
        book.close()


def _read_plain(ws, report: Report, progress: Progress | None, total: int) -> Iterator[Record]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or not any(h not in (None, "") for h in header):
        raise FileProblem("trang tính trống / the sheet is empty", row=1)

    def label(index: int, name: str) -> str:
        return f"{get_column_letter(index + 1)} ({name})"

    pos = header_positions(list(header), label)
    u, i, p, v = pos["unit"], pos["indicator"], pos["period"], pos["value"]
    c = pos.get("comment")
    labels = (label(u, "unit"), label(i, "indicator"), label(p, "period"), label(v, "value"))
    width = max(pos.values()) + 1
    for row_number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = (*row, *([None] * (width - len(row))))
        if all(x is None or (isinstance(x, str) and not x.strip()) for x in row):
            continue
        comment = None if c is None else ("" if row[c] is None else str(row[c]))
        yield (row_number, _text(row[u]), _text(row[i]), _text(row[p]), row[v], comment, labels)
        if progress is not None and row_number % _REPORT_EVERY == 0:
            progress("read", row_number, total)


def _read_template(
    ws, meta: TemplateMeta, report: Report, progress: Progress | None, total: int
) -> Iterator[Record]:
    period_label = f"{meta.sheet}!{meta.period_cell}"
    if meta.layout == "wide":
        columns = [
            (
                index,
                code,
                (
                    get_column_letter(meta.unit_col),
                    f"{get_column_letter(index)} ({code})",
                    period_label,
                    f"{get_column_letter(index)} ({code})",
                ),
            )
            for index, code in sorted(meta.columns.items())
        ]
        for row_number, row in enumerate(
            ws.iter_rows(min_row=meta.first_row, values_only=True), start=meta.first_row
        ):
            unit = meta.rows.get(row_number)
            cells = [(index, code, labels, _cell(row, index)) for index, code, labels in columns]
            filled = [x for x in cells if x[3] is not None]
            if unit is None:
                if filled:
                    report(
                        row_number,
                        get_column_letter(filled[0][0]),
                        "dòng này không thuộc mẫu (không có mã đơn vị); hãy tải mẫu mới "
                        "nếu cần thêm đơn vị / this row is not part of the template (no unit "
                        "code); download a new template to add units",
                    )
                continue
            for _index, code, labels, value in filled:
                yield (row_number, unit, code, meta.period, value, None, labels)
            if progress is not None and row_number % _REPORT_EVERY == 0:
                progress("read", row_number, total)
    else:
        value_col, comment_col = meta.value_col, meta.comment_col
        labels = (
            meta.unit_cell,
            get_column_letter(meta.code_col),
            period_label,
            get_column_letter(value_col),
        )
        for row_number, row in enumerate(
            ws.iter_rows(min_row=meta.first_row, values_only=True), start=meta.first_row
        ):
            code = meta.rows.get(row_number)
            value = _cell(row, value_col)
            comment = _cell(row, comment_col) if comment_col else None
            if code is None:
                if value is not None:
                    report(
                        row_number,
                        get_column_letter(value_col),
                        "dòng này không thuộc mẫu (không có mã chỉ tiêu) / "
                        "this row is not part of the template (no indicator code)",
                    )
                continue
            if value is None:
                continue
            yield (
                row_number,
                meta.unit,
                code,
                meta.period,
                value,
                None if comment_col is None else ("" if comment is None else str(comment)),
                labels,
            )


def _cell(row: tuple, index: int) -> Any:
    """The value at 1-based ``index``, with blank text read as empty."""
    if index > len(row):
        return None
    value = row[index - 1]
    if isinstance(value, str) and not value.strip():
        return None
    return value
