"""Writing values to CSV, a plain XLSX sheet or DHIS2 ``dataValueSets`` JSON.

Numbers are written in machine format (``2060.5``) so that the file imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from django.db.models import QuerySet
from openpyxl import Workbook

from tongket.core.cells import csv_text, sheet_row
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError, PeriodKind
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, Value
from tongket.transfer.columns import ALLOWED, FileProblem, Progress
from tongket.transfer.dhis2 import period_to_dhis2
from tongket.transfer.resolve import UnitResolver
from tongket.transfer.selectors import ExportFilter, export_values, template_data
from tongket.transfer.template import template_render
from tongket.units.models import Unit

EXPORT_FORMATS = ("csv", "xlsx", "dhis2-json")
XLSX_MAX_ROWS = 1_048_576


def number_text(value: float) -> str:
    """``2060.5`` → ``2060.5``, ``5.0`` → ``5``: the shortest text that reads back the same."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def csv_write(rows: Iterable[tuple], out: Path, *, progress: Progress | None = None) -> int:
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        # With "\n" as the line end, csv leaves a bare carriage return unquoted, and readers
        # then split the row there: a comment holding one is written fully quoted.
        quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(ALLOWED)
        for unit, indicator, period, value, comment in rows:
            # Text that a spreadsheet would run as a formula is quoted (OWASP).
            row = (
                csv_text(unit),
                csv_text(indicator),
                period,
                number_text(value),
                csv_text(comment),
            )
            (quoted if comment and "\r" in comment else writer).writerow(row)
            count += 1
            if progress is not None and count % 100_000 == 0:
                progress("write", count, 0)
    return count


def xlsx_write(rows: Iterable[tuple], out: Path, *, progress: Progress | None = None) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("values")
    sheet.append(list(ALLOWED))
    count = 0
    for unit, indicator, period, value, comment in rows:
        count += 1
        if count >= XLSX_MAX_ROWS:
            raise FileProblem(
                f"quá {XLSX_MAX_ROWS - 1} dòng, không vừa một trang Excel; hãy xuất CSV hoặc lọc "
                f"bớt / more than {XLSX_MAX_ROWS - 1} rows do not fit one Excel sheet; export "
                "CSV or filter"
            )
        # Codes stay text cells, so 01 (Hà Nội) keeps its leading zero.
        sheet.append(sheet_row(sheet, [unit, indicator, period, value, comment]))
        if progress is not None and count % 100_000 == 0:
            progress("write", count, 0)
    book.save(out)
    return count


def dhis2_write(
    rows: Iterable[tuple], out: Path, *, data_set: str = "", progress: Progress | None = None
) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        # DHIS2 reads the identifiers as UIDs unless the document says they are codes.
        handle.write('{"idScheme": "CODE"')
        if data_set:
            handle.write(', "dataSet": ' + json.dumps(data_set, ensure_ascii=False))
        handle.write(', "dataValues": [')
        for unit, indicator, period, value, comment in rows:
            item = {
                "dataElement": indicator,
                "period": period_to_dhis2(period),
                "orgUnit": unit,
                "value": number_text(value),
            }
            if comment:
                item["comment"] = comment
            handle.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
            count += 1
            if progress is not None and count % 100_000 == 0:
                progress("write", count, 0)
        handle.write("\n]}\n")
    return count


class ExportError(ValueError):
    """A bad export request (unknown unit, indicator, form, period or format)."""


def values_export(
    *,
    fmt: str,
    out: Path,
    unit: str | None = None,
    indicators: Iterable[str] = (),
    period: str | None = None,
    form: str | None = None,
    progress: Progress | None = None,
    within: QuerySet[Value] | None = None,
) -> int:
    """Write the selected values to ``out``; the number of values (or template rows) written.

    ``xlsx`` with ``form`` and ``period`` writes the form's fillable template (with the values
    already stored filled in) instead of a plain sheet. ``within`` narrows the values written
    to a queryset (those a user may see).
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(
            f"định dạng «{fmt}» không được hỗ trợ (dùng {', '.join(EXPORT_FORMATS)}) / "
            f"unsupported format «{fmt}»"
        )
    try:
        period_code = PeriodCode.parse(period) if period else None
    except PeriodError as exc:
        raise ExportError(str(exc)) from None
    form_obj = None
    if form:
        form_obj = Form.objects.filter(code=form).first()
        if form_obj is None:
            raise ExportError(f"không có biểu mẫu «{form}» / no form «{form}»")
    unit_obj = None
    if unit:
        today = dt.date.today()
        at = period_code or PeriodCode(today.year, PeriodKind.MONTH, today.month)
        found = UnitResolver().lookup(unit, at)
        if isinstance(found, str):
            raise ExportError(found)
        unit_obj = Unit.objects.get(pk=found)
    chosen = []
    for code in indicators:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise ExportError(f"không có chỉ tiêu mã «{code}» / no indicator with code «{code}»")
        chosen.append(indicator)
    if fmt == "xlsx" and form_obj is not None and period_code is not None:
        data = template_data(form=form_obj, period=period_code, unit=unit_obj)
        if not data.units:
            raise ExportError(
                f"không có đơn vị nào báo cáo biểu {form_obj.code} kỳ {period_code.code} / "
                f"no unit reports form {form_obj.code} for {period_code.code}"
            )
        template_render(data).save(out)
        return len(data.units) if not data.long else len(data.lines)
    rows = export_values(
        spec=ExportFilter(
            unit=unit_obj, indicators=tuple(chosen), period=period_code, form=form_obj
        ),
        within=within,
    )
    writer = {"csv": csv_write, "xlsx": xlsx_write}.get(fmt)
    try:
        if writer is not None:
            return writer(rows, out, progress=progress)
        return dhis2_write(rows, out, data_set=form_obj.code if form_obj else "", progress=progress)
    except BaseException:
        out.unlink(missing_ok=True)  # no half-written file left behind
        raise
