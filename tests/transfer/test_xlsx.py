"""XLSX: form templates filled with openpyxl and imported back; plain sheets both ways."""

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from factories import make_unit
from tongket.reporting.models import Form, FormIndicator, Value
from tongket.transfer.errors import ImportRejected
from tongket.transfer.export import values_export
from tongket.transfer.services import files_import
from tongket.units.models import UnitKind


@pytest.fixture
def form(ref) -> Form:
    form = Form.objects.create(
        code="BC-VT/01",
        name="Báo cáo viễn thông cấp xã",
        frequency="month",
        unit_kinds=[UnitKind.COMMUNE],
        recipient_kind="province",
        deadline_days=10,
    )
    FormIndicator.objects.create(form=form, indicator=ref.subscribers, line=1)
    FormIndicator.objects.create(form=form, indicator=ref.population, line=2)
    FormIndicator.objects.create(form=form, indicator=ref.density, line=3)
    return form


@pytest.fixture
def communes(ref):
    second = make_unit(
        kind=UnitKind.COMMUNE, code="00008", name="Phường Ngọc Hà", parent=ref.ha_noi
    )
    ended = make_unit(
        kind=UnitKind.COMMUNE,
        code="00012",
        name="Phường Cũ",
        parent=ref.ha_noi,
        valid_to=dt.date(2010, 1, 1),
    )
    return [ref.commune, second, ended]


def template(tmp_path, **kwargs):
    out = tmp_path / "mau.xlsx"
    values_export(fmt="xlsx", out=out, form="BC-VT/01", period="2017-01", **kwargs)
    return out


def test_template_layout_protection_validation_and_hidden_codes(ref, form, communes, tmp_path):
    # Counts get whole-number cells and validation.
    for indicator in (ref.subscribers, ref.population):
        indicator.value_type = "integer"
        indicator.save(update_fields=["value_type"])
    out = template(tmp_path, unit="01")
    book = load_workbook(out)
    ws = book["BC-VT_01"]
    assert "BC-VT/01" in ws["A1"].value and "Báo cáo viễn thông" in ws["A1"].value
    assert "Hà Nội" in ws["A2"].value
    assert "2017-01" in ws["A3"].value and "Tháng 01/2017" in ws["A3"].value
    assert "10/02/2017" in ws["A4"].value
    assert [ws.cell(row=9, column=1).value, ws.cell(row=10, column=1).value] == ["00004", "00008"]
    assert ws.cell(row=11, column=1).value is None  # Phường Cũ ended in 2010
    assert ws.cell(row=8, column=3).value == "tt.thue_bao"
    assert ws.cell(row=8, column=5).value is None  # the derived density has no column
    assert "Mật độ" in ws["A6"].value
    assert ws.protection.sheet
    assert ws["A9"].protection.locked and ws["A1"].protection.locked
    assert not ws["C9"].protection.locked and not ws["D10"].protection.locked
    assert ws["C9"].number_format == "#,##0"
    ranges = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    assert ranges == {"C9:C10": "whole", "D9:D10": "whole"}
    assert book["_tongket"].sheet_state == "hidden"


def test_filled_template_imports(ref, form, communes, tmp_path):
    out = template(tmp_path, unit="01")
    book = load_workbook(out)
    ws = book["BC-VT_01"]
    ws["C9"], ws["D9"] = 1200, 9800  # numbers
    ws["C10"], ws["D10"] = "2.500", "7.300,0"  # text typed the Vietnamese way
    book.save(out)
    result = files_import(paths=[out])[0]
    assert (result.format, result.created) == ("xlsx", 4)
    got = {
        (v.unit.code, v.indicator.code): v.value
        for v in Value.objects.select_related("unit", "indicator").filter(period__code="2017-01")
    }
    assert got == {
        ("00004", "tt.thue_bao"): 1200.0,
        ("00004", "ds.dan_so"): 9800.0,
        ("00008", "tt.thue_bao"): 2500.0,
        ("00008", "ds.dan_so"): 7300.0,
    }
    # A new template shows the stored values, and imports back unchanged.
    again = template(tmp_path, unit="01")
    assert load_workbook(again)["BC-VT_01"]["C9"].value == 1200
    result = files_import(paths=[again])[0]
    assert (result.created, result.changed, result.unchanged) == (0, 0, 4)


