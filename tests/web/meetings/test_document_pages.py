"""Importing published reports: paste or upload, the record beside the text, correct, confirm.

The seed documents are read from ../shared at test time (never copied here); the reference
units and the indicator catalogue are the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.world import make_user
from tongket.accounts.roles import Role
from tongket.documents.models import Provenance, SourceDocument
from tongket.indicators.services import indicator_catalogue_load
from tongket.meetings.models import Meeting
from tongket.units.models import Unit
from web.meetings.helpers import page_text

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def people(reference_units):
    """Staff of Hưng Yên's department (Thái Bình's history included) and of Sơn La's."""
    indicator_catalogue_load(actor="test")
    today = {"valid_to__isnull": True}
    hung_yen = Unit.objects.get(code="33.SKHCN", **today)
    son_la = Unit.objects.get(code="14.SKHCN", **today)
    users = {
        "staff": make_user("canbo", (Role.STAFF, hung_yen)),
        "staff_son_la": make_user("canbo_sonla", (Role.STAFF, son_la)),
        "leader": make_user("lanhdao", (Role.LEADER, hung_yen)),
    }
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def _paste(client, prefix: str):
    return client.post("/documents/", {"text": seed(prefix).read_text("utf-8")})


def _token(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.url.rstrip("/").rsplit("/", 1)[1]


def _form_data(response) -> dict:
    """What the review page's form would send back unchanged."""
    context = response.context
    data = {}
    form = context["form"]
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = field.widget.format_value(value) if value is not None else ""
    for prefix, rowset in context["rows"].items():
        data |= {
            f"{prefix}-TOTAL_FORMS": str(rowset.total_form_count()),
            f"{prefix}-INITIAL_FORMS": "0",
        }
        for row in rowset.forms:
            for name in row.fields:
                value = row[name].value()
                data[row.add_prefix(name)] = "" if value is None else str(value)
    return data


def test_paste_see_the_record_beside_the_text_then_confirm(people):
    client = people["staff"]
    token = _token(_paste(client, "003"))
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()
    review = client.get(f"/documents/review/{token}/")
    assert review.status_code == 200
    text = page_text(review)
    assert "Sở Thông tin và Truyền thông Thái Bình" in text and "10/01/2018" in text
    html = review.content.decode()
    assert '<mark class="k-figure">2.060 tỷ đồng</mark>' in html
    assert '<mark class="k-person">' in html
    form = review.context["form"]
    assert form["date"].value().isoformat() == "2018-01-10"
    assert form["department"].value() == "Sở Thông tin và Truyền thông"
    assert review.context["can_store"]

    # Correct the record: a task reworded, one dropped, a participant added.
    data = _form_data(review)
    tasks = data["tasks"].splitlines()
    data["tasks"] = "\n".join(["Làm tốt công tác thông tin, tuyên truyền", *tasks[2:]])
    rows = int(data["people-TOTAL_FORMS"])
    data[f"people-{rows - 1}-name"] = "Trần Văn Minh"
    data[f"people-{rows - 1}-title"] = "Giám đốc Sở Thông tin và Truyền thông"
    checked = client.post(f"/documents/review/{token}/", data | {"check": "1"})
    assert checked.status_code == 302 and checked.url == f"/documents/review/{token}/"
    again = client.get(checked.url)
    assert again.context["counts"]["tasks"] == len(tasks) - 1
    assert again.context["counts"]["participants"] == 2
    assert not SourceDocument.objects.exists()

    stored = client.post(f"/documents/review/{token}/", _form_data(again) | {"confirm": "1"})
    meeting = Meeting.objects.get()
    assert stored.status_code == 302 and stored.url == f"/meetings/{meeting.pk}/"
    document = SourceDocument.objects.get()
    assert document.provenance == Provenance.PASTED and document.ingested_by == "canbo"
    assert document.extracted_record is not None  # corrected before storing
    assert document.record["tasks"][0]["text"] == ("Làm tốt công tác thông tin, tuyên truyền")
    assert meeting.organizer.code == "34.STTTT"
    page = page_text(client.get(stored.url))
    assert "Trần Văn Minh" in page and "Làm tốt công tác thông tin, tuyên truyền" in page
    # The meeting links to the stored document: its text, the passages marked, the values.
    assert f'href="/documents/{document.pk}/"' in client.get(stored.url).content.decode()
    detail = client.get(f"/documents/{document.pk}/")
    assert '<mark class="k-figure">2.060 tỷ đồng</mark>' in detail.content.decode()
    values = {v["indicator"]: v for v in detail.context["items"]["values"]}
    assert values["ict.revenue"]["stated"] == 2060000000000
    assert "Đã lưu" in page_text(detail)
    assert people["leader"].get(f"/documents/{document.pk}/").status_code == 200
    assert people["staff_son_la"].get(f"/documents/{document.pk}/").status_code == 404
    # The waiting document is gone from the session.
    assert client.get(f"/documents/review/{token}/").status_code == 404


def test_the_same_document_is_stored_once(people):
    client = people["staff"]
    first = _token(_paste(client, "000"))
    review = client.get(f"/documents/review/{first}/")
    client.post(f"/documents/review/{first}/", _form_data(review) | {"confirm": "1"})
    second = _token(_paste(client, "000"))
    review = client.get(f"/documents/review/{second}/")
    assert review.context["preview"].duplicate_of == SourceDocument.objects.get()
    assert not review.context["can_store"]
    assert "Văn bản này đã được lưu." in page_text(review)
    assert SourceDocument.objects.count() == 1 and Meeting.objects.count() == 1


def test_a_meeting_outside_the_scope_cannot_be_stored(people):
    client = people["staff"]
    token = _token(_paste(client, "002"))  # Sơn La, 2007
    review = client.get(f"/documents/review/{token}/")
    assert "không thuộc phạm vi của bạn" in review.context["problem"]
    assert not review.context["can_store"]
    refused = client.post(f"/documents/review/{token}/", _form_data(review) | {"confirm": "1"})
    assert refused.status_code == 403
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()
    # Sơn La's staff store it.
    other = people["staff_son_la"]
    token = _token(_paste(other, "002"))
    review = other.get(f"/documents/review/{token}/")
    stored = other.post(f"/documents/review/{token}/", _form_data(review) | {"confirm": "1"})
    assert stored.status_code == 302 and Meeting.objects.get().organizer.code == "14.SBCVT"


def test_corrections_are_checked_beside_their_boxes(people):
    client = people["staff"]
    token = _token(_paste(client, "003"))
    review = client.get(f"/documents/review/{token}/")
    data = _form_data(review)
    bad = client.post(
        f"/documents/review/{token}/",
        data | {"date": "32/01/2018", "figures-0-value": "hai nghìn", "confirm": "1"},
    )
    assert bad.context["form"].errors["date"] == ["Ngày viết theo dạng 31/01/2026."]
    assert bad.context["rows"]["figures"].forms[0].errors["value"] == ["Số viết theo dạng 2.060,5."]
    nowhere = client.post(f"/documents/review/{token}/", data | {"province": "Tỉnh Không Có"})
    assert nowhere.status_code == 302
    problem = client.get(nowhere.url).context["problem"]
    assert "Tỉnh Không Có" in problem
    assert not SourceDocument.objects.exists()


def test_upload_several_files_and_refuse_what_cannot_be_read(people):
    client = people["staff"]
    files = [
        SimpleUploadedFile(seed("000").name, seed("000").read_bytes()),
        SimpleUploadedFile("bai-viet.html", _html(seed("004").read_text("utf-8"))),
    ]
    response = client.post("/documents/", {"files": files})
    assert response.status_code == 302 and response.url == "/documents/"
    listing = client.get("/documents/")
    names = [p["name"] for p in listing.context["pending"]]
    assert names == [seed("000").name, "bai-viet.html"]
    wrong = client.post("/documents/", {"files": [SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4")]})
    assert (
        "«bao-cao.pdf»: chỉ nhận tệp .txt hoặc .html." in wrong.context["form"].errors["files"][0]
    )
    big = SimpleUploadedFile("lon.txt", b"a" * (2 * 1024 * 1024 + 1))
    error = client.post("/documents/", {"files": [big]}).context["form"].errors["files"][0]
    assert error == "Tệp «lon.txt» quá lớn: một bài viết không quá 2 MB."
    binary = client.post(
        "/documents/", {"files": [SimpleUploadedFile("hong.txt", b"\x00\x01\x02" * 100)]}
    )
    errors = binary.context["form"].non_field_errors()
    assert errors and errors[0].startswith("hong.txt")
    empty = client.post("/documents/", {"text": "  "})
    assert empty.context["form"].non_field_errors() == ["Dán nội dung bài viết hoặc chọn tệp."]
    assert not SourceDocument.objects.exists()


def _html(text: str) -> bytes:
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    page = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{paragraphs}</body></html>"
    )
    return page.encode("utf-8")


def test_an_uploaded_file_keeps_its_name_and_bytes(people):
    client = people["staff"]
    path = seed("000")
    client.post("/documents/", {"files": [SimpleUploadedFile(path.name, path.read_bytes())]})
    token = client.get("/documents/").context["pending"][0]["token"]
    review = client.get(f"/documents/review/{token}/")
    stored = client.post(f"/documents/review/{token}/", _form_data(review) | {"confirm": "1"})
    assert stored.status_code == 302
    document = SourceDocument.objects.get()
    assert document.provenance == Provenance.FILE and document.source_name == path.name
    assert document.extracted_record is None  # confirmed as extracted
    listing = page_text(client.get("/documents/"))
    assert document.title in listing


def test_a_waiting_document_belongs_to_its_session(people):
    token = _token(_paste(people["staff"], "000"))
    assert people["staff_son_la"].get(f"/documents/review/{token}/").status_code == 404
    discarded = people["staff"].post(f"/documents/review/{token}/", {"discard": "1"})
    assert discarded.status_code == 302
    assert people["staff"].get(f"/documents/review/{token}/").status_code == 404
    assert people["leader"].get("/documents/").status_code == 403


def test_a_stored_javascript_address_is_shown_but_never_linked(clients, m):
    # A row stored before addresses were checked.
    SourceDocument.objects.filter(pk=m.doc_hy.pk).update(url="javascript:alert(document.cookie)")
    page = clients["staff"].get(f"/documents/{m.doc_hy.pk}/").content.decode()
    assert "javascript:alert" in page and 'href="javascript' not in page
    SourceDocument.objects.filter(pk=m.doc_hy.pk).update(url="https://hungyen.gov.vn/a")
    page = clients["staff"].get(f"/documents/{m.doc_hy.pk}/").content.decode()
    assert 'href="https://hungyen.gov.vn/a"' in page
