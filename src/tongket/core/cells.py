"""Text written into files that people open: spreadsheets and Word documents.

Two dangers, one place:

- a cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  taken by Excel and LibreOffice as a formula (``=HYPERLINK(…)`` in a comment becomes a live
  link). OWASP's advice is followed: in XLSX such text is written as a text cell with Excel's
  quote prefix (it stays text even when edited), in CSV it is preceded by a single quote;
- control characters (``\\x01``, ``\\x1b``…) cannot stand in the XML of DOCX and XLSX at all:
  the libraries refuse the whole document. Inputs refuse them (``control_characters_check``);
  output drops any that got in before (``control_free``).
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the code points
# XML 1.0 forbids (lone surrogates, U+FFFE, U+FFFF).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as the start of a formula?"""
    return text.startswith(FORMULA_STARTS)


def control_free(text: str) -> str:
    """The text without the characters XML cannot hold (for DOCX and XLSX output)."""
    return _CONTROL.sub("", text)


def control_character(text: str | None) -> tuple[str, int] | None:
    """The first control character of ``text`` as ``("U+001B", position from 1)``, or None."""
    found = _CONTROL.search(text) if text else None
    if found is None:
        return None
    return f"U+{ord(found.group()):04X}", found.start() + 1


def control_characters_check(text: str | None, *, label: str) -> None:
    """Refuse text with control characters; ``label`` names the field in the message."""
    found = control_character(text)
    if found is not None:
        code, position = found
        raise ValueError(
            f"{label}: có ký tự điều khiển {code} ở vị trí {position}, không in được; "
            f"hãy xoá ký tự đó / {label}: control character {code} at position {position} "
            "cannot be printed; remove it"
        )


def csv_text(value: Any) -> Any:
    """A CSV field: text that could start a formula gets a leading single quote."""
    if isinstance(value, str) and formula_like(value):
        return CSV_QUOTE + value
    return value


def csv_text_restore(text: str) -> str:
    """Undo ``csv_text`` on a field read back from a CSV file tongket wrote."""
    if text.startswith(CSV_QUOTE) and formula_like(text[1:]):
        return text[1:]
    return text


def sheet_text_guard(cell: Cell) -> Cell:
    """Make a cell that holds formula-like text a plain text cell (quote-prefixed)."""
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def sheet_value(sheet, value: Any) -> Any:
    """A value for ``sheet.append``: text that could be a formula, or that holds control
    characters, goes in as a guarded text cell; anything else as it is."""
    if isinstance(value, str) and (formula_like(value) or _CONTROL.search(value)):
        cell = Cell(sheet, row=1, column=1)  # placed by append
        cell.value = control_free(value)
        return sheet_text_guard(cell)
    return value


def sheet_row(sheet, values) -> list:
    """``sheet_value`` over a row, for ``sheet.append(sheet_row(sheet, [...]))``."""
    return [sheet_value(sheet, value) for value in values]


def sheet_cell(sheet, *, row: int, column: int, value: Any = None) -> Cell:
    """``sheet.cell(row=, column=, value=)`` with the text guarded."""
    # openpyxl raises on control characters as the value is set: they go first.
    if isinstance(value, str):
        value = control_free(value)
    return sheet_text_guard(sheet.cell(row=row, column=column, value=value))
