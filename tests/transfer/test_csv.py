"""CSV import: references resolved by date, number conventions, encodings, and clear errors."""

import csv
import io
import unicodedata

import pytest

from tongket.reporting.models import ImportBatch, Value
from tongket.transfer.errors import ImportRejected
from tongket.transfer.export import values_export
from tongket.transfer.services import files_import

HEAD = "unit,indicator,period,value,comment\n"


def stored(**filters):
    return {
        (v.unit.name, v.indicator.code, v.period.code): v.value
        for v in Value.objects.filter(**filters).select_related("unit", "indicator", "period")
    }


def rejected(path) -> list:
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[path])
    return info.value.issues


def test_code_80_is_long_an_in_2017_and_tay_ninh_in_2026(ref, write):
    path = write("a.csv", HEAD + "80,tt.thue_bao,2017,10,\n80,tt.thue_bao,2026,20,\n")
    files_import(paths=[path])
    assert stored() == {
        ("Long An", "tt.thue_bao", "2017"): 10.0,
        ("Tây Ninh", "tt.thue_bao", "2026"): 20.0,
    }


def test_unit_by_exact_name_resolved_at_the_period(ref, write):
    path = write("a.csv", HEAD + "Long An,tt.thue_bao,2017-03,7,\nTây Ninh,tt.thue_bao,2026Q1,8,\n")
    files_import(paths=[path])
    assert stored() == {
        ("Long An", "tt.thue_bao", "2017-03"): 7.0,
        ("Tây Ninh", "tt.thue_bao", "2026Q1"): 8.0,
    }


def test_a_unit_that_did_not_exist_in_the_period_is_an_error(ref, write):
    path = write("a.csv", HEAD + "Tây Ninh,tt.thue_bao,2017,1,\n")
    (issue,) = rejected(path)
    assert (issue.file, issue.row, issue.column) == ("a.csv", 2, "unit")
    assert "Tây Ninh" in issue.reason
    assert Value.objects.count() == 0


