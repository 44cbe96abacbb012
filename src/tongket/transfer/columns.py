"""The columns of the flat layout (CSV and plain sheets): ``unit,indicator,period,value[,comment]``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

REQUIRED = ("unit", "indicator", "period", "value")
OPTIONAL = ("comment",)
ALLOWED = REQUIRED + OPTIONAL

# One record as every reader yields it: the row the user sees, the four references, the
# value (text, or a number from a numeric cell), the comment (None when the file has no
# comment column) and the labels of the unit, indicator, period and value columns.
Record = tuple[int | str, Any, Any, Any, Any, str | None, tuple[str, str, str, str]]
Reader = Callable[..., Iterator[Record]]
Progress = Callable[[str, int, int], None]
# Readers report a row they cannot turn into a record: (row, column, reason).
Report = Callable[[int | str | None, str, str], None]


class FileProblem(Exception):
    """The file cannot be read at all (empty, wrong encoding, no header...)."""

    def __init__(self, reason: str, row: int | str | None = None, column: str = "") -> None:
        self.reason, self.row, self.column = reason, row, column
        super().__init__(reason)


def header_positions(header: list[str], label: Callable[[int, str], str]) -> dict[str, int]:
    """Where each known column is; ``FileProblem`` when the header is missing or wrong."""
    names = [str(h).strip().lstrip("\ufeff").casefold() if h is not None else "" for h in header]
    found = [n for n in names if n in ALLOWED]
    if not found:
        raise FileProblem(
            "thiếu dòng tiêu đề: dòng đầu phải là unit,indicator,period,value[,comment] / "
            "missing header: the first row must be unit,indicator,period,value[,comment]",
            row=1,
        )
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in ALLOWED:
            raise FileProblem(
                f"cột «{header[index]}» không được hỗ trợ (dùng {', '.join(ALLOWED)}) / "
                f"unsupported column «{header[index]}» (use {', '.join(ALLOWED)})",
                row=1,
                column=label(index, str(header[index])),
            )
        if name in positions:
            raise FileProblem(
                f"cột «{name}» xuất hiện hai lần / column «{name}» appears twice",
                row=1,
                column=label(index, name),
            )
        positions[name] = index
    missing = [n for n in REQUIRED if n not in positions]
    if missing:
        raise FileProblem(
            f"thiếu cột {', '.join(missing)} trong dòng tiêu đề / "
            f"header lacks column(s) {', '.join(missing)}",
            row=1,
        )
    return positions
