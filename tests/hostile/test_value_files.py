"""Every hostile file of values, through every path that reads one: ``tongket import`` (and
its dry run), the API's import of a file, DHIS2's endpoint, and the upload page of a report.
Each must answer with a clear refusal that names the problem, never a 500 or a traceback,
and leave the database as it was."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from api.world_api import build_api_world
from hostile.files import ENCODED, HEAD, SENTENCE, VALUE_FILES, Case, too_many_rows
from tongket.api.tokens import apitoken_create
from tongket.core.models import AuditEntry
from tongket.reporting.models import ImportBatch, Submission, Value

IDS = [case.name for case in VALUE_FILES]


@pytest.fixture(autouse=True)
def _fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def aw(db):
    return build_api_world()


def snapshot() -> tuple:
    return (
        sorted(Value.objects.values_list("unit_id", "indicator_id", "period_id", "value")),
        AuditEntry.objects.count(),
        ImportBatch.objects.count(),
        sorted(Submission.objects.values_list("pk", "status")),
    )


def imported() -> Value:
    return Value.objects.get(unit__code="12001", indicator__code="test.b", period__code="2025")


def _reason_text(output: str) -> str:
    return unicodedata.normalize("NFC", output)


@pytest.mark.parametrize("case", VALUE_FILES, ids=IDS)
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_cli_import_refuses_with_the_reason(aw, tmp_path, case: Case, dry_run):
    path = tmp_path / case.name
    path.write_bytes(case.data)
    before = snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), *(["--dry-run"] if dry_run else []), stdout=out)
    assert "không lưu gì" in str(refused.value)
    text = _reason_text(out.getvalue())
    assert case.words in text, text[:2000]
    assert case.name in text and " / " in text  # the file named, Vietnamese then English
    assert snapshot() == before


@pytest.mark.parametrize("case", VALUE_FILES, ids=IDS)
def test_api_import_refuses_with_the_reason(aw, case: Case):
    token = apitoken_create(user=aw.users["admin"], name="t", actor="test")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    before = snapshot()
    response = client.post(
        "/api/v1/values/import", {"file": SimpleUploadedFile(case.name, case.data)}
    )
    assert response.status_code in (400, 413, 422), response.content[:500]
    body = response.json()
    assert case.words in json.dumps(body, ensure_ascii=False), body
    assert snapshot() == before


@pytest.mark.parametrize(
    "case", [c for c in VALUE_FILES if c.name.endswith(".json")], ids=lambda c: c.name
)
def test_dhis2_endpoint_never_answers_500(aw, case: Case):
    token = apitoken_create(user=aw.users["admin"], name="t", actor="test")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    before = snapshot()
    response = client.post("/api/v1/dataValueSets", data=case.data, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content[:500]
    assert response.json()  # the API's error shape, JSON
    assert snapshot() == before


@pytest.mark.parametrize(
    "case",
    [c for c in VALUE_FILES if c.name.endswith((".csv", ".xlsx"))],
    ids=lambda c: c.name,
)
def test_upload_page_refuses_with_the_reason(aw, case: Case):
    client = Client()
    client.force_login(aw.users["reporting"])
    before = snapshot()
    response = client.post(
        f"/entry/{aw.sub_xa_hy.pk}/upload/", {"file": SimpleUploadedFile(case.name, case.data)}
    )
    assert response.status_code == 400
    html = _reason_text(response.content.decode())
    if case.data:
        assert "Không có số liệu nào được lưu" in html
        assert case.words in html, html[-3000:]
    else:
        assert "rỗng" in html  # the form refuses an empty file itself
    assert snapshot() == before


def test_rows_over_the_setting_are_refused(aw, tmp_path, settings):
    settings.TONGKET_IMPORT_MAX_ROWS = 50
    path = tmp_path / "nhieu-dong.xlsx"
    path.write_bytes(too_many_rows(60))
    csv_path = tmp_path / "nhieu-dong.csv"
    csv_path.write_text(HEAD + "12001,test.b,2025,7,\n" * 60, encoding="utf-8")
    before = snapshot()
    for each in (path, csv_path):
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import", str(each), stdout=out)
        assert "hơn 50 dòng" in out.getvalue()
    assert snapshot() == before


def test_a_file_over_the_size_setting_is_refused_before_it_is_read(aw, tmp_path, settings):
    settings.TONGKET_IMPORT_MAX_MB = 0.001
    path = tmp_path / "lon.csv"
    path.write_text(HEAD + "12001,test.b,2025,7,\n" * 100, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=out)
    assert "quá giới hạn" in out.getvalue()


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_old_encodings_are_read_as_the_same_vietnamese(aw, tmp_path, encoding):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(HEAD.encode() + b"12001,test.b,2025,7," + ENCODED[encoding] + b"\n")
    call_command("import", str(path), stdout=io.StringIO())
    value = imported()
    # TCVN3 has no capitals with tone marks: those come back in lower case.
    assert value.comment.lower() == SENTENCE.lower()


def test_windows_1258_and_viscii_are_read(aw, tmp_path):
    import subprocess

    for encoding in ("WINDOWS-1258", "VISCII"):
        data = subprocess.run(
            ["iconv", "-f", "UTF-8", "-t", encoding],
            input=SENTENCE.encode(),
            capture_output=True,
            check=True,
        ).stdout
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(HEAD.encode() + b"12001,test.b,2025,7," + data + b"\n")
        call_command("import", str(path), stdout=io.StringIO())
        assert imported().comment == SENTENCE
        imported().delete()


def test_a_formula_in_a_comment_is_stored_as_the_text_it_is(aw, tmp_path):
    payload = '=HYPERLINK("http://x","bấm")'
    path = tmp_path / "cong-thuc.csv"
    path.write_text(HEAD + f'12001,test.b,2025,7,"{payload.replace(chr(34), chr(34) * 2)}"\n')
    call_command("import", str(path), stdout=io.StringIO())
    assert imported().comment == payload


def test_a_file_sent_through_the_api_is_refused_past_the_upload_time(aw, settings):
    settings.TONGKET_UPLOAD_MAX_SECONDS = 0
    token = apitoken_create(user=aw.users["admin"], name="t", actor="test")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    data = (HEAD + "12001,test.b,2025,7,\n" * 10_001).encode()
    before = snapshot()
    response = client.post("/api/v1/values/import", {"file": SimpleUploadedFile("cham.csv", data)})
    assert response.status_code == 422
    assert "giới hạn thời gian" in json.dumps(response.json(), ensure_ascii=False)
    assert snapshot() == before
