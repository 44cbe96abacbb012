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


def template_meta_read(ws) -> TemplateMeta:
    rows = ws.iter_rows(values_only=True)
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
    for row in rows:
        if not row or row[0] is None:
            continue
        key = row[0]
        if key == "col":
            columns[int(row[1])] = str(row[2])
        elif key == "row":
            units[int(row[1])] = str(row[2])
        elif key in _SCALARS:
            values[key] = row[1]
    try:
        return TemplateMeta(
            sheet=str(values["sheet"]),
            form=str(values["form"]),
            period=str(values["period"]),
            layout=str(values["layout"]),
            unit=str(values.get("unit") or ""),
            first_row=int(values["first_row"]),
            period_cell=str(values.get("period_cell") or ""),
            unit_cell=str(values.get("unit_cell") or ""),
            unit_col=int(values.get("unit_col") or 1),
            code_col=int(values.get("code_col") or 2),
            value_col=int(values.get("value_col") or 0),
            comment_col=int(values.get("comment_col") or 0),
            columns=columns,
            rows=units,
        )
    except (KeyError, TypeError, ValueError):
        raise FileProblem(
            f"trang ẩn «{META_SHEET}» thiếu thông tin; hãy tải mẫu mới / "
            f"the hidden sheet «{META_SHEET}» is incomplete; download a new template"
        ) from None
