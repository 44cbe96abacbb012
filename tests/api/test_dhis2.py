"""DHIS2 dataValueSets through the API, as DHIS2 2.40 defines them.

Each payload is written to DHIS2's documented format (its field names, periods, options and
ImportSummary answer); the README's DHIS2 compatibility table points at these tests.
"""

import base64
import datetime as dt
import json

import pytest

from accounts.world import PASSWORD
from api.conftest import ApiClient
from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value, ValueSource
from tongket.reporting.periods import period_get_or_create
from tongket.transfer.dhis2_ids import UID_PATTERN, indicator_uid, unit_uid

INDICATOR_UID = "EWkK5stnuK7"


def _export(client, path="/dataValueSets", **query) -> dict:
    response = client.get(path, data=query)
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def _values(unit) -> dict:
    return {
        (v.indicator.code, v.period.code): v.value
        for v in Value.objects.filter(unit=unit).select_related("indicator", "period")
    }


def _post(client, body, path="/dataValueSets", **query):
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    response = client.post(url, json=body)
    assert response.status_code in (200, 409), response.content
    message = response.json()
    assert message["httpStatusCode"] == response.status_code
    assert message["response"]["responseType"] == "ImportSummary"
    return message


def _count(message) -> tuple[int, int, int, int]:
    c = message["response"]["importCount"]
    return c["imported"], c["updated"], c["ignored"], c["deleted"]


def _value(aw, indicator, period, value, unit=None):
    return Value.objects.create(
        unit=unit or aw.xa_hy,
        indicator=indicator,
        period=period_get_or_create(period),
        value=value,
        source=ValueSource.IMPORT,
    )


def _dv(element="test.b", period="2025", org_unit="12001", value="4", **extra):
    return {"dataElement": element, "period": period, "orgUnit": org_unit, "value": value, **extra}


# ----------------------------------------------------------------------------- strategies


def test_import_strategy_create_keeps_existing_values(api, aw):
    body = {"dataValues": [_dv("test.a", value="999"), _dv("test.b", value="7")]}
    message = _post(api["staff"], body, importStrategy="CREATE")
    assert _count(message) == (1, 0, 1, 0)
    assert message["response"]["rejectedIndexes"] == [0]
    assert _values(aw.xa_hy) == {("test.a", "2025"): 120.0, ("test.b", "2025"): 7.0}


def test_import_strategy_update_creates_nothing(api, aw):
    body = {"strategy": "UPDATE", "dataValues": [_dv("test.a", value="130"), _dv("test.b")]}
    message = _post(api["staff"], body)
    assert _count(message) == (0, 1, 1, 0)
    assert _values(aw.xa_hy) == {("test.a", "2025"): 130.0}
    assert message["response"]["importOptions"]["importStrategy"] == "UPDATE"


def test_import_strategy_delete_in_query_and_body(api, aw):
    _value(aw, aw.ind_b, "2025", 5)
    # In the query, with a value: deleted, not written.
    message = _post(
        api["staff"], {"dataValues": [_dv("test.b", value="9")]}, importStrategy="DELETE"
    )
    assert _count(message) == (0, 0, 0, 1)
    assert ("test.b", "2025") not in _values(aw.xa_hy)
    # In the body, a value-less row (DHIS2's delete payload): deleted; a missing one ignored.
    body = {
        "strategy": "DELETE",
        "dataValues": [
            {"dataElement": "test.a", "period": "2025", "orgUnit": "12001"},
            {"dataElement": "test.b", "period": "2025", "orgUnit": "12001"},
        ],
    }
    assert _count(_post(api["staff"], body)) == (0, 0, 1, 1)
    assert _values(aw.xa_hy) == {}
    entry = AuditEntry.objects.filter(action="value.deleted").latest("id")
    assert entry.old["value"] == 120.0 and "DHIS2" in entry.reason


def test_deleted_true_deletes_the_value(api, aw):
    body = {"dataValues": [_dv("test.a", value="120", deleted=True)]}
    assert _count(_post(api["staff"], body)) == (0, 0, 0, 1)
    assert _values(aw.xa_hy) == {}