def test_round_trip_csv_db_csv(ref, write, tmp_path):
    text = (
        HEAD
        + "01,tt.thue_bao,2017,2060.5,ghi chú có dấu\n"
        + "01,ds.dan_so,2017,8053663,\n"
        + "80,tt.thue_bao,2017-01,0.25,\n"
        + '00004,tt.thue_bao,2017,-3,"có dấu phẩy, và ""ngoặc"""\n'
    )
    files_import(paths=[write("in.csv", text)])
    out = tmp_path / "out.csv"
    assert values_export(fmt="csv", out=out) == 4
    rows = sorted(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows == sorted(csv.reader(io.StringIO(text)))
    again = files_import(paths=[out])[0]
    assert (again.created, again.changed, again.unchanged) == (0, 0, 4)


def test_vietnamese_numbers_decided_for_the_whole_file(ref, write):
    path = write(
        "vi.csv",
        HEAD + '01,tt.thue_bao,2017,"2.060,5",\n01,ds.dan_so,2017,1.234,\n'
        "80,tt.thue_bao,2017,1.234.567,\n",
    )
    result = files_import(paths=[path])[0]
    assert result.vietnamese_numbers
    assert stored() == {
        ("Hà Nội", "tt.thue_bao", "2017"): 2060.5,
        ("Hà Nội", "ds.dan_so", "2017"): 1234.0,
        ("Long An", "tt.thue_bao", "2017"): 1234567.0,
    }


def test_ambiguous_dot_is_a_decimal_point_when_nothing_proves_vietnamese(ref, write):
    path = write("m.csv", HEAD + "01,tt.thue_bao,2017,1.234,\n01,ds.dan_so,2017,2060.5,\n")
    result = files_import(paths=[path])[0]
    assert not result.vietnamese_numbers
    assert stored() == {
        ("Hà Nội", "tt.thue_bao", "2017"): 1.234,
        ("Hà Nội", "ds.dan_so", "2017"): 2060.5,
    }


def test_mixed_conventions_name_the_offending_row(ref, write):
    path = write("x.csv", HEAD + '01,tt.thue_bao,2017,2060.5,\n01,ds.dan_so,2017,"3,5",\n')
    (issue,) = rejected(path)
    assert (issue.row, issue.column) == (2, "value")
    assert "2060.5" in issue.reason and "3,5" in issue.reason


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows-1258 writes it: "ộ" is "ô" followed by a combining dot below."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)))
        out.append(tones)
    return "".join(out).encode("cp1258")


def test_windows_1258_with_combining_tone_marks(ref, write):
    data = cp1258_bytes(HEAD + "Hà Nội,tt.thue_bao,2017,5,ghi chú\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    files_import(paths=[write("w.csv", data)])
    value = Value.objects.get()
    assert value.unit == ref.ha_noi
    assert value.comment == "ghi chú"


def test_utf8_bom_and_semicolons(ref, write):
    path = write("b.csv", '\ufeffunit;indicator;period;value\n01;tt.thue_bao;2017;"2,5"\n')
    files_import(paths=[path])
    assert stored() == {("Hà Nội", "tt.thue_bao", "2017"): 2.5}


def test_bytes_neither_utf8_nor_windows_1258(ref, write):
    path = write("bad.csv", HEAD.encode() + b"01,tt.thue_bao,2017,5,\x81\x8d\n")
    (issue,) = rejected(path)
    assert issue.row == 2
    assert "UTF-8" in issue.reason and "Windows-1258" in issue.reason


@pytest.mark.parametrize(
    ("content", "row", "column", "words"),
    [
        ("", None, "", "trống"),
        ("\n\n", None, "", "trống"),
        ("01,tt.thue_bao,2017,5\n", 1, "", "tiêu đề"),
        ("unit,indicator,value\n01,tt.thue_bao,5\n", 1, "", "period"),
        ("unit,indicator,period,value,note\n", 1, "note", "không được hỗ trợ"),
        (HEAD, None, "", "không có dòng số liệu"),
        (HEAD + "01,tt.khong_co,2017,5,\n", 2, "indicator", "tt.khong_co"),
        (HEAD + "01,tt.mat_do,2017,5,\n", 2, "indicator", "được tính"),
        (HEAD + "01,tt.thue_bao,2017Q5,5,\n", 2, "period", "2017Q5"),
        (HEAD + "01,tt.thue_bao,2017,năm,\n", 2, "value", "không phải là số"),
        (HEAD + "01,tt.thue_bao,2017,,\n", 2, "value", "trống"),
        (HEAD + "99,tt.thue_bao,2017,5,\n", 2, "unit", "99"),
        (HEAD + "01,tt.thue_bao,2017,5\n", 2, "", "4 cột"),
        (HEAD + "01,tt.thue_bao,2017,nan,\n", 2, "value", "nan"),
    ],
)
def test_each_problem_is_a_clear_error(ref, write, content, row, column, words):
    (issue,) = rejected(write("e.csv", content))
    assert (issue.file, issue.row, issue.column) == ("e.csv", row, column)
    assert words in issue.reason
    assert " / " in issue.reason  # Vietnamese, then English
    assert Value.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_duplicate_key_within_a_file(ref, write):
    path = write(
        "d.csv",
        HEAD + "01,tt.thue_bao,2017,5,\n80,tt.thue_bao,2017,1,\nHà Nội,tt.thue_bao,2017,6,\n",
    )
    (issue,) = rejected(path)
    assert issue.row == 4
    assert "dòng 2" in issue.reason


def test_every_problem_is_reported_not_only_the_first(ref, write):
    path = write(
        "many.csv",
        HEAD
        + "01,tt.thue_bao,2017,5,\n01,nope,2017,5,\n01,ds.dan_so,20177,5,\n02,ds.dan_so,2017,x,\n",
    )
    issues = rejected(path)
    assert [(i.row, i.column) for i in issues] == [
        (3, "indicator"),
        (4, "period"),
        (5, "unit"),
        (5, "value"),
    ]


def test_excel_trailing_empty_field_is_accepted(ref, write):
    files_import(paths=[write("t.csv", "unit,indicator,period,value\n01,tt.thue_bao,2017,5,\n")])
    assert stored() == {("Hà Nội", "tt.thue_bao", "2017"): 5.0}


def test_comment_longer_than_the_field_is_an_error(ref, write):
    (issue,) = rejected(write("c.csv", HEAD + "01,tt.thue_bao,2017,5," + "x" * 501 + "\n"))
    assert (issue.row, issue.column) == (2, "comment")
