"""DHIS2 dataValueSets through the API: out, changed, back in, and out again."""

import json

from tongket.reporting.models import Value, ValueSource
from tongket.reporting.periods import period_get_or_create


def _export(client, **query) -> dict:
    response = client.get("/dataValueSets", data=query)
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def _values(aw, unit) -> dict:
    return {
        (v.indicator.code, v.period.code): v.value
        for v in Value.objects.filter(unit=unit).select_related("indicator", "period")
    }


def test_round_trip(api, aw):
    staff = api["staff"]
    Value.objects.create(
        unit=aw.xa_hy,
        indicator=aw.ind_b,
        period=period_get_or_create("2026-01"),
        value=3,
        source=ValueSource.IMPORT,
    )
    exported = _export(staff)
    assert exported["dataValues"] == [
        {"dataElement": "test.a", "period": "2025", "orgUnit": "12001", "value": "120"},
        {"dataElement": "test.b", "period": "202601", "orgUnit": "12001", "value": "3"},
    ]  # Hà Nội's value is not Hưng Yên staff's to see
    exported["dataValues"][0]["value"] = "126"
    exported["dataValues"].append(
        {"dataElement": "test.b", "period": "2025", "orgUnit": "12001", "value": "9"}
    )
    response = staff.post("/dataValueSets", json=exported)
    assert response.status_code == 200, response.content
    summary = response.json()
    assert summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 1, "updated": 1, "ignored": 1, "deleted": 0}
    assert _values(aw, aw.xa_hy) == {
        ("test.a", "2025"): 126.0,
        ("test.b", "2026-01"): 3.0,
        ("test.b", "2025"): 9.0,
    }
    again = staff.post("/dataValueSets", json=exported).json()
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    assert again["alreadyImported"] is True
    back = _export(staff, orgUnit="12001", period="2025")
    assert {(v["dataElement"], v["value"]) for v in back["dataValues"]} == {
        ("test.a", "126"),
        ("test.b", "9"),
    }
    assert _export(staff, period="202601")["dataValues"] == [
        {"dataElement": "test.b", "period": "202601", "orgUnit": "12001", "value": "3"}
    ]
    other = _export(api["staff_other"])
    assert {v["orgUnit"] for v in other["dataValues"]} == {"00004"}


def test_dry_run_stores_nothing(api, aw):
    body = {
        "dataValues": [{"dataElement": "test.b", "period": "2025", "orgUnit": "12001", "value": 4}]
    }
    response = api["staff"].post("/dataValueSets?dryRun=true", json=body)
    assert response.status_code == 200
    assert response.json()["importCount"]["imported"] == 1
    assert ("test.b", "2025") not in _values(aw, aw.xa_hy)


def test_a_bad_row_rejects_the_whole_set_with_its_place(api, aw):
    body = {
        "dataValues": [
            {"dataElement": "test.b", "period": "2025", "orgUnit": "12001", "value": "4"},
            {"dataElement": "test.b", "period": "2025W3", "orgUnit": "12001", "value": "4"},
            {"dataElement": "test.a", "period": "2025", "orgUnit": "99999", "value": "4"},
        ]
    }
    response = api["staff"].post("/dataValueSets", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "import_rejected"
    assert [(d["row"], d["column"]) for d in error["details"]] == [
        ("dataValues[1]", "period"),
        ("dataValues[2]", "orgUnit"),
    ]
    assert all(" / " in d["reason"] for d in error["details"])
    assert ("test.b", "2025") not in _values(aw, aw.xa_hy)


def test_a_value_of_a_unit_outside_the_scope_stores_nothing(api, aw):
    body = {
        "dataValues": [
            {"dataElement": "test.b", "period": "2025", "orgUnit": "12001", "value": "4"},
            {"dataElement": "test.b", "period": "2025", "orgUnit": "00004", "value": "4"},
        ]
    }
    for role in ("staff", "reporting"):
        response = api[role].post("/dataValueSets", json=body)
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "import_forbidden"
        assert [(d["row"], d["column"]) for d in error["details"]] == [("dataValues[1]", "unit")]
    assert ("test.b", "2025") not in _values(aw, aw.xa_hy)
    assert api["admin"].post("/dataValueSets", json=body).status_code == 200


def test_a_value_locked_by_an_approved_report_is_refused(api, aw):
    body = {
        "dataValues": [
            {"dataElement": "test.a", "period": "2026", "orgUnit": "DN.NAT", "value": "4"}
        ]
    }
    response = api["admin"].post("/dataValueSets", json=body)
    assert response.status_code == 422
    assert "duyệt" in response.json()["error"]["details"][0]["reason"]