def test_an_empty_value_deletes_under_create_and_update(api, aw):
    body = {"dataValues": [_dv("test.a", value=""), _dv("test.b", value=None)]}
    assert _count(_post(api["staff"], body)) == (0, 0, 1, 1)
    assert _values(aw.xa_hy) == {}


def test_an_unknown_strategy_is_refused_by_name(api, aw):
    response = api["staff"].post("/dataValueSets?importStrategy=MERGE", json={"dataValues": []})
    assert response.status_code == 422
    (detail,) = response.json()["error"]["details"]
    assert detail["loc"] == ["query", "importStrategy"]
    response = api["staff"].post("/dataValueSets", json={"strategy": "MERGE", "dataValues": []})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"][-1] == "strategy"


# ----------------------------------------------------------------------------- dry run


@pytest.mark.parametrize("where", ["query", "body"])
def test_dry_run_in_the_query_or_the_body_stores_nothing(api, aw, where):
    body = {"dataValues": [_dv("test.b"), _dv("test.a", value="1")]}
    if where == "body":
        body["dryRun"] = True
        message = _post(api["staff"], body)
    else:
        message = _post(api["staff"], body, dryRun="true")
    assert _count(message) == (1, 1, 0, 0)
    assert message["response"]["importOptions"]["dryRun"] is True
    assert _values(aw.xa_hy) == {("test.a", "2025"): 120.0}


# ----------------------------------------------------------------------------- id schemes


def test_uids_are_dhis2_uids_stable_and_tell_apart_units_that_shared_a_code(aw):
    assert UID_PATTERN.match(unit_uid(aw.xa_hy)) and UID_PATTERN.match(indicator_uid("test.a"))
    assert unit_uid(aw.hung_yen) != unit_uid(aw.hung_yen_old)  # both code 33
    # The same on every installation, release after release (a DHIS2 instance keeps them).
    assert indicator_uid("test.a") == INDICATOR_UID
    assert unit_uid(aw.xa_hy) == unit_uid(type(aw.xa_hy).objects.get(pk=aw.xa_hy.pk))


def test_id_schemes_uid_and_code(api, aw):
    uid_unit, uid_element = unit_uid(aw.xa_hy), indicator_uid("test.b")
    body = {"idScheme": "UID", "dataValues": [_dv(uid_element, org_unit=uid_unit, value="11")]}
    assert _count(_post(api["staff"], body)) == (1, 0, 0, 0)
    assert _values(aw.xa_hy)[("test.b", "2025")] == 11.0
    # dataElementIdScheme=CODE with orgUnitIdScheme=UID, from the query.
    message = _post(
        api["staff"],
        {"dataValues": [_dv("test.b", org_unit=uid_unit, value="12")]},
        dataElementIdScheme="CODE",
        orgUnitIdScheme="UID",
    )
    assert _count(message) == (0, 1, 0, 0)
    # A code where the scheme says UID is not a UID: a conflict naming it.
    message = _post(api["staff"], {"dataValues": [_dv("test.b")]}, orgUnitIdScheme="UID")
    (conflict,) = message["response"]["conflicts"]
    assert (conflict["object"], conflict["errorCode"], conflict["indexes"]) == (
        "12001",
        "E7612",
        [0],
    )


# ----------------------------------------------------------------------------- combos, data set


def test_category_option_combos_other_than_default_are_refused_by_name(api, aw):
    body = {
        "dataValues": [
            _dv("test.b", value="1000", categoryOptionCombo="HllvX50cXC0"),
            _dv("test.b", value="2000", categoryOptionCombo="Prlt0C1RF0s"),
            _dv("test.a", value="121", attributeOptionCombo="xYerKDKCefk"),
        ]
    }
    message = _post(api["staff"], body)
    assert message["status"] == "WARNING" and message["httpStatusCode"] == 409
    assert [
        (c["object"], c["errorCode"], c["property"]) for c in message["response"]["conflicts"]
    ] == [
        ("Prlt0C1RF0s", "E7613", "categoryOptionCombo"),
        ("xYerKDKCefk", "E7615", "attributeOptionCombo"),
    ]
    # The second combination did not overwrite the first (1000 stays).
    assert _values(aw.xa_hy) == {("test.a", "2025"): 120.0, ("test.b", "2025"): 1000.0}


