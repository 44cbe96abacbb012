"""The OpenAPI document is a contract that third-party tools accept: openapi-spec-validator
validates it, openapi-python-client generates a client from it, and that client reads,
submits a report and reads an error from a live server. The document is stored in the
repository; a difference with the served one fails here until the stored copy is refreshed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from tongket.api.openapi import STORED, schema_text

API = "/api/v1"
REFRESH = ".venv/bin/tongket openapi -o src/tongket/api/openapi.json"


@pytest.fixture(scope="module")
def served() -> dict:
    return json.loads(schema_text())


def test_the_document_is_valid_openapi(served):
    validate(served)


def test_the_stored_copy_is_the_served_document(served):
    stored = json.loads(STORED.read_text("utf-8"))
    assert stored == served, (
        "The API's OpenAPI document differs from src/tongket/api/openapi.json: review the "
        f"change and store it with `{REFRESH}`"
    )


def _operations(served):
    for path, item in served["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_error_answer_is_documented_with_the_error_shape(served):
    error = served["components"]["schemas"]["Error"]
    assert error["properties"]["error"] == {"$ref": "#/components/schemas/ErrorInfo"}
    for path, method, operation in _operations(served):
        statuses = set(operation["responses"])
        expected = {"401", "403", "404", "422", "500"}
        if method != "get":
            expected |= {"409"}
        assert expected <= statuses, (method, path)
        for status in statuses - {"200", "201", "202", "204"}:
            if "/dataValueSets" in path and status == "409":
                continue  # DHIS2's own answer: an ImportSummary with its conflicts
            assert operation["responses"][status] == {"$ref": f"#/components/responses/{status}"}, (
                method,
                path,
                status,
            )
    for response in served["components"]["responses"].values():
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_writes_declare_the_idempotency_key(served):
    key = served["components"]["parameters"]["IdempotencyKey"]
    assert (key["name"], key["in"]) == ("Idempotency-Key", "header")
    for path, method, operation in _operations(served):
        refs = [p.get("$ref") for p in operation.get("parameters", [])]
        declared = "#/components/parameters/IdempotencyKey" in refs
        assert declared is (method != "get"), (method, path)


def test_dates_are_dates_and_statuses_and_kinds_are_enums(served):
    schemas = served["components"]["schemas"]

    def field(schema, name):
        prop = schemas[schema]["properties"][name]
        options = prop.get("anyOf", [prop])
        found = next(o for o in options if o.get("type") != "null")
        return {k: v for k, v in found.items() if k not in ("title", "description")}

    for schema, name in [
        ("TaskOut", "deadline"),
        ("TaskOut", "assigned_on"),
        ("TaskOut", "completed_on"),
        ("ProgressOut", "on"),
        ("MeetingOut", "date"),
        ("MeetingOut", "end_date"),
        ("CommendationOut", "decision_date"),
        ("DocumentOut", "meeting_date"),
    ]:
        assert field(schema, name) == {"type": "string", "format": "date"}, (schema, name)
    for schema, name, enum in [
        ("TaskOut", "status", "TaskStatus"),
        ("TaskOut", "source", "TaskSource"),
        ("MeetingOut", "kind", "MeetingKind"),
        ("SubmissionOut", "status", "SubmissionStatus"),
        ("UnitOut", "kind", "UnitKind"),
        ("ValueOut", "source", "ValueSource"),
        ("RecipientOut", "kind", "RecipientKind"),
        ("IssueOut", "severity", "Severity"),
    ]:
        assert field(schema, name) == {"$ref": f"#/components/schemas/{enum}"}, (schema, name)
        assert schemas[enum]["enum"], enum


def test_parameter_examples_are_maps(served):
    for path, method, operation in _operations(served):
        for parameter in operation.get("parameters", []):
            assert not isinstance(parameter.get("examples"), list), (method, path)


# ----------------------------------------------------------------------------- answers


def test_patch_of_a_meeting_with_a_list_is_refused(api, aw):
    for body in ([], ["title"], [{"title": "Họp"}]):
        response = api["staff"].patch(f"/meetings/{aw.meeting_hy.pk}", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid_request"


def test_an_over_long_url_gets_the_json_error(api):
    response = api["staff"].get("/units?q=" + "x" * 5000)
    assert response.status_code == 414
    error = response.json()["error"]
    assert error["code"] == "uri_too_long"
    assert "4094" in error["message"] and "4094" in error["message_en"]
    response = api["staff"].get("/no-such-place/" + "x" * 5000)
    assert response.status_code == 414


def test_a_409_keeps_its_quoted_status_whole(api, aw):
    response = api["staff"].post(
        f"/submissions/{aw.sub_submitted_hy.pk}/submit", headers={"Idempotency-Key": "k409"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert "«Đã gửi»" in error["message"]
    assert "submitted" not in error["message"]
    assert error["message_en"].startswith("report ")
    assert "Đã gửi" not in error["message_en"]


# ----------------------------------------------------------------------------- the client


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("openapi-client")
    schema = folder / "openapi.json"
    schema.write_text(schema_text(), encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text(
        "post_hooks: []\nproject_name_override: tongket-client\n"
        "package_name_override: tongket_client\n"
    )
    command = [
        str(Path(sys.executable).with_name("openapi-python-client")),
        "generate",
        "--path",
        str(schema),
        "--meta",
        "none",
        "--output-path",
        str(folder / "tongket_client"),
        "--config",
        str(config),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(folder))
    yield "tongket_client"
    sys.path.remove(str(folder))


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_reads_submits_and_reads_an_error(
    generated_client, live_server, aw, tokens
):
    client_module = importlib.import_module(generated_client)
    units_list = importlib.import_module(f"{generated_client}.api.units.units_list")
    report_submit = importlib.import_module(f"{generated_client}.api.submissions.report_submit")
    submission_detail = importlib.import_module(
        f"{generated_client}.api.submissions.submission_detail"
    )
    models = importlib.import_module(f"{generated_client}.models")

    def client(key):
        return client_module.AuthenticatedClient(base_url=live_server.url, token=tokens[key])

    # A read: units as typed objects, dates as dates, kinds as the enum.
    page = units_list.sync(client=client("staff"), limit=500)
    assert isinstance(page, models.PageUnitOut)
    assert page.count >= 1 and page.items
    first = page.items[0]
    assert isinstance(first.kind, models.UnitKind)
    assert first.valid_from.year >= 1945

    # A report submission, with its Idempotency-Key.
    body = models.ReportIn.from_dict(
        {"form": "TEST.01", "period": "2026", "unit_id": aw.xa_hy.pk, "values": {"test.a": 130}}
    )
    response = report_submit.sync_detailed(
        client=client("reporting"), body=body, idempotency_key="client-report-1"
    )
    assert response.status_code == 201, response.content
    result = response.parsed
    assert result.submission.status == models.SubmissionStatus.SUBMITTED
    # The same key again: the stored answer, the write done once.
    again = report_submit.sync_detailed(
        client=client("reporting"), body=body, idempotency_key="client-report-1"
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.parsed.submission.id == result.submission.id

    # An error, read as the one error shape.
    error = submission_detail.sync(client=client("reporting"), submission_id=aw.sub_xa_hn.pk)
    assert isinstance(error, models.ErrorOut)
    assert error.error.code == "not_found"
    assert error.error.message and error.error.message_en
