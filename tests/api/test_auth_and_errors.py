"""Tokens and sessions, the one error shape, paging."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from api.conftest import ApiClient
from tongket.api.models import ApiToken
from tongket.api.tokens import apitoken_create, apitoken_revoke
from tongket.core.models import AuditEntry


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "message_en", "details"}
    assert error["code"] == code
    assert error["message"] and error["message_en"]
    return error


# ----------------------------------------------------------------------------- tokens


def test_a_token_is_stored_as_a_digest_and_shown_once(aw):
    token, secret = apitoken_create(user=aw.users["staff"], name="DHIS2", actor="test")
    assert secret.startswith("tk_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix, stored.name)
    assert secret.startswith(stored.prefix)
    assert AuditEntry.objects.filter(action="apitoken.created", object_id=str(token.pk)).exists()


def test_a_token_acts_as_its_user_and_records_its_use(aw):
    token, secret = apitoken_create(user=aw.users["reporting"], name="x", actor="test")
    response = ApiClient(secret).get("/me")
    assert response.status_code == 200
    assert response.json()["username"] == "reporting"
    assert "submission.edit" in response.json()["permissions"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_or_a_disabled_account_is_refused(aw):
    token, secret = apitoken_create(user=aw.users["staff"], name="x", actor="test")
    assert ApiClient(secret).get("/me").status_code == 200
    apitoken_revoke(token=token, actor="test", reason="rời cơ quan")
    _error(ApiClient(secret).get("/me"), 401, "not_authenticated")
    _, other = apitoken_create(user=aw.users["leader"], name="x", actor="test")
    aw.users["leader"].is_active = False
    aw.users["leader"].save()
    _error(ApiClient(other).get("/me"), 401, "not_authenticated")


@pytest.mark.parametrize(
    "header", ["Bearer tk_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "tk_only", "Bearer \x7f"]
)
def test_a_bad_authorization_header_is_401_even_beside_a_session(aw, header):
    client = Client()
    client.force_login(aw.users["admin"])
    response = client.get("/api/v1/me", headers={"Authorization": header})
    error = _error(response, 401, "not_authenticated")
    assert "Bearer" in response["WWW-Authenticate"]
    assert error["message_en"]


def test_apitoken_command_prints_the_secret_once_and_revokes(aw, capsys):
    call_command("apitoken", "create", "staff", "--name", "Hệ thống báo cáo tỉnh")
    secret = capsys.readouterr().out.strip()
    assert ApiClient(secret).get("/me").json()["username"] == "staff"
    call_command("apitoken", "list", "staff", "--json")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in rows] == ["Hệ thống báo cáo tỉnh"]
    assert secret not in json.dumps(rows)
    call_command("apitoken", "revoke", secret[:10])
    assert ApiClient(secret).get("/me").status_code == 401


# ----------------------------------------------------------------------------- sessions


def test_a_session_reads_and_writes_with_the_csrf_token(aw):
    client = Client(enforce_csrf_checks=True)
    client.force_login(aw.users["reporting"])
    assert client.get("/api/v1/me").json()["username"] == "reporting"
    path = f"/api/v1/submissions/{aw.sub_xa_hy.pk}/values"
    body = json.dumps({"values": {"test.b": 2}})
    refused = client.put(path, body, content_type="application/json")
    _error(refused, 403, "csrf_failed")
    client.get("/login/")  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    allowed = client.put(
        path, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert allowed.status_code == 200, allowed.content


def test_a_token_needs_no_csrf(aw, tokens):
    client = Client(enforce_csrf_checks=True)
    response = client.put(
        f"/api/v1/submissions/{aw.sub_xa_hy.pk}/values",
        json.dumps({"values": {"test.b": 2}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['reporting']}"},
    )
    assert response.status_code == 200


# ----------------------------------------------------------------------------- errors


def test_every_kind_of_refusal_has_the_one_shape(api, aw, settings):
    staff = api["staff"]
    _error(api["anonymous"].get("/units"), 401, "not_authenticated")
    _error(api["reporting"].get("/values"), 403, "forbidden")
    _error(staff.get(f"/submissions/{aw.sub_xa_hn.pk}"), 404, "not_found")
    _error(staff.get("/no/such/address"), 404, "not_found")
    invalid = _error(staff.get("/units?limit=0&kind=planet"), 422, "invalid_request")
    assert {tuple(d["loc"]) for d in invalid["details"]} == {("query", "limit"), ("query", "kind")}
    _error(staff.delete("/units"), 405, "method_not_allowed")
    not_json = staff.client.post(
        "/api/v1/submissions", "{", content_type="application/json", headers=staff.headers
    )
    _error(not_json, 400, "bad_request")
    locked = staff.put(f"/submissions/{aw.sub_approved_hy.pk}/values", json={"values": {}})
    _error(locked, 409, "locked")
    state = staff.post(f"/submissions/{aw.sub_xa_hy.pk}/approve")
    error = _error(state, 409, "invalid_state")
    assert "Đang soạn" in error["message"] and "draft" in error["message_en"]
    settings.TONGKET_API_RATE = "2/m"
    staff.get("/me")
    staff.get("/me")
    _error(staff.get("/me"), 429, "throttled")


def test_a_message_is_split_into_vietnamese_and_english(api, aw):
    response = api["reporting"].put(
        f"/submissions/{aw.sub_xa_hy.pk}/values", json={"values": {"no.such": 1, "test.a": "x"}}
    )
    error = _error(response, 422, "rejected")
    assert error["message"] == "Không lưu số liệu nào"
    assert error["message_en"] == "nothing was stored"
    lines = [d["message"] for d in error["details"]]
    assert any(line.startswith("no.such: chỉ tiêu không có trong biểu TEST.01") for line in lines)
    assert any(line.startswith("test.a:") for line in lines)


def test_a_report_with_errors_lists_every_issue_and_stores_nothing(api, aw):
    from tongket.reporting.models import FormIndicator, Value

    FormIndicator.objects.filter(indicator__code="test.b").update(required=True)
    body = {"form": "TEST.01", "period": "2026", "unit_id": aw.xa_hy.pk, "values": {"test.a": 5}}
    error = _error(api["reporting"].post("/reports", json=body), 422, "submission_invalid")
    # Every issue, the warnings too (5 against last year's 120 is far from the history, and
    # goes with an explanation).
    assert [(d["indicator"], d["code"], d["severity"]) for d in error["details"]] == [
        ("test.a", "explain", "error"),
        ("test.a", "outlier", "warning"),
        ("test.b", "required", "error"),
    ]
    assert not Value.objects.filter(unit=aw.xa_hy, period__code="2026").exists()


def test_a_server_error_has_the_shape_and_hides_the_cause(api, monkeypatch):
    from tongket.api import routes_units

    def boom(**kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(routes_units, "indicator_list", boom)
    response = api["staff"].get("/indicators")
    error = _error(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert error["details"] == []


# ----------------------------------------------------------------------------- paging


def test_pages_have_counts_and_links(api, aw):
    admin = api["admin"]
    first = admin.get("/units?history=true&limit=5").json()
    total = first["count"]
    assert total == len(aw.units) and len(first["items"]) == 5
    assert first["previous"] is None
    assert "offset=5" in first["next"] and "limit=5" in first["next"]
    assert "history=true" in first["next"]
    seen = [u["id"] for u in first["items"]]
    link = first["next"]
    while link:
        page = admin.client.get(link, headers=admin.headers).json()
        seen += [u["id"] for u in page["items"]]
        link = page["next"]
    assert len(seen) == total and len(set(seen)) == total
    last = admin.get(f"/units?history=true&limit=5&offset={total - 1}").json()
    assert len(last["items"]) == 1 and last["next"] is None
    assert "offset=" in last["previous"]
    beyond = admin.get("/units?history=true&offset=1000").json()
    assert beyond["items"] == [] and beyond["count"] == total


def test_lists_are_filtered_and_scoped(api, aw):
    staff = api["staff"]
    subs = staff.get("/submissions?status=submitted").json()
    assert [s["id"] for s in subs["items"]] == [aw.sub_submitted_hy.pk]
    mine = api["reporting"].get("/submissions").json()
    assert {s["unit"]["code"] for s in mine["items"]} == {"12001", "34.X1"}
    values = staff.get("/values?indicator=test.a&period=2025").json()
    assert [(v["unit"], v["value"]) for v in values["items"]] == [("12001", 120.0)]
    by_code = api["admin"].get("/units?code=33&history=true").json()
    assert sorted(u["valid_from"] for u in by_code["items"]) == ["2004-01-01", "2025-07-01"]
    on_day = api["admin"].get("/units?code=33&on=2017-06-30").json()
    assert [u["id"] for u in on_day["items"]] == [aw.hung_yen_old.pk]


# ----------------------------------------------------------------------------- the schema


def test_the_schema_is_served_and_names_both_ways_in(api):
    index = api["anonymous"].get("/")
    assert index.status_code == 200
    assert index.json()["openapi"].endswith("/api/v1/openapi.json")
    schema = api["anonymous"].get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "/api/v1/reports" in schema["paths"]


def test_refusals_are_in_the_audit_trail(api, aw):
    api["reporting"].get(f"/submissions/{aw.sub_xa_hn.pk}")
    api["reporting"].get("/values")
    api["staff"].post(f"/submissions/{aw.sub_submitted_hn.pk}/approve")
    entries = AuditEntry.objects.filter(action="access.denied").order_by("id")
    assert [(e.user.username, e.object_type, e.new["status"]) for e in entries] == [
        ("reporting", "submission", 404),
        ("reporting", "api", 403),
        ("staff", "submission", 404),
    ]


def test_completeness_counts_who_reported(api, aw):
    body = (
        api["staff"]
        .get(
            "/completeness", data={"form": "TEST.01", "period": "2025", "recipient_id": aw.so_hy.pk}
        )
        .json()
    )
    rows = {r["unit"]["code"]: r for r in body["rows"]}
    # The nationwide enterprise reports to each province's department too.
    assert set(rows) == {"12001", "12002", "DN.NAT"}
    assert rows["12002"]["status"] == "submitted" and rows["12002"]["timeliness"] == "on_time"
    assert rows["12001"]["timeliness"] == "missing"
    assert (body["expected"], body["on_time"], body["missing"]) == (3, 1, 2)
