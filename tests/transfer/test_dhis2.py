"""DHIS2 dataValueSets JSON both ways, with DHIS2's period formats."""

import json

import pytest

from tongket.reporting.models import Value
from tongket.transfer import dhis2
from tongket.transfer.dhis2 import period_from_dhis2, period_to_dhis2
from tongket.transfer.errors import ImportRejected
from tongket.transfer.export import values_export
from tongket.transfer.services import files_import


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ("2017", "2017"),
        ("2017S2", "2017S2"),
        ("2017Q1", "2017Q1"),
        ("201701", "2017-01"),
        ("201712", "2017-12"),
    ],
)
def test_periods_both_ways(theirs, ours):
    assert period_from_dhis2(theirs) == ours
    assert period_to_dhis2(ours) == theirs


@pytest.mark.parametrize("period", ["2017W5", "20170105", "2017April", "201713"])
def test_other_dhis2_periods_are_refused(period):
    with pytest.raises(ValueError, match="DHIS2"):
        period_from_dhis2(period)


def test_import_export_round_trip(ref, write, tmp_path):
    doc = {
        "dataSet": "BC-01",
        "completeDate": "2018-01-15",
        "dataValues": [
            {"dataElement": "tt.thue_bao", "period": "201701", "orgUnit": "80", "value": "2060.5"},
            {
                "dataElement": "ds.dan_so",
                "period": "2017Q1",
                "orgUnit": "01",
                "value": 8053663,
                "comment": "ước tính",
            },
            {"dataElement": "tt.thue_bao", "period": "2026", "orgUnit": "80", "value": "1.234"},
        ],
    }
    result = files_import(paths=[write("in.json", json.dumps(doc, ensure_ascii=False))])[0]
    assert (result.format, result.created) == ("dhis2-json", 3)
    got = {
        (v.unit.name, v.indicator.code, v.period.code): (v.value, v.comment)
        for v in Value.objects.select_related("unit", "indicator", "period")
    }
    assert got == {
        ("Long An", "tt.thue_bao", "2017-01"): (2060.5, ""),
        ("Hà Nội", "ds.dan_so", "2017Q1"): (8053663.0, "ước tính"),
        ("Tây Ninh", "tt.thue_bao", "2026"): (1.234, ""),  # DHIS2 writes machine numbers
    }
    out = tmp_path / "out.json"
    assert values_export(fmt="dhis2-json", out=out) == 3
    back = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(back["dataValues"], key=lambda d: d["period"]) == sorted(
        [
            {"dataElement": "tt.thue_bao", "period": "201701", "orgUnit": "80", "value": "2060.5"},
            {
                "dataElement": "ds.dan_so",
                "period": "2017Q1",
                "orgUnit": "01",
                "value": "8053663",
                "comment": "ước tính",
            },
            {"dataElement": "tt.thue_bao", "period": "2026", "orgUnit": "80", "value": "1.234"},
        ],
        key=lambda d: d["period"],
    )
    again = files_import(paths=[out])[0]
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)


def test_errors_name_the_index_in_data_values(ref, write):
    doc = {
        "dataValues": [
            {"dataElement": "tt.thue_bao", "period": "201701", "orgUnit": "01", "value": "5"},
            {"dataElement": "tt.thue_bao", "period": "2017W3", "orgUnit": "01", "value": "5"},
            {"dataElement": "tt.mat_do", "period": "2017", "orgUnit": "01", "value": "5"},
            {"dataElement": "ds.dan_so", "period": "2017", "orgUnit": "01", "value": "2.060,5"},
            {"dataElement": "tt.thue_bao", "period": "201701", "orgUnit": "01", "value": "6"},
        ]
    }
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[write("e.json", json.dumps(doc))])
    assert [(i.row, i.column) for i in info.value.issues] == [
        ("dataValues[1]", "period"),
        ("dataValues[2]", "dataElement"),
        ("dataValues[3]", "value"),
        ("dataValues[4]", ""),
    ]
    assert "dataValues[0]" in info.value.issues[-1].reason  # the duplicate's first row


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "trống"),
        ('{"dataValues": [', "JSON"),
        ('{"dataSet": "x"}', "dataValues"),
        ("[1, 2]", "JSON"),
        ('{"dataValues": []} extra', "thừa"),
    ],
)
def test_malformed_documents(ref, write, content, words):
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[write("m.json", content)])
    assert words in info.value.issues[0].reason


def test_streaming_reader_crosses_chunk_boundaries(ref, write, monkeypatch):
    monkeypatch.setattr(dhis2, "_CHUNK", 7)  # every value and number is cut somewhere
    items = [
        {
            "dataElement": "tt.thue_bao",
            "period": f"2017{m:02d}",
            "orgUnit": "01",
            "value": f"{m}12345.5",
        }
        for m in range(1, 13)
    ]
    files_import(paths=[write("s.json", json.dumps({"dataValues": items}, indent=1))])
    assert sorted(Value.objects.values_list("value", flat=True)) == [
        float(f"{m}12345.5") for m in range(1, 13)
    ]