def test_template_errors_name_the_sheet_row_and_column(ref, form, communes, tmp_path):
    out = template(tmp_path, unit="01")
    book = load_workbook(out)
    ws = book["BC-VT_01"]
    ws["D10"] = "nhiều"
    ws["C12"] = 5  # below the table: not a row of the template
    book.save(out)
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[out])
    issues = [(i.file, i.row, i.column) for i in info.value.issues]
    assert issues == [("mau.xlsx", 10, "D (ds.dan_so)"), ("mau.xlsx", 12, "C")]
    assert Value.objects.count() == 0


def test_single_unit_template_has_a_row_per_indicator(ref, form, communes, tmp_path):
    out = template(tmp_path, unit="00004")
    book = load_workbook(out)
    ws = book["BC-VT_01"]
    assert [ws.cell(row=r, column=2).value for r in (9, 10)] == ["tt.thue_bao", "ds.dan_so"]
    assert not ws["E9"].protection.locked and not ws["F9"].protection.locked
    ws["E9"], ws["F9"], ws["E10"] = 42, "số ước tính", 1000.5
    book.save(out)
    files_import(paths=[out])
    values = {
        v.indicator.code: (v.value, v.comment) for v in Value.objects.select_related("indicator")
    }
    assert values == {"tt.thue_bao": (42.0, "số ước tính"), "ds.dan_so": (1000.5, "")}
    assert Value.objects.get(indicator=ref.subscribers).unit == ref.commune


def test_altered_hidden_sheet_is_refused(ref, form, communes, tmp_path):
    out = template(tmp_path, unit="01")
    book = load_workbook(out)
    book["_tongket"]["A1"] = "something else"
    book.save(out)
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[out])
    assert "_tongket" in info.value.issues[0].reason


def test_plain_sheet_both_ways(ref, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["unit", "indicator", "period", "value", "comment"])
    ws.append([80, "tt.thue_bao", 2017, 2060.5, None])  # codes typed as numbers
    ws.append(["01", "ds.dan_so", dt.datetime(2017, 1, 1), "1.234,5", "ghi chú"])  # Excel's date
    ws.append([None, None, None, None, None])
    ws.append(["Long An", "tt.thue_bao", "2017Q1", 3, ""])
    path = tmp_path / "plain.xlsx"
    book.save(path)
    result = files_import(paths=[path])[0]
    assert result.created == 3 and result.vietnamese_numbers
    got = {
        (v.unit.name, v.period.code): (v.value, v.comment)
        for v in Value.objects.select_related("unit", "period")
    }
    assert got == {
        ("Long An", "2017"): (2060.5, ""),
        ("Hà Nội", "2017-01"): (1234.5, "ghi chú"),
        ("Long An", "2017Q1"): (3.0, ""),
    }
    out = tmp_path / "out.xlsx"
    assert values_export(fmt="xlsx", out=out) == 3
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("unit", "indicator", "period", "value", "comment")
    assert ("01", "ds.dan_so", "2017-01", 1234.5, "ghi chú") in rows
    again = files_import(paths=[out])[0]
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)


def test_plain_sheet_errors_use_sheet_rows_and_column_letters(ref, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["unit", "indicator", "period", "value"])
    ws.append(["01", "tt.thue_bao", "2017", 5])
    ws.append(["01", "tt.thue_bao", "2018", True])
    path = tmp_path / "p.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[path])
    (issue,) = info.value.issues
    assert (issue.row, issue.column) == (3, "D (value)")


def test_not_an_excel_file(ref, write):
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[write("x.xlsx", b"not a zip")])
    assert "Excel" in info.value.issues[0].reason
