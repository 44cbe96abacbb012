"""Reading XLSX: a filled form template (recognised by its hidden code sheet) or a plain sheet
with the flat columns ``unit,indicator,period,value[,comment]`` in its first row."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from lxml.etree import LxmlError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from tongket.transfer.columns import FileProblem, Progress, Record, Report, header_positions
from tongket.transfer.limits import (
    XLSX_MAX_ROWS,
    Deadline,
    Limits,
    cell_refused,
    columns_refused,
    import_limits,
    n,
    rows_refused,
)
from tongket.transfer.xlsx_meta import META_SHEET, TemplateMeta, template_meta_read

_REPORT_EVERY = 20_000
_MB = 1024 * 1024
_MAX_PARTS = 10_000
_PROLOG = 64 * 1024
_ROOT = re.compile(rb"<[A-Za-z_]")


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
    path: Path,
    *,
    report: Report,
    progress: Progress | None = None,
    total: int = 0,
    limits: Limits | None = None,
) -> Iterator[Record]:
    limits = limits or import_limits()
    archive_check(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except _BROKEN as exc:
        raise _unreadable(exc) from None
    deadline = Deadline(limits.seconds)
    max_rows = min(limits.rows, XLSX_MAX_ROWS)
    try:
        if META_SHEET in book.sheetnames:
            meta = template_meta_read(book[META_SHEET], max_rows=max_rows)
            if meta.sheet not in book.sheetnames:
                raise FileProblem(
                    f"mẫu thiếu trang «{meta.sheet}» / the template lacks sheet «{meta.sheet}»"
                )
            yield from _read_template(
                book[meta.sheet], meta, report, progress, total, limits, deadline
            )
        else:
            sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
            if not sheets:
                raise FileProblem("tệp không có trang tính nào / the workbook has no sheet")
            yield from _read_plain(sheets[0], report, progress, total, limits, deadline)
    except _BROKEN as exc:
        raise _unreadable(exc) from None
    finally:
        book.close()


# What openpyxl, zipfile and the XML parsers raise on a damaged or hostile workbook
# (defusedxml's refusals are ValueErrors).
_BROKEN = (
    InvalidFileException,
    BadZipFile,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    zlib.error,
    ParseError,
    LxmlError,
)


def _unreadable(exc: BaseException) -> FileProblem:
    detail = str(exc)[:200]
    return FileProblem(
        f"không đọc được tệp Excel (.xlsx): {detail} / cannot read the Excel file: {detail}"
    )


def archive_check(path: Path, limits: Limits) -> None:
    """Refuse, from the archive's directory and the first bytes of its parts, a workbook
    that would unpack to more than the limits (a zip bomb) or whose XML declares a DTD
    (entities that expand a billion times, or read files of the server: XXE). Nothing of
    the workbook is parsed before this passes."""
    try:
        archive = zipfile.ZipFile(path)
    except (BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(exc) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > _MAX_PARTS:
            raise FileProblem(
                f"tệp Excel có {n(len(infos))} phần, quá giới hạn {n(_MAX_PARTS)} / the "
                f"workbook has {len(infos)} parts, over the limit of {_MAX_PARTS}"
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limits.unzipped_bytes:
            raise FileProblem(
                f"tệp Excel giải nén ra {n(unpacked // _MB)} MB, quá giới hạn "
                f"{n(limits.unzipped_bytes // _MB)} MB / the workbook unpacks to "
                f"{unpacked // _MB} MB, over the limit of {limits.unzipped_bytes // _MB} MB"
            )
        for info in infos:
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > _MB and ratio > limits.zip_ratio:
                raise FileProblem(
                    f"phần «{info.filename}» của tệp Excel nén {n(round(ratio))} lần, quá giới "
                    f"hạn {n(limits.zip_ratio)} lần (tệp nén bất thường) / part "
                    f"«{info.filename}» is compressed {round(ratio)} times, over the limit of "
                    f"{limits.zip_ratio:g} (an abnormal archive)"
                )
            name = info.filename.lower()
            if name.endswith("sharedstrings.xml") and info.file_size > limits.shared_strings_bytes:
                raise FileProblem(
                    f"bảng chữ dùng chung của tệp Excel lớn {n(info.file_size // _MB)} MB, quá "
                    f"giới hạn {n(limits.shared_strings_bytes // _MB)} MB / the workbook's "
                    f"shared strings take {info.file_size // _MB} MB, over the limit of "
                    f"{limits.shared_strings_bytes // _MB} MB"
                )
            if name.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part:
                    _prolog_check(info.filename, part.read(_PROLOG))


def _prolog_check(name: str, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise FileProblem(
            f"phần «{name}» của tệp Excel khai báo DTD hoặc thực thể XML, điều một tệp Excel "
            f"không bao giờ có (tệp có thể nhằm tấn công máy chủ) / part «{name}» declares a "
            "DTD or XML entities, which no Excel file has (the file may be an attack)"
        )
    if len(head) == _PROLOG and _ROOT.search(head) is None:
        raise FileProblem(
            f"phần «{name}» của tệp Excel có phần mở đầu dài bất thường / part «{name}» "
            "has an abnormally long prolog"
        )


def _read_plain(
    ws, report: Report, progress: Progress | None, total: int, limits: Limits, deadline
) -> Iterator[Record]:
    # One row, however wide (Excel's 16,384 columns at most), is read whole: a header cell
    # beyond the limit is refused, never silently left out.
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None)
    if header is None or not any(h not in (None, "") for h in header):
        raise FileProblem("trang tính trống / the sheet is empty", row=1)
    while header and header[-1] in (None, ""):
        header = header[:-1]
    if len(header) > limits.columns:
        raise columns_refused(1, len(header), limits.columns)

    def label(index: int, name: str) -> str:
        return f"{get_column_letter(index + 1)} ({name})"

    pos = header_positions(list(header), label)
    u, i, p, v = pos["unit"], pos["indicator"], pos["period"], pos["value"]
    c = pos.get("comment")
    labels = (label(u, "unit"), label(i, "indicator"), label(p, "period"), label(v, "value"))
    width = max(pos.values()) + 1
    max_rows = min(limits.rows, XLSX_MAX_ROWS)
    rows = ws.iter_rows(min_row=2, max_row=max_rows + 1, max_col=width, values_only=True)
    for row_number, row in enumerate(rows, start=2):
        if row_number > max_rows:
            raise rows_refused(row_number, max_rows)
        if row_number % 10_000 == 0:
            deadline.check(row_number)
        if all(x is None or (isinstance(x, str) and not x.strip()) for x in row):
            continue
        _cells_check(row, row_number, limits)
        comment = None if c is None else ("" if row[c] is None else str(row[c]))
        yield (row_number, _text(row[u]), _text(row[i]), _text(row[p]), row[v], comment, labels)
        if progress is not None and row_number % _REPORT_EVERY == 0:
            progress("read", row_number, total)


def _cells_check(row: tuple, row_number: int, limits: Limits) -> None:
    for index, value in enumerate(row):
        if isinstance(value, str) and len(value) > limits.cell_chars:
            raise cell_refused(
                row_number, get_column_letter(index + 1), len(value), limits.cell_chars
            )


def _read_template(
    ws,
    meta: TemplateMeta,
    report: Report,
    progress: Progress | None,
    total: int,
    limits: Limits,
    deadline,
) -> Iterator[Record]:
    period_label = f"{meta.sheet}!{meta.period_cell}"
    max_rows = min(limits.rows, XLSX_MAX_ROWS)
    if meta.layout == "wide":
        if len(meta.columns) > limits.columns:
            raise columns_refused(meta.first_row, len(meta.columns), limits.columns)
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
        width = max([meta.unit_col, *meta.columns]) if meta.columns else meta.unit_col
        for row_number, row in enumerate(
            ws.iter_rows(
                min_row=meta.first_row, max_row=max_rows + 1, max_col=width, values_only=True
            ),
            start=meta.first_row,
        ):
            if row_number > max_rows:
                raise rows_refused(row_number, max_rows)
            if row_number % 10_000 == 0:
                deadline.check(row_number)
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
            _cells_check(row, row_number, limits)
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
        width = max(value_col, comment_col, meta.code_col)
        for row_number, row in enumerate(
            ws.iter_rows(
                min_row=meta.first_row, max_row=max_rows + 1, max_col=width, values_only=True
            ),
            start=meta.first_row,
        ):
            if row_number > max_rows:
                raise rows_refused(row_number, max_rows)
            if row_number % 10_000 == 0:
                deadline.check(row_number)
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
            _cells_check(row, row_number, limits)
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
