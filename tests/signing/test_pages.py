"""Staff sign an issued notice from its page, download the signed copy, are refused a new
file under the same number; a received PDF's signatures are checked on the upload page and
kept with the result; in Vietnamese, and in English on the switch."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.world import make_user
from tongket.accounts.roles import Role
from tongket.signing.models import ReceivedDocument, SignedDocument
from tongket.signing.selectors import signed_document_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(year2017) -> Client:
    client = Client()
    client.force_login(make_user("quantri", (Role.ADMIN, None)))
    return client


@pytest.fixture
def analyst_client(year2017) -> Client:
    client = Client()
    client.force_login(make_user("phantich", (Role.ANALYST, None)))
    return client


def test_sign_a_notice_from_its_page(year2017, signing_env, admin_client, analyst_client):
    notice = year2017.notice
    page = admin_client.get(f"/meetings/notices/{notice.pk}/").content.decode()
    assert "Ký số thông báo (PDF)" in page
    # One who may only read sees no button and may not sign.
    assert (
        "Ký số thông báo (PDF)"
        not in analyst_client.get(f"/meetings/notices/{notice.pk}/").content.decode()
    )
    assert analyst_client.post(f"/meetings/notices/{notice.pk}/sign/").status_code == 403
    assert not SignedDocument.objects.exists()

    response = admin_client.post(f"/meetings/notices/{notice.pk}/sign/", follow=True)
    page = response.content.decode()
    assert f"Đã ký số thông báo số {notice.number}." in page
    assert "Tải bản đã ký (PDF)" in page and "Ký số thông báo (PDF)" not in page
    signed = SignedDocument.objects.get()
    download = admin_client.get(f"/papers/signed/{signed.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == signed_document_data(document=signed)
    # The analyst reads the notice, so the signed copy too.
    assert analyst_client.get(f"/papers/signed/{signed.pk}/").status_code == 200
    # A new PDF under the same number is refused, with the reason.
    response = admin_client.post(
        f"/meetings/notices/{notice.pk}/file/", {"fmt": "pdf"}, follow=True
    )
    assert "đã được ký số" in response.content.decode()
    again = admin_client.post(f"/meetings/notices/{notice.pk}/sign/", follow=True)
    assert "không được tạo lại dưới cùng số" in again.content.decode()
    assert SignedDocument.objects.count() == 1


def test_signing_without_a_certificate_says_so(year2017, admin_client, monkeypatch):
    for name in ("TONGKET_SIGN_PERSON_PKCS12", "TONGKET_SIGN_PERSON_PKCS11_MODULE"):
        monkeypatch.delenv(name, raising=False)
    notice = year2017.notice
    page = admin_client.get(f"/meetings/notices/{notice.pk}/").content.decode()
    assert "Chưa cấu hình chứng thư số" in page
    response = admin_client.post(f"/meetings/notices/{notice.pk}/sign/", follow=True)
    assert "Chưa cấu hình chứng thư số của người ký" in response.content.decode()
    assert not SignedDocument.objects.exists()


def test_check_a_received_pdf_and_keep_it(year2017, signing_env, admin_client, analyst_client):
    from tongket.signing.services import notice_sign

    data = signed_document_data(document=notice_sign(notice=year2017.notice, actor="test"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = admin_client.get("/papers/verify/")
    assert page.status_code == 200 and "Kiểm tra chữ ký số" in page.content.decode()
    assert analyst_client.get("/papers/verify/").status_code == 403

    response = admin_client.post(
        "/papers/verify/",
        {"file": SimpleUploadedFile("thong-bao-1.pdf", data, "application/pdf"), "keep": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ: 2 chữ ký" in html and "Nguyễn Văn Ký" in html
    assert "Văn bản không bị thay đổi sau khi ký" in html
    received = ReceivedDocument.objects.get()
    assert received.ok and received.signed and bytes(received.data) == data
    assert received.verification["signatures"][0]["signer"] == "Nguyễn Văn Ký"

    # The kept result reads the same later, and in English on the switch.
    admin_client.cookies["django_language"] = "en"
    kept = admin_client.get(f"/papers/verify/{received.pk}/").content.decode()
    assert "Valid: 2 signature(s)" in kept and "The document was not changed after signing" in kept
    assert "Người ký" not in kept
    assert admin_client.get(f"/papers/verify/{received.pk}/?file=1").content == data
    # Someone else's kept document is not theirs to see.
    other = Client()
    other.force_login(make_user("canbo", (Role.ADMIN, None)))
    assert other.get(f"/papers/verify/{received.pk}/").status_code == 404


def test_a_changed_or_unsigned_or_false_pdf(year2017, signing_env, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongket.signing.services import notice_sign

    data = bytearray(signed_document_data(document=notice_sign(notice=year2017.notice, actor="t")))
    at = data.index(b"stream", len(data) // 10) + 40
    data[at] = (data[at] + 1) % 256
    response = admin_client.post(
        "/papers/verify/", {"file": SimpleUploadedFile("sua.pdf", bytes(data), "application/pdf")}
    )
    html = response.content.decode()
    assert "KHÔNG hợp lệ" in html and "ĐÃ BỊ THAY ĐỔI" in html
    assert not ReceivedDocument.objects.exists()  # not asked to keep it

    response = admin_client.post(
        "/papers/verify/",
        {
            "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            "keep": "on",
        },
    )
    assert response.status_code == 400
    assert "không phải PDF" in response.content.decode()
    assert not ReceivedDocument.objects.exists()


def test_sign_a_report_from_its_page(year2017, signing_env, admin_client, analyst_client):
    unit = year2017.department
    url = f"/papers/reports/{unit.pk}/2017/"
    page = admin_client.get(url).content.decode()
    assert "Báo cáo được ký số khi đã có số văn bản" in page
    admin_client.post(url, {"section": "number", "text": "12"})
    page = admin_client.get(url).content.decode()
    assert "Ký số báo cáo số 12 (PDF)" in page
    assert analyst_client.post(f"{url}sign/").status_code == 403
    page = admin_client.post(f"{url}sign/", follow=True).content.decode()
    signed = SignedDocument.objects.get()
    assert f"Đã ký số báo cáo số {signed.number}." in page
    assert "Báo cáo đã ký dưới số này" in page and "Ký số báo cáo số 12 (PDF)" not in page
    assert admin_client.get(f"/papers/signed/{signed.pk}/").content == signed_document_data(
        document=signed
    )
    # Reading meetings is not writing reports: the analyst does not get the report's copy.
    assert analyst_client.get(f"/papers/signed/{signed.pk}/").status_code in (403, 404)
    refused = admin_client.post(f"{url}file/", {"fmt": "pdf"}, follow=True).content.decode()
    assert "đã được ký số" in refused