def test_an_unknown_data_set_aborts_the_import(api, aw):
    body = {"dataSet": "pBOMPrpg1QX", "dataValues": [_dv()]}
    message = _post(api["staff"], body)
    assert (message["httpStatusCode"], message["status"]) == (409, "ERROR")
    summary = message["response"]
    assert summary["description"] == "Import process was aborted"
    assert [(c["object"], c["errorCode"]) for c in summary["conflicts"]] == [
        ("pBOMPrpg1QX", "E7600")
    ]
    assert ("test.b", "2025") not in _values(aw.xa_hy)


def test_complete_date_submits_the_report_when_its_rules_allow(api, aw):
    body = {
        "dataSet": "TEST.01",
        "completeDate": "2026-01-10",
        "period": "2025",
        "orgUnit": "12001",
        "dataValues": [
            {"dataElement": "test.a", "value": "125"},
            {"dataElement": "test.b", "value": "3"},
        ],
    }
    message = _post(api["reporting"], body)
    assert message["response"]["dataSetComplete"] == "true"
    assert Submission.objects.get(pk=aw.sub_xa_hy.pk).status == SubmissionStatus.SUBMITTED


def test_complete_date_leaves_a_report_with_errors_open(api, aw):
    from tongket.reporting.models import FormIndicator

    FormIndicator.objects.filter(indicator__code="test.b").update(required=True)
    body = {
        "dataSet": "TEST.01",
        "completeDate": "true",
        "period": "2025",
        "orgUnit": "12001",
        "dataValues": [{"dataElement": "test.a", "value": "125"}],
    }
    message = _post(api["reporting"], body)
    summary = message["response"]
    assert summary["dataSetComplete"] == "false"
    assert [c["property"] for c in summary["conflicts"]] == ["completeDate"]
    assert _count(message) == (0, 1, 0, 0)  # the value is stored, the report stays open
    assert Submission.objects.get(pk=aw.sub_xa_hy.pk).status == SubmissionStatus.DRAFT


def test_followup_is_kept_and_exported(api, aw):
    body = {"dataValues": [_dv("test.b", value="8", followup=True)]}
    _post(api["staff"], body)
    stored = Value.objects.get(unit=aw.xa_hy, indicator=aw.ind_b)
    assert stored.flagged and "followup" in stored.flag_reason
    exported = _export(api["staff"], period="2025", dataElement="test.b")
    assert exported["dataValues"][0]["followup"] is True


# ----------------------------------------------------------------------------- summary, partial


def test_import_summary_and_partial_import_with_conflicts(api, aw):
    body = {
        "dataValues": [
            _dv("test.b", value="4"),
            _dv("test.b", period="2025W3"),
            _dv("test.a", org_unit="99999"),
            _dv("no.such", value="1"),
            _dv("test.a", value="12,5"),
        ]
    }
    message = _post(api["staff"], body)
    assert {k: message[k] for k in ("httpStatus", "httpStatusCode", "status")} == {
        "httpStatus": "Conflict",
        "httpStatusCode": 409,
        "status": "WARNING",
    }
    summary = message["response"]
    assert summary["status"] == "WARNING"
    assert [(c["errorCode"], c["property"], c["indexes"]) for c in summary["conflicts"]] == [
        ("E7611", "period", [1]),
        ("E7612", "orgUnit", [2]),
        ("E7610", "dataElement", [3]),
        ("E7619", "value", [4]),
    ]
    assert all(" / " in c["value"] for c in summary["conflicts"])
    assert _count(message) == (1, 0, 0, 0)
    assert _values(aw.xa_hy)[("test.b", "2025")] == 4.0


def test_atomic_mode_all_stores_nothing_on_a_conflict(api, aw):
    body = {"dataValues": [_dv("test.b", value="4"), _dv("test.b", period="2025W3")]}
    message = _post(api["staff"], body, atomicMode="ALL")
    assert (message["httpStatusCode"], message["status"]) == (409, "ERROR")
    assert ("test.b", "2025") not in _values(aw.xa_hy)


