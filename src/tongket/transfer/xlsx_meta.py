"""The hidden sheet of a form template: what the visible sheet holds, so it can be read back.

Codes are kept here rather than read from visible cells so that a staff member who retypes a
name or reorders nothing by accident cannot change which unit or indicator a cell belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongket.transfer.columns import FileProblem

META_SHEET = "_tongket"
MAGIC = "tongket-template"
VERSION = 1


@dataclass
class TemplateMeta:
    sheet: str
    form: str
    period: str
    layout: str  # "wide": a row per unit, a column per indicator; "long": one unit
    unit: str = ""  # the one reporting unit (long) or the unit whose units are listed (wide)
    first_row: int = 0
    period_cell: str = ""
    unit_cell: str = ""
    unit_col: int = 1
    code_col: int = 2
    value_col: int = 0
    comment_col: int = 0
    columns: dict[int, str] = field(default_factory=dict)  # wide: column → indicator code
    rows: dict[int, str] = field(default_factory=dict)  # wide: row → unit; long: → indicator


_SCALARS = (
    "sheet",
    "form",
    "period",
    "layout",
    "unit",
    "first_row",
    "period_cell",
    "unit_cell",
    "unit_col",
    "code_col",
    "value_col",
    "comment_col",
)


def template_meta_write(ws, meta: TemplateMeta) -> None:
    """Write ``meta`` into the (empty) sheet ``ws`` and hide it."""
    ws.append([MAGIC, VERSION])
    for name in _SCALARS:
        ws.append([name, getattr(meta, name)])
    for index, code in sorted(meta.columns.items()):
        ws.append(["col", index, code])
    for row, code in sorted(meta.rows.items()):
        ws.append(["row", row, code])
    ws.sheet_state = "hidden"


def template_meta_read(ws, *, max_rows: int = 1_048_576) -> TemplateMeta:
    # Three columns are all the sheet has; a wider or longer one was not written here.
    rows = ws.iter_rows(max_col=3, max_row=max_rows + 1, values_only=True)
    head = next(rows, None)
    if not head or head[0] != MAGIC:
        raise FileProblem(
            f"trang ẩn «{META_SHEET}» đã bị sửa, không đọc được mẫu; hãy tải mẫu mới / "
            f"the hidden sheet «{META_SHEET}» was altered; download a new template"
        )
    if len(head) < 2 or head[1] != VERSION:
        raise FileProblem(
            f"mẫu phiên bản {head[1] if len(head) > 1 else '?'} không được hỗ trợ; hãy tải "
            "mẫu mới / unsupported template version; download a new template"
        )
    values: dict[str, object] = {}
    columns: dict[int, str] = {}
    units: dict[int, str] = {}
    try:
        for row in rows:
            if not row or row[0] is None:
                continue
            key = row[0]
            if key == "col":
                columns[_index(row[1], 16_384)] = str(row[2])
            elif key == "row":
                units[_index(row[1], max_rows)] = str(row[2])
            elif key in _SCALARS:
                values[key] = row[1]
        return TemplateMeta(
            sheet=str(values["sheet"]),
            form=str(values["form"]),
            period=str(values["period"]),
            layout=str(values["layout"]),
            unit=str(values.get("unit") or ""),
            first_row=_index(values["first_row"], max_rows),
            period_cell=str(values.get("period_cell") or ""),
            unit_cell=str(values.get("unit_cell") or ""),
            unit_col=_index(values.get("unit_col") or 1, 16_384),
            code_col=_index(values.get("code_col") or 2, 16_384),
            value_col=_index(values.get("value_col") or 1, 16_384),
            comment_col=(_index(values["comment_col"], 16_384) if values.get("comment_col") else 0),
            columns=columns,
            rows=units,
        )
    except (KeyError, TypeError, ValueError, OverflowError):
        raise FileProblem(
            f"trang ẩn «{META_SHEET}» thiếu thông tin; hãy tải mẫu mới / "
            f"the hidden sheet «{META_SHEET}» is incomplete; download a new template"
        ) from None


def _index(value: object, largest: int) -> int:
    """A row or column number of the sheet: whole, from 1 to ``largest`` (Excel's own)."""
    number = int(value)  # type: ignore[call-overload]
    if not 1 <= number <= largest:
        raise ValueError(number)
    return number
