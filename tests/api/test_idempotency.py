"""``Idempotency-Key``: a retried write is done once and answered the same."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.client import encode_multipart
from django.utils import timezone

from tongket.api.idempotency import idempotency_records_purge
from tongket.api.models import IdempotencyRecord
from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value


def _report(aw, **values):
    return {
        "form": "TEST.01",
        "period": "2026",
        "unit_id": aw.xa_hy.pk,
        "values": values or {"test.a": 130, "test.b": 4},
    }


def _stored(aw):
    subs = Submission.objects.filter(unit=aw.xa_hy, period__code="2026")
    values = Value.objects.filter(unit=aw.xa_hy, period__code="2026")
    return subs.count(), values.count()


def test_a_retry_is_answered_the_same_and_stored_once(api, aw):
    client = api["reporting"]
    key = {"Idempotency-Key": "report-12001-2026"}
    first = client.post("/reports", json=_report(aw), headers=key)
    assert first.status_code == 201, first.content
    audit = AuditEntry.objects.count()
    again = client.post("/reports", json=_report(aw), headers=key)
    assert again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _stored(aw) == (1, 2)
    assert AuditEntry.objects.count() == audit  # the retry wrote nothing
    assert IdempotencyRecord.objects.filter(key="report-12001-2026").count() == 1
    sub = Submission.objects.get(unit=aw.xa_hy, period__code="2026")
    assert sub.status == SubmissionStatus.SUBMITTED


def test_without_a_key_a_retry_is_refused_by_the_state(api, aw):
    client = api["reporting"]
    assert client.post("/reports", json=_report(aw)).status_code == 201
    again = client.post("/reports", json=_report(aw))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_state"
    assert _stored(aw) == (1, 2)


def test_the_same_key_with_another_body_is_refused(api, aw):
    client = api["reporting"]
    key = {"Idempotency-Key": "k-1"}
    assert client.post("/reports", json=_report(aw), headers=key).status_code == 201
    other = client.post("/reports", json=_report(aw, **{"test.a": 999}), headers=key)
    assert other.status_code == 422
    error = other.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert error["details"] == [{"method": "POST", "path": "/api/v1/reports"}]
    assert (
        Value.objects.get(unit=aw.xa_hy, period__code="2026", indicator__code="test.a").value == 130
    )
    # The same key on another address is another request too.
    assert (
        client.post(f"/submissions/{aw.sub_xa_hy.pk}/submit", headers=key).json()["error"]["code"]
        == "idempotency_key_reused"
    )


def test_the_same_json_written_otherwise_is_the_same_request(api, aw):
    client = api["reporting"]
    key = {"Idempotency-Key": "k-json"}
    body = '{"form": "TEST.01", "period": "2026", "unit_id": %d, "values": {"test.a": 118}}'
    first = client.client.post(
        "/api/v1/reports",
        body % aw.xa_hy.pk,
        content_type="application/json",
        headers={**client.headers, **key},
    )
    reordered = '{"values":{"test.a":118},"unit_id":%d,"period":"2026","form":"TEST.01"}'
    second = client.client.post(
        "/api/v1/reports",
        reordered % aw.xa_hy.pk,
        content_type="application/json",
        headers={**client.headers, **key},
    )
    assert first.status_code == 201 and second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"


def test_keys_belong_to_their_user(api, aw):
    key = {"Idempotency-Key": "shared-key"}
    mine = api["reporting"].post("/reports", json=_report(aw), headers=key)
    body = {**_report(aw), "unit_id": aw.xa_hn.pk}
    theirs = api["reporting_other"].post("/reports", json=body, headers=key)
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert IdempotencyRecord.objects.filter(key="shared-key").count() == 2


def test_a_refusal_is_replayed_too(api, aw):
    # A 4xx answer is the answer to that request: a retry gets it again, nothing runs.
    client = api["reporting"]
    key = {"Idempotency-Key": "bad-number"}
    first = client.post("/reports", json=_report(aw, **{"test.a": "mười"}), headers=key)
    assert first.status_code == 422
    assert first.json()["error"]["code"] == "rejected"
    again = client.post("/reports", json=_report(aw, **{"test.a": "mười"}), headers=key)
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert _stored(aw) == (0, 0)


def test_a_server_error_keeps_nothing_and_may_be_retried(api, aw, monkeypatch):
    from tongket.reporting import services

    real = services._submitted_entry

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # The last step of the report's write transaction fails.
    monkeypatch.setattr(services, "_submitted_entry", broken)
    client = api["reporting"]
    key = {"Idempotency-Key": "flaky"}
    failed = client.post("/reports", json=_report(aw), headers=key)
    assert failed.status_code == 500
    assert failed.json()["error"]["code"] == "server_error"
    assert _stored(aw) == (0, 0)  # the report was opened and filled in, then rolled back
    assert not IdempotencyRecord.objects.filter(key="flaky").exists()
    monkeypatch.setattr(services, "_submitted_entry", real)
    retried = client.post("/reports", json=_report(aw), headers=key)
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert _stored(aw) == (1, 2)


@pytest.mark.parametrize("key", ["", "has space", "é", "x" * 256])
def test_a_bad_key_is_refused(api, aw, key):
    response = api["reporting"].post("/reports", json=_report(aw), headers={"Idempotency-Key": key})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_invalid"
    assert _stored(aw) == (0, 0)


def test_no_credentials_with_a_key_stores_no_key(api, aw):
    response = api["anonymous"].post(
        "/reports", json=_report(aw), headers={"Idempotency-Key": "anon"}
    )
    assert response.status_code == 401
    assert not IdempotencyRecord.objects.exists()


def test_an_expired_key_runs_again(api, aw, settings):
    client = api["reporting"]
    key = {"Idempotency-Key": "old"}
    assert client.post("/reports", json=_report(aw), headers=key).status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timezone.timedelta(hours=25))
    again = client.post("/reports", json=_report(aw), headers=key)
    assert again.status_code == 409  # ran again: the report is already submitted
    assert "Idempotent-Replayed" not in again
    assert idempotency_records_purge() == 0  # the expired record was replaced by the new one
    IdempotencyRecord.objects.update(created_at=timezone.now() - timezone.timedelta(hours=25))
    assert idempotency_records_purge() == 1


def test_an_upload_retried_with_another_boundary_is_the_same_request(api, aw):
    client = api["reporting"]
    csv = b"unit,indicator,period,value\n12001,test.b,2025,7\n"
    answers = []
    for boundary in ("AAAA", "BBBB"):
        upload = SimpleUploadedFile("giatri.csv", csv)
        body = encode_multipart(boundary, {"file": upload})
        answers.append(
            client.client.post(
                "/api/v1/values/import",
                body,
                content_type=f"multipart/form-data; boundary={boundary}",
                headers={**client.headers, "Idempotency-Key": "upload-1"},
            )
        )
    assert [a.status_code for a in answers] == [200, 200], answers[0].content
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert answers[0].json()["files"][0]["created"] == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_store_once(vendor):
    """Eight copies of one request at once: one runs, the others wait and replay its answer."""
    if vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database serializes connections; PostgreSQL races")
    from api.world_api import build_api_world
    from tongket.api.tokens import apitoken_create

    aw = build_api_world()
    _, secret = apitoken_create(user=aw.users["reporting"], name="t", actor="t")
    body = _report(aw)
    barrier = threading.Barrier(8)
    answers = []

    def send():
        try:
            barrier.wait()
            response = Client().post(
                "/api/v1/reports",
                body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "race"},
            )
            answers.append(response)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answers) == 8
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert sum(1 for a in answers if "Idempotent-Replayed" not in a) == 1
    assert _stored(aw) == (1, 2)
    assert IdempotencyRecord.objects.filter(key="race").count() == 1


def _locked_on(prefix: str):
    """An execute wrapper that answers statements starting with ``prefix`` as SQLite does
    when its busy timeout runs out."""
    from django.db import OperationalError

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(prefix):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    return wrapper


def test_a_locked_token_update_keeps_the_key(api, aw):
    """The token's last-use time could not be written: the report still runs with its key, so
    a retry is replayed, not run again unprotected."""
    from tongket.api.models import ApiToken

    ApiToken.objects.update(last_used_at=None)
    client = api["reporting"]
    key = {"Idempotency-Key": "locked-token"}
    with connection.execute_wrapper(_locked_on('UPDATE "API_APITOKEN"')):
        first = client.post("/reports", json=_report(aw), headers=key)
        assert first.status_code == 201, first.content
        again = client.post("/reports", json=_report(aw), headers=key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert IdempotencyRecord.objects.filter(key="locked-token").count() == 1
    assert _stored(aw) == (1, 2)


def test_a_locked_write_answers_503_and_stores_nothing(api, aw):
    client = api["reporting"]
    key = {"Idempotency-Key": "locked-write"}
    with connection.execute_wrapper(_locked_on('INSERT INTO "REPORTING_SUBMISSION"')):
        busy = client.post("/reports", json=_report(aw), headers=key)
    assert busy.status_code == 503, busy.content
    assert int(busy["Retry-After"]) >= 1
    assert busy.json()["error"]["code"] == "busy"
    assert "database is locked" not in busy.content.decode()
    assert _stored(aw) == (0, 0)
    assert not IdempotencyRecord.objects.filter(key="locked-write").exists()
    retried = client.post("/reports", json=_report(aw), headers=key)
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert _stored(aw) == (1, 2)


def test_a_locked_write_without_a_key_answers_503(api, aw):
    with connection.execute_wrapper(_locked_on('INSERT INTO "REPORTING_SUBMISSION"')):
        busy = api["reporting"].post("/reports", json=_report(aw))
    assert busy.status_code == 503 and busy["Retry-After"]
    assert _stored(aw) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_report_that_waits_past_its_time_for_the_writer_answers_503(api, aw, settings):
    """The real lock, not a simulated error: another thread of the process holds SQLite's
    writer for longer than ``TONGKET_WRITE_WAIT_SECONDS``. The report is answered 503 with
    ``Retry-After``, stores nothing and keeps no key; sent again, it is stored once."""
    if connection.vendor != "sqlite":
        pytest.skip("the writer of a process is SQLite's")
    from tongket.core.sqlite.base import _writer_of

    settings.TONGKET_WRITE_WAIT_SECONDS = 0.2
    client = api["reporting"]
    key = {"Idempotency-Key": "writer-held"}
    writer = _writer_of(str(connection.settings_dict["NAME"]))
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writer:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        busy = client.post("/reports", json=_report(aw), headers=key)
    finally:
        release.set()
        holder.join(10)
    assert busy.status_code == 503, busy.content
    assert int(busy["Retry-After"]) >= 1 and busy.json()["error"]["code"] == "busy"
    assert _stored(aw) == (0, 0)
    assert not IdempotencyRecord.objects.filter(key="writer-held").exists()
    retried = client.post("/reports", json=_report(aw), headers=key)
    assert retried.status_code == 201, retried.content
    assert _stored(aw) == (1, 2)


def test_a_whole_report_leaves_one_audit_entry_per_value(api, aw):
    """The period exists, so the report takes the short write of a new report (values and
    entries as rows): the trail still names each value, its number and who sent it."""
    from tongket.reporting.periods import period_get_or_create

    period_get_or_create("2026")
    response = api["reporting"].post(
        "/reports", json=_report(aw), headers={"Idempotency-Key": "report-audit-2026"}
    )
    assert response.status_code == 201, response.content
    sub_id = response.json()["submission"]["id"]
    values = {v.indicator.code: v for v in Value.objects.filter(submission_id=sub_id)}
    assert {code: v.value for code, v in values.items()} == {"test.a": 130.0, "test.b": 4.0}
    entries = list(AuditEntry.objects.filter(unit=aw.xa_hy).order_by("id"))[-4:]
    assert [e.action for e in entries] == [
        "submission.opened",
        "value.created",
        "value.created",
        "submission.submitted",
    ]
    created = {e.object_id: e for e in entries if e.action == "value.created"}
    assert set(created) == {str(v.pk) for v in values.values()}
    entry = created[str(values["test.a"].pk)]
    assert entry.new == {"value": 130.0} and entry.old is None
    assert entry.summary == f"test.a «Thuê bao thử», 2026: — → 130 (báo cáo / report #{sub_id})"
    assert {e.user_id for e in entries} == {entries[0].user_id} and entries[0].user_id
    assert len({e.at for e in entries}) == 1


def test_a_report_its_key_and_its_answer_are_stored_in_one_transaction(api, aw, monkeypatch):
    """The answer of ``POST /reports`` is kept by the report's own write: no write after it."""
    from tongket.api import idempotency

    def no_second_write(*args, **kwargs):
        raise AssertionError("the answer was stored apart from the report")

    monkeypatch.setattr(idempotency, "_store", no_second_write)
    client = api["reporting"]
    key = {"Idempotency-Key": "one-transaction"}
    first = client.post("/reports", json=_report(aw), headers=key)
    assert first.status_code == 201, first.content
    record = IdempotencyRecord.objects.get(key="one-transaction")
    assert record.status_code == 201 and bytes(record.body) == first.content
    assert record.content_type == first["Content-Type"]
    again = client.post("/reports", json=_report(aw), headers=key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert _stored(aw) == (1, 2)


def test_a_failure_while_the_answer_is_stored_keeps_nothing(api, aw, monkeypatch):
    """The answer is the write's last step: should it fail, the report goes with it."""
    from django.db import OperationalError

    from tongket.api import routes_submissions

    real = routes_submissions._created

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(routes_submissions, "_created", locked)
    client = api["reporting"]
    key = {"Idempotency-Key": "answer-fails"}
    busy = client.post("/reports", json=_report(aw), headers=key)
    assert busy.status_code == 503 and int(busy["Retry-After"]) >= 1
    assert _stored(aw) == (0, 0)
    assert not IdempotencyRecord.objects.filter(key="answer-fails").exists()
    monkeypatch.setattr(routes_submissions, "_created", real)
    retried = client.post("/reports", json=_report(aw), headers=key)
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert _stored(aw) == (1, 2)


def test_a_tokens_last_use_rides_with_the_report(api, aw, monkeypatch):
    """The token's last use is written in the report's transaction, not in one of its own."""
    from tongket.api.models import ApiToken
    from tongket.core import writes

    def apart(*args, **kwargs):
        raise AssertionError("the last use was written apart from the report")

    ApiToken.objects.update(last_used_at=None)
    monkeypatch.setattr(writes, "write_later", apart)
    response = api["reporting"].post(
        "/reports", json=_report(aw), headers={"Idempotency-Key": "ride"}
    )
    assert response.status_code == 201, response.content
    token = ApiToken.objects.get(user=aw.users["reporting"])
    assert token.last_used_at is not None


def test_a_disabled_account_is_refused_at_once_on_a_report(api, aw):
    """The last use of a token is written later, but who it belongs to is checked on every
    call: the account disabled, its next report is refused."""
    assert api["reporting"].post("/reports", json=_report(aw)).status_code == 201
    aw.users["reporting"].is_active = False
    aw.users["reporting"].save()
    body = {**_report(aw), "period": "2025"}
    refused = api["reporting"].post("/reports", json=body, headers={"Idempotency-Key": "off"})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "not_authenticated"
    assert not IdempotencyRecord.objects.filter(key="off").exists()