def test_empty_data_values_is_a_success(api, aw):
    message = _post(api["staff"], {"dataValues": []})
    assert (message["httpStatus"], message["status"]) == ("OK", "OK")
    assert message["response"]["status"] == "SUCCESS"
    assert _count(message) == (0, 0, 0, 0)


def test_a_unit_outside_the_scope_is_a_conflict(api, aw):
    body = {"dataValues": [_dv("test.b"), _dv("test.b", org_unit="00004")]}
    message = _post(api["staff"], body)
    assert [
        (c["errorCode"], c["object"], c["indexes"]) for c in message["response"]["conflicts"]
    ] == [("E7617", "00004", [1])]
    assert ("test.b", "2025") not in _values(aw.xa_hn)
    assert _values(aw.xa_hy)[("test.b", "2025")] == 4.0


def test_a_change_to_an_approved_report_is_a_conflict(api, aw):
    body = {"dataValues": [_dv("test.a", period="2026", org_unit="DN.NAT", value="4")]}
    message = _post(api["admin"], body)
    (conflict,) = message["response"]["conflicts"]
    assert conflict["errorCode"] == "E7642" and "duyệt" in conflict["value"]


# ----------------------------------------------------------------------------- paths, auth


def test_the_json_path_of_the_documentation(api, aw):
    message = _post(api["staff"], {"dataValues": [_dv()]}, path="/dataValueSets.json")
    assert _count(message) == (1, 0, 0, 0)
    exported = _export(api["staff"], path="/dataValueSets.json", period="2025")
    assert {v["dataElement"] for v in exported["dataValues"]} == {"test.a", "test.b"}


def test_basic_and_api_token_authentication(aw, tokens):
    basic = base64.b64encode(f"staff:{PASSWORD}".encode()).decode()
    client = ApiClient()
    client.headers = {"Authorization": f"Basic {basic}"}
    assert client.get("/me").json()["username"] == "staff"
    assert _count(_post(client, {"dataValues": [_dv()]})) == (1, 0, 0, 0)
    client.headers = {"Authorization": f"ApiToken {tokens['staff']}"}
    assert client.get("/me").json()["username"] == "staff"
    wrong = base64.b64encode(b"staff:wrong").decode()
    client.headers = {"Authorization": f"Basic {wrong}"}
    assert client.get("/me").status_code == 401


# ----------------------------------------------------------------------------- export


def test_export_filters_as_dhis2_documents_them(api, aw):
    _value(aw, aw.ind_b, "2025-09", 3)
    _value(aw, aw.ind_b, "2025Q3", 9)
    _value(aw, aw.ind_b, "2025", 30, unit=aw.xa_hy2)
    staff = api["staff"]
    # period is exact: the year's values, not its months.
    year = _export(staff, period="2025")
    assert {(v["orgUnit"], v["period"]) for v in year["dataValues"]} == {
        ("12001", "2025"),
        (aw.xa_hy2.code, "2025"),
    }
    assert year["idScheme"] == "CODE"
    months = _export(staff, period=["202509", "2025Q3"])
    assert sorted(v["period"] for v in months["dataValues"]) == ["202509", "2025Q3"]
    # startDate/endDate: every period inside.
    inside = _export(staff, startDate="2025-07-01", endDate="2025-09-30")
    assert sorted(v["period"] for v in inside["dataValues"]) == ["202509", "2025Q3"]
    # orgUnit repeated; children takes the units below.
    two = _export(staff, orgUnit=["12001", aw.xa_hy2.code], period="2025")
    assert len(two["dataValues"]) == 2
    assert _export(staff, orgUnit="33", period="2025")["dataValues"] == []
    below = _export(staff, orgUnit="33", period="2025", children="true")
    assert len(below["dataValues"]) == 2
    # dataSet names the form it exported, by the scheme said.
    form = _export(staff, dataSet="TEST.01", period="2025")
    assert form["dataSet"] == "TEST.01" and len(form["dataValues"]) == 2
    uid = _export(staff, period="2025", idScheme="UID")
    assert uid["idScheme"] == "UID"
    assert {v["orgUnit"] for v in uid["dataValues"]} == {unit_uid(aw.xa_hy), unit_uid(aw.xa_hy2)}


