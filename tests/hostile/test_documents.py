"""Hostile published reports through every path that reads them: ``tongket extract``,
``tongket ingest`` and the documents page. A bad document is refused with its reason and the
others go on; nothing is stored from it; no request answers 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from accounts.world import make_user
from hostile.files import deep_jsonl
from tongket.accounts.roles import Role
from tongket.documents.models import SourceDocument
from tongket.extraction.cli import run as extract_run
from tongket.extraction.decoding import MAX_LINE_CHARS, unicode_to_tcvn3
from tongket.meetings.models import Meeting
from tongket.units.models import Unit

TEXT = (
    "Hội nghị tổng kết công tác năm 2025\n\n"
    "Ngày 10/01/2026, Sở Khoa học và Công nghệ tỉnh Hưng Yên tổ chức hội nghị tổng kết công "
    "tác năm 2025, triển khai nhiệm vụ năm 2026.\n"
)

# (file name, bytes, words of the refusal)
HOSTILE_DOCUMENTS = [
    ("mot-doan-dai.txt", ("Hội nghị " * (MAX_LINE_CHARS // 8)).encode(), "quá giới hạn"),
    ("utf8-hong.txt", TEXT.encode()[:40] + b"\xff" + TEXT.encode()[40:], "UTF-8 hỏng"),
    ("nhi-phan.txt", bytes(range(256)) * 8, "nhị phân"),
    ("rong.txt", b"   \n", "rỗng"),
    ("khong-ro-ma.txt", bytes(range(0x80, 0x100)) * 20, "bảng mã"),
]


def test_extract_reports_the_deep_line_and_goes_on(tmp_path):
    batch = tmp_path / "bai.jsonl"
    batch.write_bytes(deep_jsonl())
    out, err = io.StringIO(), io.StringIO()
    status = extract_run([str(batch), "--out", str(tmp_path / "out")], stdout=out, stderr=err)
    assert status == 1  # one document failed
    said = err.getvalue()
    assert "bai.jsonl:2" in said and "lồng nhau quá sâu" in said
    assert (tmp_path / "out" / "tot.json").is_file()  # the good line was extracted


@pytest.mark.parametrize(("name", "data", "words"), HOSTILE_DOCUMENTS, ids=lambda x: str(x)[:20])
def test_extract_refuses_each_hostile_document(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    status = extract_run([str(path), "--out", str(tmp_path / "out")], stdout=out, stderr=err)
    assert status == 1
    assert words in err.getvalue(), err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_extract_reads_a_tcvn3_document(tmp_path):
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(unicode_to_tcvn3(TEXT))
    status = extract_run([str(path), "--out", str(tmp_path / "out")], stdout=io.StringIO())
    assert status == 0
    record = json.loads((tmp_path / "out" / "tcvn3.json").read_text("utf-8"))
    assert "hội nghị tổng kết" in json.dumps(record, ensure_ascii=False).lower()


def test_ingest_names_the_deep_line_and_goes_on(reference_units, tmp_path):
    batch = tmp_path / "bai.jsonl"
    batch.write_bytes(deep_jsonl())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as ended:  # one document failed: the exit status says so
        call_command("ingest", str(batch), stdout=out, stderr=err)
    assert ended.value.code == 1
    assert "bai.jsonl:2" in err.getvalue() and "lồng nhau quá sâu" in err.getvalue()
    assert "2 tài liệu" in err.getvalue()  # the batch went on to its end
    assert not SourceDocument.objects.filter(source_name__contains="sau").exists()


@pytest.fixture
def staff(reference_units, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    client = Client()
    client.force_login(make_user("canbo", (Role.STAFF, unit)))
    return client


@pytest.mark.parametrize(("name", "data", "words"), HOSTILE_DOCUMENTS, ids=lambda x: str(x)[:20])
def test_documents_page_refuses_each_hostile_file(staff, name, data, words):
    before = (SourceDocument.objects.count(), Meeting.objects.count())
    response = staff.post("/documents/", {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    assert words in html, html[-2000:]
    assert (SourceDocument.objects.count(), Meeting.objects.count()) == before


def test_documents_page_refuses_a_pasted_paragraph_over_the_limit(staff):
    response = staff.post("/documents/", {"text": "Hội nghị " * (MAX_LINE_CHARS // 8)})
    assert response.status_code in (200, 400)
    assert "quá giới hạn" in response.content.decode()
    assert SourceDocument.objects.count() == 0