def test_an_export_names_a_unit_that_shared_its_code_by_uid(api, aw):
    # Code 33: Hưng Yên until 30/06/2025, the merged Hưng Yên after.
    _value(aw, aw.ind_a, "2025", 50, unit=aw.hung_yen_old)
    _value(aw, aw.ind_a, "2025", 80, unit=aw.hung_yen)
    exported = _export(api["admin"], period="2025", dataElement="test.a")
    units = {v["orgUnit"]: v["value"] for v in exported["dataValues"]}
    assert units["33"] == "80" and units[unit_uid(aw.hung_yen_old)] == "50"
    message = _post(api["admin"], exported, dryRun="true")
    assert _count(message)[0:2] == (0, 0) and message["response"]["conflicts"] == []


@pytest.mark.parametrize("scheme", ["CODE", "UID"])
def test_an_export_of_every_units_year_posted_back_is_a_no_op(api, aw, scheme):
    # Values across units, periods of the year, comments, a follow-up flag, an approved
    # report's values: posted back unchanged they are all ignored, none locked.
    _value(aw, aw.ind_b, "2025-09", 3)
    _value(aw, aw.ind_b, "2025Q3", 7.25, unit=aw.xa_hn)
    flagged = _value(aw, aw.ind_b, "2025", 30, unit=aw.xa_hy2)
    flagged.flagged, flagged.comment = True, "ước thực hiện"
    flagged.save()
    _value(aw, aw.ind_a, "2025", 50, unit=aw.hung_yen_old)
    approved = aw.sub_approved_hy
    Value.objects.create(
        unit=approved.unit,
        indicator=aw.ind_a,
        period=approved.period,
        value=41,
        source=ValueSource.SUBMISSION,
        submission=approved,
    )
    admin = api["admin"]
    before = sorted(Value.objects.values_list("unit_id", "indicator_id", "period_id", "value"))
    exported = _export(admin, startDate="2025-01-01", endDate="2026-12-31", idScheme=scheme)
    assert len(exported["dataValues"]) == Value.objects.count()
    message = _post(admin, exported, dryRun="true")
    assert message["response"]["conflicts"] == []
    assert _count(message) == (0, 0, len(exported["dataValues"]), 0)
    message = _post(admin, exported)
    assert _count(message) == (0, 0, len(exported["dataValues"]), 0)
    assert (
        sorted(Value.objects.values_list("unit_id", "indicator_id", "period_id", "value")) == before
    )


def test_export_dates_are_dhis2_periods(api, aw):
    _value(aw, aw.ind_b, "2026-01", 3)
    exported = _export(api["staff"], startDate=dt.date(2026, 1, 1).isoformat())
    assert [v["period"] for v in exported["dataValues"]] == ["202601"]


def test_stored_by_created_and_last_updated_are_named_as_not_used(api, aw):
    item = _dv(storedBy="admin", created="2025-12-01T10:00:00.000", lastUpdated="2025-12-02")
    message = _post(api["staff"], {"dataValues": [item]})
    description = message["response"]["description"]
    assert "created, lastUpdated, storedBy" in description and "audit trail" in description
    assert _count(message) == (1, 0, 0, 0)


def test_complete_date_outside_the_scope_sends_nothing(api, aw):
    body = {
        "dataSet": "TEST.01",
        "completeDate": "true",
        "period": "2025",
        "orgUnit": "00004",
        "dataValues": [{"dataElement": "test.a", "value": "125"}],
    }
    message = _post(api["staff"], body)
    assert [c["errorCode"] for c in message["response"]["conflicts"]] == ["E7617", "E7617"]
    assert message["response"]["dataSetComplete"] == "false"
    assert Submission.objects.get(pk=aw.sub_xa_hn.pk).status == SubmissionStatus.DRAFT
